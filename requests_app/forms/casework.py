"""Forms of the clerk's case actions, named by the action registry (`workflow.ACTIONS`).

Every form takes the case (`citizen_request`) and its action's prefix, and gives the
keyword arguments of its service with `service_arguments()`.
"""

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from requests_app.dates import due_range
from requests_app.forms.fields import BoundedDateField, ModelSelectField
from requests_app.forms.staff import DATE_FORMATS, DATE_INPUT
from requests_app.models import CitizenRequest, Department, ExtensionReason, User
from requests_app.selectors.case import (
    colleague_list_for,
    referral_departments_for,
    referral_people_for,
)
from requests_app.services.casework.extension import extension_latest_for
from servicedesk.form_renderer import BootstrapFormRenderer


class ActionForm(forms.Form):
    """The input of one case action; its button submits the action.

    Rendered with `{{ form }}` as Bootstrap 5 groups and its button
    (`forms/bootstrap5/form.html`): the case page holds eight of these forms.
    """

    default_renderer = BootstrapFormRenderer
    submit: Promise  # the button's text, set by each action's form
    css_class = "btn-primary"

    def __init__(self, *args: Any, citizen_request: CitizenRequest, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.citizen_request = citizen_request

    def service_arguments(self) -> dict[str, Any]:
        """Return the keyword arguments of the action's service."""
        return dict(self.cleaned_data)


def _person_label(user: User) -> str:
    return (
        f"{user.display_name}, {user.position}" if user.position else user.display_name
    )


class AssignForm(ActionForm):
    submit = _("Assign")
    css_class = "btn-outline-primary"

    clerk = ModelSelectField(User.objects.none(), label=_("Colleague"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clerk"].queryset = colleague_list_for(
            citizen_request=self.citizen_request
        )
        self.fields["clerk"].label_from_instance = _person_label


class ReferForm(ActionForm):
    """Refer to one person (senior expert, head) or to another department."""

    submit = _("Refer")
    css_class = "btn-outline-primary"
    error_messages = {
        "one_target": _("Choose either a colleague or a department, not both."),
    }

    to_user = ModelSelectField(
        User.objects.none(),
        label=_("Senior expert or head of department"),
        required=False,
    )
    to_department = ModelSelectField(
        Department.objects.none(), label=_("Or another department"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the referral (internal)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case = self.citizen_request
        self.fields["to_user"].queryset = referral_people_for(citizen_request=case)
        self.fields["to_user"].label_from_instance = _person_label
        self.fields["to_department"].queryset = referral_departments_for(
            citizen_request=case
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("to_user")) == bool(data.get("to_department")):
            raise forms.ValidationError(
                self.error_messages["one_target"], code="one_target"
            )
        return data


class TextActionForm(ActionForm):
    """One text: a request for documents, a note, an answer or a rejection reason."""

    label: Promise = _("Text")
    help_text: Promise | str = ""
    required = True
    argument = "text"  # the service's keyword for the text

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.label = self.label
        field.required = self.required
        field.help_text = self.help_text

    def service_arguments(self) -> dict[str, Any]:
        return {self.argument: self.cleaned_data["text"]}


class SuspendForm(TextActionForm):
    label = _("Which documents are missing?")
    help_text = _("The citizen reads this; the term stops until they answer.")
    submit = _("Ask for the documents")
    css_class = "btn-outline-primary"


class NoteForm(TextActionForm):
    label = _("Internal note (never shown to the citizen)")
    submit = _("Add the note")
    css_class = "btn-outline-dark"


class AnswerForm(TextActionForm):
    label = _("Answer to the citizen")
    help_text = _("Signed with your name and position, sent by e-mail.")
    submit = _("Send the answer")


class CloseForm(TextActionForm):
    label = _("Closing note for the citizen (optional)")
    required = False
    submit = _("Close as delivered")
    css_class = "btn-success"
    argument = "note"


class RejectForm(TextActionForm):
    label = _("Reason for the rejection")
    help_text = _("The citizen reads this reason.")
    submit = _("Reject the request")
    css_class = "btn-outline-danger"
    argument = "reason"


class LeaveUnexaminedForm(ActionForm):
    """No input: the letter to the citizen says why, with its legal basis."""

    submit = _("Close as not examined")
    css_class = "btn-outline-danger"


class ExtendForm(ActionForm):
    submit = _("Extend the term")
    css_class = "btn-outline-primary"

    new_due_on = BoundedDateField(
        date_range=due_range,
        label=_("New due date"),
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        error_messages={"invalid": _("Enter a real date as DD.MM.YYYY.")},
    )
    reason = ModelSelectField(ExtensionReason.objects.none(), label=_("Legal reason"))
    text = forms.CharField(
        label=_("Explanation for the citizen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = ExtensionReason.objects.filter(is_active=True)
        # The service's maximum counts from the original due date, across extensions.
        latest = extension_latest_for(citizen_request=self.citizen_request)
        self.fields["new_due_on"].help_text = _("At most until %(date)s.") % {
            "date": date_format(latest, "DATE_FORMAT")
        }
