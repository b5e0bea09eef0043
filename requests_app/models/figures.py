"""The figures of the reports kept per day, and the days whose figures may be stale.

A derived summary of the requests, their extensions and suspensions: per local day ×
department × service, the counts the dashboard and the reports add up, and the
histogram of handling times. `requests_app.services.figures` recomputes the rows of a
day from the raw tables; the reports read the stored rows of the days not marked and
compute the marked days from the raw tables (`requests_app.selectors.figures`), so the
answer is always that of a recomputation.

Keeping it consistent is done at the model layer, like invalidating a cache: every
write of a field the figures read (a save, a queryset update, bulk create or update, a
delete) marks the days it touches before and after the change, in the same
transaction (no savepoint: a failed write fails the transaction anyway). The hooks are
tiny: each model says which days one row counts on (`figure_days`, a pure function
next to its fields) and `*_days_of_rows` below read the days of stored rows.
"""

from collections.abc import Collection, Iterable
from datetime import date, datetime
from typing import Any, ClassVar, Self

from django.db import DEFAULT_DB_ALIAS, models, router, transaction
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.models.catalogue import Department, Service

# `EventKind.SUSPENSION` (in `casework`, which imports this module): the only kind of
# timeline entry the figures count. A test checks they agree.
SUSPENSION_KIND = "suspension"


class DayFigures(models.Model):
    """The counts of one local day for one department and service.

    `on_time` counts the requests completed that day on or before their due date;
    `late_done` the requests completed after their due date, on that due date;
    `open_due` the requests not completed, on their due date. `repeats` live in
    `DayRepeatExtension`, handling times in `DayHandling`.
    """

    day = models.DateField()
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    received = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late_done = models.PositiveIntegerField(default=0)
    open_due = models.PositiveIntegerField(default=0)
    extensions = models.PositiveIntegerField(default=0)
    extensions_in_time = models.PositiveIntegerField(default=0)
    suspensions = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("figures of a day")
        verbose_name_plural = _("figures of days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "department", "service"], name="one_figures_row_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}/{self.service_id}"


class DayHandling(models.Model):
    """How many requests completed on `day` took `days` working days."""

    day = models.DateField()
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    days = models.PositiveIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("handling times of a day")
        verbose_name_plural = _("handling times of days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "department", "service", "days"],
                name="one_handling_row_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.service_id}: {self.days} × {self.count}"


class MonthHandling(models.Model):
    """`DayHandling` added up over the month starting on `month`: a year's report
    reads a twelfth of the rows. Valid while no day of the month is marked."""

    month = models.DateField()
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    days = models.PositiveIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("handling times of a month")
        verbose_name_plural = _("handling times of months")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "department", "service", "days"],
                name="one_handling_row_a_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.service_id}: {self.days} × {self.count}"


class DayRepeatExtension(models.Model):
    """How many extensions made on `day` followed one of the same request made on
    `previous_day` (so a period counts each extended request once)."""

    day = models.DateField()
    previous_day = models.DateField()
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("repeated extensions of a day")
        verbose_name_plural = _("repeated extensions of days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "previous_day", "department", "service"],
                name="one_repeat_row_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} after {self.previous_day}: {self.count}"


class FiguresDirtyDay(models.Model):
    """A day whose stored figures may be stale, until the next refresh.

    Not unique: each write adds its own rows. A refresh deletes the rows it saw
    and recomputes their days; a row added by a transaction that commits later is
    not among them and keeps its day marked (see `figures_refresh`).
    """

    day = models.DateField(db_index=True)

    class Meta:
        verbose_name = _("day to recompute")
        verbose_name_plural = _("days to recompute")

    def __str__(self) -> str:
        return str(self.day)


# --- The days a row's figures fall on ----------------------------------------------


def local_day(moment: datetime | None) -> date | None:
    """Return the day of `moment` in the municipality's time zone (the stored one)."""
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def local_day_of(field: str) -> TruncDate:
    """Return the database expression of `local_day` of a datetime field."""
    return TruncDate(
        field, tzinfo=timezone.get_default_timezone(), output_field=models.DateField()
    )


def _days(rows: models.QuerySet, *fields: str | TruncDate) -> set[date | None]:
    named = {
        f"d{i}": models.F(field) if isinstance(field, str) else field
        for i, field in enumerate(fields)
    }
    values = rows.order_by().annotate(**named).values_list(*named).distinct()
    return {day for row in values for day in row}


def figures_mark(days: Iterable[date | None], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Mark days whose stored figures may be stale (one insert)."""
    wanted = sorted({day for day in days if day is not None})
    if wanted:
        FiguresDirtyDay.objects.using(using).bulk_create(
            [FiguresDirtyDay(day=day) for day in wanted]
        )


# --- The hooks ----------------------------------------------------------------------


class FigureSourceQuerySet(models.QuerySet):
    """Marks the figure days of the rows an update, a bulk write or a delete touches.

    The model names the fields the figures read (`FIGURE_FIELDS`, attnames) and the
    days its rows fall on (`figure_days`, `figure_days_of_rows`).
    """

    def _touches(self, names: Iterable[str]) -> bool:
        opts = self.model._meta
        fields = self.model.FIGURE_FIELDS
        return any(opts.get_field(name).attname in fields for name in names)

    def _days_of_pks(self, pks: list[Any]) -> set[date | None]:
        days: set[date | None] = set()
        manager = self.model._base_manager.using(self.db)
        for start in range(0, len(pks), 500):  # SQLite limits the parameters
            chunk = manager.filter(pk__in=pks[start : start + 500])
            days |= self.model.figure_days_of_rows(chunk)
        return days

    def update(self, **kwargs: Any) -> int:
        if not self._touches(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            pks = list(self.values_list("pk", flat=True))
            before = self._days_of_pks(pks)
            count = super().update(**kwargs)
            figures_mark(before | self._days_of_pks(pks), using=self.db)
        return count

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        if kwargs.get("update_conflicts"):
            # The rows it would overwrite are not read first: their days could not
            # be marked.
            raise NotImplementedError("update_conflicts would bypass the figures.")
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            days = self.model.figure_days_created(created, using=self.db)
            figures_mark(days, using=self.db)
        return created

    bulk_create.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(
        self, objs: Iterable[Any], fields: Collection[str], *args: Any, **kwargs: Any
    ) -> int:
        if not self._touches(fields):
            return super().bulk_update(objs, fields, *args, **kwargs)
        objs = list(objs)
        pks = [obj.pk for obj in objs]
        with transaction.atomic(using=self.db, savepoint=False):
            before = self._days_of_pks(pks)
            count = super().bulk_update(objs, fields, *args, **kwargs)
            figures_mark(before | self._days_of_pks(pks), using=self.db)
        return count

    bulk_update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=self.db, savepoint=False):
            days = self._days_of_pks(list(self.values_list("pk", flat=True)))
            result = super().delete()
            figures_mark(days, using=self.db)
        return result

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class FigureSource(models.Model):
    """A model the figures are computed from: its saves and deletes mark their days.

    The values loaded from the database are kept (`from_db`) to know the days before
    a change; when they are missing (deferred fields, a new object given the primary
    key of a stored one), they are read.
    """

    FIGURE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    def save(self, **kwargs: Any) -> None:
        names = kwargs.get("update_fields")
        fields = None
        if names is not None:
            fields = {self._meta.get_field(name).attname for name in names}
            if not fields & self.FIGURE_FIELDS:
                super().save(**kwargs)
                return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            before = getattr(self, "_figures_loaded", None)
            if before is None and self.pk is not None:
                before = self._figures_stored(using)
            super().save(**kwargs)
            after = self.figure_state() or self._figures_stored(using) or {}
            if fields is not None and before is not None:
                # Only the fields saved changed; the others may hold unsaved values.
                after = {
                    **before,
                    **{name: after[name] for name in fields & after.keys()},
                }
            days = self.figure_days(after)
            if before is not None:
                days |= self.figure_days(before)
            if before != after:
                days |= self.figure_days_related(before, after, using=using)
            figures_mark(days, using=using)
            self._figures_loaded = after

    def delete(
        self, using: str | None = None, keep_parents: bool = False
    ) -> tuple[int, dict[str, int]]:
        using = using or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            rows = type(self)._base_manager.using(using).filter(pk=self.pk)
            days = self.figure_days_of_rows(rows)
            result = super().delete(using=using, keep_parents=keep_parents)
            figures_mark(days, using=using)
        return result

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Any, values: Any, **kwargs: Any
    ) -> Self:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._figures_loaded = instance.figure_state()
        return instance

    def refresh_from_db(
        self, using: str | None = None, fields: Any = None, **kwargs: Any
    ) -> None:
        super().refresh_from_db(using=using, fields=fields, **kwargs)
        # Fields not refreshed may hold unsaved values: then read them when saving.
        self._figures_loaded = self.figure_state() if fields is None else None

    def figure_state(self) -> dict[str, Any] | None:
        """Return the values of the figure fields, None when some are deferred."""
        if any(name not in self.__dict__ for name in self.FIGURE_FIELDS):
            return None
        return {name: self.__dict__[name] for name in self.FIGURE_FIELDS}

    @staticmethod
    def figure_days(state: dict[str, Any]) -> set[date | None]:
        """Return the days one row with these values counts on (pure)."""
        raise NotImplementedError

    @classmethod
    def figure_days_of_rows(cls, rows: models.QuerySet) -> set[date | None]:
        """Return the days of stored rows and of the rows whose figures they scope."""
        raise NotImplementedError

    @classmethod
    def figure_days_created(cls, objs: list[Any], *, using: str) -> set[date | None]:
        """Return the days new rows may change."""
        days: set[date | None] = set()
        for obj in objs:
            state = obj.figure_state() or {}
            days |= cls.figure_days(state) | obj.figure_days_related(
                None, state, using=using
            )
        return days

    def figure_days_related(
        self, before: dict[str, Any] | None, after: dict[str, Any], *, using: str
    ) -> set[date | None]:
        """Return the days of other rows this change may move (`before` is None for
        a new row)."""
        return set()

    def _figures_stored(self, using: str) -> dict[str, Any] | None:
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        return rows.values(*self.FIGURE_FIELDS).first()


# --- The days of each model's rows --------------------------------------------------


def request_days_of_rows(rows: models.QuerySet) -> set[date | None]:
    """Return the days of requests, of their extensions and of their suspensions.

    A request's department and service scope its extensions and suspensions, and
    deleting it deletes them: their days may change too.
    """
    days = _days(rows, "received_on", "due_on", local_day_of("closed_at"))
    days |= _days(rows, local_day_of("extensions__created_at"))
    suspended = rows.filter(events__kind=SUSPENSION_KIND)
    return days | _days(suspended, local_day_of("events__created_at"))


def extension_days_of_rows(rows: models.QuerySet) -> set[date | None]:
    """Return the days of every extension of the requests of these extensions.

    Whether an extension repeats another of its request (`DayRepeatExtension`)
    depends on the others.
    """
    siblings = rows.model._base_manager.using(rows.db).filter(
        request_id__in=rows.values("request_id")
    )
    return _days(rows, local_day_of("created_at")) | _days(
        siblings, local_day_of("created_at")
    )


def event_days_of_rows(rows: models.QuerySet) -> set[date | None]:
    """Return the days of the suspensions among these timeline entries."""
    return _days(rows.filter(kind=SUSPENSION_KIND), local_day_of("created_at"))
