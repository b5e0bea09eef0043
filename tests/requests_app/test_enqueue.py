"""Services queue tasks by name: every name they use is a task in every process."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("requests_app", "feedback", "standards", "open311")
# task_enqueue("app.tasks.name", ...) and NAME_TASK = "app.tasks.name"
TASK_NAME = re.compile(r"""["']((?:""" + "|".join(APPS) + r""")\.tasks\.\w+)["']""")


def _names_used_by_services() -> set[str]:
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tasks.py" in path.name or "migrations" in path.parts:
                continue
            text = path.read_text()
            if "task_enqueue" in text:
                names |= set(TASK_NAME.findall(text))
    return names


def test_services_queue_some_tasks_by_name():
    assert "requests_app.tasks.send_notice" in _names_used_by_services()
    assert "standards.tasks.generate_report" in _names_used_by_services()


def test_a_web_process_finds_every_task_the_services_name():
    """A web server never imported the tasks modules: the lookup must load them.

    Without it a notice or a report queued from a page raises KeyError after commit
    (logged only) and waits for the sweep.
    """
    names = sorted(_names_used_by_services())
    script = (
        "import django; django.setup()\n"
        "from requests_app.enqueue import task_named\n"
        f"for name in {names!r}:\n"
        "    print(task_named(name).name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "servicedesk.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == names
