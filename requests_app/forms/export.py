"""The form of the staff page that exports what is held about one citizen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from requests_app.forms.staff import form_helper


class CitizenExportForm(forms.Form):
    email = forms.EmailField(
        label=_("The citizen's e-mail address"),
        max_length=254,
        help_text=_(
            "As the citizen gave it in their requests or complaints. Upper and lower "
            "case in the domain do not matter; every other character must match."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Download the data (ZIP)"), prefix="export")
