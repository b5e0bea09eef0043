"""Staff accounts and citizens' one-time sign-in links."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff. Citizens have no account."""

    position = models.CharField(_("position"), max_length=200, blank=True)
    departments = models.ManyToManyField(
        "Department", verbose_name=_("departments"), blank=True, related_name="staff"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="bg"
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class CitizenLoginToken(models.Model):
    """A one-time sign-in link for a citizen (no password, no account)."""

    # `requests_app.emails.email_key` of the address asked for: the link signs in to
    # the requests with this key; it was mailed to the address stored on them.
    email_key = models.CharField(max_length=512)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email_key
