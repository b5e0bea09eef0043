"""Receipt codes of complaints: random, readable, stored only as their hash."""

import secrets

from requests_app.tokens import token_hash

# Crockford's base 32: no I, L, O or U, so nothing is read as something else.
# 32 symbols carry 5 bits each; 16 symbols make 80 bits, in groups of four.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_GROUPS = 4
RECEIPT_GROUP_LENGTH = 4


def receipt_code_new() -> str:
    """Return a random receipt code in readable groups, e.g. `7K2Q-M9XD-4HJC-0RTA`."""
    symbols = "".join(
        secrets.choice(RECEIPT_ALPHABET)
        for _ in range(RECEIPT_GROUPS * RECEIPT_GROUP_LENGTH)
    )
    return "-".join(
        symbols[i : i + RECEIPT_GROUP_LENGTH]
        for i in range(0, len(symbols), RECEIPT_GROUP_LENGTH)
    )


def receipt_hash(code: str) -> str:
    """Return the stored hash of a receipt code, forgiving case, spaces and dashes."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    # Letters people read for digits (Crockford): O is 0, I and L are 1.
    normalised = normalised.translate(str.maketrans("OIL", "011"))
    return token_hash(normalised)
