"""Staff files need the same verified two-factor session as the staff pages (#10).

Every address that serves a staff file is listed in STAFF_FILES: a session that has
given only the password gets nothing from it (the code step or 404), a verified one
gets the file. The views decide with `requests_app.two_factor.staff_viewer`, so a
file stays closed even where the two-factor middleware does not reach. A new view
that serves a file fails `test_every_file_address_is_listed` until it is listed here.
"""

import inspect
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from feedback.models import ComplaintAttachment
from requests_app.models import User
from requests_app.roles import Role
from requests_app.services.outbox import citizen_notice_create
from standards.models import Report
from tests.feedback.factories import ComplaintFactory
from tests.requests_app.factories import (
    AttachmentFactory,
    CitizenRequestFactory,
    StaffFactory,
)
from tests.standards.factories import ReportFactory

pytestmark = pytest.mark.django_db

MIDDLEWARE = "requests_app.two_factor.TwoFactorRequiredMiddleware"
CODE_STEP = "/en/staff/login/code/"
PNG = b"\x89PNG\r\n\x1a\n-a-photo-of-the-broken-terminal"
PDF = b"%PDF-1.4\n%%EOF\n"
CSV = b"indicator,value\nprocessed_on_time,0.97\n"

# Files that every visitor may download: none of them depends on who asks (the
# complaint proof depends on the filer's own browser session, not on staff).
PUBLIC_FILES = frozenset(
    {
        "requests_app:service-sheet",
        "feedback:complaint-proof",
        "feedback:survey-poster",
        "standards:standards-pdf",
        # Counts and shares only, no personal data (#14).
        "standards:performance-csv",
    }
)


@dataclass(frozen=True)
class StaffFile:
    """One staff file: its address, the staff member entitled to it, how it starts."""

    url: str
    user: User
    content: bytes
    form: dict[str, str] | None = None  # sent by POST (an export), else a GET

    def fetch(self, client):
        if self.form is None:
            return client.get(self.url)
        return client.post(self.url, self.form)


def request_attachment() -> StaffFile:
    citizen_request = CitizenRequestFactory()
    attachment = AttachmentFactory(request=citizen_request)
    user = StaffFactory(role=Role.CLERK, departments=[citizen_request.department])
    url = reverse("requests_app:staff-attachment", kwargs={"token": attachment.token})
    return StaffFile(url, user, PDF)


def complaint_attachment() -> StaffFile:
    complaint = ComplaintFactory()
    attachment = ComplaintAttachment.objects.create(
        complaint=complaint,
        name="terminal.png",
        content_type="image/png",
        size=len(PNG),
        content=PNG,
    )
    url = reverse(
        "feedback:staff-complaint-attachment", args=[complaint.pk, attachment.pk]
    )
    return StaffFile(url, StaffFactory(role=Role.OFFICER), PNG)


def _unpublished_report() -> Report:
    report = ReportFactory(status=Report.Status.DONE)
    report.pdf.save("report.pdf", ContentFile(PDF), save=False)
    report.csv.save("report.csv", ContentFile(CSV), save=False)
    report.save()
    return report


def unpublished_report(fmt: str) -> Callable[[], StaffFile]:
    def make() -> StaffFile:
        report = _unpublished_report()
        url = reverse("standards:report-file", kwargs={"pk": report.pk, "fmt": fmt})
        content = PDF if fmt == "pdf" else CSV
        return StaffFile(url, StaffFactory(role=Role.MANAGER), content)

    return make


def citizen_export() -> StaffFile:
    """Everything held about one citizen, as a ZIP, for a data-subject request."""
    citizen_request = CitizenRequestFactory()
    user = StaffFactory(role=Role.HEAD, departments=[citizen_request.department])
    url = reverse("requests_app:staff-citizen-export")
    return StaffFile(url, user, b"PK", {"email": citizen_request.citizen_email})


def letters_batch() -> StaffFile:
    """The day's letters: citizens' names, addresses and the notices' texts (#16)."""
    citizen_request = CitizenRequestFactory(
        citizen_address="ул. „Родопи“ 7, 4000 Пловдив", notify_by="post"
    )
    citizen_notice_create(
        citizen_request=citizen_request,
        kind="message",
        template="requests_app/email/message",
        context={"text": "Моля, донесете акта за раждане."},
    )
    user = StaffFactory(role=Role.CLERK, departments=[citizen_request.department])
    return StaffFile(reverse("requests_app:staff-letters-pdf"), user, b"%PDF")


STAFF_FILES = {
    "requests_app:staff-attachment": request_attachment,
    "requests_app:staff-letters-pdf": letters_batch,
    "requests_app:staff-citizen-export": citizen_export,
    "feedback:staff-complaint-attachment": complaint_attachment,
    "standards:report-file": unpublished_report("pdf"),
    "standards:report-file:csv": unpublished_report("csv"),
}


@pytest.fixture(params=sorted(STAFF_FILES))
def staff_file(request, settings) -> StaffFile:
    settings.STAFF_TWO_FACTOR = True
    return STAFF_FILES[request.param]()


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def enrol(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def app_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def sign_in_with_password(client, user: User) -> None:
    response = client.post(
        "/en/staff/login/", {"username": user.username, "password": "demo12345"}
    )
    assert response.status_code == 302


def assert_refused(response, staff_file: StaffFile) -> None:
    if response.status_code == 302:
        assert response["Location"].startswith(CODE_STEP)
    else:
        assert response.status_code == 404
    assert not body(response).startswith(staff_file.content)


def test_a_password_only_session_gets_no_staff_file(client, staff_file):
    enrol(staff_file.user)
    sign_in_with_password(client, staff_file.user)

    response = staff_file.fetch(client)

    assert_refused(response, staff_file)


def test_a_password_only_session_without_an_app_gets_no_staff_file(client, staff_file):
    sign_in_with_password(client, staff_file.user)

    response = staff_file.fetch(client)

    assert_refused(response, staff_file)


def test_a_verified_session_gets_the_staff_file(client, staff_file):
    device = enrol(staff_file.user)
    sign_in_with_password(client, staff_file.user)
    verified = client.post(CODE_STEP, {"code": app_code(device)})
    assert verified.status_code == 302

    response = staff_file.fetch(client)

    assert response.status_code == 200
    assert body(response).startswith(staff_file.content)


def test_staff_files_stay_closed_where_the_middleware_does_not_reach(
    client, staff_file, settings
):
    """The file views themselves ask the one helper, not only the middleware."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE]
    enrol(staff_file.user)
    sign_in_with_password(client, staff_file.user)

    response = staff_file.fetch(client)

    assert response.status_code == 404
    assert not body(response).startswith(staff_file.content)


def test_with_two_factor_off_the_password_still_opens_staff_files(
    client, staff_file, settings
):
    """The demo and the test suite sign in with passwords only."""
    settings.STAFF_TWO_FACTOR = False
    sign_in_with_password(client, staff_file.user)

    response = staff_file.fetch(client)

    assert response.status_code == 200
    assert body(response).startswith(staff_file.content)


def _named_patterns(
    patterns: list, namespace: str = ""
) -> Iterator[tuple[str, Callable]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _serves_a_file(view: Callable) -> bool:
    view = inspect.unwrap(view)
    if hasattr(view, "view_class"):  # class-based: read the class
        view = view.view_class
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return False
    return "FileResponse(" in source or "Content-Disposition" in source


def test_every_file_address_is_listed():
    """A new address that serves a file is either a staff file here, or public."""
    serving = {
        name
        for name, view in _named_patterns(get_resolver().url_patterns)
        if not name.startswith("admin:") and _serves_a_file(view)
    }
    listed = {name.split(":csv")[0] for name in STAFF_FILES} | PUBLIC_FILES

    assert serving == listed
