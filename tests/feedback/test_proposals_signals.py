"""Proposals and signals (Administrative Procedure Code, chapter 8) (#11).

A proposal's decision term may be extended, with a reason and before it ends, up to
six months from filing in total (art. 118); the proposer is told at once. A signal
about facts more than two years old is filed but recorded as not examined, and the
filer sees why (art. 111(4)).
"""

import datetime
import io

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

import pytest
from dateutil.relativedelta import relativedelta
from pypdf import PdfReader

from feedback.errors import FeedbackError
from feedback.models import Complaint, ComplaintExtension
from feedback.selectors.complaints import complaint_actions_for
from feedback.selectors.terms import (
    complaint_extension_limit,
    complaint_facts_too_old,
    complaint_terms_explained,
)
from feedback.services.complaints import complaint_extend
from feedback.services.filing import complaint_file, complaint_proof_take
from feedback.workflow import ComplaintStatus, NotExaminedReason
from requests_app.models import Notice

from .factories import ComplaintFactory, ComplaintKindFactory

pytestmark = pytest.mark.django_db

REASON = "Предложението засяга три дирекции и изисква становище на общинския съвет."


def _proposal(**kwargs):
    today = timezone.localdate()
    defaults = {
        "kind": ComplaintKindFactory(proposal=True),
        "received_on": today,
        "decide_due_on": today + datetime.timedelta(days=61),
        "contact_email": "proposer@example.org",
        "language": "en",
    }
    return ComplaintFactory(**(defaults | kwargs))


# --- Extending a proposal's term -------------------------------------------------


def test_officer_extends_a_proposal_and_the_proposer_is_told_at_once(
    django_capture_on_commit_callbacks, officer
):
    proposal = _proposal()
    new_due_on = proposal.decide_due_on + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_extend(
            complaint=proposal, by=officer, reason=REASON, due_on=new_due_on
        )
    proposal.refresh_from_db()
    assert proposal.decide_due_on == new_due_on
    assert proposal.status == ComplaintStatus.RECEIVED  # the case goes on as it was
    extension = ComplaintExtension.objects.get()
    assert (extension.new_due_on, extension.reason) == (new_due_on, REASON)
    [email] = [m for m in mail.outbox if m.to == ["proposer@example.org"]]
    assert REASON in email.body
    assert "Administrative Procedure Code, art. 118" in email.body
    with translation.override("en"):
        assert date_format(new_due_on) in email.body


def test_empty_date_extends_to_six_months_from_filing(officer):
    proposal = _proposal()
    complaint_extend(complaint=proposal, by=officer, reason=REASON)
    proposal.refresh_from_db()
    limit = complaint_extension_limit(complaint=proposal)
    assert proposal.decide_due_on == limit
    six_months = proposal.received_on + relativedelta(months=6)
    assert six_months <= limit <= six_months + datetime.timedelta(days=4)


def test_extensions_together_stop_at_six_months_from_filing(officer):
    """The limit counts from filing, across all extensions, not from the last date."""
    proposal = _proposal()
    limit = complaint_extension_limit(complaint=proposal)
    complaint_extend(
        complaint=proposal,
        by=officer,
        reason=REASON,
        due_on=limit - datetime.timedelta(days=1),
    )
    with pytest.raises(FeedbackError, match="at the latest") as error:
        complaint_extend(
            complaint=proposal,
            by=officer,
            reason=REASON,
            due_on=limit + datetime.timedelta(days=1),
        )
    assert error.value.code == "beyond_limit"
    assert Complaint.objects.get(pk=proposal.pk).decide_due_on < limit


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("complaint", "not_extendable"),
        ("signal", "not_extendable"),
        ("term-ended-yesterday", "term_ended"),
        ("earlier-date", "not_later"),
        ("blank-reason", "no_reason"),
    ],
    ids=str,
)
def test_extension_is_refused_and_nothing_changes(officer, case, code):
    today = timezone.localdate()
    kinds = {
        "complaint": ComplaintKindFactory(),
        "signal": ComplaintKindFactory(signal=True),
    }
    if case in kinds:
        complaint = _proposal(kind=kinds[case])
    elif case == "term-ended-yesterday":
        complaint = _proposal(
            received_on=today - datetime.timedelta(days=62),
            decide_due_on=today - datetime.timedelta(days=1),
        )
    else:
        complaint = _proposal()
    before = complaint.decide_due_on
    due_on = before - datetime.timedelta(days=1) if case == "earlier-date" else None
    reason = "  " if case == "blank-reason" else REASON
    with pytest.raises(FeedbackError) as error:
        complaint_extend(complaint=complaint, by=officer, reason=reason, due_on=due_on)
    assert error.value.code == code
    assert Complaint.objects.get(pk=complaint.pk).decide_due_on == before
    assert not ComplaintExtension.objects.exists()
    assert not Notice.objects.exists()


def test_only_a_running_proposal_offers_the_extend_action(officer):
    today = timezone.localdate()
    running = _proposal()
    ended = _proposal(
        received_on=today - datetime.timedelta(days=62),
        decide_due_on=today - datetime.timedelta(days=1),
    )
    complaint = _proposal(kind=ComplaintKindFactory())

    def offered(case):
        return "extend" in [
            a.code for a in complaint_actions_for(viewer=officer, complaint=case)
        ]

    assert offered(running) is True
    assert offered(ended) is False
    assert offered(complaint) is False


def test_officer_extends_through_the_case_page_and_the_filer_sees_why(client, officer):
    proposal = _proposal(code="ABCD-EFGH-JKMN-PQR2")
    new_due_on = proposal.decide_due_on + datetime.timedelta(days=20)
    client.force_login(officer)
    page = client.get(reverse("feedback:staff-complaint-detail", args=[proposal.pk]))
    assert "extend" in page.content.decode()
    response = client.post(
        reverse("feedback:staff-complaint-action", args=[proposal.pk, "extend"]),
        {"due_on": new_due_on.isoformat(), "reason": REASON},
    )
    assert response.status_code == 302
    client.logout()
    client.post(
        reverse("feedback:complaint-follow-up"), {"code": "ABCD-EFGH-JKMN-PQR2"}
    )
    with translation.override("en"):
        page = client.get(reverse("feedback:complaint-case"))
    text = page.content.decode()
    assert REASON in text
    assert "Administrative Procedure Code, art. 118" in text
    assert page.context["terms"][1].due_on == new_due_on


def test_extended_term_is_explained_with_reason_and_source(officer):
    proposal = _proposal()
    complaint_extend(complaint=proposal, by=officer, reason=REASON)
    proposal.refresh_from_db()
    with translation.override("en"):
        decide = complaint_terms_explained(complaint=proposal)[1]
    assert decide.due_on == proposal.decide_due_on
    assert any(
        REASON in line and "Administrative Procedure Code, art. 118" in line
        for line in decide.lines
    )
    assert decide.lines[-1].startswith("Due date:")


# --- Signals about old facts -----------------------------------------------------

TODAY = datetime.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("facts_on", "too_old"),
    [
        (datetime.date(2026, 11, 20), False),
        (datetime.date(2024, 11, 24), False),  # exactly two years: still examined
        (datetime.date(2024, 11, 23), True),
        (datetime.date(2010, 1, 1), True),
        (None, False),
    ],
    ids=["days-ago", "exactly-2y", "2y+1d", "16y", "no-date"],
)
def test_signal_facts_age_out_after_two_years(facts_on, too_old):
    signal = ComplaintKindFactory.build(signal=True)
    assert (
        complaint_facts_too_old(kind=signal, facts_on=facts_on, received_on=TODAY)
        is too_old
    )


def test_complaints_have_no_age_limit():
    complaint = ComplaintKindFactory.build()
    old = datetime.date(2000, 1, 1)
    assert (
        complaint_facts_too_old(kind=complaint, facts_on=old, received_on=TODAY)
        is False
    )


def test_old_signal_is_filed_but_recorded_as_not_examined(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        signal, _code = complaint_file(
            kind=ComplaintKindFactory(signal=True),
            body="Незаконен строеж в двора на училището.",
            contact_name="Иван Иванов",
            contact_email="ivan@example.org",
            facts_on=today - relativedelta(years=3),
            language="en",
        )
    signal.refresh_from_db()
    assert signal.status == ComplaintStatus.NOT_EXAMINED
    assert signal.not_examined_because == NotExaminedReason.FACTS_TOO_OLD
    assert signal.closed_at is not None
    receipt = next(m for m in mail.outbox if m.to == ["ivan@example.org"])
    assert "recorded but not examined" in receipt.body
    assert "Administrative Procedure Code, art. 111(4)" in receipt.body
    pdf = complaint_proof_take(complaint_id=signal.pk)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "art. 111(4)" in text


def test_recent_signal_is_examined_as_usual():
    signal, _code = complaint_file(
        kind=ComplaintKindFactory(signal=True),
        body="Нередност при търга.",
        contact_name="Иван Иванов",
        contact_email="ivan@example.org",
        facts_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    assert signal.status == ComplaintStatus.RECEIVED
    assert signal.not_examined_because == ""


def test_signal_filed_without_the_date_is_examined():
    """Only the form requires the date; a filing typed in later without it is kept."""
    signal, _code = complaint_file(
        kind=ComplaintKindFactory(signal=True),
        body="Нередност.",
        contact_name="Иван Иванов",
        contact_email="ivan@example.org",
    )
    assert signal.status == ComplaintStatus.RECEIVED


def test_form_asks_when_for_signals_and_refuses_future_dates(client):
    signal = ComplaintKindFactory(signal=True)
    contact = {"contact_name": "Иван Иванов", "contact_email": "ivan@example.org"}
    url = reverse("feedback:complaint-create")
    page = client.post(url, {"kind": signal.pk, "body": "Нередност", **contact})
    assert "facts_on" in page.context["form"].errors
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = client.post(
        url,
        {
            "kind": signal.pk,
            "body": "Нередност",
            "facts_on": tomorrow.isoformat(),
            **contact,
        },
    )
    assert "facts_on" in page.context["form"].errors
    assert not Complaint.objects.exists()


def test_complaint_may_leave_the_date_of_the_facts_empty(client):
    kind = ComplaintKindFactory()
    page = client.post(
        reverse("feedback:complaint-create"), {"kind": kind.pk, "body": "Грубо."}
    )
    assert page.status_code == 302
    assert Complaint.objects.get().facts_on is None


def test_filer_of_an_old_signal_sees_why_on_the_confirmation_and_case_pages(client):
    signal = ComplaintKindFactory(signal=True)
    facts_on = timezone.localdate() - relativedelta(years=5)
    with translation.override("en"):
        response = client.post(
            reverse("feedback:complaint-create"),
            {
                "kind": signal.pk,
                "body": "Злоупотреба с общинско имущество.",
                "facts_on": facts_on.isoformat(),
                "contact_name": "Иван Иванов",
                "contact_email": "ivan@example.org",
            },
        )
        assert response.status_code == 302
        filed = client.get(reverse("feedback:complaint-filed"))
    text = filed.content.decode()
    assert "not examined" in text
    assert "Administrative Procedure Code, art. 111(4)" in text
    code = filed.context["code"]
    client.post(reverse("feedback:complaint-follow-up"), {"code": code})
    with translation.override("en"):
        case = client.get(reverse("feedback:complaint-case"))
    assert case.context["not_examined"] is not None
    assert case.context["terms"] == []
    assert "art. 111(4)" in case.content.decode()
