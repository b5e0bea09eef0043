"""Indexes that keep the clerks' queue, its search and the daily figures independent of
the size of the requests table (#12).

- Open requests in due-date order, with the columns the queue filters on, so a page
  and the tier counts are read from the index alone (partial: open requests only).
- Open requests per department and per assignee, due date second (the tier counts).
- The received day, the closing time, extensions' and suspensions' times (the daily
  figures recompute a day from them).
- On PostgreSQL, trigram indexes (pg_trgm) over the open requests' names, registry
  numbers and e-mails, matching the case-insensitive "contains" of the queue search
  (`UPPER(column) LIKE UPPER('%...%')`). Creating the extension needs the right to
  create a trusted extension (the database's owner has it); without it the migration
  logs a warning and the search works without these indexes, only slower.
"""

import logging

from django.db import migrations, models, transaction
from django.db.utils import DatabaseError

logger = logging.getLogger(__name__)

OPEN_SQL = "status IN ('in_progress', 'submitted', 'waiting')"
TABLE = "requests_app_citizenrequest"
TRIGRAM_INDEXES = {
    "request_open_name_trgm": "citizen_name",
    "request_open_number_trgm": "registry_number",
    "request_open_email_trgm": "citizen_email",
}


def trigram_indexes_create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as error:
            logger.warning(
                "pg_trgm could not be created (%s): the queue search works without "
                "its trigram indexes, only slower. Run CREATE EXTENSION pg_trgm as "
                "a privileged user, then migrate again from 0008.",
                error,
            )
            return
        for name, column in TRIGRAM_INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} USING gin "
                f"(UPPER({column}::text) gin_trgm_ops) WHERE {OPEN_SQL}"
            )


def trigram_indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in TRIGRAM_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0008_day_figures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="citizenrequest",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["in_progress", "submitted", "waiting"])
                ),
                fields=["due_on", "submitted_at", "id", "department", "assigned_to"],
                name="request_open_by_due",
            ),
        ),
        migrations.AddIndex(
            model_name="citizenrequest",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["in_progress", "submitted", "waiting"])
                ),
                fields=["department", "due_on"],
                name="request_open_department",
            ),
        ),
        migrations.AddIndex(
            model_name="citizenrequest",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["in_progress", "submitted", "waiting"])
                ),
                fields=["assigned_to", "due_on", "department"],
                name="request_open_assignee",
            ),
        ),
        migrations.AddIndex(
            model_name="citizenrequest",
            index=models.Index(fields=["received_on"], name="request_received_on"),
        ),
        migrations.AddIndex(
            model_name="citizenrequest",
            index=models.Index(fields=["closed_at"], name="request_closed_at"),
        ),
        migrations.AddIndex(
            model_name="extension",
            index=models.Index(fields=["created_at"], name="extension_created_at"),
        ),
        migrations.AddIndex(
            model_name="requestevent",
            index=models.Index(
                condition=models.Q(("kind", "suspension")),
                fields=["created_at"],
                name="event_suspension_created_at",
            ),
        ),
        migrations.RunPython(trigram_indexes_create, trigram_indexes_drop),
    ]
