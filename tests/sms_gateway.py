"""A small SMS gateway on the loopback, speaking the JSON API of `requests_app.sms`.

A real HTTP server in a thread: it checks the bearer token, records each message,
answers `{"id": ...}`, and sends a reference it has seen once only (the same id
again), as the settings documentation asks of a real gateway. It can be made to fail
(500) or to hang (to time the client out), before or after accepting a message, and
it posts delivery reports to the site's webhook, over a socket, as a gateway would.
"""

import itertools
import json
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

TOKEN = "fake-gateway-token"


@dataclass
class Sms:
    to: str
    text: str
    reference: str
    id: str


@dataclass
class FakeGateway:
    url: str
    messages: list[Sms] = field(default_factory=list)
    attempts: int = 0  # every POST, refused or not
    # "ok"; "error" (500, nothing sent); "hang" (no answer, nothing sent);
    # "accept_then_hang" (sent, but the answer never comes: an unknown outcome).
    mode: str = "ok"
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1001))

    def texts_to(self, phone: str) -> list[str]:
        return [sms.text for sms in self.messages if sms.to == phone]

    def accept(self, payload: dict) -> Sms:
        """Record the message, once per reference; return it."""
        with self.lock:
            for sms in self.messages:
                if sms.reference == payload["reference"]:
                    return sms
            sms = Sms(
                to=payload["to"],
                text=payload["text"],
                reference=payload["reference"],
                id=f"gw-{next(self._ids)}",
            )
            self.messages.append(sms)
            return sms

    def report(
        self, webhook_url: str, body: object, *, token: str = TOKEN
    ) -> tuple[int, dict]:
        """POST a delivery report to the site; return the answer's status and JSON."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(
            webhook_url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {token}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


def _handler(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            with gateway.lock:
                gateway.attempts += 1
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self.answer(401, {"error": "bad token"})
                return
            try:
                payload = json.loads(raw)
                assert {"to", "text", "reference"} <= set(payload)
            except (ValueError, AssertionError):
                self.answer(400, {"error": "bad request"})
                return
            if gateway.mode == "error":
                self.answer(500, {"error": "down"})
                return
            if gateway.mode == "hang":
                gateway.release.wait(10)
                return
            sms = gateway.accept(payload)
            if gateway.mode == "accept_then_hang":
                gateway.release.wait(10)
                return
            self.answer(200, {"id": sms.id})

    return Handler


@pytest.fixture(name="sms_gateway")
def sms_gateway_fixture(settings):
    """A fake gateway on a free loopback port; the site's SMS settings point at it."""
    gateway = FakeGateway(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    server.daemon_threads = True
    host, port = server.server_address[:2]
    gateway.url = f"http://{host}:{port}/messages"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = TOKEN
    settings.SMS_GATEWAY_WEBHOOK_TOKEN = TOKEN
    settings.SMS_GATEWAY_TIMEOUT = 1
    yield gateway
    gateway.release.set()  # hanging handlers end
    server.shutdown()
    server.server_close()
