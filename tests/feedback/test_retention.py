"""Complaints, survey answers and suggestions lose personal data after their period.

The figures stay, open cases are never touched, a second run changes nothing (#10).
"""

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest

from feedback import services as feedback_services
from feedback.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintMessage,
    FollowUpItem,
    Suggestion,
    SurveyResponse,
)
from feedback.selectors.statistics import (
    complaint_figures,
    suggestion_figures,
    survey_figures,
)
from feedback.workflow import ComplaintStatus, SuggestionStatus
from requests_app.models import AuditEntry, Notice
from requests_app.roles import Role
from tests.requests_app.factories import StaffFactory

from .factories import (
    ComplaintKindFactory,
    SuggestionFactory,
    SurveyResponseFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

SOFIA = ZoneInfo("Europe/Sofia")
BODY = "Служителят на гише 3 поиска 50 евро, за да ускори преписката."
ANSWER = "Образувано е дисциплинарно производство срещу служителя Петров."


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=SOFIA)


def _run(**options) -> str:
    out = io.StringIO()
    call_command("apply_retention", stdout=out, **options)
    return out.getvalue()


def _closed_complaint(*, received_on: datetime.date, close: bool = True) -> Complaint:
    """File a complaint with a file, answer it through the services, then close it."""
    officer = StaffFactory(role=Role.OFFICER, email="officer@example.org")
    complaint, _code = feedback_services.complaint_file(
        kind=ComplaintKindFactory(signal=True),
        body=BODY,
        contact_name="Анна Георгиева",
        contact_email="anna@example.org",
        contact_phone="0888 111 222",
        contact_address="ул. Шипка 5",
        received_on=received_on,
    )
    ComplaintAttachment.objects.create(
        complaint=complaint,
        name="разписка.pdf",
        content_type="application/pdf",
        size=9,
        content=b"%PDF-1.4\n",
    )
    ComplaintMessage.objects.create(
        complaint=complaint,
        author=ComplaintMessage.Author.FILER,
        text="Свидетел е и Иван Иванов.",
    )
    feedback_services.complaint_decide(complaint=complaint, by=officer, answer=ANSWER)
    if close:
        feedback_services.complaint_close(complaint=complaint, by=officer)
        Complaint.objects.filter(pk=complaint.pk).update(
            closed_at=_at(received_on + datetime.timedelta(days=40))
        )
    Notice.objects.update(sent_at=timezone.now())
    complaint.refresh_from_db()
    return complaint


def test_a_closed_complaint_past_its_period_keeps_only_its_figures():
    """Texts, contacts, exchange, answer and files go; the counts stay (#10)."""
    complaint = _closed_complaint(received_on=datetime.date(2019, 3, 4))
    period = {"start": datetime.date(2019, 1, 1), "end": datetime.date(2019, 12, 31)}
    figures = complaint_figures(**period, department_id=None)

    output = _run(today="2026-03-01")
    complaint.refresh_from_db()

    assert "complaints: 1 anonymised (period 5 years" in output
    assert complaint.anonymised_at is not None
    assert (complaint.body, complaint.answer, complaint.proof_pdf) == ("", "", None)
    assert (complaint.contact_name, complaint.contact_email) == ("", "")
    assert (complaint.contact_phone, complaint.contact_address) == ("", "")
    assert list(complaint.messages.values_list("text", flat=True)) == [""]
    assert complaint.attachments.count() == 0
    notices = Notice.objects.filter(dedupe_key__startswith="feedback:complaint:")
    assert notices.exists()
    assert {(notice.recipient, notice.body) for notice in notices} == {("", "")}
    assert complaint_figures(**period, department_id=None) == figures
    assert (figures.received, figures.signals, figures.decided) == (1, 1, 1)
    assert complaint.status == ComplaintStatus.CLOSED
    assert AuditEntry.objects.filter(
        action="complaint.anonymised", target_id=str(complaint.pk)
    ).exists()


def test_nothing_of_the_complaint_is_left_in_the_raw_database():
    complaint = _closed_complaint(received_on=datetime.date(2019, 3, 4))

    _run(today="2026-03-01")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body, contact_email, answer FROM feedback_complaint WHERE id = %s",
            [complaint.pk],
        )
        assert cursor.fetchone() == ("", "", "")


def test_an_answered_but_open_complaint_is_never_anonymised():
    complaint = _closed_complaint(received_on=datetime.date(2015, 3, 4), close=False)

    output = _run(today="2026-03-01")
    complaint.refresh_from_db()

    assert "complaints: 0 anonymised" in output
    assert (complaint.body, complaint.anonymised_at) == (BODY, None)
    assert complaint.attachments.count() == 1


def test_a_recently_closed_complaint_is_kept():
    complaint = _closed_complaint(received_on=datetime.date(2021, 3, 4))

    _run(today="2026-03-01")
    complaint.refresh_from_db()

    assert complaint.body == BODY


def test_running_twice_changes_nothing():
    complaint = _closed_complaint(received_on=datetime.date(2019, 3, 4))
    suggestion = SuggestionFactory(
        status=SuggestionStatus.DONE, responded_at=_at(datetime.date(2020, 5, 5))
    )
    _run(today="2026-03-01")
    audit = AuditEntry.objects.count()
    stamps = (
        Complaint.objects.get(pk=complaint.pk).anonymised_at,
        Suggestion.objects.get(pk=suggestion.pk).anonymised_at,
    )

    output = _run(today="2026-03-02")

    assert "complaints: 0 anonymised" in output
    assert "suggestions: 0 anonymised" in output
    assert AuditEntry.objects.count() == audit
    assert (
        Complaint.objects.get(pk=complaint.pk).anonymised_at,
        Suggestion.objects.get(pk=suggestion.pk).anonymised_at,
    ) == stamps


# --- Survey answers -----------------------------------------------------------------


def _answer(day: datetime.date, **fields) -> SurveyResponse:
    return SurveyResponseFactory(
        submitted_at=_at(day),
        comment="Служителката Петрова беше груба.",
        contact_email="unhappy@example.org",
        has_consent=True,
        **fields,
    )


def test_an_old_survey_answer_keeps_its_scores_only():
    """The comment, e-mail and consent go a year after; the means stay (#10)."""
    answer = _answer(datetime.date(2024, 5, 10))
    period = {
        "start": datetime.date(2024, 1, 1),
        "end": datetime.date(2024, 12, 31),
        "department_id": None,
        "service_id": None,
    }
    figures = survey_figures(**period)

    output = _run(today="2026-03-01")
    answer.refresh_from_db()

    assert "survey answers: 1 anonymised (period 1 years" in output
    assert (answer.comment, answer.contact_email, answer.has_consent) == ("", "", False)
    assert (answer.overall, answer.courtesy, answer.resolved) == (4, 5, "yes")
    assert survey_figures(**period) == figures


def test_a_survey_answer_with_an_open_follow_up_is_kept():
    answer = _answer(datetime.date(2023, 5, 10))
    FollowUpItem.objects.create(response=answer, reason="overall 1")

    _run(today="2026-03-01")
    answer.refresh_from_db()

    assert answer.contact_email == "unhappy@example.org"


def test_a_followed_up_answer_loses_the_note_too():
    answer = _answer(datetime.date(2023, 5, 10))
    item = FollowUpItem.objects.create(
        response=answer,
        reason="overall 1",
        done_at=_at(datetime.date(2023, 5, 20)),
        note="Обадих се на г-жа Петрова на 0888 111 222.",
    )

    _run(today="2026-03-01")
    answer.refresh_from_db()
    item.refresh_from_db()

    assert (answer.comment, item.note) == ("", "")


def test_a_recent_survey_answer_is_kept():
    answer = _answer(datetime.date(2025, 6, 1))

    _run(today="2026-03-01")
    answer.refresh_from_db()

    assert answer.comment != ""


# --- Suggestions --------------------------------------------------------------------


def test_a_settled_suggestion_loses_its_contributor_but_stays_published(client):
    """The name and e-mail go; title, text and response stay on the public page."""
    suggestion = SuggestionFactory(
        status=SuggestionStatus.DONE,
        response="Въведохме плащане с карта.",
        first_responded_at=_at(datetime.date(2023, 5, 5)),
        responded_at=_at(datetime.date(2023, 5, 5)),
        submitted_at=_at(datetime.date(2023, 4, 1)),
    )
    figures = suggestion_figures(
        start=datetime.date(2023, 1, 1), end=datetime.date(2023, 12, 31)
    )

    output = _run(today="2026-03-01")
    suggestion.refresh_from_db()

    assert "suggestions: 1 anonymised (period 2 years" in output
    assert (suggestion.contact_name, suggestion.contact_email) == ("", "")
    page = client.get("/en/suggestions/").content.decode()
    assert suggestion.text in page
    assert "Въведохме плащане с карта." in page
    assert (
        suggestion_figures(
            start=datetime.date(2023, 1, 1), end=datetime.date(2023, 12, 31)
        )
        == figures
    )


def test_a_suggestion_under_review_is_kept():
    suggestion = SuggestionFactory(
        status=SuggestionStatus.UNDER_REVIEW,
        responded_at=_at(datetime.date(2019, 5, 5)),
    )

    _run(today="2026-03-01")
    suggestion.refresh_from_db()

    assert suggestion.contact_name == "Георги Димитров"


def test_each_kind_has_its_own_period(settings):
    settings.RETENTION_COMPLAINT_YEARS = 0
    settings.RETENTION_SURVEY_YEARS = 5
    complaint = _closed_complaint(received_on=datetime.date(2010, 3, 4))
    answer = _answer(datetime.date(2024, 5, 10))

    output = _run(today="2026-03-01")
    complaint.refresh_from_db()
    answer.refresh_from_db()

    assert "complaints: kept for ever" in output
    assert (complaint.body, answer.comment) == (
        BODY,
        "Служителката Петрова беше груба.",
    )
