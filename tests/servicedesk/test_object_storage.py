"""Files on S3-compatible object storage, private, served through the app (#13).

With MEDIA_STORAGE=s3 every node reads the files another wrote: attachments, report
files and what the citizen's data export packs all go through Django's storage API to
the bucket, never to the local disk. Objects carry no public grant: a visitor who knows
an object's address gets 403 from the store itself; every download goes through the
app's views and their permission checks. The store is moto's server on the loopback,
over real HTTP (tests/object_storage.py); the storage options come from settings.py.
"""

import hashlib
import io
import os
import socket
import time
import tracemalloc
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

import pytest
from cryptography.fernet import Fernet

from requests_app.fields import FILE_HEADER
from requests_app.models import CitizenRequest
from requests_app.roles import Role
from requests_app.services.attachments import attachment_files_encrypt
from standards.models import Report
from tests.conftest import _skip_or_fail_outside_ci
from tests.object_storage import MotoServer, s3_storages, settings_under
from tests.requests_app.factories import DepartmentFactory, ServiceFactory, StaffFactory
from tests.requests_app.filing_files import PDF_BYTES, filing_data, pdf, upload
from tests.standards.factories import completed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

EMAIL = "maria.petrova@mail.example"


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory):
    """An S3-compatible server for the whole run; in CI its absence fails the run."""
    server = MotoServer(tmp_path_factory.mktemp("moto") / "moto_server.log")
    try:
        server.start()
    except RuntimeError as error:
        _skip_or_fail_outside_ci(f"No S3-compatible server: {error}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_options(moto_server) -> dict:
    """STORAGES as settings.py builds it for MEDIA_STORAGE=s3 (run once)."""
    return s3_storages(moto_server, "placeholder-bucket")


@pytest.fixture
def bucket(moto_server, s3_options, settings) -> str:
    """A new, empty bucket that is the default storage for this test.

    Setting STORAGES sends setting_changed: Django forgets the storage it had built,
    and every FileField's storage (default_storage, a lazy object) follows.
    """
    name = moto_server.new_bucket()
    default = s3_options["default"]
    settings.STORAGES = {
        **s3_options,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], "bucket_name": name}},
    }
    return name


def _objects(moto_server, bucket: str) -> dict[str, bytes]:
    """Return every object in the bucket with its bytes, as the store holds them."""
    client = moto_server.client()
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listed
    }


def _files_under(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


def _file_a_request(client, service, content: bytes = PDF_BYTES) -> CitizenRequest:
    """File through the public form, as a citizen does, with one PDF attached."""
    response = client.post(
        f"/en/services/{service.code}/apply/",
        filing_data(
            address="ул. „Витоша“ 12",
            citizen_email=EMAIL,
            attachments=[upload("декларация.pdf", content)],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return CitizenRequest.objects.get()


def _attachment_url(citizen_request: CitizenRequest) -> str:
    token = citizen_request.attachments.get().token
    return reverse("requests_app:staff-attachment", kwargs={"token": token})


# --- Attachments ----------------------------------------------------------------------


def test_a_filed_attachment_is_an_encrypted_object_in_the_bucket(
    client, moto_server, bucket, settings
):
    """The citizen's PDF is in the bucket, encrypted, and nothing is on local disk."""
    citizen_request = _file_a_request(client, ServiceFactory())

    objects = _objects(moto_server, bucket)
    attachment = citizen_request.attachments.get()
    assert list(objects) == [attachment.file.name]
    stored = objects[attachment.file.name]
    assert stored.startswith(FILE_HEADER)
    assert b"%PDF" not in stored and b"trailer" not in stored
    assert _files_under(settings.MEDIA_ROOT) == []


def test_the_departments_clerk_downloads_the_original_and_nobody_else(client, bucket):
    """Served by the staff view after its reach check; others get no byte of it."""
    service = ServiceFactory()
    citizen_request = _file_a_request(client, service)
    url = _attachment_url(citizen_request)

    client.force_login(StaffFactory(role=Role.CLERK, departments=[service.department]))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"

    client.force_login(StaffFactory(role=Role.CLERK, departments=[DepartmentFactory()]))
    assert client.get(url).status_code == 404

    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302  # to the staff sign-in, nothing served
    assert anonymous["Location"].startswith(reverse("login"))


def test_the_object_itself_is_not_public(client, moto_server, bucket):
    """A visitor who learns the object's address gets 403 from the store."""
    citizen_request = _file_a_request(client, ServiceFactory())
    key = citizen_request.attachments.get().file.name

    grants = moto_server.client().get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{moto_server.endpoint}/{bucket}/{key}", timeout=10)
    assert refused.value.code == 403
    # A link made by the storage (no page makes one) is signed and short-lived.
    query = parse_qs(urlsplit(default_storage.url(key)).query)
    if "X-Amz-Signature" in query:  # signature version 4
        assert query["X-Amz-Expires"] == ["300"]
    else:  # version 2: an expiry time
        assert query["Signature"]
        assert 0 < int(query["Expires"][0]) - time.time() <= 300


def test_a_big_attachment_never_sits_whole_in_memory(client, bucket, settings):
    """A 6 MiB file is read from the store into a temporary file past 1 MiB, and
    decrypted chunk by chunk while it is sent."""
    settings.ATTACHMENT_MAX_BYTES = 8 * 1024 * 1024
    content = PDF_BYTES + os.urandom(6 * 1024 * 1024)
    service = ServiceFactory()
    citizen_request = _file_a_request(client, service, content)
    client.force_login(StaffFactory(role=Role.CLERK, departments=[service.department]))

    digest = hashlib.sha256()
    tracemalloc.start()
    try:
        response = client.get(_attachment_url(citizen_request))
        for chunk in response.streaming_content:
            digest.update(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert digest.hexdigest() == hashlib.sha256(content).hexdigest()
    assert peak < 3 * 1024 * 1024, f"{peak} bytes held at once"


def test_a_key_rotation_on_the_bucket_keeps_every_file(
    client, moto_server, bucket, settings, django_capture_on_commit_callbacks
):
    """Re-encrypting writes each file anew and deletes the old one: the new object
    must not take the old one's name, or the clean-up would delete it."""
    service = ServiceFactory()
    citizen_request = _file_a_request(client, service)
    old_key = citizen_request.attachments.get().file.name
    settings.FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        *settings.FIELD_ENCRYPTION_KEYS,
    ]

    with django_capture_on_commit_callbacks(execute=True):
        result = attachment_files_encrypt(rotate=True)

    assert result.rotated == 1
    objects = _objects(moto_server, bucket)
    new_key = citizen_request.attachments.get().file.name
    assert list(objects) == [new_key]
    assert new_key != old_key
    client.force_login(StaffFactory(role=Role.CLERK, departments=[service.department]))
    response = client.get(_attachment_url(citizen_request))
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_store_that_stops_answering_fails_the_filing_within_seconds(
    client, s3_options, settings
):
    """A frozen store (it takes the connection, then says nothing) costs the citizen
    an error page after two tries of 10 s, not a process held for minutes; nothing
    is half filed."""
    with socket.create_server(("127.0.0.1", 0), backlog=8) as frozen:
        default = s3_options["default"]
        endpoint = f"http://127.0.0.1:{frozen.getsockname()[1]}"
        settings.STORAGES = {
            **s3_options,
            "default": {
                **default,
                "OPTIONS": {**default["OPTIONS"], "endpoint_url": endpoint},
            },
        }
        client.raise_request_exception = False
        started = time.monotonic()
        response = client.post(
            f"/en/services/{ServiceFactory().code}/apply/",
            filing_data(address="ул. „Витоша“ 12", attachments=[pdf()]),
        )
        elapsed = time.monotonic() - started

    assert response.status_code == 500
    assert 15 < elapsed < 30
    assert CitizenRequest.objects.count() == 0


# --- Reports --------------------------------------------------------------------------


def test_a_generated_report_is_in_the_bucket_and_downloads_for_a_manager(
    client, moto_server, bucket, settings, django_capture_on_commit_callbacks
):
    service = ServiceFactory()
    completed(service, received="2026-02-02", closed="2026-02-06", due="2026-02-16")
    client.force_login(StaffFactory(role=Role.MANAGER))
    with translation.override("en"):
        generate = reverse("standards:report-generate")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(generate, {"period_kind": "quarter", "year": "2026", "number": "1"})

    report = Report.objects.get()
    assert report.status == Report.Status.DONE, report.error
    objects = _objects(moto_server, bucket)
    assert sorted(objects) == sorted([report.pdf.name, report.csv.name])
    assert _files_under(settings.MEDIA_ROOT) == []
    for fmt, checksum in (("pdf", report.pdf_sha256), ("csv", report.csv_sha256)):
        with translation.override("en"):
            url = reverse("standards:report-file", kwargs={"pk": report.pk, "fmt": fmt})
        response = client.get(url)
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        assert hashlib.sha256(content).hexdigest() == checksum
        assert content == objects[getattr(report, fmt).name]
        client.logout()
        assert client.get(url).status_code == 404  # not published: managers only
        client.force_login(StaffFactory(role=Role.MANAGER))


def test_a_report_fails_with_its_reason_when_the_store_is_unreachable(
    client, s3_options, settings, django_capture_on_commit_callbacks
):
    """Not left "running" until the sweep restarts it a quarter of an hour later:
    the manager sees at once that it failed (#13)."""
    with socket.create_server(("127.0.0.1", 0)) as closed:
        endpoint = f"http://127.0.0.1:{closed.getsockname()[1]}"
    default = s3_options["default"]
    settings.STORAGES = {
        **s3_options,
        "default": {
            **default,
            "OPTIONS": {**default["OPTIONS"], "endpoint_url": endpoint},
        },
    }
    completed(
        ServiceFactory(), received="2026-02-02", closed="2026-02-06", due="2026-02-16"
    )
    client.force_login(StaffFactory(role=Role.MANAGER))
    with translation.override("en"):
        generate = reverse("standards:report-generate")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(generate, {"period_kind": "quarter", "year": "2026", "number": "1"})

    report = Report.objects.get()
    assert report.status == Report.Status.FAILED
    assert report.error


# --- The citizen's data export ------------------------------------------------------


def test_the_citizen_data_export_packs_the_files_from_the_bucket(client, bucket):
    """The department head's archive holds the citizen's file in clear."""
    service = ServiceFactory()
    citizen_request = _file_a_request(client, service)
    client.force_login(StaffFactory(role=Role.HEAD, departments=[service.department]))

    response = client.post("/en/staff/citizen-data/", {"email": EMAIL})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    files = [name for name in archive.namelist() if name != "data.json"]
    assert len(files) == 1
    assert files[0].startswith("requests/")
    assert archive.read(files[0]) == PDF_BYTES
    assert citizen_request.registry_number.split("/")[0] in files[0]


# --- Settings -----------------------------------------------------------------------


def test_local_disk_stays_the_default():
    loaded = settings_under(DJANGO_DEBUG="true")

    assert loaded["MEDIA_STORAGE"] == "local"
    assert loaded["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_s3_is_configured_with_django_storages_own_variables():
    storages = settings_under(
        DJANGO_DEBUG="true",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="primerno-files",
        AWS_S3_ENDPOINT_URL="http://minio.internal:9000",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="desk",
        AWS_SECRET_ACCESS_KEY="desk-secret",
        AWS_S3_ADDRESSING_STYLE="path",
    )["STORAGES"]

    default = storages["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = dict(default["OPTIONS"])
    transfers, client = options.pop("transfer_config"), options.pop("client_config")
    assert options == {
        "bucket_name": "primerno-files",
        "endpoint_url": "http://minio.internal:9000",
        "region_name": "eu-central-1",
        "access_key": "desk",
        "secret_key": "desk-secret",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        "max_memory_size": 1024 * 1024,
    }
    assert transfers.use_threads is False  # no parallel reads queued in memory
    assert client.s3 == {"addressing_style": "path"}


def test_s3_without_keys_leaves_them_to_boto3():
    """An instance role or ~/.aws then gives them; empty keys would hide those."""
    options = settings_under(
        DJANGO_DEBUG="true", MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="files"
    )["STORAGES"]["default"]["OPTIONS"]

    assert "access_key" not in options and "secret_key" not in options
    assert "endpoint_url" not in options


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        pytest.param(
            {"MEDIA_STORAGE": "nfs"}, 'MEDIA_STORAGE is "local"', id="unknown-storage"
        ),
        pytest.param(
            {"MEDIA_STORAGE": "s3"}, "needs AWS_STORAGE_BUCKET_NAME", id="no-bucket"
        ),
        pytest.param(
            {
                "MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": "files",
                "AWS_S3_ADDRESSING_STYLE": "subdomain",
            },
            "AWS_S3_ADDRESSING_STYLE",
            id="bad-addressing-style",
        ),
    ],
)
def test_a_wrong_storage_setting_stops_the_start(variables, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        settings_under(DJANGO_DEBUG="true", **variables)
