"""The survey pages and the heads' follow-up list (#4)."""

from django.urls import reverse

import pytest

from feedback.dimensions import DIMENSIONS
from feedback.models import Resolved, SurveyResponse
from feedback.services.surveys import survey_submit_invited
from feedback.views.surveys import SURVEY_RATE
from requests_app.roles import Role
from tests.requests_app.factories import CitizenRequestFactory, StaffFactory

from .factories import SurveyInvitationFactory

pytestmark = pytest.mark.django_db


def _limit(rate: str) -> int:
    return int(rate.split("/")[0])


def test_one_click_score_then_more_then_link_refused(client):
    """A used survey link is refused politely, not with an error (#4)."""
    SurveyInvitationFactory(token="tok-1")
    url = reverse("feedback:survey-invited", args=["tok-1"])
    page = client.get(url, {"score": "2"})
    assert page.status_code == 302
    assert SurveyResponse.objects.get().overall == 2
    more = client.get(reverse("feedback:survey-more"))
    assert more.status_code == 200
    client.post(
        reverse("feedback:survey-more"), {"courtesy": "4", "resolved": Resolved.YES}
    )
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
