"""Forms of the clerks' back office: queue filters and the desk intake.

The forms of the case actions are in `requests_app.forms.casework`.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit

from requests_app.dates import filing_range, received_range
from requests_app.forms.fields import (
    BoundedDateField,
    EmailAddressField,
    ModelSelectField,
)
from requests_app.forms.filing import (
    AttachmentsForm,
    ServiceFieldsMixin,
    attachments_field,
    notify_by_clean,
    notify_by_field,
    submission_key_clean,
    submission_key_field,
    submission_key_new,
    variant_field,
)
from requests_app.models import Channel, Service
from requests_app.selectors.queue import SEARCH_MAX_LENGTH, QueueFilters, Tier
from requests_app.services.casework.intake import INTAKE_CHANNELS
from requests_app.workflow import Status
from servicedesk.form_renderer import BootstrapFormRenderer

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def service_label(service: Service) -> str:
    """A service as staff read it in a list: its name (the code is for machines)."""
    return service.name


DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def form_helper(
    submit: str, *, css_class: str = "btn-primary", prefix: str | None = None
) -> FormHelper:
    """Return a helper for a form inside the page's own <form>, with one button.

    The button's classes replace crispy's default "btn btn-primary" (an outline
    button on a filled background fails contrast), and its id carries the form's
    prefix: one page holds several of these forms.
    """
    helper = FormHelper()
    helper.form_tag = False
    button = Submit("submit", submit, css_id=f"submit-{prefix or 'form'}")
    button.field_classes = f"btn {css_class}"
    helper.add_input(button)
    return helper


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the URL (`?status=...&tier=...`).

    Each field is laid out by the page (`field.as_field_group`)."""

    default_renderer = BootstrapFormRenderer

    ASSIGNED_CHOICES = [
        ("", _("Anyone")),
        ("me", _("Assigned to me")),
        ("none", _("Unassigned")),
    ]

    q = forms.CharField(
        label=_("Registry number, name or e-mail"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    tier = forms.ChoiceField(label=_("Due"), required=False)
    assigned = forms.ChoiceField(
        label=_("Assigned"), required=False, choices=ASSIGNED_CHOICES
    )
    service = ModelSelectField(
        Service.objects.none(),
        label=_("Service"),
        required=False,
        empty_label=_("Any service"),
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    filed_from = BoundedDateField(
        date_range=filing_range,
        label=_("Filed from"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
    )
    filed_to = BoundedDateField(
        date_range=filing_range,
        label=_("Filed until"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
    )

    def __init__(self, *args, services: QuerySet[Service], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any open status")), *Status.choices]
        self.fields["tier"].choices = [
            ("", _("Any")),
            *((t, Tier.LABELS[t]) for t in Tier.ORDER),
        ]
        self.fields["channel"].choices = [("", _("Any")), *Channel.choices]
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = service_label

    def filters(self) -> QueueFilters:
        """Return the valid filters; an invalid value is ignored, never a 500."""
        self.is_valid()  # invalid fields drop out of cleaned_data
        data = self.cleaned_data
        service = data.get("service")
        return QueueFilters(
            status=data.get("status") or "",
            service=service.pk if service else None,
            tier=data.get("tier") or "",
            assigned=data.get("assigned") or "",
            channel=data.get("channel") or "",
            filed_from=data.get("filed_from"),
            filed_to=data.get("filed_to"),
            search=data.get("q") or "",
        )


class IntakeServiceForm(forms.Form):
    """The first step of desk intake: the service, whose questions come next."""

    default_renderer = BootstrapFormRenderer

    service = ModelSelectField(Service.objects.none(), label=_("Service"))

    def __init__(self, *args, services: QuerySet[Service], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = service_label


class IntakeForm(ServiceFieldsMixin, AttachmentsForm):
    """A request received at the desk, by phone or by post, entered by a clerk.

    With `service`, the form of that service: its variant, its own questions and the
    documents the citizen handed in, checked as on the online form. Without it, the
    clerk chooses the service in the form (and the service's part is left out).
    """

    service = ModelSelectField(Service.objects.none(), label=_("Service"))
    channel = forms.ChoiceField(label=_("Received"))
    received_on = BoundedDateField(
        date_range=received_range,
        label=_("Received on"),
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        required=False,
        help_text=_("Leave empty for today."),
    )
    variant = variant_field(_("Variant"))
    details = forms.CharField(
        label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = attachments_field(_("Documents received"))
    citizen_name = forms.CharField(label=_("Citizen's name"), max_length=200)
    citizen_email = EmailAddressField(
        label=_("E-mail"),
        required=False,
        help_text=_("If given, the citizen gets the acknowledgement and notices."),
    )
    citizen_phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    citizen_address = forms.CharField(
        label=_("Postal address"), required=False, max_length=300
    )
    language = forms.ChoiceField(
        label=_("Language of the notices"), choices=settings.LANGUAGES
    )
    notify_by = notify_by_field(
        _("Notices to the citizen by"),
        _("None chosen: e-mail if given, else SMS if a phone is given, else letter."),
    )
    submission_key = submission_key_field()

    def __init__(
        self,
        *args,
        services: QuerySet[Service],
        service: Service | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            (c.value, c.label) for c in Channel if c in INTAKE_CHANNELS
        ]
        self.chosen_service = service
        self.fields["submission_key"].initial = submission_key_new()
        if service is None:
            self.questions = []
            del self.fields["variant"]
            del self.fields["attachments"]
            self.fields["service"].queryset = services
            self.fields["service"].label_from_instance = service_label
        else:
            # Chosen in the first step (the address says which): its questions follow.
            del self.fields["service"]
            self.service_fields_add(service)
        self.helper = form_helper(_("Register the request"))
        self.helper.layout = self.layout()

    def layout(self) -> Layout:
        request_fields = [
            *(["service"] if "service" in self.fields else []),
            *(["variant"] if "variant" in self.fields else []),
            "details",
            *self.question_names(),
            *(["attachments"] if "attachments" in self.fields else []),
        ]
        return Layout(
            "submission_key",
            Fieldset(_("How it was received"), "channel", "received_on"),
            Fieldset(_("The request"), *request_fields),
            Fieldset(
                _("The citizen's details"),
                "citizen_name",
                "citizen_email",
                "citizen_phone",
                "citizen_address",
                "language",
                "notify_by",
            ),
        )

    def clean_submission_key(self) -> str:
        return submission_key_clean(self.cleaned_data["submission_key"])

    def clean(self) -> dict:
        cleaned = super().clean()
        notify_by_clean(self, cleaned)
        return cleaned

    def intake_arguments(self) -> dict[str, Any]:
        """Return the arguments of `request_intake` (all but the clerk)."""
        data = self.cleaned_data
        return {
            "service": self.chosen_service or data["service"],
            "channel": data["channel"],
            "received_on": data.get("received_on"),
            "variant": data.get("variant"),
            "details": data["details"],
            "answers": self.answers(),
            "files": data.get("attachments") or [],
            "citizen_name": data["citizen_name"],
            "citizen_email": data["citizen_email"],
            "citizen_phone": data["citizen_phone"],
            "citizen_address": data["citizen_address"],
            "language": data["language"],
            "notify_by": data["notify_by"],
            "submission_key": data.get("submission_key") or None,
        }
