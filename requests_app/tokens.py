"""Secret tokens: made with `secrets`, stored only as their hash.

Tracking links, citizens' sign-in links, complaint receipt codes, survey links and API
keys all keep a SHA-256 of the secret, never the secret itself.
"""

import hashlib


def token_hash(value: str) -> str:
    """Return the SHA-256 hex digest of `value` (UTF-8), as stored in the database."""
    return hashlib.sha256(value.encode()).hexdigest()
