"""Settings come from the environment, and every variable is documented (#2)."""

import itertools
import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# env("NAME", ...), env.bool("NAME", ...), env.db("NAME", ...) and the like.
ENV_READ = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"')


def test_env_example_documents_every_variable_that_settings_read():
    """A variable read in settings.py and missing from .env.example fails (#2)."""
    read = set(ENV_READ.findall((BASE_DIR / "servicedesk" / "settings.py").read_text()))
    example = (BASE_DIR / ".env.example").read_text()
    documented = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", example, flags=re.M))

    assert len(read) > 20  # the pattern still finds what settings.py reads
    assert sorted(read - documented) == []


def test_env_example_gives_each_variable_a_comment():
    """Every variable line follows a comment that explains it (#2)."""
    lines = (BASE_DIR / ".env.example").read_text().splitlines()
    uncommented = [
        line
        for previous, line in itertools.pairwise(lines)
        if re.match(r"^[A-Z][A-Z0-9_]*=", line) and not previous.startswith("#")
    ]
    assert uncommented == []
