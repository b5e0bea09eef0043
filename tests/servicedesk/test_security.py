"""Permissions-Policy, 413 before reading a large body, check --deploy (#10)."""

import os
import re
import secrets
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from cryptography.fernet import Fernet

from requests_app.models import CitizenRequest
from tests.requests_app.factories import ServiceFactory
from tests.requests_app.filing_files import filing_data

BASE_DIR = Path(__file__).resolve().parents[2]

# --- Permissions-Policy --------------------------------------------------------------

DENIED = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "serial",
    "bluetooth",
    "browsing-topics",
    "display-capture",
)


def policy(response) -> dict[str, str]:
    """Return the Permissions-Policy header as {feature: allowlist}."""
    header = response["Permissions-Policy"]
    items = [item.strip() for item in header.split(",")]
    return dict(item.split("=", 1) for item in items)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/bg/services/", id="page"),
        pytest.param("/en/no-such-page/", id="404"),
        pytest.param("/", id="redirect"),
        pytest.param("/open311/v2/discovery.json", id="api"),
        pytest.param("/healthz", id="healthz"),
        pytest.param("/static/css/site.css", id="static-file"),
    ],
)
def test_every_response_denies_powerful_browser_features(client, path):
    """Camera, microphone, location, payment, USB...: denied everywhere (#10)."""
    response = client.get(path)
    features = policy(response)
    assert {feature: features.get(feature) for feature in DENIED} == dict.fromkeys(
        DENIED, "()"
    )
    assert set(features.values()) == {"()"}  # nothing is allowed to anyone


def test_the_pages_use_no_feature_the_policy_denies():
    """No template asks for what the header denies (a location button, a camera)."""
    templates = [
        *BASE_DIR.glob("templates/**/*.html"),
        *BASE_DIR.glob("*/templates/**/*.html"),
        *BASE_DIR.glob("static/js/*.js"),
    ]
    used = [
        str(path.relative_to(BASE_DIR))
        for path in templates
        if re.search(
            r"geolocation|getUserMedia|PaymentRequest|navigator\.(usb|serial|share)",
            path.read_text(errors="replace"),
        )
    ]
    assert len(templates) > 20
    assert used == []


# --- Request bodies above the limit: 413 before reading -------------------------------


def _post_declaring(client, path: str, length: int, body: bytes = b"x=1"):
    """POST `body` but declare `length` bytes: the test client's input then refuses
    to be read past its real size, so a view reading the body raises an error."""
    return client.generic(
        "POST",
        path,
        body,
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Too much to send at once"), ("bg", "Твърде много за изпращане наведнъж")],
)
def test_a_body_above_the_limit_gets_a_translated_413_before_it_is_read(
    client, settings, django_assert_num_queries, language, title
):
    service = ServiceFactory()
    path = f"/{language}/services/{service.code}/apply/"
    with django_assert_num_queries(0):
        response = _post_declaring(client, path, settings.REQUEST_BODY_MAX_BYTES + 1)
    assert response.status_code == 413
    assert title in response.content.decode()
    assert response["Permissions-Policy"]
    assert not CitizenRequest.objects.exists()


@pytest.mark.django_db
def test_the_default_limit_takes_every_attachment_at_its_largest(settings):
    largest_upload = settings.ATTACHMENT_MAX_COUNT * settings.ATTACHMENT_MAX_BYTES
    assert largest_upload < settings.REQUEST_BODY_MAX_BYTES


@pytest.mark.django_db
def test_a_body_up_to_the_limit_reaches_the_form(client, settings):
    service = ServiceFactory()
    path = f"/en/services/{service.code}/apply/"
    body = b"details=x"
    settings.REQUEST_BODY_MAX_BYTES = len(body)
    response = _post_declaring(client, path, len(body), body)
    assert response.status_code == 200  # the form, with its errors
    assert "This field is required." in response.content.decode()
    assert _post_declaring(client, path, len(body) + 1, body).status_code == 413


@pytest.mark.django_db
def test_an_upload_above_the_limit_files_nothing(client, settings):
    service = ServiceFactory()
    settings.REQUEST_BODY_MAX_BYTES = 10_000
    scan = SimpleUploadedFile("скан.pdf", b"%PDF-1.4\n" + b"0" * 20_000)
    response = client.post(
        f"/en/services/{service.code}/apply/", filing_data(attachments=scan)
    )
    assert response.status_code == 413
    assert not CitizenRequest.objects.exists()


@pytest.mark.parametrize("length", ["", "abc", "-1"])
@pytest.mark.django_db
def test_an_unreadable_length_is_left_to_django(client, length):
    response = client.generic(
        "POST", "/en/track/", b"", CONTENT_LENGTH=length, content_type="text/plain"
    )
    assert response.status_code == 200


def test_a_real_server_answers_413_without_waiting_for_the_body(live_server):
    """Over a socket: the headers alone get the answer; the body is never sent."""
    address = urlsplit(live_server.url)
    request = (
        "POST /bg/services/any/apply/ HTTP/1.1\r\n"
        "Host: localhost\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {10 * 1024**3}\r\n"  # 10 GiB announced, none sent
        "\r\n"
    )
    with socket.create_connection((address.hostname, address.port), 10) as connection:
        connection.sendall(request.encode())
        answer = b""
        while b"</html>" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 413 ")
    assert "Твърде много за изпращане наведнъж" in answer.decode()


# --- check --deploy ------------------------------------------------------------------


def documented_deploy_checks() -> set[str]:
    """Return the check ids the README's security section explains."""
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("## Security headers, input limits and `check --deploy`")[1]
    section = section.split("\n## ")[0]
    table = section.split("| check | why it remains |")[1].split("\n\n")[0]
    return set(re.findall(r"`(\w+\.[EW]\d{3})`", table))


def deploy_check(**variables: str) -> set[str]:
    """Run `manage.py check --deploy` with production values; return the check ids."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DJANGO_ALLOWED_HOSTS": "uslugi.primerno.bg",
        "EMAIL_URL": "smtp+tls://uslugi:secret@mail.primerno.bg:587",
        # An SMS gateway, as production has (without it: servicedesk.W003).
        "SMS_GATEWAY_URL": "https://sms.primerno.bg/api/messages",
        # A shared cache, as production has (without it: servicedesk.W001).
        "REDIS_URL": "redis://cache.primerno.bg:6379/2",
        **variables,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "CRITICAL"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "System check identified" in output, output
    return set(re.findall(r"\((\w+\.[EW]\d{3})\)", output))


def test_deploy_checks_report_only_the_documented_choices():
    documented = documented_deploy_checks()
    assert documented == {"security.W005", "security.W021"}
    assert deploy_check() == documented


def test_deploy_checks_are_clean_with_hsts_for_subdomains_and_preload():
    assert (
        deploy_check(
            DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
            DJANGO_SECURE_HSTS_PRELOAD="true",
        )
        == set()
    )


def test_deploy_checks_ask_for_a_real_mailer_without_email_url():
    """The console mailer of the demo is the one error, as the README says."""
    env = {"EMAIL_URL": ""}
    assert deploy_check(**env) == {"mail.E001", "security.W005", "security.W021"}
    assert "`mail.E001`" in (BASE_DIR / "README.md").read_text()
