"""Amounts of money as the reader's language writes them, one rule everywhere.

An amount is the number in the language's format, a non-breaking space and the euro
sign: "2,56 €" in Bulgarian, "2.56 €" in English. The service page, the form, the
service sheet and e-mails all use it, so a fee reads the same wherever it is shown.
"""

from decimal import Decimal

from django.utils.translation import gettext

from requests_app.numerals import number_text


def money_format(amount: Decimal | int | float) -> str:
    """Return `amount` in euro with two decimals, in the active language's format."""
    return f"{number_text(amount, decimal_pos=2)}\xa0€"


def fee_text(amount: Decimal | int | float | None) -> str:
    """Return "fee 2,56 €", or "free of charge" when there is nothing to pay."""
    if not amount:
        return gettext("free of charge")
    return gettext("fee %(amount)s") % {"amount": money_format(amount)}
