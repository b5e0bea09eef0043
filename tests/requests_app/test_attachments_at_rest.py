"""Citizens' files are encrypted at rest and served under their real type (#10)."""

import io
import os
from urllib.parse import unquote

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

import pytest
from cryptography.fernet import Fernet

from requests_app.fields import (
    FILE_CHUNK_BYTES,
    FILE_HEADER,
    EncryptedFileInvalid,
    encrypted_lines,
    file_decrypt_chunks,
)
from requests_app.models import Attachment, CitizenRequest
from requests_app.roles import Role
from requests_app.services import casework, request_submit
from requests_app.workflow import Status

from .factories import (
    AttachmentFactory,
    CitizenRequestFactory,
    ServiceFactory,
    StaffFactory,
)
from .filing_files import PDF_BYTES, PNG_BYTES, filing_data, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]


def _file(content: bytes, name: str, content_type: str):
    """File a request with one file (its type checked by content, as the form does)."""
    service = ServiceFactory()
    return request_submit(
        service=service,
        citizen_name="Мария Петрова",
        details="Моля за удостоверение.",
        files=[(upload(name, content, content_type), content_type)],
    ).attachments.get()


def _stored(attachment: Attachment) -> bytes:
    with default_storage.open(attachment.file.name, "rb") as handle:
        return handle.read()


def _download(client, attachment: Attachment):
    clerk = StaffFactory(role=Role.CLERK, departments=[attachment.request.department])
    client.force_login(clerk)
    return client.get(
        reverse("requests_app:staff-attachment", kwargs={"token": attachment.token})
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _download_name(response) -> str:
    """Return the file name the browser saves the download under."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    if "filename*=utf-8''" in disposition:
        return unquote(disposition.split("filename*=utf-8''", 1)[1])
    return disposition.split('filename="', 1)[1].rstrip('"')


def test_a_filed_file_is_not_in_the_storage_in_clear():
    """Whoever reads the storage finds no PDF, only Fernet tokens (#10)."""
    attachment = _file(PDF_BYTES, "декларация.pdf", "application/pdf")

    raw = _stored(attachment)

    assert raw != PDF_BYTES
    assert b"%PDF" not in raw
    assert b"trailer" not in raw
    assert raw.startswith(FILE_HEADER)
    assert raw.splitlines()[1].startswith(b"gAAAAA")  # a Fernet token


def test_the_download_gives_the_original_file(client):
    attachment = _file(PDF_BYTES, "декларация.pdf", "application/pdf")

    response = _download(client, attachment)

    assert response.status_code == 200
    assert _body(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF_BYTES))
    assert _download_name(response) == "декларация.pdf"


def test_a_big_file_is_decrypted_in_bounded_chunks(client, settings):
    """A file of several chunks comes back whole, never more than a chunk at a time."""
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    content = PDF_BYTES + os.urandom(3 * FILE_CHUNK_BYTES + 123)
    attachment = _file(content, "план.pdf", "application/pdf")

    chunks = list(_download(client, attachment).streaming_content)

    assert b"".join(chunks) == content
    assert len(chunks) == 4
    assert max(len(chunk) for chunk in chunks) <= FILE_CHUNK_BYTES


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        pytest.param(lambda lines: lines[:-1], "cut off", id="last-chunk-cut-off"),
        pytest.param(lambda lines: lines[::-1], "out of order", id="chunks-swapped"),
        pytest.param(lambda lines: [*lines, lines[-1]], "after", id="chunk-appended"),
    ],
)
def test_a_cut_off_or_reordered_file_is_refused(tamper, message):
    """Whoever can write the storage cannot shorten or reorder a file unnoticed."""
    lines = list(encrypted_lines([b"a" * (FILE_CHUNK_BYTES + 10)]))
    header, tokens = lines[0], lines[1:]
    assert len(tokens) == 2

    stored = io.BytesIO(header + b"".join(tamper(tokens)))

    with pytest.raises(EncryptedFileInvalid, match=message):
        b"".join(file_decrypt_chunks(stored))


def test_a_file_under_an_unknown_key_cannot_be_opened(settings):
    stored = io.BytesIO(b"".join(encrypted_lines([b"secret scan"])))
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(ImproperlyConfigured, match="cannot be opened"):
        b"".join(file_decrypt_chunks(stored))


def test_rotation_re_encrypts_files_and_keeps_them_readable(
    client, settings, django_capture_on_commit_callbacks
):
    """After rotating, the old key can be removed and the file still opens (#10)."""
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    attachment = _file(PNG_BYTES, "снимка.png", "image/png")
    before = _stored(attachment)

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_feedback_keys", stdout=out)
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    attachment.refresh_from_db()

    assert "requests_app.Attachment: 1 files re-encrypted" in out.getvalue()
    assert _stored(attachment) != before
    assert _body(_download(client, attachment)) == PNG_BYTES
    old_files = default_storage.listdir(f"attachments/{attachment.request_id}")[1]
    assert old_files == [attachment.file.name.rsplit("/", 1)[1]]  # old file deleted


def test_files_stored_in_clear_before_are_encrypted_by_the_command(
    client, django_capture_on_commit_callbacks
):
    """Files kept before encryption at rest still download, then get encrypted."""
    legacy = AttachmentFactory()  # stored as it came, as before
    assert _stored(legacy) == b"%PDF-1.4\n%%EOF\n"
    assert _body(_download(client, legacy)) == b"%PDF-1.4\n%%EOF\n"

    plain_name = legacy.file.name
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("encrypt_attachments", stdout=out)
        call_command("encrypt_attachments", stdout=out)  # a second run: nothing to do
    legacy.refresh_from_db()

    assert out.getvalue().splitlines() == [
        "Attachments encrypted now: 1",
        "Attachments encrypted now: 0",
    ]
    assert _stored(legacy).startswith(FILE_HEADER)
    assert b"%PDF" not in _stored(legacy)
    assert not default_storage.exists(plain_name)  # the plain copy is gone
    assert _body(_download(client, legacy)) == b"%PDF-1.4\n%%EOF\n"


# --- The type found in the content names the file (#10, item 8) -------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type", "expected"),
    [
        ("scan.txt", PNG_BYTES, "image/png", "scan.png"),
        ("scan", PNG_BYTES, "image/png", "scan.png"),
        ("договор.pdf.exe", PDF_BYTES, "application/pdf", "договор.pdf.pdf"),
        ("снимка.JPEG", b"\xff\xd8\xff\xe0" + bytes(60), "image/jpeg", "снимка.JPEG"),
    ],
    ids=["png-named-txt", "png-without-ending", "pdf-named-exe", "jpeg-kept"],
)
def test_a_file_is_stored_and_served_under_its_real_type(
    client, name, content, content_type, expected
):
    """A PNG named scan.txt is kept as .png and downloaded as scan.png (#10)."""
    attachment = _file(content, name, content_type)
    ending = expected.rsplit(".", 1)[1].lower().replace("jpeg", "jpg")

    response = _download(client, attachment)

    assert attachment.file.name.endswith(f"{attachment.token}.{ending}")
    assert attachment.original_name == expected
    assert response["Content-Type"] == content_type
    assert _download_name(response) == expected


def test_the_filing_form_stores_a_png_under_png(client):
    """Filed through the form: the type check and the stored name agree (#10)."""
    service = ServiceFactory()
    response = client.post(
        f"/en/services/{service.code}/apply/",
        filing_data(attachments=[upload("photo.txt", PNG_BYTES, "text/plain")]),
    )
    attachment = CitizenRequest.objects.get().attachments.get()

    assert response.status_code == 302
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "photo.png"
    assert _download_name(_download(client, attachment)) == "photo.png"
    assert attachment.file.name.endswith(".png")
    assert _body(_download(client, attachment)) == PNG_BYTES


def test_a_document_sent_with_a_reply_is_encrypted_too(client):
    """The citizen's reply on the tracking page keeps its files the same way (#10)."""
    citizen_request = CitizenRequestFactory(status=Status.WAITING_FOR_CITIZEN)
    casework.request_citizen_reply(
        citizen_request=citizen_request,
        text="Прилагам скица.",
        files=[(upload("скица", PNG_BYTES, "image/png"), "image/png")],
    )
    attachment = citizen_request.attachments.get()

    assert _stored(attachment).startswith(FILE_HEADER)
    assert attachment.original_name == "скица.png"
    assert _body(_download(client, attachment)) == PNG_BYTES
