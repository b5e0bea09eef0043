"""Feedback pages: who sees what, rate limits, the citizen's journeys (#4)."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from feedback import services
from feedback.models import (
    Complaint,
    ComplaintAccess,
    ComplaintStatus,
    Suggestion,
    SuggestionStatus,
    SurveyResponse,
)
from feedback.views import FOLLOW_UP_RATE, SURVEY_RATE
from requests_app.roles import Role, roles_ensure
from tests.requests_app.factories import (
    CitizenRequestFactory,
    StaffFactory,
    UserFactory,
)

from .factories import (
    ComplaintFactory,
    ComplaintKindFactory,
    SuggestionFactory,
    SurveyInvitationFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Служителят Петров поиска подкуп."


def _limit(rate: str) -> int:
    return int(rate.split("/")[0])


# --- Role x page matrix ---------------------------------------------------------------


@pytest.fixture
def named_case():
    """A complaint about a case; its clerk is the `named clerk`."""
    citizen_request = CitizenRequestFactory(assigned=True)
    complaint = ComplaintFactory(
        body=SECRET,
        request=citizen_request,
        named_clerk=citizen_request.assigned_to,
        department=citizen_request.department,
    )
    return complaint


def _viewer(who: str, complaint: Complaint):
    if who == "anonymous":
        return None
    if who == "citizen":
        return UserFactory()  # an account without any staff role
    if who == "named_clerk":
        return complaint.named_clerk
    if who == "named_clerk_made_officer":
        clerk = complaint.named_clerk
        clerk.groups.add(roles_ensure()[Role.OFFICER])
        return clerk
    role = {
        "clerk": Role.CLERK,
        "department_head": Role.HEAD,
        "manager": Role.MANAGER,
        "officer": Role.OFFICER,
        "administrator": Role.ADMINISTRATOR,
    }[who]
    departments = [complaint.department] if who in {"clerk", "department_head"} else []
    return StaffFactory(role=role, departments=departments)


# (list page, detail page, action) expected status for each viewer.
MATRIX = {
    "anonymous": (302, 302, 302),  # to the staff sign-in page, which tells nothing
    "citizen": (404, 404, 404),
    "clerk": (404, 404, 404),
    "named_clerk": (404, 404, 404),
    "named_clerk_made_officer": (200, 404, 404),
    "department_head": (404, 404, 404),
    "manager": (200, 404, 404),  # counts only
    "administrator": (404, 404, 404),
    "officer": (200, 200, 302),
}


@pytest.mark.parametrize("who", MATRIX)
def test_role_page_matrix(client, named_case, who):
    """Only officers see complaints; managers counts; the named clerk never (#4)."""
    viewer = _viewer(who, named_case)
    if viewer is not None:
        client.force_login(viewer)
    pages = [
        client.get(reverse("feedback:staff-complaints")),
        client.get(reverse("feedback:staff-complaint-detail", args=[named_case.pk])),
        client.post(
            reverse(
                "feedback:staff-complaint-action", args=[named_case.pk, "acknowledge"]
            )
        ),
    ]
    assert tuple(page.status_code for page in pages) == MATRIX[who]
    shown = [SECRET in page.content.decode() for page in pages]
    assert shown == [False, who == "officer", False]
    if who == "officer":
        named_case.refresh_from_db()
        assert named_case.status == ComplaintStatus.ACKNOWLEDGED
    else:
        assert (
            Complaint.objects.get(pk=named_case.pk).status == ComplaintStatus.RECEIVED
        )


def test_officer_sees_the_text_and_the_access_is_logged(client, named_case):
    officer = StaffFactory(
        role=Role.OFFICER, first_name="Десислава", last_name="Колева"
    )
    client.force_login(officer)
    page = client.get(reverse("feedback:staff-complaint-detail", args=[named_case.pk]))
    assert SECRET in page.content.decode()
    access = ComplaintAccess.objects.get()
    assert (access.officer, access.complaint) == (officer, named_case)
    assert "Десислава Колева" in page.content.decode()  # the log is shown to officers


def test_officer_list_is_ordered_by_due_date_and_hides_named_cases(client):
    officer = StaffFactory(role=Role.OFFICER)
    today = timezone.localdate()
    later = ComplaintFactory(decide_due_on=today + datetime.timedelta(days=40))
    sooner = ComplaintFactory(decide_due_on=today + datetime.timedelta(days=5))
    ComplaintFactory(named_clerk=officer)
    client.force_login(officer)
    page = client.get(reverse("feedback:staff-complaints"))
    assert list(page.context["complaints"]) == [sooner, later]


def test_manager_sees_counts_only(client, named_case):
    client.force_login(StaffFactory(role=Role.MANAGER))
    page = client.get(reverse("feedback:staff-complaints"))
    assert page.context["stats"]["received"] == 1
    assert "complaints" not in page.context


def test_officer_answers_and_the_filer_sees_it(client):
    officer = StaffFactory(role=Role.OFFICER)
    complaint = ComplaintFactory(code="ABCD-EFGH-JKMN-PQRS")
    client.force_login(officer)
    url = reverse("feedback:staff-complaint-action", args=[complaint.pk, "decide"])
    assert client.post(url, {"answer": ""}).status_code == 200  # error beside field
    client.post(url, {"answer": "Жалбата е основателна; служителят е наказан."})
    client.logout()
    client.post(
        reverse("feedback:complaint-follow-up"), {"code": "abcd efgh jkmn pqrs"}
    )
    page = client.get(reverse("feedback:complaint-case"))
    assert "служителят е наказан" in page.content.decode()


# --- Public complaint pages -----------------------------------------------------------


def test_filing_shows_the_code_once_and_the_proof_downloads_once(client):
    kind = ComplaintKindFactory()
    page = client.post(
        reverse("feedback:complaint-create"),
        {"kind": kind.pk, "body": "Грубо отношение.", "contact_name": ""},
    )
    assert page.status_code == 302
    first = client.get(reverse("feedback:complaint-filed"))
    code = first.context["code"]
    assert code and code in first.content.decode()
    assert client.get(reverse("feedback:complaint-filed")).context["code"] is None
    proof = client.get(reverse("feedback:complaint-proof"))
    assert proof["Content-Type"] == "application/pdf"
    assert client.get(reverse("feedback:complaint-proof")).status_code == 404


def test_form_says_anonymous_signals_are_not_processed(client):
    signal = ComplaintKindFactory(signal=True)
    page = client.get(reverse("feedback:complaint-create"))
    assert "111(4)" in page.content.decode()
    page = client.post(
        reverse("feedback:complaint-create"), {"kind": signal.pk, "body": "Нередност"}
    )
    assert page.status_code == 200
    assert "contact_name" in page.context["form"].errors
    assert not Complaint.objects.exists()


def test_follow_up_adds_information(client):
    complaint = ComplaintFactory(code="ABCD-EFGH-JKMN-PQRS")
    client.post(
        reverse("feedback:complaint-follow-up"), {"code": "ABCD-EFGH-JKMN-PQRS"}
    )
    client.post(reverse("feedback:complaint-case"), {"text": "Имам и снимка."})
    assert complaint.messages.get().text == "Имам и снимка."
    client.post(reverse("feedback:complaint-case"), {"forget": "1"})
    assert client.get(reverse("feedback:complaint-case")).status_code == 302


def test_wrong_code_finds_nothing(client):
    page = client.post(reverse("feedback:complaint-follow-up"), {"code": "0000-0000"})
    assert page.status_code == 200
    assert page.context["form"].errors["code"]
    assert client.get(reverse("feedback:complaint-case")).status_code == 302


def test_follow_up_lookup_is_rate_limited(client):
    """Too many code lookups from one address answer 429 (#4)."""
    url = reverse("feedback:complaint-follow-up")
    for _ in range(_limit(FOLLOW_UP_RATE)):
        assert client.post(url, {"code": "WRONG"}).status_code == 200
    assert client.post(url, {"code": "WRONG"}).status_code == 429


# --- Surveys --------------------------------------------------------------------------


def test_one_click_score_then_more_then_link_refused(client):
    """A used survey link is refused politely, not with an error (#4)."""
    SurveyInvitationFactory(token="tok-1")
    url = reverse("feedback:survey-invited", args=["tok-1"])
    page = client.get(url, {"score": "2"})
    assert page.status_code == 302
    assert SurveyResponse.objects.get().overall == 2
    more = client.get(reverse("feedback:survey-more"))
    assert more.status_code == 200
    client.post(reverse("feedback:survey-more"), {"courtesy": "4", "resolved": "yes"})
    response = SurveyResponse.objects.get()
    assert (response.overall, response.courtesy, response.resolved) == (2, 4, "yes")
    again = client.get(url, {"score": "5"})
    assert again.status_code == 410
    assert "answered already" in again.content.decode()
    assert SurveyResponse.objects.get().overall == 2


def test_expired_and_unknown_links_get_a_polite_page(client):
    SurveyInvitationFactory(token="old", expired=True)
    expired = client.get(reverse("feedback:survey-invited", args=["old"]))
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()
    unknown = client.get(reverse("feedback:survey-invited", args=["nope"]))
    assert unknown.status_code == 404
    assert "We do not know this link" in unknown.content.decode()


def test_full_survey_from_the_link(client):
    SurveyInvitationFactory(token="tok-2")
    url = reverse("feedback:survey-invited", args=["tok-2"])
    page = client.get(url)
    assert "<fieldset" in page.content.decode() and "<legend" in page.content.decode()
    client.post(url, {"overall": "5", "timeliness": "4", "comment": "Браво"})
    assert SurveyResponse.objects.get().timeliness == 4
    assert client.get(url).status_code == 410


def test_any_time_survey_once_per_browser(client):
    url = reverse("feedback:survey")
    client.post(url, {"overall": "4"})
    page = client.get(url)
    assert page.context["already"] is True
    client.post(url, {"overall": "1"})
    assert SurveyResponse.objects.count() == 1


def test_any_time_survey_is_rate_limited_per_address(client):
    """Clearing cookies does not get round the per-address limit (#4)."""
    url = reverse("feedback:survey")
    for _ in range(_limit(SURVEY_RATE)):
        client.cookies.clear()
        assert client.post(url, {"overall": "4"}).status_code == 302
    client.cookies.clear()
    assert client.post(url, {"overall": "4"}).status_code == 429
    assert SurveyResponse.objects.count() == _limit(SURVEY_RATE)


def test_poster_is_a_pdf_with_a_qr_code(client):
    page = client.get(reverse("feedback:survey-poster"))
    assert page["Content-Type"] == "application/pdf"
    assert page.content.startswith(b"%PDF")


def test_footer_links_to_the_survey_on_every_page(client):
    page = client.get(reverse("feedback:suggestions"))
    assert reverse("feedback:survey") in page.content.decode()
    assert reverse("feedback:complaint-create") in page.content.decode()


# --- Suggestions ----------------------------------------------------------------------


def test_suggestion_is_published_once_answered(client):
    client.post(
        reverse("feedback:suggestions"),
        {"title": "Пейки в чакалнята", "text": "Няма къде да се седне."},
    )
    suggestion = Suggestion.objects.get()
    assert "Пейки" not in client.get(reverse("feedback:suggestions")).content.decode()
    manager = StaffFactory(role=Role.MANAGER)
    client.force_login(manager)
    client.post(
        reverse("feedback:staff-suggestion-respond", args=[suggestion.pk]),
        {"status": SuggestionStatus.PLANNED, "response": "Ще поставим още пет пейки."},
    )
    client.logout()
    page = client.get(reverse("feedback:suggestions")).content.decode()
    assert "Пейки" in page and "още пет пейки" in page


@pytest.mark.parametrize("role", [Role.CLERK, Role.OFFICER, Role.HEAD])
def test_only_managers_reach_the_suggestion_back_office(client, role):
    suggestion = SuggestionFactory()
    client.force_login(StaffFactory(role=role))
    assert client.get(reverse("feedback:staff-suggestions")).status_code == 404
    url = reverse("feedback:staff-suggestion-respond", args=[suggestion.pk])
    assert client.post(url, {"status": "done"}).status_code == 404


def test_head_sees_follow_ups_of_own_department_only(client):
    mine = CitizenRequestFactory()
    other = CitizenRequestFactory()
    head = StaffFactory(role=Role.HEAD, departments=[mine.department])
    for citizen_request in (mine, other):
        invitation = SurveyInvitationFactory(
            token=f"t{citizen_request.pk}", request=citizen_request
        )
        services.survey_submit_invited(
            invitation=invitation, answers={"overall": 1, "has_consent": True}
        )
    client.force_login(head)
    page = client.get(reverse("feedback:staff-followups"))
    assert [i.response.request for i in page.context["items"]] == [mine]
    item = page.context["items"][0]
    client.post(
        reverse("feedback:staff-followups"), {"item": item.pk, "note": "Обадих се."}
    )
    item.refresh_from_db()
    assert item.done_by == head
    client.force_login(StaffFactory(role=Role.CLERK))
    assert client.get(reverse("feedback:staff-followups")).status_code == 404


# --- Admin and demo -----------------------------------------------------------------


def test_admin_lists_complaints_without_their_text(admin_client):
    ComplaintFactory(body=SECRET, contact_email="secret.filer@example.org")
    page = admin_client.get(reverse("admin:feedback_complaint_changelist"))
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert "secret.filer" not in page.content.decode()
    complaint = Complaint.objects.get()
    detail = admin_client.get(
        reverse("admin:feedback_complaint_change", args=[complaint.pk])
    )
    assert SECRET not in detail.content.decode()


def test_admin_edits_complaint_kind_terms(admin_client):
    kind = ComplaintKindFactory()
    page = admin_client.get(
        reverse("admin:feedback_complaintkind_change", args=[kind.pk])
    )
    assert 'name="acknowledge_days"' in page.content.decode()


def test_demo_data_loads_twice_without_duplicates():
    from feedback.demo import load_feedback_demo
    from feedback.models import ComplaintKind

    load_feedback_demo()
    counts = (
        ComplaintKind.objects.count(),
        Suggestion.objects.count(),
        SurveyResponse.objects.count(),
    )
    load_feedback_demo()
    assert counts == (3, 4, 4)
    assert counts == (
        ComplaintKind.objects.count(),
        Suggestion.objects.count(),
        SurveyResponse.objects.count(),
    )
    assert Suggestion.objects.filter(status=SuggestionStatus.DONE).exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("feedback:complaint-create", {"kind": "x' OR 1=1", "body": "a" * 30000}),
        ("feedback:complaint-follow-up", {"code": "Ж" * 500}),
        ("feedback:survey", {"overall": "9", "service": "-1", "resolved": "maybe"}),
        ("feedback:suggestions", {"title": "", "text": "\x00"}),
    ],
    ids=["complaint", "follow-up", "survey", "suggestion"],
)
def test_garbage_input_is_a_form_error_not_a_crash(client, name, data):
    page = client.post(reverse(name), data)
    assert page.status_code == 200
    assert page.context["form"].errors


def test_garbage_follow_up_item_is_404_for_a_head(client):
    client.force_login(StaffFactory(role=Role.HEAD))
    page = client.post(reverse("feedback:staff-followups"), {"item": "abc"})
    assert page.status_code == 404


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_attached_photo_reaches_officers_only(client, named_case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    kind = ComplaintKindFactory()
    client.post(
        reverse("feedback:complaint-create"),
        {
            "kind": kind.pk,
            "body": "Снимка на счупения терминал.",
            "registry_number": named_case.request.registry_number,
            "attachment": SimpleUploadedFile("terminal.png", PNG, "image/png"),
        },
    )
    complaint = Complaint.objects.exclude(pk=named_case.pk).get()
    attachment = complaint.attachments.get()
    url = reverse(
        "feedback:staff-complaint-attachment", args=[complaint.pk, attachment.pk]
    )
    client.force_login(named_case.named_clerk)
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory(role=Role.OFFICER))
    download = client.get(url)
    assert download.content == PNG
    assert ComplaintAccess.objects.filter(action="file").count() == 1


def test_proof_of_filing_says_what_when_code_and_how(client):
    import io

    from pypdf import PdfReader

    kind = ComplaintKindFactory()
    with translation.override("bg"):  # filed in Bulgarian: the proof is in Bulgarian
        create = reverse("feedback:complaint-create")
        filed = reverse("feedback:complaint-filed")
        proof = reverse("feedback:complaint-proof")
    client.post(create, {"kind": kind.pk, "body": "Текст"})
    code = client.get(filed).context["code"]
    pdf = client.get(proof).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert code in text
    assert "Жалба" in text
    assert "/complaints/follow-up/" in text
