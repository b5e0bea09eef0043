"""Forms of the staff two-factor sign-in: the code step and the enrolment step."""

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.two_factor import code_normalise, code_verify, sign_in_code_verify

CODE_MAX_LENGTH = 32  # a 6-digit code or an 8-character recovery code, with spaces


def _helper(submit: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit))
    return helper


class TwoFactorCodeForm(forms.Form):
    """The code from the app, or a recovery code, after the password."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your "
            "recovery codes."
        ),
        max_length=CODE_MAX_LENGTH,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}
        ),
    )

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: TOTPDevice | StaticDevice | None = None
        self.helper = _helper(_("Verify"))
        self.helper.form_id = "two-factor-form"

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        self.device = sign_in_code_verify(user=self.user, code=code)
        return code


class TwoFactorSetupForm(forms.Form):
    """The first code from a newly added app, which proves it is set up."""

    code = forms.CharField(
        label=_("Code from the app"),
        help_text=_("The 6-digit code the app shows after you add the account."),
        max_length=CODE_MAX_LENGTH,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        self.helper = _helper(_("Confirm"))
        self.helper.form_id = "two-factor-setup-form"

    def clean_code(self) -> str:
        code = code_normalise(self.cleaned_data["code"])
        code_verify(device=self.device, code=code)
        return code


class EnrolmentCodeForm(forms.Form):
    """The one-time enrolment code from an administrator, before the first app."""

    enrolment_code = forms.CharField(
        label=_("Enrolment code"),
        help_text=_(
            "The code an administrator gave you, for example "
            "“0845kq-m2xe-4wpd-ry6c-tn5f”. Capitals, spaces and dashes do not matter."
        ),
        max_length=64,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Continue"))
        self.helper.form_id = "two-factor-enrolment-form"
