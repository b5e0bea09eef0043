"""Private brokers and the real start script, for the roles tests (#13).

Each test starts its own redis-server or RabbitMQ node on free ports, in a folder of
its own, and stops it (and only it): the machine's shared services are never touched.
`ServeProcess` runs `scripts/serve.sh <role>` in a session of its own with its output
in a log file, and stops it the way an operator does (SIGTERM), killing the session
if that is not enough.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SERVE = BASE_DIR / "scripts" / "serve.sh"
RABBITMQ_SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
START_TIMEOUT = 60  # seconds; a RabbitMQ node's first start takes 5-15 s here


class BrokerError(Exception):
    """A private broker did not start or stop; the message says why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _stop_session(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM the process, then SIGKILL its whole session if it lingers."""
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # anything it left behind
    process.wait()


class PrivateRedis:
    """A redis-server on a free port, without persistence (a restart loses its data,
    as a broker restart without persistence does)."""

    name = "redis"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def start(self) -> None:
        log = (self.folder / "redis.log").open("a")
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not _port_open(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise BrokerError(f"redis-server did not start: see {log.name}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            _stop_session(self.process)
            self.process = None

    def queued(self) -> int:
        """Return the number of task messages waiting in the broker."""
        import redis

        client = redis.Redis(port=self.port)
        try:
            keys = [
                key for key in client.keys("celery*") if client.type(key) == b"list"
            ]
            return sum(client.llen(key) for key in keys)
        finally:
            client.close()


class PrivateRabbitMQ:
    """A RabbitMQ node of its own: name sdtest-<port>@localhost, its own AMQP and
    distribution ports, data, logs, configuration and Erlang cookie in `folder`, no
    plugins. The machine's node (rabbit@localhost, port 5672) is never touched."""

    name = "rabbitmq"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.dist_port = free_port()
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}//"
        self.process: subprocess.Popen | None = None
        (self.folder / "rabbitmq.conf").write_text(
            f"listeners.tcp.1 = 127.0.0.1:{self.port}\nloopback_users = none\n"
        )
        (self.folder / "enabled_plugins").write_text("[].\n")
        (self.folder / "rabbitmq-env.conf").write_text("")

    @staticmethod
    def available() -> bool:
        return RABBITMQ_SERVER.is_file() and shutil.which("erl") is not None

    def environment(self) -> dict[str, str]:
        folder = self.folder
        return {
            "PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
            "HOME": str(folder),  # the node's Erlang cookie goes there
            "LANG": "C.UTF-8",
            "RABBITMQ_NODENAME": f"sdtest-{self.port}@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_CONFIG_FILE": str(folder / "rabbitmq.conf"),
            "RABBITMQ_CONF_ENV_FILE": str(folder / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(folder / "enabled_plugins"),
            "RABBITMQ_PLUGINS_EXPAND_DIR": str(folder / "plugins-expand"),
            "RABBITMQ_MNESIA_BASE": str(folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(folder / "log"),
            "RABBITMQ_PID_FILE": str(folder / "rabbitmq.pid"),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": (
                "-kernel inet_dist_use_interface {127,0,0,1}"
            ),
        }

    def start(self) -> None:
        log = (self.folder / "server.log").open("a")
        self.process = subprocess.Popen(
            [str(RABBITMQ_SERVER)],
            cwd=self.folder,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = "".join(Path(log.name).read_text().splitlines(True)[-20:])
                self.stop()
                raise BrokerError(f"the RabbitMQ node did not start:\n{tail}")
            time.sleep(0.25)

    def _answers(self) -> bool:
        """Return whether the node accepts an AMQP session (not only the port)."""
        if not _port_open(self.port):
            return False
        from amqp.exceptions import AMQPError
        from kombu import Connection
        from kombu.exceptions import OperationalError

        try:
            with Connection(self.url, connect_timeout=2) as connection:
                connection.connect()
                return True
        except (OSError, OperationalError, AMQPError):  # still booting
            return False

    def stop(self) -> None:
        """Stop the node as a service manager does (SIGTERM), and wait for it."""
        if self.process is None:
            return
        pid_file = self.folder / "rabbitmq.pid"
        if pid_file.is_file() and pid_file.read_text().strip().isdigit():
            # The Erlang VM (a child of the start script) shuts down on SIGTERM.
            beam = int(pid_file.read_text().strip())
            with contextlib.suppress(ProcessLookupError):
                os.kill(beam, signal.SIGTERM)
            deadline = time.monotonic() + 30
            while _pid_alive(beam) and time.monotonic() < deadline:
                time.sleep(0.1)
            pid_file.unlink(missing_ok=True)
        _stop_session(self.process)
        self.process = None

    def queued(self) -> int:
        """Return the number of task messages ready in the broker's queue."""
        from amqp.exceptions import NotFound
        from kombu import Connection

        with Connection(self.url, connect_timeout=2) as connection:
            channel = connection.channel()
            try:
                declared = channel.queue_declare(queue="celery", passive=True)
            except NotFound:  # no queue yet: nothing waits
                return 0
            return declared.message_count


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class ServeProcess:
    """`scripts/serve.sh <role>` in a session of its own, its output in `log_path`."""

    def __init__(self, role: str, env: dict[str, str], log_path: Path) -> None:
        self.role = role
        self.log_path = log_path
        with log_path.open("w") as log:
            self.process = subprocess.Popen(
                ["bash", str(SERVE), role],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def wait_for_log(self, text: str, *, count: int = 1, timeout: float = 60) -> None:
        """Wait until `text` is in the log `count` times, or fail the test."""
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            if self.process.poll() is not None:
                raise AssertionError(f"serve.sh {self.role} ended:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{text!r} not {count} times in the {self.role} log within "
                    f"{timeout} s:\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def child_pid(self) -> int:
        """Return the pid of the role's process serve.sh started last."""
        started = re.findall(rf"\] {self.role} started \(pid (\d+)\)", self.log())
        assert started, f"serve.sh has not started {self.role}:\n{self.log_tail()}"
        return int(started[-1])

    def stop(self) -> None:
        _stop_session(self.process, timeout=40)
