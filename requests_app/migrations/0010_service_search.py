"""The catalogue search: everyday names of each service, and its search terms.

- `Service.synonyms` (both languages): the phrases citizens use, edited by staff.
- `ServiceSearchTerm`: each word of a service's searchable texts and its base form,
  with the weight of its field; a btree index on the term (varchar_pattern_ops on
  PostgreSQL, for equality and prefixes whatever the collation).
- On PostgreSQL, a trigram index (pg_trgm) on the term for near spellings. Without
  the right to create the extension (see 0009) the migration logs a warning and the
  search reads every term for them instead, only slower.
- The terms of the services already there are built here; from now on the admin's
  save and the demo loader refresh them (`requests_app.services.search_index`).
"""

import logging

import django.db.models.deletion
from django.db import migrations, models, transaction
from django.db.utils import DatabaseError

from requests_app.search_text import SEARCHED_FIELDS, field_texts, weighted_terms

logger = logging.getLogger(__name__)

TRIGRAM_INDEX = "search_term_trgm"
TABLE = "requests_app_servicesearchterm"
FIELD_HELP = (
    "What citizens call this service in their own words, one phrase per line, e.g. "
    '"change of address" or "no debts". The search finds the service by these '
    "phrases too."
)


def trigram_index_create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as error:
            logger.warning(
                "pg_trgm could not be created (%s): the catalogue search finds near "
                "spellings without its trigram index, only slower.",
                error,
            )
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {TABLE} "
            "USING gin (term gin_trgm_ops)"
        )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


def search_terms_build(apps, schema_editor):
    Service = apps.get_model("requests_app", "Service")
    ServiceSearchTerm = apps.get_model("requests_app", "ServiceSearchTerm")
    rows = []
    for service in Service.objects.order_by("pk"):
        values = {name: getattr(service, name) or "" for name in SEARCHED_FIELDS}
        rows.extend(
            ServiceSearchTerm(service_id=service.pk, term=term, weight=weight)
            for term, weight in sorted(weighted_terms(field_texts(values)).items())
        )
    ServiceSearchTerm.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0009_queue_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="synonyms",
            field=models.TextField(
                blank=True, help_text=FIELD_HELP, verbose_name="everyday names"
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="synonyms_bg",
            field=models.TextField(
                blank=True,
                help_text=FIELD_HELP,
                null=True,
                verbose_name="everyday names",
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="synonyms_en",
            field=models.TextField(
                blank=True,
                help_text=FIELD_HELP,
                null=True,
                verbose_name="everyday names",
            ),
        ),
        migrations.CreateModel(
            name="ServiceSearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("term", models.CharField(max_length=100)),
                ("weight", models.PositiveSmallIntegerField()),
                (
                    "service",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_terms",
                        to="requests_app.service",
                    ),
                ),
            ],
            options={
                "verbose_name": "search term",
                "verbose_name_plural": "search terms",
                "indexes": [
                    models.Index(
                        fields=["term"],
                        name="search_term",
                        opclasses=["varchar_pattern_ops"],
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("service", "term"),
                        name="search_term_unique_per_service",
                    )
                ],
            },
        ),
        migrations.RunPython(trigram_index_create, trigram_index_drop),
        migrations.RunPython(search_terms_build, migrations.RunPython.noop),
    ]
