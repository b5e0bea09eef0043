"""Filing a complaint: the receipt code, the proof, the terms, the notices (#4)."""

import datetime

from django.core import mail

import pytest

from feedback.codes import receipt_hash
from feedback.errors import FeedbackError
from feedback.models import Complaint
from feedback.services.filing import complaint_file, complaint_proof_take
from requests_app.models import Notice
from tests.requests_app.factories import CitizenRequestFactory

from .factories import ComplaintKindFactory

pytestmark = pytest.mark.django_db


def test_filing_stores_the_hash_only_and_keeps_a_proof_for_one_download():
    kind = ComplaintKindFactory()
    complaint, code = complaint_file(
        kind=kind, body="Грубо отношение на гише 2.", contact_email="m@example.org"
    )
    assert code not in str(Complaint.objects.values().get(pk=complaint.pk))
    assert complaint.receipt_hash == receipt_hash(code)
    pdf = complaint_proof_take(complaint_id=complaint.pk)
    assert pdf.startswith(b"%PDF")
    assert complaint_proof_take(complaint_id=complaint.pk) is None


def test_filing_e_mails_the_proof_without_linking_the_request(
    django_capture_on_commit_callbacks,
):
    """The clerk of the case must not see the receipt in the request's history."""
    citizen_request = CitizenRequestFactory(assigned=True)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_file(
            kind=ComplaintKindFactory(),
            body="Чакам от месец.",
            contact_email="m@example.org",
            registry_number=citizen_request.registry_number,
        )
    notice = Notice.objects.get(kind="complaint_receipt")
    assert notice.request is None
    assert bytes(notice.attachment_content).startswith(b"%PDF")
    assert [m.to for m in mail.outbox] == [["m@example.org"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_officers_are_told_of_a_new_case_but_never_the_clerk_it_names(officer):
    citizen_request = CitizenRequestFactory(assigned=True)
    clerk = citizen_request.assigned_to
    clerk.groups.add(*officer.groups.all())  # the clerk is an officer too
    complaint_file(
        kind=ComplaintKindFactory(),
        body="Отказаха ми.",
        registry_number=citizen_request.registry_number,
    )
    recipients = set(
        Notice.objects.filter(kind="complaint_new").values_list("recipient", flat=True)
    )
    assert recipients == {officer.email}


def test_complaint_about_a_case_names_its_clerk_and_department():
    citizen_request = CitizenRequestFactory(assigned=True)
    complaint, _code = complaint_file(
        kind=ComplaintKindFactory(),
        body="Отказаха ми.",
        registry_number=citizen_request.registry_number,
    )
    assert complaint.request == citizen_request
    assert complaint.named_clerk == citizen_request.assigned_to
    assert complaint.department == citizen_request.department


def test_unknown_registry_number_is_refused():
    with pytest.raises(FeedbackError, match="No request has this"):
        complaint_file(
            kind=ComplaintKindFactory(), body="Текст", registry_number="1-2/3"
        )


def test_anonymous_signal_is_not_processed():
    """АПК art. 111(4): anonymous proposals and signals are refused (#4)."""
    with pytest.raises(FeedbackError, match="111"):
        complaint_file(kind=ComplaintKindFactory(signal=True), body="Текст")


def test_anonymous_complaint_is_accepted():
    complaint, _code = complaint_file(kind=ComplaintKindFactory(), body="Текст")
    assert complaint.contact_name == ""


def test_terms_come_from_the_kind_and_the_work_calendar():
    """A signal filed on 24 Nov 2026: acknowledge by 1 Dec, decide by 25 Jan 2027."""
    complaint, _code = complaint_file(
        kind=ComplaintKindFactory(signal=True),
        body="Нередност",
        contact_name="Иван Стоянов",
        contact_email="i@example.org",
        received_on=datetime.date(2026, 11, 24),
        facts_on=datetime.date(2026, 11, 20),
    )
    assert complaint.acknowledge_due_on == datetime.date(2026, 12, 1)
    # 24 Jan 2027 is a Sunday: the term moves to Monday.
    assert complaint.decide_due_on == datetime.date(2027, 1, 25)
