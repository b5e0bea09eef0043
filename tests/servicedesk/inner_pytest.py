"""Run some of a test module's tests in a pytest of their own, with another environment.

The replica and pgbouncer tests need Django set up against other databases than the
suite's: they re-run their inner tests in a child pytest and check its result.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def inner_pytest(*arguments: str, env: dict[str, str]) -> str:
    """Run pytest with `arguments` and `env`; fail with its output unless it passed.

    Return the output, for the caller to check how many tests ran.
    """
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    return output
