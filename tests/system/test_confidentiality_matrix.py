"""Who may see what, role by role, on the demo municipality (#3, #4, #5, #6).

Confidential complaints and signals are for complaint officers only (never for the
member of staff they name, nor for an administrator); requests stay within the
clerk's departments; unpublished reports stay with management; the API publishes no
personal data.
"""

import datetime
import json

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

import pytest

from feedback import services as feedback_services
from feedback.models import ComplaintAttachment, ComplaintKind
from requests_app.models import CitizenRequest, Notice, Service, User
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
