"""Production-like smoke test: file a request over HTTP, see the worker's e-mail.

Runs gunicorn with DEBUG off (static files from collectstatic with a manifest), a real
Celery worker and Celery beat on Redis, and a local SMTP sink (aiosmtpd), against a
fresh PostgreSQL database loaded with the demo data. Then, as a citizen would: the
health check, the catalogue, a service's form (its fields read from the HTML), the POST
with the CSRF token, and the acknowledgement e-mail delivered by the worker, whose
tracking link must open. Prints one PASS or FAIL line; stops all it started on exit.

Needs DATABASE_URL (a PostgreSQL role that may create databases; the smoke database is
made beside it) and Redis. Usage: .venv/bin/python scripts/smoke.py
Environment: SMOKE_DATABASE (default sd_smoke), SMOKE_REDIS (redis://127.0.0.1:6379),
SMOKE_TIMEOUT (seconds to wait for the e-mail, default 90).
"""

import contextlib
import email
import html.parser
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from email import policy
from http.cookiejar import CookieJar
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SMOKE_EMAIL = "smoke.citizen@example.org"


class SmokeFailure(Exception):
    pass


def log(message: str) -> None:
    print(f"[smoke {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the mail sink -------------------------------------------------------------------


class Mailbox:
    """aiosmtpd handler keeping every message received."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        log(f"SMTP sink received: {message['Subject']!r} to {envelope.rcpt_tos}")
        return "250 Message accepted"


def message_text(message: email.message.EmailMessage) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    texts = []
    for part in parts:
        if part.get_content_maintype() == "text":
            texts.append(part.get_content())
    return "\n".join(texts)


# --- HTTP as a browser without JavaScript --------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, method: str, path: str, data: bytes | None = None, headers=None):
        url = urllib.parse.urljoin(self.base_url, path)
        req = urllib.request.Request(
            url, data=data, method=method, headers=headers or {}
        )
        req.add_header("Accept-Language", "bg")
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path: str, follow: bool = True):
        status, headers, body = self.request("GET", path)
        hops = 0
        while follow and status in (301, 302, 303) and hops < 5:
            path = urllib.parse.urljoin(self.base_url + path, headers["Location"])
            status, headers, body = self.request("GET", path)
            hops += 1
        return status, headers, body, path


class FormParser(html.parser.HTMLParser):
    """Collect the fields of the forms of a page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.form: dict | None = None
        self.textarea: dict | None = None
        self.select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "enctype": attrs.get("enctype") or "",
                "id": attrs.get("id") or "",
                "fields": [],
            }
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag in ("input", "button") and attrs.get("name"):
            kind = (
                attrs.get("type") or ("submit" if tag == "button" else "text")
            ).lower()
            self.form["fields"].append(
                {
                    "tag": tag,
                    "type": kind,
                    "name": attrs["name"],
                    "value": attrs.get("value", "" if kind != "checkbox" else "on"),
                    "checked": "checked" in attrs,
                    "required": "required" in attrs,
                    "inputmode": attrs.get("inputmode", ""),
                }
            )
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = {"tag": tag, "type": "textarea", "name": attrs["name"]}
            self.textarea["value"] = ""
            self.form["fields"].append(self.textarea)
        elif tag == "select" and attrs.get("name"):
            self.select = {"tag": tag, "type": "select", "name": attrs["name"]}
            self.select["options"] = []
            self.form["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select["options"].append((attrs.get("value", ""), "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data


def value_for(field: dict) -> str | None:
    """A plausible citizen's answer for a form field, guessed from its name and type."""
    name, kind = field["name"].lower(), field["type"]
    if kind in ("hidden", "submit"):
        return field["value"]
    if kind == "file":
        return None  # no attachment: the form accepts none
    if kind == "email" or "email" in name:
        return SMOKE_EMAIL
    if kind == "tel" or "phone" in name:
        return "0888 123 456"
    if kind == "date" or "date" in name:
        return time.strftime("%Y-%m-%d")
    if kind == "number" or field.get("inputmode") in ("decimal", "numeric"):
        return "2"
    if kind == "select":
        options = field["options"]
        chosen = [value for value, selected in options if selected and value]
        return chosen[0] if chosen else next((v for v, _s in options if v), "")
    if "address" in name:
        return "ул. Васил Левски 1, Примерно"
    if "name" in name:
        return "Мария Иванова"
    if kind == "textarea":
        return "Моля за издаване на документа. (smoke test)"
    return field["value"] or "smoke test"


def form_data(fields: list[dict]) -> list[tuple[str, str]]:
    """Fill the fields: keep hidden values, pick the first radio, tick checkboxes."""
    data: list[tuple[str, str]] = []
    radios: dict[str, str] = {}
    for field in fields:
        name, kind = field["name"], field["type"]
        if kind == "radio":
            if name not in radios or field["checked"]:
                radios[name] = field["value"]
        elif kind == "checkbox":
            data.append((name, field["value"] or "on"))  # consent and the like
        elif kind in ("submit", "button", "reset", "image"):
            continue
        else:
            value = value_for(field)
            if value is not None:
                data.append((name, value))
    data.extend(radios.items())
    return data


def multipart(data: list[tuple[str, str]]) -> tuple[bytes, str]:
    boundary = "----smoke" + secrets.token_hex(12)
    lines = []
    for name, value in data:
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            value.encode(),
        ]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"


def page_errors(page: str) -> list[str]:
    found = re.findall(
        r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>(.*?)</',
        page,
        flags=re.S,
    )
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", f)).strip() for f in found]


# --- processes -----------------------------------------------------------------------


class Processes:
    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict) -> None:
        log_file = (self.log_dir / f"{name}.log").open("w")
        self.running[name] = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own group: children are stopped with it
        )
        log(f"started {name} (pid {self.running[name].pid})")

    def check_alive(self) -> None:
        for name, process in self.running.items():
            if process.poll() is not None:
                raise SmokeFailure(f"{name} exited with code {process.returncode}")

    def stop_all(self) -> None:
        for process in self.running.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def print_logs(self, lines: int = 30) -> None:
        for path in sorted(self.log_dir.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            print(f"----- last {len(tail)} lines of {path.name} -----")
            print("\n".join(tail))


def manage(env: dict, *args: str) -> str:
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
        print(result.stdout[-3000:], result.stderr[-5000:], sep="\n")
        raise SmokeFailure(f"manage.py {' '.join(args)} failed ({result.returncode})")
    return result.stdout


def fresh_database(server_url: str, name: str) -> str:
    """Drop and create the smoke database; return its URL."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(
        admin_url.replace("postgres://", "postgresql://", 1), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def wait_until(what: str, check, timeout: float, processes: Processes):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        processes.check_alive()
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise SmokeFailure(f"timed out after {timeout:.0f} s waiting for {what}")


# --- the journey ---------------------------------------------------------------------


def pick_service_form(browser: Browser) -> tuple[str, dict]:
    status, _headers, body, _url = browser.get("/bg/services/")
    if status != 200:
        raise SmokeFailure(f"GET /bg/services/ answered {status}")
    log("GET /bg/services/ -> 200")
    page = body.decode()
    css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    for href in css:
        status = browser.get(href)[0]
        if status != 200:
            raise SmokeFailure(f"static file {href} answered {status}")
    log(f"static files served: {', '.join(css)}")
    codes = list(dict.fromkeys(re.findall(r'href="/bg/services/([\w-]+)/"', page)))
    if not codes:
        raise SmokeFailure("the catalogue lists no service (is the demo data loaded?)")
    for code in codes[:10]:
        status, _headers, body, _url = browser.get(f"/bg/services/{code}/apply/")
        if status != 200:
            continue
        parser = FormParser()
        parser.feed(body.decode())
        for form in parser.forms:
            names = {field["name"] for field in form["fields"]}
            # A POST form with more than a token and a button (not "sign out").
            is_post = form["method"] == "post" and "csrfmiddlewaretoken" in names
            if is_post and len(names) > 3:
                return code, form
    raise SmokeFailure(f"no request form found for the services {codes[:10]}")


def file_request(browser: Browser, code: str, form: dict) -> tuple[str, str]:
    """POST the form; return the confirmation page and the language chosen."""
    path = f"/bg/services/{code}/apply/"
    data = form_data(form["fields"])
    language = dict(data).get("language", "bg")
    log(f"filing {path} with fields {sorted({name for name, _v in data})}")
    if "multipart" in form["enctype"]:
        body, content_type = multipart(data)
    else:
        body = urllib.parse.urlencode(data).encode()
        content_type = "application/x-www-form-urlencoded"
    action = urllib.parse.urljoin(browser.base_url + path, form["action"] or path)
    status, headers, response = browser.request(
        "POST", action, body, {"Content-Type": content_type}
    )
    if status not in (302, 303):
        errors = page_errors(response.decode(errors="replace"))
        raise SmokeFailure(
            f"POST {path} answered {status}; errors on the page: {errors}"
        )
    status, _headers, page, done_url = browser.get(headers["Location"])
    if status != 200:
        raise SmokeFailure(f"the confirmation page {done_url} answered {status}")
    log(f"request filed: {done_url} -> 200 (messages in {language!r})")
    return page.decode(), language


def main() -> int:
    started = time.monotonic()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        print("FAIL: smoke needs DATABASE_URL=postgres://user:password@host:port/db")
        return 1
    redis = os.environ.get("SMOKE_REDIS", "redis://127.0.0.1:6379").rstrip("/")
    mail_timeout = float(os.environ.get("SMOKE_TIMEOUT", "90"))
    log_dir = Path(tempfile.mkdtemp(prefix="smoke-"))
    processes = Processes(log_dir)
    controller = None

    def on_signal(signum, _frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        import redis as redis_client
        from aiosmtpd.controller import Controller

        database_url = fresh_database(
            server_url, os.environ.get("SMOKE_DATABASE", "sd_smoke")
        )
        broker_url, cache_url = f"{redis}/3", f"{redis}/4"
        for url in (broker_url, cache_url):
            redis_client.Redis.from_url(url).flushdb()
        mailbox = Mailbox()
        smtp_port = free_port()
        controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        web_port = free_port()
        site_url = f"http://127.0.0.1:{web_port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "REDIS_URL": cache_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SITE_URL": site_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECURE": "false",  # plain HTTP on the loopback; TLS is the proxy's
            "DJANGO_STATIC_MANIFEST": "true",
            "WHITENOISE_USE_FINDERS": "false",
            "DJANGO_DEMO_ACCOUNTS": "true",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
        if not env.get("FIELD_ENCRYPTION_KEYS"):
            from cryptography.fernet import Fernet

            env["FIELD_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
        env.pop("DJANGO_TESTING", None)

        log("migrate a fresh database, collectstatic (manifest), load_demo")
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "--clear", "-v", "0")
        manage(env, "load_demo")

        celery = [str(VENV_BIN / "celery"), "-A", "servicedesk"]
        processes.start("worker", [*celery, "worker", "-l", "INFO", "-c", "1"], env)
        schedule = str(log_dir / "beat-schedule")
        processes.start("beat", [*celery, "beat", "-l", "INFO", "-s", schedule], env)
        gunicorn = [str(VENV_BIN / "gunicorn"), "servicedesk.wsgi"]
        gunicorn += ["-b", f"127.0.0.1:{web_port}", "-w", "2", "--access-logfile", "-"]
        processes.start("gunicorn", gunicorn, env)

        browser = Browser(site_url)

        def healthy():
            status, _headers, body = browser.request("GET", "/healthz")
            with contextlib.suppress(ValueError):
                return status == 200 and json.loads(body)
            return False

        def reachable():
            with contextlib.suppress(OSError):
                return healthy()
            return False

        state = wait_until("/healthz to answer 200", reachable, 60, processes)
        if state.get("database") != "up" or state.get("broker") != "up":
            raise SmokeFailure(f"/healthz reports {state}")
        log(f"GET /healthz -> 200 {state}")
        wait_until(
            "the worker to be ready",
            lambda: " ready." in (log_dir / "worker.log").read_text(),
            60,
            processes,
        )

        code, form = pick_service_form(browser)
        confirmation, language = file_request(browser, code, form)

        def acknowledgement():
            for message in mailbox.messages:
                if SMOKE_EMAIL in message["X-Envelope-To"]:
                    return message
            return None

        message = wait_until(
            f"the acknowledgement e-mail to {SMOKE_EMAIL}",
            acknowledgement,
            mail_timeout,
            processes,
        )
        worker_log = (log_dir / "worker.log").read_text()
        if "succeeded" not in worker_log:
            raise SmokeFailure("the e-mail arrived but the worker logged no task")
        text = message_text(message)
        links = re.findall(re.escape(site_url) + r"/[^\s\"'<>]+", text)
        tracking = [link for link in links if "/track/" in link]
        if not tracking:
            raise SmokeFailure(f"no tracking link in the e-mail; links: {links}")
        status = browser.get(tracking[0][len(site_url) :])[0]
        if status != 200:
            raise SmokeFailure(f"the tracking link {tracking[0]} answered {status}")
        numbers = re.findall(r"\d[\d-]*-\d+/\d\d\.\d\d\.\d{4}", confirmation)
        if numbers and numbers[0] not in text:
            raise SmokeFailure(f"registry number {numbers[0]} is not in the e-mail")
        subject = message["Subject"]
        if language == "bg" and not re.search("[а-яА-Я]", subject):
            raise SmokeFailure(f"the e-mail is not in Bulgarian: {subject!r}")
        log(f"e-mail {message['Subject']!r} delivered by the worker; tracking page 200")
        print(
            f"SMOKE PASS: filed {code} over HTTP, acknowledgement delivered by the "
            f"worker ({time.monotonic() - started:.0f} s)",
            flush=True,
        )
        return 0
    except (SmokeFailure, SystemExit) as failure:
        processes.print_logs()
        print(f"SMOKE FAIL: {failure}", flush=True)
        return 1
    except Exception as failure:
        traceback.print_exc()
        processes.print_logs()
        print(f"SMOKE FAIL: {type(failure).__name__}: {failure}", flush=True)
        return 1
    finally:
        processes.stop_all()
        if controller is not None:
            controller.stop()


if __name__ == "__main__":
    sys.exit(main())
