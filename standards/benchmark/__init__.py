"""`manage.py benchmark`: synthetic requests at scale, and the staff pages timed.

`seed` fills the configured database with N requests of a catalogue of its own (codes
starting with `bench-`, so the data can be recognised and refused elsewhere), `pages`
times the staff pages in-process with Django's test client. The command in
`standards/management/commands/benchmark.py` only parses options and sets the exit code.
It lives in `standards`, the top layer, because the pages span every app.
"""

PREFIX = "bench-"


class BenchmarkError(Exception):
    """The benchmark cannot go on; `returncode` is the command's exit status."""

    returncode = 1


class RealDataFound(BenchmarkError):
    """The database holds requests that are not benchmark data: nothing is touched."""

    returncode = 2


class TargetMissed(BenchmarkError):
    """A page was slower than its `--max-*` target, or ran too many queries."""
