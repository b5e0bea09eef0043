"""Django's own strings that its Bulgarian catalogue does not translate yet.

`makemessages` collects them from here into the project's catalogue, which Django
reads before its own (LOCALE_PATHS). Without it a Bulgarian page shows the English
"- Select an option -" at the top of every select without an empty label of its own.
"""

from django.utils.translation import gettext_noop

STRINGS = [
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
]
