"""A multi-node service desk on the loopback, for tests/system/test_multinode.py (#13).

What docs/deployment.md describes, on one machine: PostgreSQL (the machine's cluster,
a database of the test's own) with a streaming replica (a second cluster made with
pg_basebackup, on a free port), a private Redis (broker and cache), an S3-compatible
store (moto's server), an SMTP sink, two web nodes (gunicorn) behind haproxy, two
Celery workers and two Celery beats. Every process gets its own log file; `Cluster`
stops all of them, and removes the replica's folder and the database, however the
test ends.

Needs root (the replica runs as the `postgres` user), haproxy, redis-server,
pg_basebackup and pg_ctl of the server's version, moto_server in the venv, a role that
may create databases, and a pg_hba.conf line allowing replication connections from
127.0.0.1 (`host replication all 127.0.0.1/32 trust`, or with a password).
"""

import contextlib
import importlib.util
import ipaddress
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SERVE = BASE_DIR / "scripts" / "serve.sh"
# The role CI creates (.ci/run); DATABASE_URL's own credentials win when it names
# PostgreSQL on this machine.
DEFAULT_SERVER_URL = "postgres://servicedesk:servicedesk-ci@127.0.0.1:5432/postgres"
START_TIMEOUT = 90  # seconds for any part to answer; a cold start on 2 busy cores
PASSWORD = "demo12345"  # the demo accounts' (load_demo with DJANGO_DEMO_ACCOUNTS)


class MultinodeError(Exception):
    """A part did not start or did not behave; the message says which."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_smoke():
    """Return scripts/smoke.py as a module: its browser without JavaScript and form
    filler are what a citizen's filing looks like over HTTP."""
    spec = importlib.util.spec_from_file_location(
        "servicedesk_smoke", BASE_DIR / "scripts" / "smoke.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def server_url() -> str:
    """Return a URL of the PostgreSQL server whose role may create databases."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("postgres", "postgresql") and parts.hostname in (
        "127.0.0.1",
        "localhost",
    ):
        return urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    return DEFAULT_SERVER_URL


def with_database(url: str, name: str, *, port: int | None = None) -> str:
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if port is not None:
        netloc = re.sub(r":\d+$", "", netloc) + f":{port}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc, path=f"/{name}"))


def psql_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def missing_parts() -> list[str]:
    """Return what this machine lacks to run the multi-node test (empty: nothing)."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root (the replica runs as the postgres user)")
    packages = {
        "haproxy": "haproxy",
        "redis-server": "redis-server",
        "pg_basebackup": "postgresql-client",
        "runuser": "util-linux",
    }
    for tool, package in packages.items():
        if shutil.which(tool) is None:
            missing.append(f"{tool} (apt-get install {package})")
    if not (VENV_BIN / "moto_server").exists():
        missing.append("moto_server (pip install 'moto[server]')")
    try:
        import psycopg

        with psycopg.connect(psql_url(server_url()), connect_timeout=5) as conn:
            major = conn.info.server_version // 10000
    except Exception as error:  # any reason the server cannot be used
        missing.append(f"PostgreSQL at {server_url()} ({error})")
    else:
        if not (pg_bin(major) / "pg_ctl").exists():
            missing.append(f"{pg_bin(major)}/pg_ctl (PostgreSQL {major} server)")
        if not replication_allowed():
            missing.append(
                "a pg_hba.conf line allowing replication from the loopback "
                "(host replication all 127.0.0.1/32 trust), then SELECT "
                "pg_reload_conf()"
            )
    return missing


def replication_allowed() -> bool:
    """Return whether pg_hba.conf lets pg_basebackup connect from 127.0.0.1."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url())
    admin = f"postgresql://postgres@{parts.hostname}:{parts.port or 5432}/postgres"
    try:
        with psycopg.connect(admin, connect_timeout=5) as conn:
            rules = conn.execute(
                "SELECT type, database, address, netmask FROM pg_hba_file_rules "
                "WHERE error IS NULL AND type LIKE 'host%%'"
            ).fetchall()
    except psycopg.Error:
        return False
    loopback = ipaddress.ip_address("127.0.0.1")
    for _type, databases, address, netmask in rules:
        if "replication" not in databases:
            continue
        if address in ("all", "samehost", "samenet"):
            return True
        with contextlib.suppress(ValueError):
            network = ipaddress.ip_network(f"{address}/{netmask}", strict=False)
            if loopback in network:
                return True
    return False


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pg_bin(major: int) -> Path:
    return Path(f"/usr/lib/postgresql/{major}/bin")


class Cluster:
    """Every process of the multi-node run, their logs, and their teardown."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="sd-multinode-"))
        (self.root / "owner.pid").write_text(str(os.getpid()))
        self.logs = self.root / "logs"
        self.logs.mkdir()
        self.processes: dict[str, subprocess.Popen] = {}
        self.database = f"sd_multinode_{os.getpid()}"
        self.server_url = server_url()
        self.database_url = with_database(self.server_url, self.database)
        self.replica_dir: Path | None = None
        self.replica_port: int | None = None
        self.pg_bin: Path | None = None
        self.database_created = False
        self.backup: subprocess.Popen | None = None
        self.cleanups: list = []

    # --- processes ---------------------------------------------------------------

    def start(self, name: str, command: list[str], env: dict | None = None) -> None:
        with (self.logs / f"{name}.log").open("ab") as log:
            self.processes[name] = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own group: its children stop with it
            )

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def check_alive(self, *names: str) -> None:
        for name in names or tuple(self.processes):
            process = self.processes[name]
            if process.poll() is not None:
                raise MultinodeError(
                    f"{name} exited ({process.returncode}):\n{self.log(name)[-3000:]}"
                )

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to the process and every child of it (its process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.processes[name].pid, sig)

    def wait_until(self, what: str, check, timeout: float = START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            time.sleep(0.25)
        raise MultinodeError(f"timed out after {timeout:.0f} s waiting for {what}")

    def tails(self, lines: int = 25) -> str:
        out = []
        for path in sorted(self.logs.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"----- last {len(tail)} lines of {path.name} -----")
            out.extend(tail)
        return "\n".join(out)

    def stop(self) -> None:
        """Stop every process, the replica, drop the database, remove the folder."""
        for name in reversed(list(self.processes)):
            self.kill(name, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self.backup is not None and self.backup.poll() is None:
            # A run that failed while the replica was being copied.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.backup.pid, signal.SIGKILL)
            self.backup.wait()
        for cleanup in reversed(self.cleanups):
            with contextlib.suppress(Exception):
                cleanup()
        self.replica_stop()
        if self.database_created:
            import psycopg

            with psycopg.connect(psql_url(self.server_url), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.root, ignore_errors=True)

    # --- PostgreSQL: the database and its streaming replica ------------------------

    def remove_leftovers(self) -> None:
        """Stop the replicas and drop the databases of runs killed before teardown
        (a CI timeout ends pytest without finalizers)."""
        import psycopg

        for owner in Path(tempfile.gettempdir()).glob("sd-multinode-*/owner.pid"):
            if owner.parent != self.root and not pid_alive(int(owner.read_text())):
                self.replica_dir = owner.parent / "replica"
                self.replica_stop()
                shutil.rmtree(owner.parent, ignore_errors=True)
        self.replica_dir = None
        with psycopg.connect(psql_url(self.server_url), autocommit=True) as conn:
            for (name,) in conn.execute("SELECT datname FROM pg_database").fetchall():
                found = re.fullmatch(r"sd_multinode_(\d+)", name)
                if found and not pid_alive(int(found.group(1))):
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def database_create(self) -> None:
        import psycopg

        with psycopg.connect(psql_url(self.server_url), autocommit=True) as conn:
            self.pg_bin = pg_bin(conn.info.server_version // 10000)
        self.remove_leftovers()
        with psycopg.connect(psql_url(self.server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.database}"')
            self.database_created = True
            settings = {
                name: conn.execute(f"SHOW {name}").fetchone()[0]
                for name in (
                    "max_connections",
                    "max_worker_processes",
                    "max_wal_senders",
                    "max_prepared_transactions",
                    "max_locks_per_transaction",
                )
            }
        self.primary_settings = settings

    def replica_backup(self) -> subprocess.Popen:
        """Start pg_basebackup of the whole primary cluster into a folder of ours.

        A hot standby must allow at least the primary's connections, workers and
        locks, so those are copied into its own postgresql.conf (Debian keeps the
        primary's configuration in /etc, outside the data folder).
        """
        self.replica_dir = self.root / "replica"
        shutil.chown(self.root, user="postgres")
        shutil.chown(self.logs, user="postgres")  # pg_ctl writes the replica's log
        parts = urllib.parse.urlsplit(self.server_url)
        command = [
            *("runuser", "-u", "postgres", "--", "pg_basebackup"),
            *("-D", str(self.replica_dir), "-R", "--checkpoint=fast", "-X", "stream"),
            *("-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)),
            *("-U", "postgres", "--no-password"),
        ]
        with (self.logs / "pg_basebackup.log").open("wb") as log:
            self.backup = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self.backup

    def replica_start(self, backup: subprocess.Popen) -> None:
        if backup.wait(timeout=300) != 0:
            raise MultinodeError(
                "pg_basebackup failed (pg_hba.conf must allow replication from "
                f"127.0.0.1):\n{self.log('pg_basebackup')[-2000:]}"
            )
        assert self.replica_dir is not None and self.pg_bin is not None
        self.replica_port = free_port()
        conf = [
            "listen_addresses = '127.0.0.1'",
            "hot_standby = on",
            "shared_buffers = 64MB",
            "fsync = off",  # a throw-away copy
            *(f"{name} = {value}" for name, value in self.primary_settings.items()),
        ]
        (self.replica_dir / "postgresql.conf").write_text("\n".join(conf) + "\n")
        (self.replica_dir / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        (self.replica_dir / "pg_ident.conf").write_text("")
        for path in self.replica_dir.glob("pg_*.conf"):
            shutil.chown(path, user="postgres")
        shutil.chown(self.replica_dir / "postgresql.conf", user="postgres")
        options = f"-p {self.replica_port} -c unix_socket_directories={self.root}"
        result = subprocess.run(
            [
                *("runuser", "-u", "postgres", "--", str(self.pg_bin / "pg_ctl")),
                *("-D", str(self.replica_dir), "-o", options),
                *("-l", str(self.logs / "replica.log"), "-w", "-t", "120", "start"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise MultinodeError(
                f"the replica did not start: {result.stdout}{result.stderr}\n"
                f"{self.log('replica')[-2000:]}"
            )

    def replica_url(self) -> str:
        return with_database(self.database_url, self.database, port=self.replica_port)

    def replica_query(self, sql: str, *params):
        import psycopg

        with psycopg.connect(psql_url(self.replica_url()), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def replica_stop(self) -> None:
        if self.replica_dir is None or self.pg_bin is None:
            return
        if (self.replica_dir / "postmaster.pid").exists():
            subprocess.run(
                [
                    *("runuser", "-u", "postgres", "--", str(self.pg_bin / "pg_ctl")),
                    *("-D", str(self.replica_dir), "-m", "immediate", "-w", "stop"),
                ],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.replica_dir, ignore_errors=True)

    def primary_query(self, sql: str, *params):
        import psycopg

        with psycopg.connect(psql_url(self.database_url), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    # --- Redis, haproxy ----------------------------------------------------------

    def redis_start(self) -> int:
        port = free_port()
        self.start(
            "redis",
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(port)),
                *("--save", "", "--appendonly", "no", "--dir", str(self.root)),
            ],
        )
        import redis

        def answers() -> bool:
            self.check_alive("redis")
            with contextlib.suppress(redis.exceptions.ConnectionError):
                return redis.Redis(port=port).ping()
            return False

        self.wait_until("Redis", answers)
        return port

    def haproxy_start(self, port: int, node_ports: dict[str, int]) -> None:
        """Round-robin over the nodes, health-checked on /healthz every 0.5 s.

        A request that cannot connect to its node is sent to the other one
        (`retries` with `redispatch`); one that reached a node which then died is
        not retried: the node may have committed it, and a second filing would
        send a second acknowledgement. The node's name comes back in X-Served-By.
        """
        servers = "\n".join(
            f"    server {name} 127.0.0.1:{node_port} check"
            for name, node_port in node_ports.items()
        )
        config = f"""\
global
    maxconn 512
    log stdout format raw local0 info
defaults
    mode http
    log global
    option httplog
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 3
    option redispatch 1
frontend public
    bind 127.0.0.1:{port}
    default_backend web
backend web
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2
    http-response set-header X-Served-By %[srv_name]
{servers}
"""
        path = self.root / "haproxy.cfg"
        path.write_text(config)
        self.start("haproxy", ["haproxy", "-db", "-f", str(path)])

    # --- the application ---------------------------------------------------------

    def manage(self, env: dict, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if result.returncode != 0:
            raise MultinodeError(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
            )
        return result.stdout


def production_env(base: dict, **values: str) -> dict:
    """Return the environment of a production node: no test or CI settings leak in.

    Every variable settings.py reads is dropped from `base` (pytest and CI set some,
    such as DJANGO_TESTING or the suite's own DATABASE_URL), then `values` are set,
    with a fresh secret key and Fernet key, as scripts/smoke.py does.
    """
    from cryptography.fernet import Fernet

    from tests.object_storage import environ_names_read

    env = {k: v for k, v in base.items() if k not in environ_names_read()}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        DJANGO_SECURE="false",  # plain HTTP on the loopback; TLS is the proxy's
        DJANGO_STAFF_TWO_FACTOR="true",
        DJANGO_DEMO_ACCOUNTS="true",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Static files from the apps' folders (no collectstatic into the checkout's
        # shared staticfiles/); not what the test is about.
        DJANGO_STATIC_MANIFEST="false",
        WHITENOISE_USE_FINDERS="true",
    )
    env.update(values)
    return env


# Run by `manage.py shell -c` once the demo is loaded: the staff the scenario needs,
# each with a confirmed authenticator app whose key the test uses to compute codes.
STAFF_SETUP = """
import json
from django_otp.plugins.otp_totp.models import TOTPDevice
from requests_app.models import Service, User

keys = {}
for username in ("clerk", "manager"):
    user = User.objects.get(username=username)
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="multinode", confirmed=True)
    keys[username] = device.key
clerk = User.objects.get(username="clerk")
codes = list(
    Service.objects.filter(department__in=clerk.departments.all())
    .order_by("code")
    .values_list("code", flat=True)
)
print("MULTINODE " + json.dumps({"keys": keys, "services": codes}))
"""


def staff_setup(cluster: Cluster, env: dict) -> dict:
    out = cluster.manage(env, "shell", "-v", "0", "-c", STAFF_SETUP)
    line = next(line for line in out.splitlines() if line.startswith("MULTINODE "))
    return json.loads(line.removeprefix("MULTINODE "))


def totp_code(hex_key: str) -> str:
    """The code an authenticator app shows now for the device's key."""
    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(hex_key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return f"{totp.token():06d}"


def is_http_error(error: BaseException) -> bool:
    return isinstance(error, (urllib.error.URLError, OSError, TimeoutError))
