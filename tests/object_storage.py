"""An S3-compatible server for tests: moto's server mode on a free loopback port.

The project's files go to such a store when MEDIA_STORAGE=s3 (servicedesk/settings.py).
No S3 server is packaged on these machines; moto (PyPI) answers the S3 protocol over
real HTTP, and refuses unsigned reads of private objects as S3 does. The storage
options come from settings.py itself, run under MEDIA_STORAGE=s3, so that the tests
use what production would.
"""

import re
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import environ
import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
SETTINGS = BASE_DIR / "servicedesk" / "settings.py"
MOTO_SERVER = Path(sys.executable).with_name("moto_server")
START_TIMEOUT = 30  # seconds; moto imports a lot on its first start
# moto takes any key pair; these never leave the loopback.
ACCESS_KEY, SECRET_KEY, REGION = "servicedesk-test", "servicedesk-test", "us-east-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MotoServer:
    """A `moto_server` subprocess: start, wait until it answers, make buckets, stop."""

    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the server; raise RuntimeError when it does not answer in time."""
        if not MOTO_SERVER.exists():
            raise RuntimeError(
                f"{MOTO_SERVER} is missing (pip install 'moto[server]')."
            )
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.endpoint, timeout=1).close()
                return
            except urllib.error.HTTPError:
                return  # it answers, whatever it says about "/"
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"moto_server did not answer on {self.endpoint}: "
            f"{self.log_path.read_text(errors='replace')[-2000:]}"
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def client(self):
        """Return a boto3 S3 client of the server: what an operator's tools see."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def new_bucket(self) -> str:
        name = f"servicedesk-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=name)
        return name


def settings_under(**variables: str) -> dict:
    """Run servicedesk/settings.py with only `variables` set; return its names.

    Every variable settings.py reads is unset first (CI sets some), and no .env file
    is read.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(environ.Env, "read_env", lambda *args, **kwargs: None)
        for name in environ_names_read():
            patch.delenv(name, raising=False)
        for name, value in variables.items():
            patch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))


def environ_names_read() -> set[str]:
    """Return the names settings.py reads with env(...), env.bool(...) and the like."""
    pattern = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"')
    return {*pattern.findall(SETTINGS.read_text()), "DJANGO_TESTING"}


def s3_storages(server: MotoServer, bucket: str) -> dict:
    """Return STORAGES as settings.py builds it for MEDIA_STORAGE=s3 and `bucket`."""
    return settings_under(
        DJANGO_DEBUG="true",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=server.endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
    )["STORAGES"]
