"""Numbers as each language writes them (#14): Bulgarian groups five digits and more."""

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

import pytest

from requests_app.money import money_format
from requests_app.numerals import number_text

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("value", "bulgarian", "english"),
    [
        (7, "7", "7"),
        (3007, "3007", "3,007"),  # Bulgarian leaves four digits together
        (12500, f"12{NBSP}500", "12,500"),
        (1_000_000, f"1{NBSP}000{NBSP}000", "1,000,000"),
        (-25000, f"-25{NBSP}000", "-25,000"),
    ],
)
def test_counts_are_grouped_by_the_languages_rule(value, bulgarian, english):
    with translation.override("bg"):
        assert number_text(value) == bulgarian
    with translation.override("en"):
        assert number_text(value) == english


def test_decimals_keep_the_languages_mark_and_grouping():
    with translation.override("bg"):
        assert number_text(Decimal("12345.5"), 1) == f"12{NBSP}345,5"
        assert money_format(Decimal("1250")) == f"1250,00{NBSP}€"
        assert money_format(Decimal("12500")) == f"12{NBSP}500,00{NBSP}€"
    with translation.override("en"):
        assert money_format(Decimal("1250")) == f"1,250.00{NBSP}€"


def test_the_template_filter_groups_a_count():
    template = Template("{% load numerals %}{{ n|number }} заявления")
    with translation.override("bg"):
        assert template.render(Context({"n": 48213})) == f"48{NBSP}213 заявления"
