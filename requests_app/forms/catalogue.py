"""Forms of the public catalogue: search and the due-date calculator."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout

from requests_app.dates import filing_range
from requests_app.forms.fields import BoundedDateField
from requests_app.selectors.catalogue import SEARCH_MAX_LENGTH


class CatalogueSearchForm(forms.Form):
    """Words to look for in the catalogue (`?q=`); empty shows every service."""

    q = forms.CharField(
        label=_("Search the services"),
        help_text=_("Words in Bulgarian or English, e.g. “certificate” or “данъчна”."),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "catalogue-search"
        self.helper.attrs = {"role": "search"}
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "q", StrictButton(_("Search"), type="submit", css_class="btn-primary")
        )


class DueDateCalculatorForm(forms.Form):
    """Another filing date for the service page (`?filed_on=YYYY-MM-DD`)."""

    filed_on = BoundedDateField(
        date_range=filing_range,
        label=_("Filing date"),
        # Dates are shown as people write them; the date picker sends ISO dates.
        help_text=_("For example 23.12.2026."),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date you plan to file the request."),
            "invalid": _("Enter a real date as DD.MM.YYYY, for example 23.12.2026."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "due-date-calculator"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "filed_on",
            StrictButton(
                _("Calculate the due date"), type="submit", css_class="btn-secondary"
            ),
        )
