"""Receipt codes: random, readable, forgiving when typed back; stored hashed."""

import re

from feedback.codes import RECEIPT_ALPHABET, receipt_code_new, receipt_hash


def test_receipt_code_has_80_bits_in_readable_groups():
    code = receipt_code_new()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert set(code.replace("-", "")) <= set(RECEIPT_ALPHABET)
    assert len(RECEIPT_ALPHABET) == 32  # 16 symbols x 5 bits = 80 bits
    assert not set("ILOU") & set(RECEIPT_ALPHABET)


def test_receipt_code_is_forgiving_when_typed_back():
    """Lower case, spaces and O/I read for 0/1 still find the case (#4)."""
    assert receipt_hash("0A1B-2C3D-4E5F-6G7H") == receipt_hash("oa ib 2c3d4e5f6g7h")
