"""Forms of the tracking pages: lookup by number, sign-in link, the citizen's reply,
how they are told."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit

from requests_app.forms.fields import EmailAddressField
from requests_app.forms.filing import (
    NOTIFY_BY_CHOICES,
    AttachmentsForm,
    MultipleFileField,
    MultipleFileInput,
)
from requests_app.models import CitizenRequest
from requests_app.services.outbox import notify_by_contact
from requests_app.uploads import attachments_check


class TrackLookupForm(forms.Form):
    """Registry number and e-mail: the tracking link is sent again to that e-mail."""

    registry_number = forms.CharField(
        label=_("Registry number"),
        max_length=60,
        help_text=_("As in our acknowledgement, for example 94-00-123/24.11.2026."),
    )
    email = EmailAddressField(
        label=_("The e-mail address you gave"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Send me the link")))


class CitizenLoginForm(forms.Form):
    email = EmailAddressField(
        label=_("Your e-mail address"),
        help_text=_("The address you gave when you filed your requests."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Send me a sign-in link")))


class CitizenReplyForm(AttachmentsForm):
    """The citizen's answer on the tracking page: a text, documents, or both."""

    error_messages = {
        "empty": _("Write a message or attach a document."),
    }

    text = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(
        label=_("Documents"),
        required=False,
        widget=MultipleFileInput(
            attrs={
                "accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "PDF, JPEG or PNG; at most %(count)d files of %(size)s each."
        ) % {
            "count": settings.ATTACHMENT_MAX_COUNT,
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        }
        self.helper = FormHelper()
        self.helper.form_id = "reply-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Send")))

    def clean_attachments(self) -> list[tuple[UploadedFile, str]]:
        return attachments_check(self.cleaned_data.get("attachments") or [])

    def clean(self) -> dict:
        cleaned = super().clean()
        empty = not (cleaned.get("text") or "").strip() and not cleaned.get(
            "attachments"
        )
        if empty and not self.errors:
            self.add_error(
                "text", ValidationError(self.error_messages["empty"], code="empty")
            )
        return cleaned


class NotifyByForm(forms.Form):
    """The tracking page: how the citizen wants to be told from now on."""

    # What is said when the request has no contact of the chosen kind.
    error_messages = {
        "email": _(
            "We have no e-mail address with this request. Choose another way, or "
            "give us your address at the desk or in a message below."
        ),
        "sms": _(
            "We have no phone number with this request. Choose another way, or give "
            "us your number at the desk or in a message below."
        ),
        "post": _(
            "We have no postal address with this request. Choose another way, or "
            "give us your address at the desk or in a message below."
        ),
    }

    notify_by = forms.ChoiceField(
        label=_("Tell me about this request by"),
        choices=NOTIFY_BY_CHOICES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, citizen_request: CitizenRequest, **kwargs: Any):
        kwargs.setdefault("initial", {"notify_by": citizen_request.notify_by})
        super().__init__(*args, **kwargs)
        self.citizen_request = citizen_request
        self.helper = FormHelper()
        self.helper.form_id = "notify-by-form"
        self.helper.attrs = {"novalidate": ""}
        # With a layout, the radio list does not repeat the form's id and attributes.
        self.helper.layout = Layout("notify_by")
        self.helper.add_input(Submit("submit", _("Save")))

    def clean_notify_by(self) -> str:
        chosen = self.cleaned_data["notify_by"]
        if not notify_by_contact(self.citizen_request, chosen):
            raise ValidationError(self.error_messages[chosen], code=f"no_{chosen}")
        return chosen
