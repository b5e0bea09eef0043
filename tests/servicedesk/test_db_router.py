"""The read replica: only the dashboard and report building read from it (#13).

Settings add the database "replica" when DATABASE_REPLICA_URL is set. Here it is the
test database itself, as the test runner makes one from TEST MIRROR: a second
connection to the same database, whose queries are captured on their own. The tests
that read through it are transactional, so that the second connection sees what the
test wrote. `test_a_real_streaming_replica_*` runs the same checks against a real
PostgreSQL standby (see the end of this module).
"""

import copy
import datetime
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from requests_app.models import CitizenRequest, Department
from requests_app.roles import Role
from requests_app.services.figures import figures_refresh
from servicedesk.db_router import REPLICA, replica_reads
from standards import services as standards_services
from standards.models import ManagementComment, Report, Target
from tests.conftest import _skip_or_fail_outside_ci
from tests.requests_app.factories import DepartmentFactory, ServiceFactory, StaffFactory
from tests.requests_app.filing_files import filing_data
from tests.servicedesk.inner_pytest import inner_pytest
from tests.standards.factories import (
    ManagementCommentFactory,
    ReportFactory,
    TargetFactory,
    completed,
)

BOTH = ["default", "replica"]
replica_db = pytest.mark.django_db(transaction=True, databases=BOTH)
QUARTER = {"period_kind": "quarter", "year": "2026", "number": "1"}
WRITE = re.compile(r"\b(INSERT INTO|UPDATE|DELETE FROM|TRUNCATE)\b", re.IGNORECASE)


@pytest.fixture(scope="module", autouse=True)
def _replica(django_db_setup):
    """The replica of settings (DATABASE_REPLICA_URL set) or else one made here: a
    mirror of the test database, as the test runner makes from TEST MIRROR."""
    if REPLICA in connections:
        yield
        return
    mirror = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    mirror["TEST"]["MIRROR"] = DEFAULT_DB_ALIAS
    connections.settings[REPLICA] = mirror
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def queries():
    """The statements each connection runs: `queries.on("replica")`."""

    class Captured:
        def __init__(self) -> None:
            self.contexts = {
                alias: CaptureQueriesContext(connections[alias]) for alias in BOTH
            }

        def on(self, alias: str) -> list[str]:
            return [query["sql"] for query in self.contexts[alias].captured_queries]

        def writes_on(self, alias: str) -> list[str]:
            """The statements that write or lock rows (a standby refuses them)."""
            return [sql for sql in self.on(alias) if WRITE.search(sql)]

    captured = Captured()
    for context in captured.contexts.values():
        context.__enter__()
    yield captured
    for context in captured.contexts.values():
        context.__exit__(None, None, None)


def touches(statements: list[str], table: str) -> bool:
    return any(f'"{table}"' in sql for sql in statements)


# --- The router -----------------------------------------------------------------------


@replica_db
def test_reads_go_to_the_replica_inside_replica_reads_only(queries):
    DepartmentFactory(name_en="GRAO")

    assert Department.objects.get().name_en == "GRAO"
    assert not touches(queries.on("replica"), "requests_app_department")

    with replica_reads():
        department = Department.objects.get()
    assert department.name_en == "GRAO"
    assert department._state.db == "replica"
    assert touches(queries.on("replica"), "requests_app_department")

    assert router.db_for_read(Department) == "default"  # after the block again


@replica_db
def test_replica_reads_is_also_a_decorator(queries):
    DepartmentFactory()

    @replica_reads()
    def count() -> int:
        return Department.objects.count()

    assert count() == 1
    assert touches(queries.on("replica"), "requests_app_department")


@replica_db
def test_writes_go_to_the_primary_even_inside_replica_reads(queries):
    DepartmentFactory(name_en="GRAO")
    with replica_reads():
        department = Department.objects.get()  # from the replica
        department.name_en = "Civil registration"
        department.save()  # an object read from the replica, saved
        DepartmentFactory(name_en="Cadastre")  # a new row
        Department.objects.filter(name_en="Cadastre").update(phone="+359 2 1")
        Department.objects.filter(name_en="Nothing").delete()

    assert department._state.db == "default"
    assert queries.writes_on("replica") == []
    assert touches(queries.writes_on("default"), "requests_app_department")
    names = set(Department.objects.values_list("name_en", flat=True))
    assert names == {"Civil registration", "Cadastre"}


@pytest.mark.django_db  # a query on the replica would fail: it is not allowed here
def test_inside_a_transaction_reads_stay_on_the_primary():
    """The replica cannot see what the transaction has written."""
    with transaction.atomic():
        DepartmentFactory(name_en="GRAO")
        with replica_reads():
            assert router.db_for_read(Department) == "default"
            department = Department.objects.get()
    assert department.name_en == "GRAO"
    assert department._state.db == "default"


@replica_db
def test_targets_comments_and_reports_come_from_the_primary(queries):
    """Managers write them from the pages that read them, and see them at once."""
    TargetFactory()
    ManagementCommentFactory(author=StaffFactory(), text="Seen.")
    ReportFactory()
    with replica_reads():
        assert Target.objects.count() == 1
        assert ManagementComment.objects.count() == 1
        assert Report.objects.count() == 1
    assert queries.on("replica") == []


@pytest.mark.django_db
def test_without_a_replica_replica_reads_changes_nothing(monkeypatch):
    monkeypatch.delitem(connections.settings, REPLICA)
    DepartmentFactory()
    with replica_reads():
        assert router.db_for_read(Department) == "default"
        assert Department.objects.get()._state.db == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("replica", "requests_app") is False
    assert router.allow_migrate("default", "requests_app") is True


# --- The dashboard and the reports read the replica; nothing else does ---------------


@pytest.fixture
def requests_q1():
    """One service with two requests completed in Q1 2026, one of them late."""
    service = ServiceFactory(name_en="Sketch of a land plot")
    completed(service, received="2026-02-02", closed="2026-02-06", due="2026-02-16")
    completed(service, received="2026-02-27", closed="2026-03-05", due="2026-03-04")
    return service


def dashboard_url() -> str:
    with translation.override("en"):
        return reverse("standards:dashboard")


@replica_db
def test_the_dashboard_reads_its_figures_from_the_replica(client, queries, requests_q1):
    client.force_login(StaffFactory(role=Role.MANAGER))
    ManagementCommentFactory(
        author=StaffFactory(),
        start_on=datetime.date(2026, 1, 1),
        end_on=datetime.date(2026, 3, 31),
        scope_kind="department",
        department=requests_q1.department,
        text="Two requests, one late.",
    )

    response = client.get(
        dashboard_url(), {**QUARTER, "department": requests_q1.department_id}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "50.0 %" in content  # 1 of 2 on time, as read from the replica
    assert "Two requests, one late." in content  # the comment, from the primary
    on_replica = queries.on("replica")
    assert touches(on_replica, "requests_app_citizenrequest")
    assert not touches(on_replica, "standards_managementcomment")
    assert not touches(on_replica, "django_session")  # the sign-in: the primary
    assert not touches(on_replica, "requests_app_user")
    assert queries.writes_on("replica") == []


@replica_db
def test_a_report_is_built_from_the_replica_and_stored_on_the_primary(
    queries, requests_q1
):
    report = ReportFactory()

    done = standards_services.report_generate(report_id=report.pk)

    assert done.status == Report.Status.DONE
    assert b"50.0" in done.csv.read()  # 1 of 2 on time
    assert touches(queries.on("replica"), "requests_app_citizenrequest")
    assert not touches(queries.on("replica"), "standards_report")  # claim and store
    assert queries.writes_on("replica") == []


@replica_db
def test_an_unreachable_replica_leaves_the_dashboard_on_the_primary(
    client, requests_q1, caplog
):
    broken = copy.deepcopy(connections[REPLICA].settings_dict)
    if broken["ENGINE"].endswith("sqlite3"):
        broken["NAME"] = "/nonexistent/replica.sqlite3"
    else:
        broken["PORT"] = free_port()  # nothing listens there
    working = connections[REPLICA]
    connections[REPLICA] = load_backend(broken["ENGINE"]).DatabaseWrapper(
        broken, REPLICA
    )
    client.force_login(StaffFactory(role=Role.MANAGER))
    try:
        response = client.get(
            dashboard_url(), {**QUARTER, "department": requests_q1.department_id}
        )
    finally:
        connections[REPLICA].close()
        connections[REPLICA] = working

    assert response.status_code == 200
    assert "50.0 %" in response.content.decode()
    assert "Read replica unreachable, reading the primary" in caplog.text


@replica_db
def test_filing_and_the_figures_refresh_never_read_the_replica(
    client, queries, tasks_in_process
):
    service = ServiceFactory()
    response = client.post(
        f"/en/services/{service.code}/apply/", filing_data(address="ул. Шипка 1")
    )
    assert response.status_code == 302
    confirmation = client.get(response.url)
    assert confirmation.status_code == 200

    assert figures_refresh().days  # the filing marked its day
    assert queries.on("replica") == []


# --- A real streaming replica ---------------------------------------------------------
#
# The machine's shared PostgreSQL refuses replication connections (its pg_hba.conf has
# no "replication" line, and tests never change it), so this test makes a primary of
# its own (initdb) and a standby of it (pg_basebackup -R), each on a free port. A
# second pytest run then points DATABASE_URL at the primary and DATABASE_REPLICA_URL at
# the standby, and runs `test_real_standby_inner` (defined only in that run): the test
# database pytest creates on the primary reaches the standby by replication.

PG_BIN = Path("/usr/lib/postgresql/15/bin")
INNER = "SD_TEST_REAL_STANDBY"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a folder of its own, run by the postgres user when
    the tests run as root (PostgreSQL refuses to run as root)."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port

    @staticmethod
    def run(*command: str, timeout: float = 120) -> None:
        as_postgres = ("runuser", "-u", "postgres", "--") if os.geteuid() == 0 else ()
        result = subprocess.run(
            [*as_postgres, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd="/tmp",
            check=False,
        )
        assert result.returncode == 0, f"{command[0]} failed:\n{result.stderr}"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder.parent} -c listen_addresses=127.0.0.1"
        )
        self.run(
            str(PG_BIN / "pg_ctl"),
            *("-D", str(self.folder), "-o", options),
            *("-l", str(self.folder.parent / f"{self.folder.name}.log"), "-w", "start"),
        )

    def stop(self) -> None:
        if (self.folder / "postmaster.pid").exists():
            self.run(
                str(PG_BIN / "pg_ctl"), "-D", str(self.folder), "-m", "fast", "stop"
            )

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def primary_and_standby():
    """A primary and its streaming standby; stopped and removed afterwards."""
    if not (PG_BIN / "pg_basebackup").exists():
        _skip_or_fail_outside_ci(f"PostgreSQL 15's programs are not in {PG_BIN}")
    root = Path(tempfile.mkdtemp(prefix="sd_h_db_replica_"))
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres", group="postgres")
    primary = Cluster(root / "primary", free_port())
    standby = Cluster(root / "standby", free_port())
    try:
        primary.run(
            str(PG_BIN / "initdb"),
            *("-D", str(primary.folder), "-U", "postgres", "--auth=trust"),
            "--no-sync",
        )
        primary.start()
        primary.run(
            str(PG_BIN / "pg_basebackup"),
            *("-D", str(standby.folder), "-R", "-X", "stream", "--no-sync"),
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
        )
        standby.start()
        yield primary, standby
    finally:
        standby.stop()
        primary.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_a_real_streaming_replica_serves_the_dashboard_and_reports(
    primary_and_standby,
):
    primary, standby = primary_and_standby
    name = "sd_h_db_standby"  # pytest makes test_sd_h_db_standby on the primary
    env = {
        **os.environ,
        "DATABASE_URL": primary.url(name),
        "DATABASE_REPLICA_URL": standby.url(name),
        INNER: "1",
    }
    output = inner_pytest(
        f"{__file__}::test_real_standby_inner", "--create-db", env=env
    )
    assert "1 passed" in output


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


if os.environ.get(INNER):

    @replica_db
    def test_real_standby_inner(client, queries, requests_q1):
        """Run by the test above, with the replica a real standby."""
        assert in_recovery("default") is False
        assert in_recovery("replica") is True  # a standby: it refuses every write

        deadline = time.monotonic() + 30
        with replica_reads():  # wait for the rows to reach the standby
            while CitizenRequest.objects.count() < 2:
                assert time.monotonic() < deadline, "the standby did not catch up"
                time.sleep(0.1)

        client.force_login(StaffFactory(role=Role.MANAGER))
        response = client.get(
            dashboard_url(), {**QUARTER, "department": requests_q1.department_id}
        )
        assert response.status_code == 200
        assert "50.0 %" in response.content.decode()

        report = standards_services.report_generate(report_id=ReportFactory().pk)
        assert report.status == Report.Status.DONE, report.error
        assert b"50.0" in report.csv.read()

        with replica_reads():  # an object read from the standby is saved
            department = Department.objects.get()
            department.name_en = "Cadastre"
            department.save()
        assert department._state.db == "default"
        assert touches(queries.on("replica"), "requests_app_citizenrequest")
        assert touches(queries.on("replica"), "requests_app_department")
        assert queries.writes_on("replica") == []
