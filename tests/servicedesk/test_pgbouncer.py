"""Behind pgbouncer in transaction pooling (DATABASE_TRANSACTION_POOLING=true) (#13).

In transaction pooling each transaction may run on another server connection, so
nothing may outlive a transaction on the server: no server-side cursor read across
statements (QuerySet.iterator()), no named prepared statement, no session-level
advisory lock, no startup option that pgbouncer refuses. The test starts a real
pgbouncer (Debian package `pgbouncer`) in transaction pooling before the machine's
PostgreSQL, and runs a second pytest with DATABASE_URL pointing at it: the tests
defined only in that run (`inner_*` below) file a request, open the staff queue, act
on a case, export a citizen's complaints (read through `.iterator()`) and refresh the
figures (an advisory lock), each through pgbouncer.

pytest-django cannot drop a test database that pgbouncer still holds connections to,
so this test makes the inner run's test database itself, directly, and drops it at
the end; the inner run reuses it (`--reuse-db`) and migrates it through pgbouncer.
"""

import io
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from django.db import connection
from django.urls import reverse

import psycopg
import pytest

from feedback import services as feedback_services
from requests_app.models import CitizenRequest, Department
from requests_app.roles import Role
from requests_app.services.figures import figures_refresh
from tests.conftest import _skip_or_fail_outside_ci
from tests.feedback.factories import ComplaintKindFactory
from tests.requests_app.factories import (
    CitizenRequestFactory,
    DepartmentFactory,
    ServiceFactory,
    StaffFactory,
)
from tests.requests_app.filing_files import filing_data
from tests.servicedesk.inner_pytest import inner_pytest

# Debian installs it in /usr/sbin, which is not on every user's PATH.
PGBOUNCER = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin")
INNER = "SD_TEST_PGBOUNCER_PORT"
INNER_NAME = "sd_h_db_bouncer"  # the inner run's test database: test_sd_h_db_bouncer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def direct(settings_dict: dict, database: str) -> psycopg.Connection:
    """A connection straight to the PostgreSQL server, in autocommit."""
    return psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname=database,
        autocommit=True,
    )


@pytest.fixture
def server() -> dict:
    """The settings of the PostgreSQL server the tests use (DATABASE_URL)."""
    settings_dict = connection.settings_dict
    if connection.vendor != "postgresql":
        _skip_or_fail_outside_ci(
            "pgbouncer tests need PostgreSQL: set DATABASE_URL=postgres://..."
        )
    if PGBOUNCER is None:
        _skip_or_fail_outside_ci(
            "pgbouncer is not installed (apt-get install pgbouncer)"
        )
    return settings_dict


@pytest.fixture
def pgbouncer(server, tmp_path_factory):
    """A pgbouncer in transaction pooling on a free port; stopped afterwards.

    Two server connections per database and user, so that clients take turns on
    them as they would under load.
    """
    folder = Path(tempfile.mkdtemp(prefix="sd_h_db_pgbouncer_"))
    port = free_port()
    host = server["HOST"] or "127.0.0.1"
    user, password = server["USER"], server["PASSWORD"]
    (folder / "userlist.txt").write_text(f'"{user}" "{password}"\n')
    as_root = os.geteuid() == 0  # pgbouncer refuses to run as root
    (folder / "pgbouncer.ini").write_text(
        f"""
[databases]
* = host={host} port={server["PORT"] or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = md5
auth_file = {folder / "userlist.txt"}
pool_mode = transaction
default_pool_size = 2
max_client_conn = 100
{"user = postgres" if as_root else ""}
"""
    )
    if as_root:
        shutil.chown(folder, user="postgres")
        for path in folder.iterdir():
            shutil.chown(path, user="postgres")
    log = (folder / "pgbouncer.log").open("w")
    process = subprocess.Popen(
        [PGBOUNCER, str(folder / "pgbouncer.ini")],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        "pgbouncer did not start:\n"
                        + (folder / "pgbouncer.log").read_text()
                    )
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def inner_database(server):
    """The inner run's test database, made directly on the server and dropped after."""
    name = f"test_{INNER_NAME}"
    with direct(server, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with direct(server, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_desk_works_through_pgbouncer_in_transaction_pooling(
    server, pgbouncer, inner_database
):
    user, password = server["USER"], server["PASSWORD"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{user}:{password}@127.0.0.1:{pgbouncer}/{INNER_NAME}",
        "DATABASE_TRANSACTION_POOLING": "true",
        INNER: str(pgbouncer),
    }
    for name in ("DATABASE_JIT", "DATABASE_REPLICA_URL"):
        env.pop(name, None)
    output = inner_pytest(f"{__file__}", "-k", "inner_", "--reuse-db", env=env)
    assert "4 passed" in output, output[-3000:]


# --- Run through pgbouncer by the test above ------------------------------------------

if os.environ.get(INNER):
    through_pgbouncer = pytest.mark.django_db(transaction=True)

    @pytest.fixture(autouse=True)
    def _through_pgbouncer():
        """Every query of these tests goes through pgbouncer, with the setting on."""
        settings_dict = connection.settings_dict
        assert int(settings_dict["PORT"]) == int(os.environ[INNER])
        assert settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert "options" not in settings_dict.get("OPTIONS", {})  # refused by it
        connection.ensure_connection()
        assert connection.connection.prepare_threshold is None  # nothing prepared

    @through_pgbouncer
    def test_inner_filing(client, tasks_in_process):
        service = ServiceFactory()
        response = client.post(
            f"/en/services/{service.code}/apply/", filing_data(address="ул. Шипка 1")
        )
        assert response.status_code == 302
        assert client.get(response.url).status_code == 200
        assert CitizenRequest.objects.count() == 1
        assert figures_refresh().days  # under its advisory lock, one transaction

    @through_pgbouncer
    def test_inner_staff_queue_and_a_case_action(client):
        department = DepartmentFactory()
        service = ServiceFactory(department=department)
        case = CitizenRequestFactory(service=service)
        clerk = StaffFactory(role=Role.CLERK, departments=[department])
        client.force_login(clerk)

        queue = client.get(reverse("requests_app:staff-queue"))
        assert queue.status_code == 200
        assert case.registry_number in queue.content.decode()

        action = reverse(
            "requests_app:staff-request-action",
            kwargs={"pk": case.pk, "action": "take"},
        )
        assert client.post(action).status_code == 302
        case.refresh_from_db()
        assert case.assigned_to == clerk

    @through_pgbouncer
    def test_inner_export_of_complaints_read_through_iterator(client):
        email = "maria.petrova@mail.example"
        for body in ("Първо оплакване.", "Второ оплакване."):
            feedback_services.complaint_file(
                kind=ComplaintKindFactory(), body=body, contact_email=email
            )
        client.force_login(StaffFactory(role=Role.OFFICER))

        response = client.post("/en/staff/citizen-data/", {"email": email})

        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        data = json.loads(archive.read("data.json"))
        texts = {record["text"] for record in data["complaints"]}
        assert texts == {"Първо оплакване.", "Второ оплакване."}

    @through_pgbouncer
    def test_inner_iterator_survives_other_clients_between_fetches():
        """Read a chunk, let another client hold a server connection in a
        transaction, read on. A server-side cursor would be gone: the next fetch
        would land on the other server connection ("cursor ... does not exist")."""
        for _ in range(3):
            DepartmentFactory()
        rows = Department.objects.order_by("pk").iterator(chunk_size=1)
        first = next(rows)
        settings_dict = connection.settings_dict
        with psycopg.connect(
            host="127.0.0.1",
            port=int(settings_dict["PORT"]),
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"],
            dbname=settings_dict["NAME"],
        ) as other:
            other.execute("SELECT 1")  # in a transaction: holds a server connection
            rest = list(rows)
        assert [first.pk, *(row.pk for row in rest)] == sorted(
            Department.objects.values_list("pk", flat=True)
        )
