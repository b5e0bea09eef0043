"""The Open311 `service_request_id`: the registry number, spelt so it fits a URL path.

Registry numbers such as `94-00-123/24.11.2026` hold a slash, which cannot stand in a
path segment. The format is a setting and department indexes are data, so nothing
guarantees which characters a number holds; the spelling is therefore a small
prefix-free code that any number survives: `/` → `_`, `_` → `~_`, `~` → `~~`. The
common case reads naturally (`94-00-123_24.11.2026`) and decoding is exact.
"""

ESCAPE = "~"
SLASH = "_"


def request_id_encode(registry_number: str) -> str:
    """Return the URL-path-safe spelling of a registry number."""
    out = []
    for char in registry_number:
        if char in (ESCAPE, SLASH):
            out.append(ESCAPE + char)
        elif char == "/":
            out.append(SLASH)
        else:
            out.append(char)
    return "".join(out)


def request_id_decode(spelling: str) -> str | None:
    """Return the registry number of a path spelling, or None if it is not one."""
    out = []
    chars = iter(spelling)
    for char in chars:
        if char == ESCAPE:
            following = next(chars, "")
            if following not in (ESCAPE, SLASH):
                return None
            out.append(following)
        elif char == SLASH:
            out.append("/")
        else:
            out.append(char)
    return "".join(out)


def request_id_candidates(given: str) -> list[str]:
    """Return the registry numbers `given` may stand for, the path spelling first.

    Clients may send either the spelling this API hands out or the registry number
    itself (with `/` percent-encoded as %2F).
    """
    candidates = []
    decoded = request_id_decode(given)
    if decoded is not None:
        candidates.append(decoded)
    if given not in candidates:
        candidates.append(given)
    return candidates
