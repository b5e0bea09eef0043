"""Full-page screenshots of the pages the issue notes describe (`make screenshots`).

Not a test of its own (its name keeps it out of the suite): run it by path,
`pytest tests/system/screenshots.py`, with SCREENSHOTS_DIR naming the folder
(default ./screenshots). It loads the demo with its year of history, as `make run` does.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from requests_app.models import User
from tests.system.test_journeys_browser import (  # noqa: F401 (demo is a fixture)
    SERVICE_CODE,
    WIDTHS,
    demo,
    sign_in,
    url,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(page: Page, demo, width):  # noqa: F811 (the fixture)
    """Full-page pictures of the pages the issue's note describes, in Bulgarian."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR", "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 800})
    pages = {
        "home": url("bg", "requests_app:home"),
        "service": url("bg", "requests_app:service-detail", code=SERVICE_CODE),
        "performance": url("bg", "standards:performance"),
    }
    for name, path in pages.items():
        page.goto(f"{demo}{path}")
        page.screenshot(path=folder / f"{name}-bg-{width}.png", full_page=True)
    sign_in(page, demo, User.objects.get(username="manager"))
    page.goto(f"{demo}{url('bg', 'standards:dashboard')}")
    page.screenshot(path=folder / f"dashboard-bg-{width}.png", full_page=True)
