"""Filing a request with `request_submit`: one transaction, due date, notice (#2)."""

from datetime import date

from django.utils import translation

import pytest

from requests_app.emails import email_key
from requests_app.errors import ServiceError
from requests_app.fields import file_decrypt_chunks
from requests_app.links import tracking_url
from requests_app.models import (
    AuditEntry,
    CitizenRequest,
    EventKind,
    Notice,
    RegistryCounter,
)
from requests_app.services.submission import request_submit, tracking_link_resend
from requests_app.tokens import token_hash
from requests_app.workflow import Status

from .factories import (
    CalendarDayFactory,
    CitizenRequestFactory,
    ServiceFactory,
    ServiceQuestionFactory,
    ServiceVariantFactory,
)
from .filing_files import PDF_BYTES, celery_conf, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Send notices in-process, even where CI points Celery at a real broker."""
    with celery_conf(task_always_eager=True):
        yield


def submit(service, **kwargs):
    values = {
        "service": service,
        "citizen_name": "Мария Петрова",
        "citizen_email": "maria@example.org",
        "details": "Моля за удостоверение.",
    }
    return request_submit(**(values | kwargs))


def test_filing_writes_the_request_timeline_audit_and_acknowledgement():
    service = ServiceFactory(term_days=14)
    citizen_request = submit(service, received_on=date(2026, 11, 24), language="en")
    citizen_request.refresh_from_db()
    assert citizen_request.status == Status.SUBMITTED
    assert citizen_request.department == service.department
    assert citizen_request.received_on == date(2026, 11, 24)
    assert citizen_request.due_on == date(2026, 12, 8)
    assert citizen_request.original_due_on == date(2026, 12, 8)
    assert (citizen_request.term_days, citizen_request.term_working_days) == (14, False)
    assert len(citizen_request.tracking_token) >= 43
    assert citizen_request.tracking_token_hash == token_hash(
        citizen_request.tracking_token
    )
    assert citizen_request.citizen_email_key == email_key(citizen_request.citizen_email)
    [event] = citizen_request.events.all()
    assert (event.kind, event.to_status, event.is_public) == (
        EventKind.STATUS,
        Status.SUBMITTED,
        True,
    )
    assert AuditEntry.objects.filter(
        action="request.submitted", target_id=str(citizen_request.pk)
    ).exists()
    [notice] = Notice.objects.all()
    assert notice.kind == "acknowledgement"
    assert notice.recipient == "maria@example.org"
    assert notice.sent_at is None  # sent after commit, never inside the transaction


def test_registry_number_uses_the_department_index_and_date():
    service = ServiceFactory(department__registry_index="94-00")
    first = submit(service, received_on=date(2026, 11, 24))
    second = submit(service, received_on=date(2026, 11, 25))
    assert first.registry_number == "94-00-1/24.11.2026"
    assert second.registry_number == "94-00-2/25.11.2026"


def test_registry_number_format_is_configurable(settings):
    settings.REGISTRY_NUMBER_FORMAT = "{index}/{year}/{sequence:05d}"
    service = ServiceFactory(department__registry_index="ГРАО")
    citizen_request = submit(service, received_on=date(2027, 1, 4))
    assert citizen_request.registry_number == "ГРАО/2027/00001"


def test_each_department_and_year_counts_separately():
    service = ServiceFactory(department__registry_index="94-01")
    other = ServiceFactory(department__registry_index="94-02")
    submit(service, received_on=date(2026, 12, 30))
    submit(service, received_on=date(2026, 12, 31))
    assert submit(other, received_on=date(2026, 12, 31)).registry_number.startswith(
        "94-02-1/"
    )
    assert submit(service, received_on=date(2027, 1, 4)).registry_number == (
        "94-01-1/04.01.2027"
    )
    assert (
        RegistryCounter.objects.get(department=service.department, year=2026).last == 2
    )


def test_variant_term_decides_the_due_date():
    service = ServiceFactory(term_days=14)
    express = ServiceVariantFactory(service=service, express=True)  # 1 working day
    # Friday 27 November 2026: one working day later is Monday 30 November.
    citizen_request = submit(service, variant=express, received_on=date(2026, 11, 27))
    assert citizen_request.due_on == date(2026, 11, 30)
    assert (citizen_request.term_days, citizen_request.term_working_days) == (1, True)


def test_declared_day_off_moves_the_due_date():
    CalendarDayFactory(day=date(2026, 12, 8))
    service = ServiceFactory(term_days=14)
    citizen_request = submit(service, received_on=date(2026, 11, 24))
    assert citizen_request.due_on == date(2026, 12, 9)


def test_answers_and_files_are_stored():
    service = ServiceFactory()
    question = ServiceQuestionFactory(service=service, date=True)
    citizen_request = submit(
        service,
        answers={question: "2026-11-24"},
        files=[(pdf("декларация.pdf"), "application/pdf")],
    )
    [answer] = citizen_request.answers.all()
    assert (answer.question, answer.value) == (question, "2026-11-24")
    [attachment] = citizen_request.attachments.all()
    assert attachment.original_name == "декларация.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF_BYTES)
    # Stored under a random name, never the citizen's file name.
    assert "декларация" not in attachment.file.name
    # Stored encrypted; decrypted it is the file sent.
    assert b"".join(file_decrypt_chunks(attachment.file.open("rb"))) == PDF_BYTES


def test_no_email_means_the_acknowledgement_goes_by_sms():
    """A phone and no e-mail: told by SMS (#16)."""
    citizen_request = submit(
        ServiceFactory(), citizen_email="", citizen_phone="0888123456"
    )
    assert citizen_request.notify_by == "sms"
    notice = Notice.objects.get()
    assert (notice.channel, notice.recipient) == ("sms", "0888123456")


def test_no_contact_at_all_means_no_acknowledgement():
    citizen_request = submit(
        ServiceFactory(), citizen_email="", citizen_phone="", citizen_address=""
    )
    assert citizen_request.pk is not None
    assert Notice.objects.count() == 0


def test_the_link_asked_for_by_email_goes_by_email_whatever_the_channel():
    citizen_request = submit(
        ServiceFactory(), citizen_phone="0888123456", notify_by="sms"
    )
    assert tracking_link_resend(
        registry_number=citizen_request.registry_number,
        email=citizen_request.citizen_email,
    )
    link = Notice.objects.get(kind="tracking_link")
    assert (link.channel, link.recipient) == ("email", citizen_request.citizen_email)


def test_acknowledgement_is_in_the_citizens_language_with_number_due_date_and_link():
    """The e-mail follows the citizen's language, not the page's (#2)."""
    service = ServiceFactory(name_bg="Скица на имот", name_en="Sketch of a plot")
    with translation.override("bg"):
        citizen_request = submit(
            service, language="en", received_on=date(2026, 12, 23), citizen_name="Ann"
        )
    notice = Notice.objects.get()
    assert notice.language == "en"
    assert citizen_request.registry_number in notice.subject
    assert "Dear Ann," in notice.body
    assert "“Sketch of a plot”" in notice.body
    assert "Due date: 6 January 2027" in notice.body  # 14 days, 1 January is off anyway
    assert "Friday, 25 December 2026 counts as a calendar day" in notice.body
    assert tracking_url(citizen_request) in notice.body
    assert "/en/track/" in notice.body


def test_acknowledgement_in_bulgarian():
    service = ServiceFactory(name_bg="Скица на имот")
    with translation.override("en"):
        citizen_request = submit(service, language="bg", citizen_name="Мария")
    notice = Notice.objects.get()
    assert notice.language == "bg"
    assert "/bg/track/" in notice.body
    assert citizen_request.tracking_token in notice.body


def test_unknown_language_falls_back_to_bulgarian():
    citizen_request = submit(ServiceFactory(), language="xx")
    assert citizen_request.language == "bg"


@pytest.mark.parametrize(
    ("service_kwargs", "code"),
    [({"is_active": False}, "service_inactive"), ({"is_online": False}, "not_online")],
    ids=["inactive", "not-online"],
)
def test_service_that_cannot_be_filed_online_is_refused(service_kwargs, code):
    service = ServiceFactory(**service_kwargs)
    with pytest.raises(ServiceError, match=r".") as caught:
        submit(service)
    assert caught.value.code == code
    assert CitizenRequest.objects.count() == 0
    assert RegistryCounter.objects.filter(last__gt=0).count() == 0


def test_variant_or_question_of_another_service_is_refused():
    service = ServiceFactory()
    with pytest.raises(ServiceError, match=r"variant"):
        submit(service, variant=ServiceVariantFactory())
    with pytest.raises(ServiceError, match=r"question"):
        submit(service, answers={ServiceQuestionFactory(): "x"})


def test_failure_after_numbering_leaves_no_gap(monkeypatch):
    """A filing that fails inside the transaction gives its number back (#2)."""
    service = ServiceFactory(department__registry_index="94-00")
    submit(service, received_on=date(2026, 11, 24))

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("requests_app.services.submission.audit_record", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        submit(service, received_on=date(2026, 11, 24))
    monkeypatch.undo()
    third = submit(service, received_on=date(2026, 11, 24))
    assert third.registry_number == "94-00-2/24.11.2026"
    assert Notice.objects.count() == 2


def test_tracking_link_resend_writes_a_notice_only_for_the_right_pair():
    citizen_request = CitizenRequestFactory(citizen_email="Maria@Example.org")
    assert tracking_link_resend(
        registry_number=citizen_request.registry_number, email="maria@example.ORG"
    )
    notice = Notice.objects.get()
    assert notice.kind == "tracking_link"
    assert notice.recipient == "Maria@Example.org"
    assert citizen_request.tracking_token in notice.body
    assert not tracking_link_resend(
        registry_number=citizen_request.registry_number, email="other@example.org"
    )
    assert not tracking_link_resend(
        registry_number="94-00-999/01.01.2026", email="x@y.z"
    )
    assert Notice.objects.count() == 1
