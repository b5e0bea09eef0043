"""Who may see what, role by role, on the demo municipality (#3, #4, #5, #6, #10).

Confidential complaints and signals are for complaint officers only (never for the
member of staff they name, nor for an administrator); requests stay within the
clerk's departments; unpublished reports stay with management; the API publishes no
personal data. The admin is for administrators only, and shows requests and notices
only within the viewer's reach, never a notice's secret link.
"""

import datetime
import json
import re

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

import pytest

from feedback import services as feedback_services
from feedback.models import ComplaintAttachment, ComplaintKind
from requests_app.models import (
    AuditEntry,
    CitizenRequest,
    Department,
    Notice,
    Service,
    User,
)
from requests_app.services.citizen_auth import citizen_login_start
from requests_app.services.notice_kinds import notice_kind_has_secret_link
from requests_app.services.submission import tracking_link_resend
from standards.models import Report
from tests.requests_app.factories import AttachmentFactory, CitizenRequestFactory

ROLES = ["clerk", "senior", "head", "officer", "manager", "admin"]
FILER_EMAIL = "filer.confidential@example.org"
FILER_NAME = "Filer Confidentialname"
COMPLAINT_BODY = "The clerk at desk 3 asked me for money (confidential body)."
ANSWER = "Reasoned answer: disciplinary proceedings were opened (confidential)."


@pytest.fixture
def world(db):
    """The demo, a decided complaint with a file, an unpublished and a public report."""
    call_command("load_demo", force_accounts=True, verbosity=0)
    users = {name: User.objects.get(username=name) for name in ROLES}
    officer = users["officer"]
    complaint, _code = feedback_services.complaint_file(
        kind=ComplaintKind.objects.get(code="complaint"),
        body=COMPLAINT_BODY,
        contact_name=FILER_NAME,
        contact_email=FILER_EMAIL,
    )
    ComplaintAttachment.objects.create(
        complaint=complaint,
        name="evidence.pdf",
        content_type="application/pdf",
        size=9,
        content=b"%PDF-1.4\n",
    )
    feedback_services.complaint_acknowledge(complaint=complaint, by=officer)
    feedback_services.complaint_decide(complaint=complaint, by=officer, answer=ANSWER)
    clerk = users["clerk"]
    own = CitizenRequest.objects.filter(department__in=clerk.departments.all())
    elsewhere = Service.objects.exclude(department__in=clerk.departments.all())
    foreign = CitizenRequestFactory(
        service=elsewhere.first(), citizen_name="Citizen Otherdepartment"
    )
    report_fields = {
        "period_kind": "quarter",
        "start_on": datetime.date(2026, 1, 1),
        "end_on": datetime.date(2026, 3, 31),
        "scope_kind": "municipality",
        "scope_key": "municipality",
        "status": Report.Status.DONE,
    }
    unpublished = Report.objects.create(
        **report_fields,
        language="en",
        pdf=ContentFile(b"%PDF-1.4\n", name="u.pdf"),
        csv=ContentFile(b"a\n", name="u.csv"),
    )
    published = Report.objects.create(
        **report_fields,
        language="bg",
        is_published=True,
        pdf=ContentFile(b"%PDF-1.4\n", name="p.pdf"),
        csv=ContentFile(b"a\n", name="p.csv"),
    )
    return {
        "users": users,
        "complaint": complaint,
        "own": own.first(),
        "foreign": foreign,
        "foreign_file": AttachmentFactory(request=foreign),
        "unpublished": unpublished,
        "published": published,
    }


def _status(client, user, url) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


@pytest.mark.django_db
def test_only_the_complaint_officer_opens_a_complaint_and_its_file(client, world):
    """Everyone but the officer, the superuser administrator included, gets 404 (#4)."""
    complaint = world["complaint"]
    urls = [
        reverse("feedback:staff-complaint-detail", kwargs={"pk": complaint.pk}),
        reverse(
            "feedback:staff-complaint-attachment",
            kwargs={"pk": complaint.pk, "file_pk": complaint.attachments.get().pk},
        ),
    ]
    seen = {
        (role, url): _status(client, world["users"].get(role), url)
        for role in [None, *ROLES]
        for url in urls
    }
    expected = {(role, url): 200 if role == "officer" else 404 for role, url in seen}
    # Anonymous visitors are sent to the staff login first: never the case itself.
    expected.update({(None, url): 302 for url in urls})
    assert seen == expected


@pytest.mark.django_db
def test_the_administrator_reads_no_complaint_in_the_outbox(client, world):
    """The admin's list of notices holds no complaint receipt, proof or answer (#4).

    The outbox keeps what is sent to the filer: the reasoned answer, the proof of
    filing (with the receipt code that opens the case) and the filer's address. The
    admin is not a confidential channel.
    """
    complaint_notices = Notice.objects.filter(kind__startswith="complaint")
    assert (
        complaint_notices.count() >= 2
    )  # receipt with proof, answer, officers' alerts
    client.force_login(world["users"]["admin"])

    pages = [reverse("admin:requests_app_notice_changelist")] + [
        reverse("admin:requests_app_notice_change", args=[notice.pk])
        for notice in complaint_notices
    ]
    shown = "".join(
        client.get(page, follow=True).content.decode(errors="replace") for page in pages
    )

    assert FILER_EMAIL not in shown
    assert ANSWER not in shown
    assert "proof-of-filing" not in shown


@pytest.mark.django_db
def test_a_clerk_sees_requests_and_files_of_own_departments_only(client, world):
    """Another department's case and its attachment answer 404 (#3)."""
    clerk = world["users"]["clerk"]
    client.force_login(clerk)
    own = client.get(
        reverse("requests_app:staff-request", kwargs={"pk": world["own"].pk})
    )
    foreign = client.get(
        reverse("requests_app:staff-request", kwargs={"pk": world["foreign"].pk})
    )
    foreign_file = client.get(
        reverse(
            "requests_app:staff-attachment",
            kwargs={"token": world["foreign_file"].token},
        )
    )
    queue = client.get(reverse("requests_app:staff-queue")).content.decode()

    assert (own.status_code, foreign.status_code, foreign_file.status_code) == (
        200,
        404,
        404,
    )
    assert world["foreign"].registry_number not in queue


@pytest.mark.django_db
def test_an_unpublished_report_is_downloaded_by_management_only(client, world):
    """Anyone may download a published report; an unpublished one is 404 but for
    managers (#5)."""
    unpublished = reverse(
        "standards:report-file", kwargs={"pk": world["unpublished"].pk, "fmt": "pdf"}
    )
    published = reverse(
        "standards:report-file", kwargs={"pk": world["published"].pk, "fmt": "csv"}
    )
    seen = {
        role: (
            _status(client, world["users"].get(role), unpublished),
            _status(client, world["users"].get(role), published),
        )
        for role in [None, *ROLES]
    }
    # The administrator is a superuser: Django grants every permission.
    managers = {"manager", "admin"}
    assert seen == {
        role: (200 if role in managers else 404, 200) for role in [None, *ROLES]
    }


@pytest.mark.django_db
def test_the_api_publishes_no_personal_data(client, world):
    """GET requests (JSON, XML) carry no citizen's name, e-mail, phone or text (#6)."""
    filed = list(CitizenRequest.objects.all())
    personal = [
        value
        for request in filed
        for value in (
            request.citizen_name,
            request.citizen_email,
            request.citizen_phone,
            request.citizen_address,
            request.details,
        )
        if value
    ]
    answers = [
        client.get("/open311/v2/requests.json"),
        client.get("/open311/v2/requests.xml"),
    ]
    body = "".join(answer.content.decode() for answer in answers)

    assert [answer.status_code for answer in answers] == [200, 200]
    assert len(json.loads(answers[0].content)) == len(filed)  # really listed
    assert [value for value in personal if value in body] == []


# --- The admin (#10) ----------------------------------------------------------------

ADMIN_LOGIN = reverse("admin:login")


def _change(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _admin_pages(world) -> dict[str, str]:
    own_notice = Notice.objects.create(
        kind="status:in_progress",
        request=world["own"],
        recipient=world["own"].citizen_email or "own@example.org",
        subject="Your request is in progress",
        body="Dear citizen, ...",
    )
    return {
        "index": reverse("admin:index"),
        "requests": reverse("admin:requests_app_citizenrequest_changelist"),
        "own request": _change(world["own"]),
        "foreign request": _change(world["foreign"]),
        "notices": reverse("admin:requests_app_notice_changelist"),
        "notice": _change(own_notice),
        "complaints": reverse("admin:feedback_complaint_changelist"),
        "complaint": _change(world["complaint"]),
    }


def _outcome(response) -> int | str:
    """The status, or where a redirect goes: "login" (the staff's or the admin's
    login page) or "admin index"."""
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith(ADMIN_LOGIN) or "/staff/login/" in location:
        return "login"
    return "admin index" if location == reverse("admin:index") else location


def _personal_data() -> list[str]:
    return [
        value
        for request in CitizenRequest.objects.all()
        for value in (
            request.citizen_name,
            request.citizen_email,
            request.citizen_phone,
            request.citizen_address,
        )
        if value
    ] + [FILER_NAME, FILER_EMAIL, COMPLAINT_BODY]


@pytest.mark.django_db
def test_the_admin_answers_each_role_as_it_should(client, world):
    """Only the administrator gets in; they reach no request nor any complaint.

    Everyone else is sent to a login page; the demo administrator does not work the
    queue, so the requests and notices are listed empty and each page of one sends
    back to the index; complaints are forbidden.
    """
    pages = _admin_pages(world)
    seen, shown = {}, []
    for role in [None, *ROLES]:
        client.logout()
        if role is not None:
            client.force_login(world["users"][role])
        for name, url in pages.items():
            response = client.get(url)
            seen[(role, name)] = _outcome(response)
            shown.append(response.content.decode(errors="replace"))

    administrator = {
        "index": 200,
        "requests": 200,
        "own request": "admin index",
        "foreign request": "admin index",
        "notices": 200,
        "notice": "admin index",
        "complaints": 403,
        "complaint": 403,
    }
    expected = {
        (role, name): administrator[name] if role == "admin" else "login"
        for role, name in seen
    }
    assert seen == expected
    assert [value for value in _personal_data() if value in "".join(shown)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["clerk", "head"])
def test_staff_status_left_over_shows_no_other_departments_citizen(client, world, role):
    """A clerk or head whose staff status was not yet cleared (an old database)
    still reads in the admin only what the case pages show them."""
    user = world["users"][role]
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client.force_login(user)
    foreign = world["foreign"]
    reach = CitizenRequest.objects.filter(department__in=user.departments.all())
    mine = reach.first()

    listing = client.get(reverse("admin:requests_app_citizenrequest_changelist"))
    foreign_page = client.get(_change(foreign), follow=True)
    own_page = client.get(_change(mine))
    pages = _admin_pages(world)
    forbidden = [
        client.get(pages[name]).status_code
        for name in ("notices", "notice", "complaints", "complaint")
    ]

    listed = {row.pk for row in listing.context["cl"].result_list}
    assert listed and listed <= set(reach.values_list("pk", flat=True))
    shown = listing.content.decode() + foreign_page.content.decode()
    assert foreign.registry_number not in shown
    assert [value for value in personal_data(foreign) if value in shown] == []
    assert forbidden == [403, 403, 403, 403]
    # Their own department's case, as on the case page, and the reading is audited.
    assert own_page.status_code == 200
    assert mine.citizen_name in own_page.content.decode()
    assert AuditEntry.objects.filter(
        action="request.admin_viewed", actor=user, target_id=str(mine.pk)
    ).exists()


def personal_data(citizen_request: CitizenRequest) -> list[str]:
    return [
        value
        for value in (
            citizen_request.citizen_name,
            citizen_request.citizen_email,
            citizen_request.citizen_phone,
            citizen_request.citizen_address,
            citizen_request.details,
        )
        if value
    ]


def _secret_link_patterns() -> list[re.Pattern]:
    """Tracking, sign-in and survey links in both languages, with any token."""
    names = [
        "requests_app:request-track",
        "requests_app:citizen-login-confirm",
        "feedback:survey-invited",
    ]
    patterns = []
    for language in ("bg", "en"):
        with translation.override(language):
            for name in names:
                before, after = reverse(name, kwargs={"token": "TOKEN"}).split("TOKEN")
                patterns.append(
                    re.compile(
                        re.escape(before) + r"[A-Za-z0-9_-]{16,}" + re.escape(after)
                    )
                )
    return patterns


@pytest.mark.django_db
def test_the_admin_never_shows_a_secret_link_of_the_outbox(client, world):
    """Every kind of notice the services write with a tracking, sign-in or survey
    link is on the list whose bodies are never shown, and the admin shows none, even to
    an administrator who works every department's queue."""
    with_email = CitizenRequest.objects.exclude(citizen_email="").first()
    assert tracking_link_resend(
        registry_number=with_email.registry_number, email=with_email.citizen_email
    )
    assert citizen_login_start(email=with_email.citizen_email, language="en")
    patterns = _secret_link_patterns()

    def has_secret_link(text: str) -> bool:
        return any(pattern.search(text) for pattern in patterns)

    notices = list(Notice.objects.all())
    with_links = {notice.kind for notice in notices if has_secret_link(notice.body)}
    assert {"acknowledgement", "tracking_link", "citizen_login"} <= with_links
    assert "survey_invitation" in with_links  # the demo has a closed, surveyed case
    assert [kind for kind in with_links if not notice_kind_has_secret_link(kind)] == []

    administrator = world["users"]["admin"]
    administrator.departments.set(Department.objects.all())
    client.force_login(administrator)
    pages = [reverse("admin:requests_app_notice_changelist")] + [
        _change(notice) for notice in notices
    ]
    responses = [client.get(page) for page in pages]

    assert {response.status_code for response in responses} == {200, 302}
    assert sum(response.status_code == 200 for response in responses) > 1
    shown = "".join(response.content.decode() for response in responses)
    assert has_secret_link(shown) is False
