"""One key per e-mail address, for every identity check on citizens' addresses.

Two addresses are the same citizen's only when their keys are equal. The key is the
local part as typed with ASCII letters lower-cased, "@", and the domain in its IDNA
(punycode) form with ASCII letters lower-cased. Nothing else is folded: no Unicode
case folding, no normalisation, so a lookalike (`victim@maıl.example`, with a dotless
ı) never matches `victim@mail.example`. Never compare addresses with `iexact`: the
database's case-insensitive matching folds some non-ASCII letters into ASCII ones.
An address that is not one (no "@", an invalid domain, a control or invisible
character, a dot other than "." between labels) has the key "", which matches nothing.
"""

import idna

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# IDNA splits labels at these too, which would fold a lookalike domain into ASCII.
_OTHER_DOTS = frozenset("\u3002\uff0e\uff61")


def email_key(address: str) -> str:
    """Return the matching key of `address`; "" when it is not an e-mail address."""
    address = address.strip()
    if not address.isprintable() or _OTHER_DOTS.intersection(address):
        return ""
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return ""
    domain = domain.translate(_ASCII_LOWER)
    try:
        ascii_domain = idna.encode(domain, uts46=False).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return ""
    return f"{local.translate(_ASCII_LOWER)}@{ascii_domain}"
