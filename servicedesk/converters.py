"""Path converters for the secrets in URLs: `<token:token>`.

A path segment that cannot be a token (a NUL byte, a letter outside the alphabet, too
long) matches no URL and answers 404 before any view or query runs: PostgreSQL refuses a
NUL byte in a query with an error, and a view should never see such a value.

Importing this module registers the converters; every urls.py that uses them imports it.
"""

from django.urls import register_converter

# The characters of secrets.token_urlsafe() (URL-safe base64) and secrets.token_hex().
# The longest token handed out is token_urlsafe(32), 43 characters; 64 leaves room.
TOKEN_PATTERN = "[A-Za-z0-9_-]{1,64}"


class TokenConverter:
    """A secret token: tracking, sign-in, survey, attachment and API links."""

    regex = TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")
