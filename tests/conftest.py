"""Shared fixtures: staff of each role, a service, Chromium for browser tests."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "assets" / "axe.min.js"


@pytest.fixture(autouse=True)
def _fast_and_private(settings, tmp_path):
    """Fast password hashing; uploaded files in a throw-away folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use Debian's Chromium (Playwright cannot download browsers here).

    In CI a missing browser fails the run; it never skips silently.
    """
    path = next((p for p in CHROMIUM_CANDIDATES if shutil.which(p)), None)
    if path is None:
        message = "Chromium is not installed (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def axe_check():
    """Run axe-core (WCAG 2.1 A/AA rules) on a Playwright page; fail on any violation."""

    def check(page) -> None:
        page.add_script_tag(content=AXE_JS.read_text())
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        violations = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{[n['target'] for n in v['nodes'][:3]]})"
            for v in result["violations"]
        ]
        assert violations == [], f"axe violations on {page.url}: {violations}"

    return check


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Let axe-core be injected despite the site's Content-Security-Policy."""
    return {**browser_context_args, "bypass_csp": True}
