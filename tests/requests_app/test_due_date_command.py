"""`manage.py due_date`: the ISO date on the first line, then the explanation (#2)."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from .factories import CalendarDayFactory

BASE_DIR = Path(__file__).resolve().parents[2]


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("due_date", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_prints_the_iso_due_date_alone_then_the_explanation():
    """The issue's example: filed 23 Dec 2026, 14 calendar days (#2)."""
    lines = run("--filed-on", "2026-12-23", "--days", "14", "--language", "en")

    assert lines[0] == "2027-01-06"
    assert lines[1] == (
        "Filed on Wednesday, 23 December 2026; the term counts from Thursday, "
        "24 December 2026, the day after filing."
    )
    assert "14 calendar days: weekends and holidays within the term count." in lines
    assert lines[-1] == "Due date: Wednesday, 6 January 2027."


@pytest.mark.django_db
def test_working_days_skip_the_christmas_holidays():
    lines = run(
        "--filed-on", "2026-12-23", "--days", "1", "--working-days", "--language", "en"
    )

    assert lines[0] == "2026-12-29"
    assert "Saturday, 26 December 2026 not counted: Christmas Day." in lines


@pytest.mark.django_db
def test_explains_in_bulgarian_by_default():
    lines = run("--filed-on", "2026-12-23", "--days", "14")

    assert lines[0] == "2027-01-06"
    assert lines[-1] == "Краен срок: сряда, 6 януари 2027 г."


@pytest.mark.django_db
def test_uses_the_days_off_declared_by_staff():
    """A day off added in the admin changes the command's answer (#2)."""
    CalendarDayFactory(day="2026-12-31")

    lines = run(
        "--filed-on", "2026-12-30", "--days", "1", "--working-days", "--language", "en"
    )

    assert lines[0] == "2027-01-04"
    assert (
        "Thursday, 31 December 2026 not counted: declared day off: Day off declared "
        "by the Council of Ministers." in lines
    )


@pytest.mark.django_db
def test_due_date_past_year_9999_is_an_argument_error():
    with pytest.raises(CommandError, match="after the year 9999") as error:
        run("--filed-on", "9999-12-20", "--days", "30", "--language", "en")

    assert error.value.returncode == 2


INVALID_ARGUMENTS = [
    pytest.param(
        ["--filed-on", "2026-02-30", "--days", "14"], "2026-02-30", id="feb-30"
    ),
    pytest.param(
        ["--filed-on", "23.12.2026", "--days", "14"], "23.12.2026", id="dd.mm"
    ),
    pytest.param(["--filed-on", "2026-12-23", "--days", "-1"], "-1", id="negative"),
    pytest.param(["--filed-on", "2026-12-23", "--days", "1.5"], "1.5", id="fraction"),
    pytest.param(["--filed-on", "2026-12-23", "--days", "1001"], "1001", id="too-long"),
    pytest.param(["--days", "14"], "--filed-on", id="no-filing-date"),
    pytest.param(["--filed-on", "2026-12-23"], "--days", id="no-days"),
    pytest.param(
        ["--filed-on", "2026-12-23", "--days", "1", "--language", "de"],
        "'de'",
        id="unknown-language",
    ),
]


@pytest.mark.parametrize(("args", "message"), INVALID_ARGUMENTS)
def test_invalid_arguments_are_refused_with_the_culprit_named(args, message):
    with pytest.raises(CommandError, match="Error: ") as error:
        run(*args)

    assert message in str(error.value)


@pytest.mark.parametrize(
    ("args", "message"),
    [INVALID_ARGUMENTS[0], INVALID_ARGUMENTS[2], INVALID_ARGUMENTS[5]],
)
def test_invalid_arguments_exit_with_code_2(args, message):
    """A bad argument: a message on stderr, exit code 2, no traceback (#2)."""
    env = {**os.environ, "DJANGO_SECRET_KEY": "test-only", "DJANGO_TESTING": "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", "due_date", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr
