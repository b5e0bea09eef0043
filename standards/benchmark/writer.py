"""Writing and removing many rows fast: COPY on PostgreSQL, bulk_create elsewhere."""

from collections.abc import Sequence

from django.apps import apps
from django.db import connection, models, transaction

from requests_app.models import CitizenRequest, RegistryCounter
from standards.benchmark import PREFIX

# Field classes whose Python values psycopg writes as they are; any other field (JSON,
# encrypted text, decimals, custom fields) goes through `get_db_prep_save`.
_PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.EmailField,
    models.ForeignKey,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SlugField,
    models.TextField,
)
BULK_BATCH = 500


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _ids_reserve(model: type[models.Model], count: int) -> list[int]:
    """Take `count` primary keys from the table's sequence (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    fields = list(model._meta.concrete_fields)
    plain = [type(f) in _PLAIN_FIELDS for f in fields]
    auto = [bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
            for f in fields]  # fmt: skip
    for obj, pk in zip(objs, _ids_reserve(model, len(objs)), strict=True):
        obj.pk = pk
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            row = []
            for field, is_plain, is_auto in zip(fields, plain, auto, strict=True):
                value = getattr(obj, field.attname)
                if is_auto and value is None:
                    value = field.pre_save(obj, add=True)
                if not is_plain:
                    value = field.get_db_prep_save(value, connection)
                row.append(value)
            copy.write_row(row)


def rows_write(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert `objs` (their primary keys are set afterwards) in the open transaction."""
    if not objs:
        return
    if is_postgresql():
        _copy(model, objs)
    else:
        model._default_manager.bulk_create(objs, batch_size=BULK_BATCH)


# --- Removing the benchmark's requests ---------------------------------------------


def _referencing(targets: set[type[models.Model]]) -> set[type[models.Model]]:
    """Return every model a TRUNCATE ... CASCADE of `targets` would empty too."""
    found = set(targets)
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in found:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in found:
                    found.add(model)
                    changed = True
                    break
    return found - targets


def _owned(model: type[models.Model], owners: set[type[models.Model]]) -> bool:
    """Return whether every row of `model` belongs to a row of `owners` (CASCADE)."""
    return any(
        field.is_relation
        and field.related_model in owners
        and not field.null
        and getattr(field.remote_field, "on_delete", None) is models.CASCADE
        for field in model._meta.concrete_fields
    )


def _truncate_is_safe(tables: set[type[models.Model]]) -> bool:
    """Return whether TRUNCATE removes nothing that deleting the requests would keep.

    Called once every request is known to be benchmark data. Rows that belong to a
    request (a non-null CASCADE key, directly or through another such row) go either
    way; any other table reached by the cascade must be empty.
    """
    owners: set[type[models.Model]] = {CitizenRequest}
    changed = True
    while changed:
        changed = False
        for model in tables - owners:
            if _owned(model, owners):
                owners.add(model)
                changed = True
    return not any(model._default_manager.exists() for model in tables - owners)


def bench_requests_delete() -> int:
    """Delete the benchmark's requests and everything that belongs to them.

    The caller has checked that no other request exists. On PostgreSQL, TRUNCATE when
    that loses nothing else; otherwise the ORM deletes them (slower, same result).
    Return how many requests there were.
    """
    bench = CitizenRequest.objects.filter(department__code__startswith=PREFIX)
    count = bench.count()
    with transaction.atomic():
        tables = _referencing({CitizenRequest})
        if is_postgresql() and _truncate_is_safe(tables):
            all_tables: list[type[models.Model]] = [CitizenRequest, *tables]
            names = ", ".join(
                connection.ops.quote_name(m._meta.db_table) for m in all_tables
            )
            with connection.cursor() as cursor:
                # Deferred foreign-key checks of rows written earlier in this
                # transaction must run first: TRUNCATE refuses pending ones.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {names}")
        else:
            bench.delete()
        RegistryCounter.objects.filter(department__code__startswith=PREFIX).delete()
    return count


def tables_analyze(models_: Sequence[type[models.Model]]) -> None:
    """Refresh the planner's statistics (VACUUM ANALYZE outside a transaction)."""
    if not is_postgresql():
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(
                f"{command} {connection.ops.quote_name(model._meta.db_table)}"
            )
