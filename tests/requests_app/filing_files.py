"""Helpers for the filing tests: small real files, form data, Celery mode, mail."""

import os
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile

# A one-page PDF that readers open (objects, xref table and trailer are all there).
PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n"
    b"0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + (
    b"\x00" * 64
)


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    """Return an uploaded file as the browser sends it (name and type are claims)."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name: str = "заявление.pdf"):
    return upload(name, PDF_BYTES)


@contextmanager
def celery_conf(**values):
    """Change Celery's configuration for a while (it is read once, not per test).

    CI sets CELERY_BROKER_URL for the whole run, so tasks are not eager there unless a
    test says so. A new broker address needs new producer pools; the old ones are left
    open (closing them breaks later users, e.g. the worker tests), not closed.
    """
    from servicedesk.celery import app

    saved = {name: app.conf[name] for name in values}  # also loads the configuration
    saved_environment = os.environ.get("CELERY_BROKER_URL")

    def apply(new: dict, environment: str | None) -> None:
        app.conf.update(**new)
        if "broker_url" in new:
            # Celery reads the CELERY_BROKER_URL environment variable before its own
            # configuration (Settings.broker_url): in CI, which sets it, producers
            # would keep sending to that broker.
            if environment is None:
                os.environ.pop("CELERY_BROKER_URL", None)
            else:
                os.environ["CELERY_BROKER_URL"] = environment
            app._pool = None
            app.amqp._producer_pool = None

    apply(values, values.get("broker_url", saved_environment))
    try:
        yield app
    finally:
        apply(saved, saved_environment)


# Django's test mailer: messages land in `mail.outbox`.
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def filing_data(*, address: str = "", **overrides) -> dict:
    """Return valid data of the request form; a value of None leaves the field out."""
    data = {
        "details": "Моля за удостоверение за семейно положение.",
        "citizen_name": "Мария Петрова",
        "citizen_email": "maria@example.org",
        "citizen_phone": "",
        "language": "bg",
        "citizen_address": address,
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
