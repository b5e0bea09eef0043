"""Hostile input gets a 404 or a form error, never a 500, on SQLite or PostgreSQL (#10).

Tokens in URLs pass a strict path converter; e-mail addresses fit their 254-character
column; every typed date lies within its range (`requests_app.dates`). Run with
DATABASE_URL=postgres://... too: PostgreSQL refuses a NUL byte in a query and an
over-long e-mail address with an error, where SQLite stores them.
"""

import datetime
import secrets
from urllib.parse import quote

from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation

import pytest

from feedback.forms import AnytimeSurveyForm, ComplaintForm, SuggestionForm
from feedback.models import Complaint, ComplaintKind
from open311.forms import RequestCreateForm
from requests_app.dates import (
    ANSWERS_BEGIN,
    RECORDS_BEGIN,
    RECORDS_END,
    DateLimit,
    DateRange,
    answer_range,
    due_range,
    filing_range,
    received_range,
)
from requests_app.forms.staff import IntakeForm
from requests_app.forms.tracking import CitizenLoginForm, TrackLookupForm
from requests_app.models import Channel, CitizenRequest, Service
from requests_app.roles import Role
from requests_app.workflow import Status
from tests.feedback.factories import ComplaintKindFactory
from tests.open311.conftest import post_fields
from tests.open311.factories import ApiKeyFactory
from tests.requests_app.casework_helpers import case, reason, staff
from tests.requests_app.factories import (
    AttachmentFactory,
    DepartmentFactory,
    ServiceFactory,
    ServiceQuestionFactory,
)
from tests.requests_app.filing_files import filing_data


def today() -> datetime.date:
    return timezone.localdate()


# --- Tokens in URLs -----------------------------------------------------------------

# Every URL that carries a secret token, as a path template.
TOKEN_URLS = {
    "requests_app:request-done": "/en/requests/{}/done/",
    "requests_app:request-track": "/en/track/{}/",
    "requests_app:request-reply": "/en/track/{}/reply/",
    "requests_app:request-notify-by": "/en/track/{}/notices/",
    "requests_app:citizen-login-confirm": "/en/my/sign-in/{}/",
    "requests_app:staff-attachment": "/en/staff/attachments/{}/",
    "feedback:survey-invited": "/en/survey/r/{}/",
    "open311:token-detail": "/open311/v2/tokens/{}.json",
}
JUNK_TOKENS = {
    "nul-byte": "a\x00b",
    "nul-only": "\x00",
    "65-chars": "a" * 65,
    "cyrillic": "заявка",
    "fullwidth": "ａｂｃ",
    "space": "a b",
    "dot": "a.b",
    "quote": "a'b",
    "percent": "a%b",
}


def _path(name: str, token: str) -> str:
    return TOKEN_URLS[name].format(quote(token, safe=""))


@pytest.mark.parametrize("name", TOKEN_URLS)
def test_a_real_token_reaches_its_view(name):
    """The converter takes every token the product hands out (43 characters at most)."""
    for token in (secrets.token_urlsafe(32), secrets.token_hex(16), "a" * 64):
        with translation.override("en"):
            assert resolve(_path(name, token)).view_name == name


@pytest.mark.parametrize("junk", JUNK_TOKENS.values(), ids=JUNK_TOKENS.keys())
@pytest.mark.parametrize("name", TOKEN_URLS)
def test_a_junk_token_matches_no_url(name, junk):
    """No view ever sees it: a NUL byte, 65 characters, non-ASCII letters (#10)."""
    with translation.override("en"):
        if name.startswith("open311:"):  # the API's own catch-all answers 404
            assert resolve(_path(name, junk)).view_name == "open311:not-found"
        else:
            with pytest.raises(Resolver404, match="path"):
                resolve(_path(name, junk))


@pytest.mark.django_db
@pytest.mark.parametrize("junk", JUNK_TOKENS.values(), ids=JUNK_TOKENS.keys())
@pytest.mark.parametrize("name", TOKEN_URLS)
def test_a_junk_token_answers_404_before_any_query(
    client, django_assert_num_queries, name, junk
):
    with django_assert_num_queries(0):
        assert client.get(_path(name, junk)).status_code == 404
        assert client.post(_path(name, junk), {"x": "1"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("junk", JUNK_TOKENS.values(), ids=JUNK_TOKENS.keys())
def test_a_clerk_asking_for_an_attachment_with_a_junk_token_gets_404(client, junk):
    """Signed in, the view would query the token: on PostgreSQL a NUL byte was a 500."""
    attachment = AttachmentFactory()
    clerk = staff(Role.CLERK, attachment.request.department)
    client.force_login(clerk)
    good = reverse("requests_app:staff-attachment", kwargs={"token": attachment.token})
    assert client.get(good).status_code == 200
    assert client.get(_path("requests_app:staff-attachment", junk)).status_code == 404


# --- E-mail addresses: 254 characters, like the column ------------------------------


def address(length: int) -> str:
    """Return a valid e-mail address of exactly `length` characters (70 or more)."""
    local = "a" * 64  # the longest local part
    remaining = length - len(local) - 1 - len(".org")
    labels = []
    while remaining > 63:  # a domain label has at most 63 characters
        labels.append("b" * 61)
        remaining -= 62  # the label and its dot
    labels.append("c" * remaining)
    result = f"{local}@{'.'.join(labels)}.org"
    assert len(result) == length
    return result


EMAIL_FORMS = {
    "intake": (
        lambda data: IntakeForm(data, services=Service.objects.none()),
        "citizen_email",
    ),
    "track-lookup": (TrackLookupForm, "email"),
    "citizen-login": (CitizenLoginForm, "email"),
    "complaint": (
        lambda data: ComplaintForm(data, kinds=ComplaintKind.objects.none()),
        "contact_email",
    ),
    "survey": (
        lambda data: AnytimeSurveyForm(data, services=Service.objects.none()),
        "contact_email",
    ),
    "suggestion": (SuggestionForm, "contact_email"),
    "open311": (RequestCreateForm, "email"),
}


@pytest.mark.parametrize("length", [255, 300, 320])
@pytest.mark.parametrize("form_name", EMAIL_FORMS)
def test_an_e_mail_address_longer_than_254_characters_is_a_form_error(
    form_name, length
):
    """Django's field allows 320 characters, the column 254: 255-320 was a 500 (#10)."""
    make, field = EMAIL_FORMS[form_name]
    form = make({field: address(length)})
    assert form.is_valid() is False
    assert form.errors[field] == [
        f"An e-mail address has at most 254 characters (this one has {length})."
    ]


@pytest.mark.parametrize("form_name", EMAIL_FORMS)
def test_an_e_mail_address_of_254_characters_is_accepted(form_name):
    make, field = EMAIL_FORMS[form_name]
    form = make({field: address(254)})
    form.is_valid()
    assert field not in form.errors
    assert 'maxlength="254"' in str(form[field])


@pytest.mark.django_db
def test_filing_with_an_e_mail_of_254_characters_stores_it(client):
    service = ServiceFactory()
    response = client.post(
        f"/en/services/{service.code}/apply/", filing_data(citizen_email=address(254))
    )
    assert response.status_code == 302
    assert CitizenRequest.objects.get().citizen_email == address(254)


@pytest.mark.django_db
@pytest.mark.parametrize("length", [255, 320])
def test_filing_with_a_longer_e_mail_shows_the_error_beside_the_field(client, length):
    service = ServiceFactory()
    response = client.post(
        f"/en/services/{service.code}/apply/",
        filing_data(citizen_email=address(length)),
    )
    assert response.status_code == 200
    assert "An e-mail address has at most 254 characters" in response.content.decode()
    assert not CitizenRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("length", "status"), [(254, 302), (255, 200), (320, 200)])
def test_desk_intake_takes_e_mails_up_to_254_characters(client, length, status):
    department = DepartmentFactory()
    service = ServiceFactory(department=department)
    client.force_login(staff(Role.CLERK, department))
    response = client.post(
        reverse("requests_app:staff-intake"),
        {
            "service": service.pk,
            "channel": Channel.DESK,
            "citizen_name": "Десислава Колева",
            "citizen_email": address(length),
            "language": "bg",
            "details": "Подадено на гишето.",
        },
    )
    assert response.status_code == status
    assert CitizenRequest.objects.filter(citizen_email=address(length)).exists() is (
        status == 302
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("length", "status"), [(254, 302), (255, 200), (320, 200)])
def test_a_complaint_takes_e_mails_up_to_254_characters(client, length, status):
    kind = ComplaintKindFactory()
    response = client.post(
        reverse("feedback:complaint-create"),
        {
            "kind": kind.pk,
            "body": "Чаках два часа.",
            "contact_name": "Иван Иванов",
            "contact_email": address(length),
        },
    )
    assert response.status_code == status
    assert Complaint.objects.exists() is (status == 302)


@pytest.fixture
def street_light():
    """The Open311 test service (a required text, a choice, a date, a number)."""
    service = ServiceFactory(code="street-light")
    ServiceQuestionFactory(service=service, code="pole", required=True)
    ServiceQuestionFactory(
        service=service,
        code="urgency",
        choice=True,
        choices_bg="low|Ниска\nhigh|Висока",
        choices_en="low|Low\nhigh|High",
    )
    ServiceQuestionFactory(service=service, code="noticed", date=True)
    ServiceQuestionFactory(service=service, code="lamps", number=True)
    return service


@pytest.mark.django_db
@pytest.mark.parametrize(("length", "status"), [(254, 200), (255, 400), (320, 400)])
def test_the_api_takes_e_mails_up_to_254_characters(
    client, street_light, length, status
):
    key = ApiKeyFactory()
    response = client.post(
        "/open311/v2/requests.json", post_fields(key, email=address(length))
    )
    assert response.status_code == status
    if status == 400:
        assert response.json()[0]["description"].startswith("email: ")


# --- Dates within their range ---------------------------------------------------------

TODAY = datetime.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("range_for", "expected"),
    [
        pytest.param(received_range, DateRange(RECORDS_BEGIN, TODAY), id="received"),
        pytest.param(filing_range, DateRange(RECORDS_BEGIN, RECORDS_END), id="filing"),
        pytest.param(due_range, DateRange(RECORDS_BEGIN, RECORDS_END), id="due"),
        pytest.param(
            lambda today: answer_range(limit=DateLimit.ANY, today=today),
            DateRange(ANSWERS_BEGIN, RECORDS_END),
            id="answer-any",
        ),
        pytest.param(
            lambda today: answer_range(limit=DateLimit.PAST, today=today),
            DateRange(ANSWERS_BEGIN, TODAY),
            id="answer-past",
        ),
        pytest.param(
            lambda today: answer_range(limit=DateLimit.FUTURE, today=today),
            DateRange(TODAY, RECORDS_END),
            id="answer-future",
        ),
    ],
)
def test_each_kind_of_date_has_its_range(range_for, expected):
    assert range_for(today=TODAY) == expected


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        pytest.param(
            RECORDS_BEGIN - datetime.timedelta(days=1), False, id="day-before"
        ),
        pytest.param(RECORDS_BEGIN, True, id="first-day"),
        pytest.param(TODAY, True, id="last-day"),
        pytest.param(TODAY + datetime.timedelta(days=1), False, id="day-after"),
        pytest.param(datetime.date.max, False, id="9999-12-31"),
        pytest.param("2026-11-24", False, id="not-a-date"),
    ],
)
def test_a_range_includes_both_ends_and_nothing_else(day, inside):
    assert (day in received_range(today=TODAY)) is inside


def _intake(client, department, **data):
    service = ServiceFactory(department=department)
    return client.post(
        reverse("requests_app:staff-intake"),
        {
            "service": service.pk,
            "channel": Channel.POST,
            "citizen_name": "Десислава Колева",
            "language": "bg",
            "details": "Писмо по пощата.",
            **data,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("9999-12-31", id="year-9999"),
        pytest.param("tomorrow", id="tomorrow"),
        pytest.param("1989-12-31", id="before-1990"),
        pytest.param("0001-01-01", id="year-1"),
    ],
)
def test_a_received_date_in_the_future_or_before_1990_is_refused(client, typed):
    """9999-12-31 overflowed the due-date arithmetic: a 500 (#10)."""
    if typed == "tomorrow":
        typed = (today() + datetime.timedelta(days=1)).isoformat()
    department = DepartmentFactory()
    client.force_login(staff(Role.CLERK, department))
    response = _intake(client, department, received_on=typed)
    assert response.status_code == 200
    assert (
        "Choose a date between 1 January 1990 and today." in response.content.decode()
    )
    assert not CitizenRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("days_ago", [0, 30])
def test_a_received_date_up_to_today_is_registered(client, days_ago):
    received_on = today() - datetime.timedelta(days=days_ago)
    department = DepartmentFactory()
    client.force_login(staff(Role.CLERK, department))
    response = _intake(client, department, received_on=received_on.isoformat())
    assert response.status_code == 302
    assert CitizenRequest.objects.get().received_on == received_on


@pytest.mark.django_db
def test_the_received_date_error_is_in_bulgarian_on_bulgarian_pages(client):
    department = DepartmentFactory()
    client.force_login(staff(Role.CLERK, department))
    service = ServiceFactory(department=department)
    response = client.post(
        "/bg/staff/intake/",
        {
            "service": service.pk,
            "channel": Channel.POST,
            "citizen_name": "Десислава Колева",
            "language": "bg",
            "details": "Писмо по пощата.",
            "received_on": "9999-12-31",
        },
    )
    assert "Изберете дата между 1 януари 1990 г. и днес." in response.content.decode()


def _question_form(client, limit: str, typed: str):
    service = ServiceFactory()
    question = ServiceQuestionFactory(
        service=service, date=True, required=True, date_limit=limit
    )
    data = filing_data(**{f"question_{question.code}": typed})
    return client.post(f"/en/services/{service.code}/apply/", data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "days", "message"),
    [
        pytest.param(
            DateLimit.PAST,
            1,
            "Choose a date between 1 January 1850 and today.",
            id="death-tomorrow",
        ),
        pytest.param(
            DateLimit.FUTURE,
            -1,
            "Choose a date between today and 31 December 2100.",
            id="validity-yesterday",
        ),
    ],
)
def test_a_date_question_refuses_the_wrong_side_of_today(client, limit, days, message):
    """A date of death may not lie in the future (#10)."""
    typed = (today() + datetime.timedelta(days=days)).isoformat()
    response = _question_form(client, limit, typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CitizenRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "typed"),
    [
        pytest.param(DateLimit.ANY, "9999-12-31", id="any-9999"),
        pytest.param(DateLimit.ANY, "1849-12-31", id="any-1849"),
        pytest.param(DateLimit.PAST, "9999-12-31", id="past-9999"),
        pytest.param(DateLimit.FUTURE, "0001-01-01", id="future-year-1"),
    ],
)
def test_a_date_question_refuses_far_dates(client, limit, typed):
    response = _question_form(client, limit, typed)
    assert response.status_code == 200
    assert "Choose a date between" in response.content.decode()
    assert not CitizenRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "days"),
    [
        pytest.param(DateLimit.PAST, 0, id="death-today"),
        pytest.param(DateLimit.PAST, -365 * 80, id="death-80-years-ago"),
        pytest.param(DateLimit.FUTURE, 0, id="validity-today"),
        pytest.param(DateLimit.ANY, 400, id="any-next-year"),
    ],
)
def test_a_date_question_takes_dates_within_its_range(client, limit, days):
    typed = (today() + datetime.timedelta(days=days)).isoformat()
    response = _question_form(client, limit, typed)
    assert response.status_code == 302
    assert CitizenRequest.objects.get().answers.get().value == typed


@pytest.mark.django_db
def test_the_demo_date_of_death_question_is_today_or_earlier():
    call_command("load_demo", verbosity=0)
    question = Service.objects.get(code="heirs-certificate").questions.get(
        code="date-of-death"
    )
    assert question.date_limit == DateLimit.PAST


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1989-12-31"])
def test_a_far_queue_filter_is_shown_as_an_error_and_ignored(client, typed):
    department = DepartmentFactory()
    mine = case(service__department=department)
    client.force_login(staff(Role.CLERK, department))
    response = client.get(reverse("requests_app:staff-queue"), {"filed_to": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a date between 1 January 1990 and 31 December 2100." in html
    assert mine.registry_number in html  # the filter is ignored, not half-applied


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["1989-12-31", "2101-01-01"])
def test_the_due_date_calculator_refuses_dates_outside_its_range(client, typed):
    service = ServiceFactory()
    response = client.get(f"/en/services/{service.code}/", {"filed_on": typed})
    assert response.status_code == 200
    assert (
        "Choose a date between 1 January 1990 and 31 December 2100."
        in response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01"])
@pytest.mark.usefixtures("on_filing_day")
def test_an_extension_to_a_far_date_is_a_form_error(client, typed):
    department = DepartmentFactory()
    me = staff(Role.CLERK, department)
    citizen_request = case(
        service__department=department, status=Status.IN_PROGRESS, assigned_to=me
    )
    due_on = citizen_request.due_on
    client.force_login(me)
    response = client.post(
        reverse(
            "requests_app:staff-request-action",
            kwargs={"pk": citizen_request.pk, "action": "extend"},
        ),
        {"extend-new_due_on": typed, "extend-reason": reason().pk},
    )
    assert response.status_code == 400
    assert "Choose a date between" in response.content.decode()
    citizen_request.refresh_from_db()
    assert citizen_request.due_on == due_on


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "typed"),
    [
        pytest.param(DateLimit.ANY, "9999-12-31", id="any-9999"),
        pytest.param(DateLimit.ANY, "9999-12-31T23:59:59", id="any-9999-datetime"),
        pytest.param(DateLimit.PAST, "tomorrow", id="past-tomorrow"),
    ],
)
def test_the_api_refuses_a_date_attribute_outside_its_range(
    client, street_light, limit, typed
):
    street_light.questions.filter(code="noticed").update(date_limit=limit)
    if typed == "tomorrow":
        typed = (today() + datetime.timedelta(days=1)).isoformat()
    key = ApiKeyFactory()
    response = client.post(
        "/open311/v2/requests.json",
        post_fields(key, **{"attribute[noticed]": typed}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith(
        "attribute[noticed]: expected a date from "
    )
    assert not CitizenRequest.objects.exists()
