"""Forms of the management dashboard: which period and scope, comments, targets."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit

from requests_app.dates import filing_range
from requests_app.forms.fields import BoundedDateField
from requests_app.models import Department, Service
from standards.indicators.definitions import INDICATORS
from standards.models import Target
from standards.periods import (
    MONTHS_IN,
    Period,
    PeriodKind,
    period_for,
    period_last_complete,
)

# Longer periods make unreadable charts and leave the work calendar's range.
MAX_CUSTOM_YEARS = 3


class ServiceChoiceField(forms.ModelChoiceField):
    """A service chosen by its name (its code is for the API and the admin)."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class ReportFilterForm(forms.Form):
    """The period (kind, year, number or custom dates) and the scope of a report."""

    error_messages = {
        "number": _("Choose a number from 1 to %(count)s for this kind of period."),
        "dates": _("Give both dates; the end cannot be before the start."),
        "long": _("A custom period can be at most %(years)s years long."),
        "both": _("Choose a department or a service, not both."),
    }

    period_kind = forms.ChoiceField(
        label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.QUARTER
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Month, quarter or half-year number"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Month 1–12, quarter 1–4 or half-year 1–2; not for a year."),
    )
    start = forms.DateField(
        label=_("From (custom dates)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("To (custom dates)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    department = forms.ModelChoiceField(
        Department.objects.all(),
        label=_("Department"),
        required=False,
        empty_label=_("Whole municipality"),
    )
    service = ServiceChoiceField(
        Service.objects.select_related("department"),
        label=_("Service"),
        required=False,
        empty_label=_("All services"),
    )

    def __init__(self, *args, submit_label: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Row(
                Column("period_kind", css_class="col-md-4"),
                Column("year", css_class="col-md-4"),
                Column("number", css_class="col-md-4"),
            ),
            Row(
                Column("start", css_class="col-md-6"),
                Column("end", css_class="col-md-6"),
            ),
            Row(
                Column("department", css_class="col-md-6"),
                Column("service", css_class="col-md-6"),
            ),
        )
        self.helper.add_input(Submit("show", submit_label or _("Show the results")))

    @staticmethod
    def default_initial(today: date | None = None) -> dict:
        """Return the values for the last whole quarter (no query: see
        `initial_for` with the dashboard's default period for the one with data)."""
        period = period_last_complete(
            kind=PeriodKind.QUARTER, today=today or timezone.localdate()
        )
        return ReportFilterForm.initial_for(period)

    @staticmethod
    def initial_for(period: Period) -> dict:
        """Return the form's values that select `period`, whole municipality."""
        if period.kind == PeriodKind.CUSTOM:
            return {
                "period_kind": PeriodKind.CUSTOM,
                "year": period.start.year,
                # ISO, as a date input sends them: the form is bound to these values.
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            }
        months = MONTHS_IN[PeriodKind(period.kind)]
        values: dict = {"period_kind": period.kind, "year": period.start.year}
        if period.kind != PeriodKind.YEAR:
            values["number"] = (period.start.month - 1) // months + 1
        return values

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("period_kind")
        if data.get("department") and data.get("service"):
            self.add_error(
                "service", forms.ValidationError(self.error_messages["both"], "both")
            )
        if kind == PeriodKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end or end < start:
                self.add_error(
                    "end", forms.ValidationError(self.error_messages["dates"], "dates")
                )
            elif (end - start).days > MAX_CUSTOM_YEARS * 366:
                self.add_error(
                    "end",
                    forms.ValidationError(
                        self.error_messages["long"],
                        "long",
                        params={"years": MAX_CUSTOM_YEARS},
                    ),
                )
            else:
                data["period"] = Period(PeriodKind.CUSTOM, start, end)
        elif kind and data.get("year"):
            count = 12 // MONTHS_IN[PeriodKind(kind)]
            number = 1 if kind == PeriodKind.YEAR else data.get("number")
            if not number or not 1 <= number <= count:
                self.add_error(
                    "number",
                    forms.ValidationError(
                        self.error_messages["number"],
                        "number",
                        params={"count": count},
                    ),
                )
            else:
                data["period"] = period_for(kind=kind, year=data["year"], number=number)
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Management's comment on these results"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Published with the report; do not name citizens."),
    )


def target_indicator_choices() -> list[tuple[str, str]]:
    """Return the indicators to choose from, with their section and unit, in the
    active language."""
    return [("", "—")] + [
        (i.code, f"{i.section} — {i.name} ({i.unit_label})") for i in INDICATORS
    ]


class TargetForm(forms.Form):
    """A target: the indicator, its scope (nothing: the whole municipality; a
    department; or a service), the value and the day it applies from."""

    error_messages = {
        "both": _("Choose a department or a service, not both."),
    }

    indicator = forms.ChoiceField(
        label=_("Indicator"), choices=target_indicator_choices
    )
    department = forms.ModelChoiceField(
        Department.objects.all(),
        label=_("Department"),
        required=False,
        empty_label=_("Whole municipality"),
    )
    service = ServiceChoiceField(
        Service.objects.select_related("department"),
        label=_("Service"),
        required=False,
        empty_label=_("All services"),
        help_text=_(
            "Leave department and service empty for a target of the whole municipality."
        ),
    )
    value = forms.DecimalField(
        label=capfirst(_("target value")),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_(
            "In the indicator's unit, shown in brackets beside its name: per cent, "
            "working days, a score from 1 to 5 or a number."
        ),
    )
    # Targets are planned and looked back on within the registry's years.
    valid_from = BoundedDateField(
        label=capfirst(_("valid from")),
        date_range=filing_range,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Reports compare a period with the target valid on its last day."),
    )
    note = forms.CharField(
        label=capfirst(_("note")),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, submit_label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "indicator",
            Row(
                Column("department", css_class="col-md-6"),
                Column("service", css_class="col-md-6"),
            ),
            Row(
                Column("value", css_class="col-md-6"),
                Column("valid_from", css_class="col-md-6"),
            ),
            "note",
        )
        self.helper.add_input(Submit("save", submit_label))

    @staticmethod
    def initial_for(target: Target) -> dict:
        """Return the form's values for an existing target."""
        return {
            "indicator": target.indicator,
            "department": target.department_id,
            "service": target.service_id,
            "value": target.value,
            "valid_from": target.valid_from,
            "note": target.note,
        }

    def clean(self) -> dict:
        data = super().clean()
        if data.get("department") and data.get("service"):
            self.add_error(
                "service", forms.ValidationError(self.error_messages["both"], "both")
            )
        return data
