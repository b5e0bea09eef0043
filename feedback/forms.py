"""Forms of the feedback pages: they check shape; services decide."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit

from feedback.dimensions import DIMENSIONS
from feedback.models import ComplaintKind, Resolved
from feedback.workflow import SUGGESTION_RESPONSE_STATUSES, SuggestionStatus
from requests_app.dates import DateLimit, DateRange, answer_range, due_range
from requests_app.forms.fields import BoundedDateField, EmailAddressField
from requests_app.forms.filing import (
    NOTIFY_BY_CHOICES,
    notify_by_clean,
    notify_by_field,
)
from requests_app.forms.staff import DATE_FORMATS, DATE_INPUT
from requests_app.legal import NOT_EXAMINED
from requests_app.models import Service
from requests_app.models.requests import NotifyBy
from requests_app.uploads import attachments_check

SCORE_CHOICES = [
    (1, _("1 — very poor")),
    (2, _("2 — poor")),
    (3, _("3 — acceptable")),
    (4, _("4 — good")),
    (5, _("5 — very good")),
]


class KindChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ComplaintKind) -> str:
        if obj.is_contact_required:
            return _("%(name)s — %(description)s (not examined when anonymous)") % {
                "name": obj.name,
                "description": obj.description,
            }
        return _("%(name)s — %(description)s (may be anonymous)") % {
            "name": obj.name,
            "description": obj.description,
        }


# The one rule on anonymous proposals, said in the same words wherever a citizen can
# send one (the complaints page and the suggestions page): АПК art. 111(4).
ANONYMOUS_RULE = _(
    "By law (%(source)s) anonymous proposals and signals are not examined: to have "
    "one examined and answered within the legal term, give your name and an e-mail "
    "or postal address."
)


def anonymous_rule() -> str:
    """Return the rule on anonymous proposals and signals, with its legal source, in
    the active language."""
    return str(ANONYMOUS_RULE) % {"source": NOT_EXAMINED}


def _helper(label: str, *, multipart: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    if multipart:
        helper.attrs = {"enctype": "multipart/form-data"}
    return helper


def _checked_files(form: forms.Form, name: str) -> list[tuple[UploadedFile, str]]:
    upload = form.cleaned_data.get(name)
    if not upload:
        return []
    try:
        return attachments_check([upload])
    except ValidationError as error:
        form.add_error(name, error)
        return []


# The contact fields of the feedback forms, for each way of telling the filer.
CONTACT_FIELDS = {
    NotifyBy.EMAIL: "contact_email",
    NotifyBy.SMS: "contact_phone",
    NotifyBy.POST: "contact_address",
}
NOTIFY_BY_HELP = _(
    "If you choose none: by e-mail when you give one, else by SMS, else by letter."
)


def _phone_field(label: str | Promise) -> forms.RegexField:
    """A phone number that an SMS can reach (optional)."""
    return forms.RegexField(
        label=label,
        required=False,
        max_length=50,
        regex=r"^\+?[0-9 ()/.-]{6,}$",
        error_messages={
            "invalid": _("Enter a phone number, for example 0888 123 456.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


def _facts_range(*, today: date) -> DateRange:
    """The facts a filing reports happened in the past, never after today."""
    return answer_range(limit=DateLimit.PAST, today=today)


class ComplaintForm(forms.Form):
    error_messages = {
        "contact_required": _(
            "%(kind)s: anonymous submissions are not examined (%(source)s). "
            "Give your name and an e-mail or postal address."
        ),
        "facts_on_required": _(
            "%(kind)s: say when the facts happened. A signal about facts more than "
            "%(years)s years old is recorded but not examined (%(source)s)."
        ),
    }

    kind = KindChoiceField(
        ComplaintKind.objects.none(),
        label=_("What do you want to file?"),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    registry_number = forms.CharField(
        label=_("Registry number of the request it concerns (optional)"),
        max_length=60,
        required=False,
        help_text=_("For example 94-00-123/24.11.2026. Leave empty if none."),
    )
    body = forms.CharField(
        label=_("Describe what happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
    )
    # Optional on the form: a complaint about today's service needs no date. A kind
    # whose facts age out (a signal) requires it in `clean`, since it decides whether
    # the signal may be examined at all.
    facts_on = BoundedDateField(
        date_range=_facts_range,
        label=_("When did it happen?"),
        required=False,
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        help_text=_(
            "Required for signals; the date, or the first day if it went on for a "
            "while."
        ),
    )
    attachment = forms.FileField(
        label=_("A document or photo (optional: PDF, JPEG or PNG)"), required=False
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact_email = EmailAddressField(label=_("E-mail"), required=False)
    contact_phone = _phone_field(_("Phone"))
    contact_address = forms.CharField(
        label=_("Postal address"), max_length=300, required=False
    )
    notify_by = notify_by_field(
        _("How should we tell you about your case?"), NOTIFY_BY_HELP
    )

    def __init__(self, *args: Any, kinds: QuerySet[ComplaintKind], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds
        self.helper = _helper(_("Send for examination"), multipart=True)
        self.helper.form_tag = False
        self.files_checked: list[tuple[UploadedFile, str]] = []
        self.anonymous_rule = anonymous_rule()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if (
            kind is not None
            and kind.is_contact_required
            and not (
                data.get("contact_name")
                and (data.get("contact_email") or data.get("contact_address"))
            )
        ):
            self.add_error(
                "contact_name",
                ValidationError(
                    self.error_messages["contact_required"],
                    code="contact_required",
                    params={"kind": kind.name, "source": NOT_EXAMINED},
                ),
            )
        if (
            kind is not None
            and kind.facts_within_years
            and data.get("facts_on") is None
            and "facts_on" not in self.errors
        ):
            self.add_error(
                "facts_on",
                ValidationError(
                    self.error_messages["facts_on_required"],
                    code="facts_on_required",
                    params={
                        "kind": kind.name,
                        "years": kind.facts_within_years,
                        "source": NOT_EXAMINED,
                    },
                ),
            )
        notify_by_clean(self, data, contact_fields=CONTACT_FIELDS)
        self.files_checked = _checked_files(self, "attachment")
        return data


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        help_text=_("Sixteen letters and digits, as on your proof of filing."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Show my case"))


class AddInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Information to add"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )
    attachment = forms.FileField(
        label=_("A document or photo (optional: PDF, JPEG or PNG)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add to my case"), multipart=True)
        self.files_checked: list[tuple[UploadedFile, str]] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.files_checked = _checked_files(self, "attachment")
        return data


class FilerNotifyByForm(forms.Form):
    """The filer's case page: how they are told from now on, among the ways they gave
    a contact for (the contacts themselves are never shown there)."""

    notify_by = forms.ChoiceField(
        label=_("Tell me about this case by"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("We have no contact of this kind.")},
    )

    def __init__(self, *args: Any, ways: Iterable[str], current: str, **kwargs: Any):
        kwargs.setdefault("initial", {"notify_by": current})
        super().__init__(*args, **kwargs)
        field = self.fields["notify_by"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (value, label) for value, label in NOTIFY_BY_CHOICES if value in ways
        ]
        self.helper = _helper(_("Save"))
        self.helper.form_id = "notify-by-form"


class InfoRequestForm(forms.Form):
    text = forms.CharField(
        label=_("What do you need from the filer?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class DecideForm(forms.Form):
    answer = forms.CharField(
        label=_("Reasoned answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
    )


class ComplaintExtendForm(forms.Form):
    due_on = BoundedDateField(
        date_range=due_range,
        label=_("New due date (empty: the latest the law allows)"),
        required=False,
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
    )
    reason = forms.CharField(
        label=_("Reason (the proposer reads it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def _score(label: str | Promise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )


# One score field per satisfaction dimension, named by its code, in the order of
# DIMENSIONS; declared on a base class so that they come first on the form.
DimensionScoresForm = type(
    "DimensionScoresForm",
    (forms.Form,),
    {dimension.code: _score(dimension.question) for dimension in DIMENSIONS},
)


class SurveyForm(DimensionScoresForm):
    """The standards' questions: each score 1-5 may be left out."""

    resolved = forms.ChoiceField(
        label=_("Was your matter resolved?"),
        choices=Resolved.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    has_consent = forms.BooleanField(
        label=_("You may contact me about my answers"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send my answers"))


class AnytimeSurveyForm(SurveyForm):
    service = forms.ModelChoiceField(
        Service.objects.none(),
        label=_("Which service was it about? (optional)"),
        required=False,
        empty_label=_("— not about one service —"),
    )
    contact_email = EmailAddressField(
        label=_("E-mail for a reply (only if you agree to be contacted)"),
        required=False,
    )
    field_order = ["service"]

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        # A citizen chooses by the service's name; its code is for staff and the API.
        self.fields["service"].label_from_instance = lambda service: service.name


class SuggestionForm(forms.Form):
    """An idea for the public "you said, we did" page.

    A suggestion may come without a name: it is read and may be answered in public,
    but it has no legal term. A proposal to be examined within the legal term is
    filed on the complaints page with a name and an address (`ANONYMOUS_RULE`); the
    page says both.
    """

    title = forms.CharField(label=_("Your idea in a few words"), max_length=200)
    text = forms.CharField(
        label=_("Describe your suggestion"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    contact_name = forms.CharField(
        label=_("Your name (optional, never published)"), max_length=200, required=False
    )
    contact_email = EmailAddressField(
        label=_("E-mail to hear about our response (optional, never published)"),
        required=False,
    )
    contact_phone = _phone_field(
        _("Phone for an SMS about our response (optional, never published)")
    )
    contact_address = forms.CharField(
        label=_("Postal address for a letter (optional, never published)"),
        max_length=300,
        required=False,
    )
    notify_by = notify_by_field(
        _("How should we tell you about our response?"), NOTIFY_BY_HELP
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send the suggestion"))
        self.anonymous_rule = anonymous_rule()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        notify_by_clean(self, data, contact_fields=CONTACT_FIELDS)
        return data


class SuggestionRespondForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (value, label)
            for value, label in SuggestionStatus.choices
            if value in SUGGESTION_RESPONSE_STATUSES
        ],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("Public response (required when declining: give the reason)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Publish the response"))


class FollowUpDoneForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
