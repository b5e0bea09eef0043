"""The request form: contact details, the service's own questions, attachments."""

import re
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit

from requests_app.dates import answer_range
from requests_app.forms.fields import BoundedDateField, EmailAddressField
from requests_app.models import QuestionKind, Service, ServiceQuestion, ServiceVariant
from requests_app.models.requests import NotifyBy, notify_by_default
from requests_app.money import fee_text
from requests_app.questions import question_choices
from requests_app.uploads import attachments_check

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y"]


QUESTION_PREFIX = "question_"


# A hint for the browser's file picker only: uploads.py checks the content.
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by `uploads.attachments_check`."""

    widget = MultipleFileInput

    def to_python(self, data: object) -> list[UploadedFile]:
        if not data:
            return []
        uploads = data if isinstance(data, list | tuple) else [data]
        return [upload for upload in uploads if upload]

    def validate(self, value: list[UploadedFile]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value: list[UploadedFile]) -> None:
        pass  # attachments_check does everything, in clean_attachments

    def bound_data(self, data: object, initial: object) -> object:
        return data

    def has_changed(self, initial: object, data: object) -> bool:
        return bool(data)


class NumberField(forms.DecimalField):
    """A number typed with a dot or a comma (2,5 is the Bulgarian way to write 2.5)."""

    default_error_messages = {
        "invalid": _("Enter a number, for example 3 or 2.5."),
    }

    def to_python(self, value: object) -> Decimal | None:
        if value in self.empty_values:
            return None
        text = str(value).strip().replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class QuestionDateField(BoundedDateField):
    default_error_messages = {
        "invalid": _("Enter a real date, for example 24.11.2026."),
    }


def question_field(question: ServiceQuestion) -> forms.Field:
    """Return the form field for a service-specific question."""
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.is_required,
    }
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=question_choices(question), widget=forms.RadioSelect, **common
        )
    if question.kind == QuestionKind.DATE:
        date_range = partial(answer_range, limit=question.date_limit)
        # The picker offers only the allowed days (no date of death tomorrow); the
        # field checks them again, for browsers without a picker and for scripts.
        allowed = date_range(today=timezone.localdate())
        return QuestionDateField(
            date_range=date_range,
            input_formats=DATE_INPUT_FORMATS,
            widget=forms.DateInput(
                attrs={
                    "type": "date",
                    "min": allowed.earliest.isoformat(),
                    "max": allowed.latest.isoformat(),
                },
                format="%Y-%m-%d",
            ),
            **common,
        )
    if question.kind == QuestionKind.NUMBER:
        return NumberField(
            max_digits=15,
            decimal_places=4,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    return forms.CharField(max_length=2000, **common)


def answer_text(question: ServiceQuestion, value: object) -> str:
    """Return how an answer is stored: ISO dates, plain numbers, choice keys."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()


class AttachmentsForm(forms.Form):
    """A form with attachments: after an error, it asks for them again.

    Browsers cannot keep chosen files across a page load, so a form sent back with an
    error says so beside the file field rather than losing them silently.
    """

    files_again = _(
        "Browsers cannot keep attached files after an error: please attach the "
        "files again."
    )

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or not self._errors:
            return
        if self.files.getlist("attachments") and "attachments" not in self._errors:
            self.add_error(
                "attachments", ValidationError(self.files_again, code="files_again")
            )


def variant_label(variant: ServiceVariant) -> str:
    """The variant's name, term (with its plural) and fee, in the reader's words."""
    days = variant.term_days
    if variant.term_working_days:
        text = ngettext(
            "%(name)s: %(days)s working day, %(fee)s",
            "%(name)s: %(days)s working days, %(fee)s",
            days,
        )
    else:
        text = ngettext(
            "%(name)s: %(days)s day, %(fee)s",
            "%(name)s: %(days)s days, %(fee)s",
            days,
        )
    return text % {"name": variant.name, "days": days, "fee": fee_text(variant.fee)}


def variant_field(label: str) -> forms.ModelChoiceField:
    """Return the choice of a service's variant (filled by `ServiceFieldsMixin`)."""
    return forms.ModelChoiceField(
        ServiceVariant.objects.none(),
        label=label,
        widget=forms.RadioSelect,
        empty_label=None,
    )


def attachments_field(label: str) -> MultipleFileField:
    """Return the documents of a request (checked by `ServiceFieldsMixin`)."""
    return MultipleFileField(
        label=label,
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPTED_FILES}),
    )


class ServiceFieldsMixin:
    """The part of a request form that depends on its service.

    The variant (when the service has variants), a field for each of the service's
    own questions, and the documents with the same checks wherever a request is
    filed: the online form and the desk intake. The form declares the fields
    `variant` (`variant_field`) and `attachments` (`attachments_field`) and calls
    `service_fields_add` from its `__init__`.
    """

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    service: Service
    questions: list[ServiceQuestion]

    variant_label = staticmethod(variant_label)

    def service_fields_add(self, service: Service) -> None:
        self.service = service
        variants = service.variants.all()
        if variants:
            self.fields["variant"].queryset = variants
            self.fields["variant"].label_from_instance = variant_label
        else:
            del self.fields["variant"]
        self.fields["attachments"].help_text = _(
            "PDF, JPEG or PNG; at most %(count)d files of %(size)s each."
        ) % {
            "count": settings.ATTACHMENT_MAX_COUNT,
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        }
        self.questions = list(service.questions.all())
        for question in self.questions:
            self.fields[QUESTION_PREFIX + question.code] = question_field(question)

    def question_names(self) -> list[str]:
        """Return the names of the question fields, in the service's order."""
        return [QUESTION_PREFIX + question.code for question in self.questions]

    def clean_attachments(self) -> list[tuple[UploadedFile, str]]:
        return attachments_check(self.cleaned_data.get("attachments") or [])

    def answers(self) -> dict[ServiceQuestion, str]:
        """Return the answers to the service's questions, as stored text."""
        answers = {}
        for question in self.questions:
            text = answer_text(
                question, self.cleaned_data.get(QUESTION_PREFIX + question.code)
            )
            if text:
                answers[question] = text
        return answers


def submission_key_field() -> forms.CharField:
    """Return the hidden key that makes a double click file (or register) once."""
    return forms.CharField(required=False, widget=forms.HiddenInput)


def submission_key_new() -> str:
    return secrets.token_urlsafe(24)


def submission_key_clean(key: str) -> str:
    """Return `key`, or "" when it is broken: the filer's doing it is not, so the
    request is filed without the guard and without an error."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", key) else ""


# The contact each way of telling the citizen needs, and what is said without it.
NOTIFY_BY_NEEDS = {
    NotifyBy.EMAIL: (
        "citizen_email",
        _("Give an e-mail address for notices by e-mail, or choose another way."),
    ),
    NotifyBy.SMS: (
        "citizen_phone",
        _("Give a phone number for notices by SMS, or choose another way."),
    ),
    NotifyBy.POST: (
        "citizen_address",
        _("Give a postal address for notices by letter, or choose another way."),
    ),
}


# The choices as the forms offer them: "By e-mail" is not confused with the e-mail
# field (by people, screen readers and tests that find a field by its label).
NOTIFY_BY_CHOICES = [
    (NotifyBy.EMAIL.value, _("By e-mail")),
    (NotifyBy.SMS.value, _("By SMS")),
    (NotifyBy.POST.value, _("By letter by post")),
]


def notify_by_field(label: Any, help_text: Any) -> forms.ChoiceField:
    """How the citizen wants to be told: e-mail, SMS or a letter (optional)."""
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=NOTIFY_BY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )


def notify_by_clean(
    form: forms.Form, cleaned: dict, *, contact_fields: dict[str, str] | None = None
) -> None:
    """Check the chosen way against the contacts given, or choose one from them.

    The error goes beside the missing contact (unless that field has its own error);
    nothing typed is lost. Nothing chosen: e-mail, else SMS, else a letter. A form
    whose contact fields are named otherwise maps each way to its field name in
    `contact_fields` (default: `citizen_email`, `citizen_phone`, `citizen_address`).
    """
    names = {channel: name for channel, (name, _message) in NOTIFY_BY_NEEDS.items()}
    names |= {
        NotifyBy(channel): name for channel, name in (contact_fields or {}).items()
    }
    chosen = cleaned.get("notify_by")
    if not chosen:
        cleaned["notify_by"] = notify_by_default(
            email=cleaned.get(names[NotifyBy.EMAIL]) or "",
            phone=cleaned.get(names[NotifyBy.SMS]) or "",
            address=cleaned.get(names[NotifyBy.POST]) or "",
        )
        return
    field = names[NotifyBy(chosen)]
    message = NOTIFY_BY_NEEDS[NotifyBy(chosen)][1]
    if not (cleaned.get(field) or "").strip() and field not in form.errors:
        form.add_error(field, ValidationError(message, code=f"notify_by_{chosen}"))


class RequestForm(ServiceFieldsMixin, AttachmentsForm):
    """The request form of one service, with the service's own questions."""

    error_messages = {
        "no_contact": _(
            "Give an e-mail address or a phone number (or both), so that we can "
            "reach you about your request."
        ),
    }

    variant = variant_field(_("How fast do you need it?"))
    details = forms.CharField(
        label=_("What do you need?"),
        help_text=_("Describe your request in your own words."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )
    attachments = attachments_field(_("Documents"))
    citizen_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    citizen_email = EmailAddressField(
        label=_("E-mail"),
        required=False,
        help_text=_("We send the registry number and the tracking link here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    citizen_phone = forms.RegexField(
        label=_("Phone"),
        required=False,
        max_length=50,
        regex=r"^\+?[0-9 ()/.-]{6,}$",
        error_messages={
            "invalid": _("Enter a phone number, for example 0888 123 456.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language of our messages to you"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    citizen_address = forms.CharField(
        label=_("Postal address (optional)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    notify_by = notify_by_field(
        _("How should we tell you about your request?"),
        _(
            "If you choose none: by e-mail when you give one, else by SMS, else by "
            "letter."
        ),
    )
    submission_key = submission_key_field()
    consent = forms.BooleanField(
        label=_("I have read the notice on personal data above and agree to it."),
        error_messages={
            "required": _("Without your agreement we cannot handle the request.")
        },
    )

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service_fields_add(service)
        self.fields["language"].initial = (get_language() or "bg")[:2]
        self.fields["submission_key"].initial = submission_key_new()
        self.helper = self.layout_helper()

    def layout_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_id = "request-form"
        helper.attrs = {
            "novalidate": ""
        }  # errors come from the server, beside each field
        request_fields = [
            *(["variant"] if "variant" in self.fields else []),
            "details",
            *self.question_names(),
            "attachments",
        ]
        helper.layout = Layout(
            "submission_key",
            Fieldset(_("Your request"), *request_fields),
            Fieldset(
                _("How we reach you"),
                "citizen_name",
                "citizen_email",
                "citizen_phone",
                "language",
                "citizen_address",
                "notify_by",
            ),
            Fieldset(
                _("Personal data"),
                HTML('{% include "requests_app/_request_privacy.html" %}'),
                "consent",
            ),
        )
        helper.add_input(Submit("submit", _("File the request")))
        return helper

    def clean_submission_key(self) -> str:
        return submission_key_clean(self.cleaned_data["submission_key"])

    def clean(self) -> dict:
        cleaned = super().clean()
        no_contact = not cleaned.get("citizen_email") and not cleaned.get(
            "citizen_phone"
        )
        # Letters only: the postal address is the contact.
        by_post = (
            cleaned.get("notify_by") == NotifyBy.POST
            and (cleaned.get("citizen_address") or "").strip()
        )
        # Beside the e-mail field, unless the e-mail or phone itself was mistyped.
        mistyped = "citizen_email" in self.errors or "citizen_phone" in self.errors
        if no_contact and not mistyped and not by_post:
            self.add_error(
                "citizen_email",
                ValidationError(self.error_messages["no_contact"], code="no_contact"),
            )
        notify_by_clean(self, cleaned)
        return cleaned
