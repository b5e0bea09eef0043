"""Reading a rendered form as a user sees it: a field's error, what it still holds."""

import re


def field_error(html: str, field: str) -> str:
    """Return the error text shown right after the field's input."""
    match = re.search(
        rf'id="error_\d+_id_{field}"[^>]*>\s*<strong>(.*?)</strong>', html, re.S
    )
    assert match, f"no error shown for {field}"
    return match.group(1)


def input_value(html: str, field: str) -> str:
    """Return the value the input `field` holds ("" when it has none)."""
    match = re.search(rf'<input[^>]*name="{field}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else ""
