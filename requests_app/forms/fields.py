"""Form fields every app's forms share: e-mail addresses and dates within bounds."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from requests_app.dates import DateRange

# The longest address SMTP carries (RFC 5321: a path of 256 octets, brackets included)
# and the length of every e-mail column. Django's form field allows 320 characters,
# which the database then refuses.
EMAIL_MAX_LENGTH = 254


class EmailAddressField(forms.EmailField):
    """An e-mail address that fits the database column."""

    default_error_messages = {
        "max_length": _(
            "An e-mail address has at most %(limit_value)d characters (this one "
            "has %(show_value)d)."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        super().__init__(**kwargs)


class BoundedDateField(forms.DateField):
    """A date within the range `date_range(today=...)` from `requests_app.dates`."""

    default_error_messages = {
        "out_of_range": _("Choose a date between %(earliest)s and %(latest)s."),
        "after_today": _("Choose a date between %(earliest)s and today."),
        "before_today": _("Choose a date between today and %(latest)s."),
    }

    def __init__(self, *, date_range: Callable[..., DateRange], **kwargs: Any) -> None:
        self.date_range = date_range
        super().__init__(**kwargs)

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        today = timezone.localdate()
        allowed = self.date_range(today=today)
        if value in allowed:
            return
        if allowed.latest == today:
            code = "after_today"
        elif allowed.earliest == today:
            code = "before_today"
        else:
            code = "out_of_range"
        raise ValidationError(
            self.error_messages[code],
            code=code,
            params={
                "earliest": date_format(allowed.earliest),
                "latest": date_format(allowed.latest),
            },
        )


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """Read a select's rows with one plain statement.

    Django reads a ModelChoiceField's rows through `QuerySet.iterator()`, which on
    PostgreSQL is a server-side cursor: three round trips (declare, fetch, close)
    for a list of a few dozen colleagues, departments or services."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelSelectField(forms.ModelChoiceField):
    """A ModelChoiceField for short lists (see `ListedChoiceIterator`)."""

    iterator = ListedChoiceIterator
