"""The survey pages and the heads' follow-up list (#4)."""

import re

from django.urls import reverse

import pytest

from feedback.dimensions import DIMENSIONS
from feedback.models import Resolved, SurveyResponse
from feedback.services.surveys import survey_submit_invited
from requests_app.models import Notice
from requests_app.roles import Role
from requests_app.services import request_transition
from requests_app.throttles import SURVEY
from requests_app.workflow import Status
from tests.requests_app.factories import CitizenRequestFactory, StaffFactory

from .factories import SurveyInvitationFactory

pytestmark = pytest.mark.django_db


def _checked_scores(html: str, name: str) -> list[str]:
    """Return the values of the radio buttons `name` that the page checks."""
    inputs = re.findall(r"<input[^>]*>", html)
    return [
        re.search(r'value="([^"]*)"', tag)[1]
        for tag in inputs
        if f'name="{name}"' in tag and re.search(r"\schecked[\s>/=]", tag)
    ]


def test_opening_a_score_link_records_nothing_and_shows_the_score(client):
    """A mail scanner that opens the link casts no vote (#10)."""
    invitation = SurveyInvitationFactory(token="tok-1")
    url = reverse("feedback:survey-invited", args=["tok-1"])

    page = client.get(url, {"score": "5"})

    assert page.status_code == 200
    assert _checked_scores(page.text, "overall") == ["5"]
    assert "You chose 5 of 5" in page.text
    assert "not sent yet" in page.text
    assert SurveyResponse.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_a_scanner_opening_every_score_link_leaves_the_survey_open(client):
    SurveyInvitationFactory(token="tok-1")
    url = reverse("feedback:survey-invited", args=["tok-1"])

    for score in range(1, 6):
        assert client.get(url, {"score": str(score)}).status_code == 200
        assert client.head(url, {"score": str(score)}).status_code == 200

    assert SurveyResponse.objects.count() == 0
    client.post(f"{url}?score=2", {"overall": "2"})
    assert SurveyResponse.objects.get().overall == 2


def test_the_citizens_submit_records_the_score_once_then_the_link_is_used(client):
    """A used survey link is refused politely, not with an error (#4)."""
    invitation = SurveyInvitationFactory(token="tok-1")
    url = reverse("feedback:survey-invited", args=["tok-1"])
    client.get(url, {"score": "5"})

    sent = client.post(
        f"{url}?score=5", {"overall": "5", "courtesy": "4", "resolved": Resolved.YES}
    )

    assert sent["Location"] == reverse("feedback:survey-thanks")
    response = SurveyResponse.objects.get()
    assert (response.overall, response.courtesy, response.resolved) == (5, 4, "yes")
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    again = client.get(url, {"score": "1"})
    assert again.status_code == 410
    assert "answered already" in again.text
    assert client.post(url, {"overall": "1"}).status_code == 410
    assert SurveyResponse.objects.get().overall == 5


@pytest.mark.parametrize("score", ["0", "6", "abc", "５", "", "5.0"])
def test_a_bad_score_in_the_link_chooses_nothing(client, score):
    SurveyInvitationFactory(token="tok-1")
    url = reverse("feedback:survey-invited", args=["tok-1"])

    page = client.get(url, {"score": score})

    assert page.status_code == 200
    assert _checked_scores(page.text, "overall") == []
    assert "You chose" not in page.text
    assert SurveyResponse.objects.count() == 0


def test_the_chosen_score_is_translated(client):
    SurveyInvitationFactory(token="tok-1")
    url = reverse("feedback:survey-invited", args=["tok-1"]).replace("/en/", "/bg/")

    page = client.get(url, {"score": "4"})

    assert "Избрахте 4 от 5" in page.text


def test_the_invitation_no_longer_promises_that_a_click_records():
    citizen_request = CitizenRequestFactory(assigned=True, language="en")
    request_transition(citizen_request=citizen_request, target=Status.CLOSED, by=None)

    body = Notice.objects.get(kind="survey_invitation").body

    assert "One click records" not in body
    assert "Send my answers" in body
    assert "?score=5" in body


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


def test_survey_asks_the_question_of_every_dimension_in_order(client):
    page = client.get(reverse("feedback:survey"))
    html = page.content.decode()
    positions = [html.index(str(dimension.question)) for dimension in DIMENSIONS]
    assert positions == sorted(positions)
    fields = list(page.context["form"].fields)
    assert fields[: len(DIMENSIONS) + 1] == ["service", *(d.code for d in DIMENSIONS)]


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
    for _ in range(SURVEY.rate.limit):
        client.cookies.clear()
        assert client.post(url, {"overall": "4"}).status_code == 302
    client.cookies.clear()
    assert client.post(url, {"overall": "4"}).status_code == 429
    assert SurveyResponse.objects.count() == SURVEY.rate.limit


def test_poster_is_a_pdf_with_a_qr_code(client):
    page = client.get(reverse("feedback:survey-poster"))
    assert page["Content-Type"] == "application/pdf"
    assert page.content.startswith(b"%PDF")


def test_footer_links_to_the_survey_on_every_page(client):
    page = client.get(reverse("feedback:suggestions"))
    assert reverse("feedback:survey") in page.content.decode()
    assert reverse("feedback:complaint-create") in page.content.decode()


def test_garbage_survey_input_is_a_form_error_not_a_crash(client):
    data = {"overall": "9", "service": "-1", "resolved": "maybe"}
    page = client.post(reverse("feedback:survey"), data)
    assert page.status_code == 200
    assert page.context["form"].errors


# --- Follow-ups of unhappy answers ------------------------------------------------


def test_head_sees_follow_ups_of_own_department_only(client):
    mine = CitizenRequestFactory()
    other = CitizenRequestFactory()
    head = StaffFactory(role=Role.HEAD, departments=[mine.department])
    for citizen_request in (mine, other):
        invitation = SurveyInvitationFactory(
            token=f"t{citizen_request.pk}", request=citizen_request
        )
        survey_submit_invited(
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


def test_garbage_follow_up_item_is_404_for_a_head(client):
    client.force_login(StaffFactory(role=Role.HEAD))
    page = client.post(reverse("feedback:staff-followups"), {"item": "abc"})
    assert page.status_code == 404
