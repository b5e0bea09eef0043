"""Numbers as the reader's language writes them, one rule everywhere.

Bulgarian orthography groups the digits of a number in threes, with a (non-breaking)
space, only when its whole part has five digits or more: "3007", "12 500",
"1 000 000". English groups from four digits on with a comma: "3,007". Counts on pages,
in PDFs and e-mails use `number_text`; CSV files keep plain numbers for spreadsheets.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language

# The fewest digits of a whole part that are grouped, per language.
GROUPED_FROM_DIGITS = {"bg": 5}
DEFAULT_GROUPED_FROM_DIGITS = 4


def number_text(value: int | float | Decimal, decimal_pos: int | None = None) -> str:
    """Return `value` in the active language's format, grouped by its rule."""
    language = (get_language() or "bg").split("-")[0]
    digits = len(str(abs(int(value))))
    grouped = digits >= GROUPED_FROM_DIGITS.get(language, DEFAULT_GROUPED_FROM_DIGITS)
    return number_format(value, decimal_pos, use_l10n=True, force_grouping=grouped)
