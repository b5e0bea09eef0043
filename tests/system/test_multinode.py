"""Two web nodes, two workers, two schedulers, a replica and object storage (#13).

The topology of docs/deployment.md, on the loopback: haproxy round-robin in front of
two gunicorn nodes (debug off, two-factor staff sign-in on), PostgreSQL with a
streaming replica made by pg_basebackup (the dashboard and the reports read it), a
private Redis (broker and cache), moto's S3 server for every file, an SMTP sink, two
Celery workers and two Celery beats. As people would use it:

1. a citizen files a request with an attachment through haproxy;
2. a clerk, on the node that did not take the filing, opens the case and downloads
   the attachment: the same bytes;
3. a manager asks for a report on one node; a worker writes it; the manager
   downloads the PDF from the other node;
4. clients file requests through haproxy for about 20 s while one web node is
   killed (SIGKILL) halfway: only the filings in flight at that instant may fail,
   and every acknowledgement reaches the mail sink exactly once.

Only one of the two beats sends periodic tasks. The figures are printed in the
terminal (with or without -s) and, when MULTINODE_REPORT names a file, saved there
as JSON. Needs root and Debian's haproxy (see tests/system/multinode.py): skipped
outside CI without them, a failure in CI.
"""

import hashlib
import json
import os
import re
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

from servicedesk.beat import LOCK_KEY
from tests.conftest import SmtpSink, _skip_or_fail_outside_ci
from tests.object_storage import ACCESS_KEY, REGION, SECRET_KEY, MotoServer
from tests.system.multinode import (
    PASSWORD,
    SERVE,
    Cluster,
    MultinodeError,
    free_port,
    load_smoke,
    missing_parts,
    production_env,
    staff_setup,
    totp_code,
)

pytestmark = pytest.mark.multinode

STREAM_CLIENTS = 4
STREAM_SECONDS = 20.0
KILL_AFTER = 8.0  # seconds into the stream
MAIL_DRAIN_TIMEOUT = 120.0
# A tiny but real PNG (the upload check reads the content's type), made unique per run.
PNG_HEADER = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
)


@pytest.fixture
def figures(request):
    """The run's figures: printed in the terminal and saved when the test ends."""
    values: dict = {}
    yield values
    if not values:  # skipped before anything ran
        return
    lines = ["", "=== multi-node figures (#13) ==="]
    lines += [f"{name:<44} {value}" for name, value in values.items()]
    text = "\n".join(lines)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(text)
    else:
        print(text)
    if os.environ.get("MULTINODE_REPORT"):
        Path(os.environ["MULTINODE_REPORT"]).write_text(json.dumps(values, indent=2))


@pytest.fixture
def cluster(request):
    missing = missing_parts()
    if missing:
        _skip_or_fail_outside_ci("The multi-node test needs " + "; ".join(missing))
    cluster = Cluster()
    yield cluster
    cluster.stop()


def start_role(cluster: Cluster, name: str, role: str, env: dict, **extra: str):
    """Start a web node, a worker or a beat as production does: scripts/serve.sh."""
    cluster.start(name, ["bash", str(SERVE), role], {**env, **extra})


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]):
    boundary = "----multinode" + os.urandom(12).hex()
    parts: list[bytes] = []
    for name, value in fields:
        parts += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            value.encode(),
        ]
    for name, filename, content in files:
        parts += [
            f"--{boundary}".encode(),
            (
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'
            ).encode(),
            b"Content-Type: image/png",
            b"",
            content,
        ]
    parts += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(parts), f"multipart/form-data; boundary={boundary}"


def form_with(smoke, page: bytes, field: str) -> dict:
    """Return the form of the page that has a field named `field`."""
    parser = smoke.FormParser()
    parser.feed(page.decode())
    for form in parser.forms:
        if any(f["name"] == field for f in form["fields"]):
            return form
    raise AssertionError(f"no form with a field {field!r} on the page")


def hidden(form: dict) -> dict[str, str]:
    return {f["name"]: f["value"] for f in form["fields"] if f["type"] == "hidden"}


def post_form(browser, path: str, data: dict[str, str]):
    body = urllib.parse.urlencode(data).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return browser.request("POST", path, body, headers)


def sign_in(smoke, browser, username: str, key: str) -> None:
    """Password, then the authenticator's code: a verified staff session."""
    status, _headers, page, path = browser.get("/bg/staff/login/")
    assert status == 200, f"the staff sign-in page answered {status}"
    data = {**hidden(form_with(smoke, page, "username"))}
    data.update(username=username, password=PASSWORD)
    status, headers, page = post_form(browser, path, data)
    assert status == 302, smoke.page_errors(page.decode(errors="replace"))
    assert "/staff/login/code/" in headers["Location"], headers["Location"]
    status, _headers, page, path = browser.get(headers["Location"])
    assert status == 200
    data = {**hidden(form_with(smoke, page, "code")), "code": totp_code(key)}
    status, headers, page = post_form(browser, path, data)
    assert status == 302, smoke.page_errors(page.decode(errors="replace"))


class Filer:
    """A citizen's browser filing requests for one service through haproxy."""

    def __init__(self, smoke, base_url: str, service: str) -> None:
        self.smoke = smoke
        self.base_url = base_url
        self.path = f"/bg/services/{service}/apply/"

    def file(self, email: str, attachment: bytes) -> tuple[int, dict, bytes]:
        browser = self.smoke.Browser(self.base_url)
        status, _headers, page, _path = browser.get(self.path)
        if status != 200:
            return status, {}, page
        form = next(
            f
            for f in self._forms(page)
            if any(field["type"] == "file" for field in f["fields"])
        )
        fields = [
            (name, email if name == "citizen_email" or "email" in name else value)
            for name, value in self.smoke.form_data(form["fields"])
        ]
        file_field = next(f["name"] for f in form["fields"] if f["type"] == "file")
        body, content_type = multipart(fields, [(file_field, "scan.png", attachment)])
        return browser.request("POST", self.path, body, {"Content-Type": content_type})

    def _forms(self, page: bytes) -> list[dict]:
        parser = self.smoke.FormParser()
        parser.feed(page.decode())
        return parser.forms


def served_by(headers: dict) -> str:
    """The node that answered, as haproxy names it (HTTP/1 header names lowered)."""
    found = {name.lower(): value for name, value in headers.items()}
    return found.get("x-served-by", "")


def png(tag: str) -> bytes:
    return PNG_HEADER + b"multinode " + tag.encode() + os.urandom(16)


def stream_filings(
    filer: Filer, cluster: Cluster, prefix: str
) -> tuple[list[dict], float, str]:
    """File from STREAM_CLIENTS threads for STREAM_SECONDS; kill a node halfway.

    The node killed is the one that has accepted the most filings so far, so that
    the kill always hits a node in use. Returns one record per filing (start, end,
    accepted, address, node, error), the monotonic time of the kill and the node.
    """
    records: list[dict] = []
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = started + STREAM_SECONDS

    def client(number: int) -> None:
        sequence = 0
        while time.monotonic() < stop_at:
            sequence += 1
            email = f"{prefix}-{number}-{sequence}@example.org"
            record = {"email": email, "start": time.monotonic(), "error": ""}
            try:
                status, headers, body = filer.file(email, png(email))
                record["accepted"] = status == 302
                record["node"] = served_by(headers)
                if status != 302:
                    text = body.decode(errors="replace")
                    title = re.search(r"<title>(.*?)</title>", text, re.S)
                    said = title.group(1) if title else re.sub(r"<[^>]+>", " ", text)
                    record["error"] = f"HTTP {status} " + " ".join(said.split())[:60]
            except Exception as error:  # a dropped connection, a timeout
                record["accepted"] = False
                record["error"] = f"{type(error).__name__}: {error}"
            record["end"] = time.monotonic()
            with lock:
                records.append(record)

    threads = [
        threading.Thread(target=client, args=(n,), daemon=True)
        for n in range(STREAM_CLIENTS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(KILL_AFTER)
    with lock:
        busiest = Counter(r["node"] for r in records if r["accepted"]).most_common(1)
    kill_node = busiest[0][0] if busiest else "node1"
    killed_at = time.monotonic()
    cluster.kill(kill_node)
    for thread in threads:
        thread.join(timeout=STREAM_SECONDS + 60)
    return records, killed_at, kill_node


def test_two_nodes_share_files_reports_sessions_and_survive_a_node_kill(
    cluster, figures
):
    began = time.monotonic()
    smoke = load_smoke()
    try:
        _run(cluster, figures, smoke)
    except MultinodeError as error:
        print(cluster.tails())
        pytest.fail(str(error))
    except BaseException:
        print(cluster.tails())
        raise
    finally:
        figures["wall time of the test (s)"] = round(time.monotonic() - began, 1)


def _run(cluster: Cluster, figures: dict, smoke) -> None:
    began = time.monotonic()
    # --- the parts ---------------------------------------------------------------
    cluster.database_create()
    backup = cluster.replica_backup()  # copies while the database is migrated
    redis_port = cluster.redis_start()
    moto = MotoServer(cluster.logs / "moto.log")
    moto.start()
    cluster.cleanups.append(moto.stop)
    bucket = moto.new_bucket()
    sink = SmtpSink()
    sink.controller.start()
    cluster.cleanups.append(sink.controller.stop)

    public_port = free_port()
    public_url = f"http://127.0.0.1:{public_port}"
    env = production_env(
        os.environ,
        DATABASE_URL=cluster.database_url,
        CELERY_BROKER_URL=f"redis://127.0.0.1:{redis_port}/0",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/1",
        EMAIL_URL=sink.url,
        SITE_URL=public_url,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=moto.endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
        # Every client comes from 127.0.0.1 through haproxy, which is trusted.
        TRUSTED_PROXIES="127.0.0.1",
        THROTTLE_FILING_PER_CLIENT="100000/h",
        THROTTLE_FILING_PER_EMAIL="100/d",
    )
    # The migrate role first, once, as at every release.
    cluster.start("migrate", ["bash", str(SERVE), "migrate"], env)
    if cluster.processes.pop("migrate").wait(timeout=180) != 0:
        raise MultinodeError(f"serve.sh migrate failed:\n{cluster.log('migrate')}")
    cluster.manage(env, "load_demo")
    staff = staff_setup(cluster, env)
    figures["database migrated and demo loaded (s)"] = round(
        time.monotonic() - began, 1
    )
    cluster.replica_start(backup)
    figures["replica streaming (s)"] = round(time.monotonic() - began, 1)
    env["DATABASE_REPLICA_URL"] = cluster.replica_url()

    node_ports = {"node1": free_port(), "node2": free_port()}
    for name, port in node_ports.items():
        start_role(cluster, name, "web", env, BIND=f"127.0.0.1:{port}")
    for name in ("worker1", "worker2"):
        start_role(cluster, name, "worker", env, CELERY_WORKER_NAME=f"{name}@%h")
    for name in ("beat1", "beat2"):
        start_role(
            cluster,
            name,
            "beat",
            env,
            CELERY_BEAT_SCHEDULE_FILE=str(cluster.root / f"{name}-schedule"),
        )
    cluster.haproxy_start(public_port, node_ports)
    node_urls = {name: f"http://127.0.0.1:{port}" for name, port in node_ports.items()}

    def healthy(url: str):
        def check() -> bool:
            cluster.check_alive()
            try:
                status = smoke.Browser(url).request("GET", "/healthz")[0]
            except OSError:
                return False
            return status == 200

        return check

    for name, url in {**node_urls, "haproxy": public_url}.items():
        cluster.wait_until(f"{name} /healthz 200", healthy(url))
    for name in ("worker1", "worker2"):
        cluster.wait_until(f"{name} ready", lambda n=name: " ready." in cluster.log(n))
    figures["start-up of every part (s)"] = round(time.monotonic() - began, 1)

    # --- 1. a citizen files with an attachment, through haproxy --------------------
    service = staff["services"][0]
    filer = Filer(smoke, public_url, service)
    attachment = png("first")
    citizen_email = "multinode-citizen@example.org"
    status, headers, page = filer.file(citizen_email, attachment)
    assert status == 302, smoke.page_errors(page.decode(errors="replace"))
    filing_node = served_by(headers)
    other_node = next(name for name in node_urls if name != filing_node)
    stored = moto.client().list_objects_v2(Bucket=bucket).get("KeyCount", 0)
    assert stored >= 1, "the attachment is not in the object store"
    figures["filing with attachment served by"] = filing_node

    # --- 2. a clerk on the other node opens the case and downloads the file ---------
    clerk = smoke.Browser(node_urls[other_node])
    sign_in(smoke, clerk, "clerk", staff["keys"]["clerk"])
    status, _h, page, _p = clerk.get(
        "/bg/staff/queue/?" + urllib.parse.urlencode({"q": citizen_email})
    )
    assert status == 200
    cases = re.findall(r'href="(/bg/staff/requests/\d+/)"', page.decode())
    assert cases, "the clerk's queue does not find the filing"
    status, _h, page, _p = clerk.get(cases[0])
    assert status == 200
    links = re.findall(r'href="(/bg/staff/attachments/[\w-]+/)"', page.decode())
    assert links, "the case page links no attachment"
    status, _h, downloaded = clerk.request("GET", links[0])
    assert status == 200
    assert downloaded == attachment
    figures["attachment opened by the clerk on"] = f"{other_node} (same bytes)"

    # --- 3. a manager's report: asked on one node, written by a worker, read on the
    # other ------------------------------------------------------------------------
    manager = smoke.Browser(node_urls[filing_node])
    sign_in(smoke, manager, "manager", staff["keys"]["manager"])
    status, _h, page, _p = manager.get("/bg/staff/dashboard/")
    assert status == 200
    form = form_with(smoke, page, "period_kind")
    generate = next(
        f
        for f in _forms(smoke, page)
        if f["action"].endswith("/staff/dashboard/reports/")
    )
    assert form  # the filter form is there; the generate form carries its scope
    status, headers, _page = post_form(manager, generate["action"], hidden(generate))
    assert status == 302, "the report was not requested"
    status_path = urllib.parse.urlsplit(headers["Location"]).path
    report_pk = re.search(r"/reports/(\d+)/", status_path).group(1)

    def report_done():
        cluster.check_alive()
        status, _h, page, _p = manager.get(status_path)
        found = re.search(
            r"report\.pdf\".*?<code[^>]*>([0-9a-f]{64})<", page.decode(), re.S
        )
        return found.group(1) if status == 200 and found else None

    pdf_sha256 = cluster.wait_until("the report's PDF", report_done, 120)
    manager.base_url = node_urls[other_node]
    status, headers, pdf = manager.request("GET", f"/bg/reports/{report_pk}/report.pdf")
    assert status == 200
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == pdf_sha256
    writers = [
        name
        for name in ("worker1", "worker2")
        if re.search(r"standards\.tasks\.\w+\[[^\]]+\] succeeded", cluster.log(name))
    ]
    assert writers, "no worker logged the report's task"
    replica_sessions = cluster.replica_query(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", cluster.database
    )[0][0]
    assert replica_sessions >= 1, "nothing read from the replica"
    figures["report written by"] = ", ".join(writers)
    figures["report PDF downloaded from"] = f"{other_node} ({len(pdf)} bytes)"
    figures["connections to the replica"] = replica_sessions

    # --- 4. a stream of filings; one node killed halfway -------------------------
    records, killed_at, kill_node = stream_filings(filer, cluster, "stream")
    accepted = [r for r in records if r["accepted"]]
    failed = [r for r in records if not r["accepted"]]
    in_flight = [r for r in failed if r["start"] <= killed_at <= r["end"]]
    other_failures = [r for r in failed if r not in in_flight]
    served = Counter(r["node"] for r in accepted)
    figures["filings sent"] = len(records)
    figures["filings accepted"] = len(accepted)
    figures["filings failed during the node kill"] = len(in_flight)
    figures["filings failed otherwise"] = len(other_failures)
    figures["what the failed filings got"] = dict(Counter(r["error"] for r in failed))
    figures["accepted by node"] = dict(served)
    figures["killed node"] = f"{kill_node} (SIGKILL at {KILL_AFTER:.0f} s)"

    # Every accepted filing is acknowledged; a filing in flight at the kill may have
    # been committed before the node died: then it is acknowledged too.
    emails = {r["email"] for r in records}
    filed = {
        row[0]
        for row in cluster.primary_query(
            "SELECT citizen_email FROM requests_app_citizenrequest "
            "WHERE citizen_email LIKE 'stream-%%'"
        )
    }
    expected = filed & emails

    def drained():
        cluster.check_alive("worker1", "worker2")
        got = {m["X-Envelope-To"] for m in list(sink.messages)}
        return expected <= got

    cluster.wait_until("every acknowledgement", drained, MAIL_DRAIN_TIMEOUT)
    time.sleep(3)  # a duplicate would come now
    # Letters by post wait for the staff's letters batch (the demo has some): never
    # sent by a worker, they are not "left unsent".
    unsent = cluster.primary_query(
        "SELECT count(*) FROM requests_app_notice "
        "WHERE sent_at IS NULL AND channel <> 'post'"
    )[0][0]
    delivered = Counter(
        m["X-Envelope-To"] for m in sink.messages if m["X-Envelope-To"] in emails
    )
    duplicates = {email: n for email, n in delivered.items() if n > 1}
    figures["filings stored in the database"] = len(expected)
    figures["acknowledgements delivered"] = sum(delivered.values())
    figures["duplicate acknowledgements"] = sum(n - 1 for n in duplicates.values())
    figures["notices left unsent in the outbox"] = unsent

    # --- the schedulers: one acts, the other stands by -----------------------------
    def sending() -> list[str]:
        cluster.check_alive("beat1", "beat2")
        return [n for n in ("beat1", "beat2") if "Sending due task" in cluster.log(n)]

    acting = cluster.wait_until("a beat to send a periodic task", sending, 90)
    standing_by = [
        n for n in ("beat1", "beat2") if "beat: standing by" in cluster.log(n)
    ]
    locks = cluster.primary_query(
        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
        "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = %s "
        "AND l.objsubid = 1 AND l.classid::bigint = %s AND l.objid::bigint = %s",
        cluster.database,
        LOCK_KEY >> 32,
        LOCK_KEY & 0xFFFFFFFF,
    )[0][0]
    figures["beats sending periodic tasks"] = ", ".join(acting)
    figures["beats standing by"] = ", ".join(standing_by)
    figures["scheduler locks held"] = locks

    assert other_failures == [], [
        (r["error"], r["node"], round(r["start"] - killed_at, 2))
        for r in other_failures
    ]
    assert len(in_flight) <= STREAM_CLIENTS
    assert len(accepted) >= 0.9 * len(records)
    assert served[kill_node] > 0, "the killed node took no filing before the kill"
    assert {r["email"] for r in accepted} <= set(delivered)
    assert duplicates == {}
    assert set(delivered) <= emails
    assert unsent == 0
    assert len(acting) == 1, f"beats sending tasks: {acting}"
    assert standing_by and set(standing_by) != set(acting)
    assert locks == 1


def _forms(smoke, page: bytes) -> list[dict]:
    parser = smoke.FormParser()
    parser.feed(page.decode())
    return parser.forms
