"""One key per e-mail address: lookalikes never match, spellings of one do (#10)."""

import pytest

from requests_app.emails import email_key

VICTIM = "victim@mail.example"


@pytest.mark.parametrize(
    "typed",
    [
        "victim@ma\u0131l.example",  # dotless ı: PostgreSQL's UPPER() makes it I
        "v\u0131ctim@mail.example",
        "v\u0130ctim@mail.example",  # dotted capital İ: LOWER() makes it i
        "victim@mai\u0307l.example",  # i + combining dot above
        "\u212aictim@mail.example",  # Kelvin sign: LOWER() makes it k
        "victim@ma\u0456l.example",  # Cyrillic і
        "vict\u0456m@mail.example",
        "victim@mail.examp\u217ce",  # Roman numeral ⅼ
        "victim@\uff4dail.example",  # fullwidth ｍ
        "victim@mail\u3002example",  # ideographic full stop
        "victim@mail\uff0eexample",  # fullwidth full stop
        "vic\u200btim@mail.example",  # zero-width space
        "victim@mail.example.",  # the root's dot: another spelling, not folded
    ],
    ids=[
        "dotless-i-domain",
        "dotless-i-local",
        "dotted-capital-I-local",
        "combining-dot-domain",
        "kelvin-sign",
        "cyrillic-i-domain",
        "cyrillic-i-local",
        "roman-numeral-l",
        "fullwidth-m",
        "ideographic-dot",
        "fullwidth-dot",
        "zero-width-space",
        "trailing-dot",
    ],
)
def test_lookalike_never_has_the_victims_key(typed):
    assert email_key(typed) != email_key(VICTIM)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Victim@Mail.Example", VICTIM),
        ("VICTIM@MAIL.EXAMPLE", VICTIM),
        ("  victim@mail.example\n", VICTIM),
        ("maria@b\u00fccher.example", "maria@xn--bcher-kva.example"),
        ("maria@B\u00fccher.example", "maria@XN--BCHER-KVA.example"),
    ],
    ids=["mixed-case", "upper-case", "surrounding-space", "idna", "idna-ascii-case"],
)
def test_spellings_of_one_address_share_a_key(one, other):
    assert email_key(one) == email_key(other) != ""


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Maria.Petrova@Example.BG", "maria.petrova@example.bg"),
        ("maria@b\u00fccher.example", "maria@xn--bcher-kva.example"),
        ("maria@stra\u00dfe.example", "maria@xn--strae-oqa.example"),
        ("\u00df@mail.example", "\u00df@mail.example"),
        ("M\u00c4RIA@mail.example", "m\u00c4ria@mail.example"),
        ('"a@b"@mail.example', '"a@b"@mail.example'),
    ],
    ids=[
        "ascii-lowered",
        "domain-punycode",
        "sharp-s-domain-kept",
        "sharp-s-local-kept",
        "non-ascii-local-case-kept",
        "last-at-splits",
    ],
)
def test_key_is_ascii_lowered_local_part_and_idna_domain(typed, key):
    assert email_key(typed) == key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("maria@stra\u00dfe.example", "maria@strasse.example"),
        ("\u00df@mail.example", "ss@mail.example"),
        ("M\u00c4RIA@mail.example", "m\u00e4ria@mail.example"),
    ],
    ids=["sharp-s-domain", "sharp-s-local", "non-ascii-local-case"],
)
def test_no_unicode_case_folding(one, other):
    assert email_key(one) != email_key(other)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "maria",
        "@mail.example",
        "maria@",
        "maria@mail..example",
        "maria@-mail.example",
        "maria@my_host.example",
        "maria@mail example.org",
        f"maria@{'a' * 64}.example",
        "maria@" + ".".join(["a" * 60] * 5),
        "maria@M\u00c4IL.example",  # IDNA 2008 has no capitals: no case mapping
        "maria@ma\u0130l.example",
        "mar\x00ia@mail.example",
        "maria@mail.example\x00",
        "ma\u202eria@mail.example",  # right-to-left override
    ],
    ids=[
        "empty",
        "blank",
        "no-at",
        "no-local-part",
        "no-domain",
        "empty-label",
        "leading-hyphen",
        "underscore",
        "space-in-domain",
        "label-too-long",
        "domain-too-long",
        "capital-umlaut-domain",
        "capital-dotted-I-domain",
        "nul-in-local-part",
        "nul-at-end",
        "bidi-override",
    ],
)
def test_invalid_input_has_the_empty_key(typed):
    assert email_key(typed) == ""
