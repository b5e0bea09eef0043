"""Complaints, suggestions and survey invitations reach the citizen the way they chose:
by e-mail, by SMS or by letter; letters about complaints and suggestions are seen only
by those who may read the case (#16)."""

import datetime
import re

from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from feedback.links import follow_up_url
from feedback.models import Complaint, Suggestion
from feedback.services import retention
from feedback.services.complaints import (
    complaint_acknowledge,
    complaint_decide,
    complaint_extend,
    complaint_request_info,
)
from feedback.services.filing import complaint_file
from feedback.services.notify import complaint_reference, suggestion_reference
from feedback.services.suggestions import suggestion_respond, suggestion_submit
from feedback.services.surveys import survey_invite
from feedback.workflow import SuggestionStatus
from requests_app.links import page_url
from requests_app.models import AuditEntry, Notice
from requests_app.roles import Role, roles_ensure
from requests_app.selectors.letters import letters_waiting_for
from requests_app.services.letters import late_letter_alerts_send
from requests_app.services.outbox import notice_send
from requests_app.sms import sms_segments
from tests.form_html import field_error, input_value
from tests.requests_app.factories import (
    CitizenRequestFactory,
    DepartmentFactory,
    StaffFactory,
)
from tests.sms_gateway import sms_gateway_fixture  # noqa: F401 (a fixture)

from .factories import ComplaintKindFactory, SuggestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

EMAIL = "maria.petrova@example.org"
PHONE = "0888 123 456"
ADDRESS = "ул. „Цар Асен“ 15, ет. 2, 5000 Велико Търново"
NAME = "Мария Петрова"
LONG_SITE = "https://e-uslugi.obshtina-veliko-tarnovo.example.bg"
ANSWER = "Предложението е прието: от 1 март гишетата работят до 19 ч."
QUESTION = "Посочете на коя дата и на кое гише сте били обслужени."
REASON = "Нужно е становище на общинския съвет."


# --- Complaints: every notice to the filer, three ways -----------------------------


@pytest.fixture
def officer():
    """A complaint officer in a department (the one who signs the letters)."""
    return StaffFactory(
        role=Role.OFFICER,
        email="officer@example.org",
        first_name="Иван",
        last_name="Колев",
    )


def file_proposal(channel: str, *, language: str = "bg", **fields) -> Complaint:
    """File a proposal (its term may be extended) with every contact given."""
    department = fields.pop("department", None) or DepartmentFactory()
    request = CitizenRequestFactory(department=department)
    complaint, _code = complaint_file(
        kind=ComplaintKindFactory(proposal=True),
        body="Предлагам гишетата да работят до 19 ч. в четвъртък.",
        contact_name=NAME,
        contact_email=EMAIL,
        contact_phone=PHONE,
        contact_address=ADDRESS,
        notify_by=channel,
        registry_number=request.registry_number,
        language=language,
        **fields,
    )
    return complaint


def act(kind: str, complaint: Complaint, officer) -> None:
    """Do what makes the filer receive a notice of `kind` (the receipt: filing)."""
    if kind == "complaint_acknowledged":
        complaint_acknowledge(complaint=complaint, by=officer)
    elif kind == "complaint_info_requested":
        complaint_request_info(complaint=complaint, by=officer, text=QUESTION)
    elif kind == "complaint_decided":
        complaint_decide(complaint=complaint, by=officer, answer=ANSWER)
    elif kind == "complaint_extended":
        complaint_extend(complaint=complaint, by=officer, reason=REASON)


# What the e-mail and the letter say of each kind, beside the follow-up link.
BODY_SAYS = {
    "complaint_receipt": "Received on",
    "complaint_acknowledged": "is being examined",
    "complaint_info_requested": QUESTION,
    "complaint_decided": ANSWER,
    "complaint_extended": REASON,
}
FILER_KINDS = list(BODY_SAYS)


def filer_notice(complaint: Complaint, kind: str) -> Notice:
    return Notice.objects.get(
        kind=kind, dedupe_key__startswith=f"feedback:complaint:{complaint.pk}:"
    )


@pytest.mark.parametrize("kind", FILER_KINDS)
def test_a_filer_who_chose_email_gets_each_notice_by_email(
    kind, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_proposal("email", language="en")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(kind, complaint, officer)

    notice = filer_notice(complaint, kind)
    assert (notice.channel, notice.recipient) == ("email", EMAIL)
    [message] = [m for m in mailoutbox if m.to == [EMAIL]] or [None]
    if kind == "complaint_receipt":  # sent while filing, before the clear
        assert notice.sent_at is not None
        assert notice.attachment_name.endswith(".pdf")
        assert "The attached proof of filing holds your receipt code" in notice.body
    else:
        assert message is not None
        assert BODY_SAYS[kind] in message.body
        assert follow_up_url("en") in message.body


def test_the_receipt_email_carries_the_proof_of_filing(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_proposal("email", language="en")

    [message] = [m for m in mailoutbox if m.to == [EMAIL]]
    [(name, content, content_type)] = message.attachments
    assert (name.endswith(".pdf"), content_type) == (True, "application/pdf")
    assert content.startswith(b"%PDF")


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("kind", FILER_KINDS)
def test_a_filer_who_chose_sms_gets_each_notice_by_sms(
    kind,
    language,
    officer,
    settings,
    sms_gateway,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = LONG_SITE  # a long link: the text must still fit
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_proposal("sms", language=language)
        act(kind, complaint, officer)

    notice = filer_notice(complaint, kind)
    assert (notice.channel, notice.recipient) == ("sms", PHONE)
    assert notice.attachment_name == ""  # the proof of filing goes by e-mail only
    [sms] = [s for s in sms_gateway.messages if s.reference == f"notice-{notice.pk}"]
    assert sms.to == PHONE
    with translation.override(language):
        link = follow_up_url(language)
    assert sms.text.endswith(link)
    assert "\n" not in sms.text
    assert 1 <= sms_segments(sms.text) <= 3, sms.text
    assert QUESTION not in sms.text and ANSWER not in sms.text  # on the page only
    assert notice.sent_at is not None
    assert [m for m in mailoutbox if m.to == [EMAIL]] == []


def test_the_sms_is_in_the_filers_language(
    officer, sms_gateway, django_capture_on_commit_callbacks
):
    """Needs the Bulgarian catalogue with feedback16.po merged."""
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_proposal("sms", language="bg")
        complaint_decide(complaint=complaint, by=officer, answer=ANSWER)

    texts = sms_gateway.texts_to(PHONE)
    assert len(texts) == 2
    assert texts[0].startswith(f"Получихме на {complaint.received_on:%d.%m.%Y}")
    assert "кода за проследяване" in texts[1]


@pytest.mark.parametrize("kind", FILER_KINDS)
def test_a_filer_who_chose_a_letter_gets_each_notice_as_a_letter_waiting_for_post(
    kind, officer, sms_gateway, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_proposal("post", language="en")
        act(kind, complaint, officer)

    notice = filer_notice(complaint, kind)
    assert notice.channel == "post"
    assert notice.recipient == f"{NAME}\n{ADDRESS}"
    assert notice.reference == complaint_reference(complaint)
    assert str(complaint.pk) in notice.reference
    # No department: its head never signs nor hears of a complaint's letter.
    assert notice.department is None
    # The officer who acted signs; the receipt is written before anybody acts.
    expected_signer = None if kind == "complaint_receipt" else officer
    assert notice.signed_by == expected_signer
    assert notice.request is None  # never on the case of the clerk concerned
    assert BODY_SAYS[kind] in notice.body
    assert follow_up_url("en") in notice.body
    assert notice.attachment_name == ""
    assert notice_send(notice_id=notice.pk) is False  # the worker never sends it
    notice.refresh_from_db()
    assert notice.sent_at is None
    assert [m for m in mailoutbox if EMAIL in m.to] == []
    assert sms_gateway.messages == []


def test_a_receipt_letter_does_not_speak_of_an_attachment(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_proposal("post", language="en")

    body = filer_notice(complaint, "complaint_receipt").body
    assert "attached" not in body
    assert "is in the proof of filing" in body


def test_an_anonymous_complaint_gets_no_notice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint, _code = complaint_file(
            kind=ComplaintKindFactory(), body="Грубо отношение на гише 2."
        )

    assert complaint.notify_by == "email"
    assert not Notice.objects.filter(
        dedupe_key__startswith=f"feedback:complaint:{complaint.pk}:",
        kind="complaint_receipt",
    ).exists()


@pytest.mark.parametrize(
    ("contacts", "channel"),
    [
        ({"contact_email": EMAIL, "contact_phone": PHONE}, "email"),
        ({"contact_phone": PHONE, "contact_address": ADDRESS}, "sms"),
        ({"contact_address": ADDRESS}, "post"),
    ],
)
def test_without_a_choice_the_channel_follows_the_contacts(contacts, channel):
    complaint, _code = complaint_file(
        kind=ComplaintKindFactory(), body="Грубо отношение.", **contacts
    )
    suggestion = suggestion_submit(title="Идея", text="Текст.", **contacts)
    assert (complaint.notify_by, suggestion.notify_by) == (channel, channel)


# --- Suggestions ------------------------------------------------------------------


@pytest.fixture
def manager():
    return StaffFactory(role=Role.MANAGER, email="manager@example.org")


def respond(suggestion: Suggestion, manager) -> Notice:
    suggestion_respond(
        suggestion=suggestion,
        by=manager,
        status=SuggestionStatus.PLANNED,
        response="Ще въведем плащане с карта от 1 март.",
    )
    return Notice.objects.get(
        kind="suggestion_response",
        dedupe_key__startswith=f"feedback:suggestion:{suggestion.pk}:",
    )


def test_a_suggestion_response_by_email(
    manager, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = suggestion_submit(
        title="Плащане с карта", text="Да може.", contact_email=EMAIL, language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = respond(suggestion, manager)

    assert (notice.channel, notice.recipient) == ("email", EMAIL)
    [message] = mailoutbox
    assert "Ще въведем плащане с карта от 1 март." in message.body


@pytest.mark.parametrize("language", ["bg", "en"])
def test_a_suggestion_response_by_sms(
    language, manager, settings, sms_gateway, django_capture_on_commit_callbacks
):
    settings.SITE_URL = LONG_SITE
    suggestion = suggestion_submit(
        title="Плащане с карта на местните данъци и такси на сайта на общината",
        text="Да може.",
        contact_phone=PHONE,
        notify_by="sms",
        language=language,
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = respond(suggestion, manager)

    assert (notice.channel, notice.recipient) == ("sms", PHONE)
    [sms] = sms_gateway.messages
    assert sms.to == PHONE
    with translation.override(language):
        link = page_url("feedback:suggestions", language)
    assert sms.text.endswith(link)
    assert 1 <= sms_segments(sms.text) <= 3, sms.text


def test_a_suggestion_response_by_letter(
    manager, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = suggestion_submit(
        title="Плащане с карта",
        text="Да може.",
        contact_name=NAME,
        contact_address=ADDRESS,
        notify_by="post",
        language="en",
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = respond(suggestion, manager)

    assert (notice.channel, notice.recipient) == ("post", f"{NAME}\n{ADDRESS}")
    assert notice.reference == suggestion_reference(suggestion)
    assert notice.signed_by == manager
    assert "Ще въведем плащане с карта от 1 март." in notice.body
    assert notice.sent_at is None and mailoutbox == []


# --- The forms --------------------------------------------------------------------


def complaint_url(language: str) -> str:
    with translation.override(language):
        return reverse("feedback:complaint-create")


def suggestions_url(language: str) -> str:
    with translation.override(language):
        return reverse("feedback:suggestions")


@pytest.mark.parametrize(
    ("url", "question"),
    [
        (complaint_url, "How should we tell you about your case?"),
        (suggestions_url, "How should we tell you about our response?"),
    ],
)
def test_both_forms_offer_the_three_ways(client, url, question):
    ComplaintKindFactory()
    html = client.get(url("en")).content.decode()
    assert question in html
    for value, label in [
        ("email", "By e-mail"),
        ("sms", "By SMS"),
        ("post", "By letter by post"),
    ]:
        assert f'name="notify_by" value="{value}"' in html
        assert label in html


def test_a_complaint_by_sms_is_filed_and_told_by_sms(
    client, sms_gateway, django_capture_on_commit_callbacks
):
    kind = ComplaintKindFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            complaint_url("en"),
            {
                "kind": kind.pk,
                "body": "Грубо отношение.",
                "contact_phone": PHONE,
                "notify_by": "sms",
            },
        )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.notify_by == "sms"
    [sms] = sms_gateway.messages
    assert sms.to == PHONE


@pytest.mark.parametrize(
    ("language", "chosen", "field", "error"),
    [
        ("en", "sms", "contact_phone", "Give a phone number for notices by SMS"),
        (
            "en",
            "post",
            "contact_address",
            "Give a postal address for notices by letter",
        ),
        ("bg", "sms", "contact_phone", "Посочете телефонен номер"),
        ("bg", "post", "contact_address", "Посочете пощенски адрес"),
    ],
)
def test_the_complaint_form_refuses_a_way_without_its_contact_and_keeps_all(
    client, language, chosen, field, error
):
    kind = ComplaintKindFactory()
    data = {
        "kind": kind.pk,
        "body": "Чаках 2 часа на гише 4.",
        "contact_name": NAME,
        "contact_email": EMAIL,
        "notify_by": chosen,
    }
    response = client.post(complaint_url(language), data)
    html = response.content.decode()

    assert response.status_code == 200
    assert error in field_error(html, field)
    assert input_value(html, "contact_email") == EMAIL
    assert input_value(html, "contact_name") == NAME
    assert "Чаках 2 часа на гише 4." in html
    assert re.search(rf'value="{chosen}"[^>]*checked', html)
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "chosen", "field", "error"),
    [
        ("en", "email", "contact_email", "Give an e-mail address for notices by"),
        (
            "en",
            "post",
            "contact_address",
            "Give a postal address for notices by letter",
        ),
        ("bg", "email", "contact_email", "Посочете адрес на електронна поща"),
        ("bg", "sms", "contact_phone", "Посочете телефонен номер"),
    ],
)
def test_the_suggestion_form_refuses_a_way_without_its_contact_and_keeps_all(
    client, language, chosen, field, error
):
    data = {
        "title": "Паркинг за велосипеди",
        "text": "Пред сградата на общината.",
        "contact_phone": "" if chosen == "sms" else PHONE,
        "notify_by": chosen,
    }
    response = client.post(suggestions_url(language), data)
    html = response.content.decode()

    assert response.status_code == 200
    assert error in field_error(html, field)
    assert input_value(html, "title") == "Паркинг за велосипеди"
    assert "Пред сградата на общината." in html
    assert re.search(rf'value="{chosen}"[^>]*checked', html)
    assert Suggestion.objects.count() == 0


def test_a_suggestion_with_an_address_is_kept_with_it(client):
    response = client.post(
        suggestions_url("en"),
        {
            "title": "Паркинг за велосипеди",
            "text": "Пред сградата на общината.",
            "contact_name": NAME,
            "contact_address": ADDRESS,
            "notify_by": "post",
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.notify_by, suggestion.contact_address) == ("post", ADDRESS)


def test_an_anonymous_suggestion_is_still_accepted(client):
    response = client.post(
        suggestions_url("en"), {"title": "Пейки", "text": "Повече пейки в парка."}
    )
    assert response.status_code == 302
    assert Suggestion.objects.get().notify_by == "email"


# --- Staff see how the filer is told -------------------------------------------------


def test_the_officer_sees_how_the_filer_is_told(client, officer):
    complaint = file_proposal("sms", language="en")
    client.force_login(officer)

    html = client.get(
        reverse("feedback:staff-complaint-detail", args=[complaint.pk])
    ).content.decode()

    assert re.search(r'id="case-told-by">by SMS<', html)


@pytest.mark.parametrize(
    ("contacts", "says"),
    [
        ({"contact_address": ADDRESS, "notify_by": "post"}, "by letter by post"),
        ({}, "none (no contact given)"),
    ],
)
def test_the_manager_sees_how_the_contributor_is_told(client, manager, contacts, says):
    suggestion = suggestion_submit(title="Пейки", text="Повече пейки.", **contacts)
    client.force_login(manager)

    html = client.get(
        reverse("feedback:staff-suggestion-respond", args=[suggestion.pk])
    ).content.decode()

    assert f"Notices to the contributor: {says}." in html


# --- The survey invitation ----------------------------------------------------------


def test_a_survey_invitation_by_sms(
    settings, sms_gateway, django_capture_on_commit_callbacks
):
    settings.SITE_URL = LONG_SITE
    citizen_request = CitizenRequestFactory(
        closed=True,
        citizen_email="",
        citizen_phone=PHONE,
        notify_by="sms",
        language="bg",
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation = survey_invite(citizen_request=citizen_request)

    assert invitation is not None
    [sms] = sms_gateway.messages
    assert sms.to == PHONE
    assert citizen_request.registry_number in sms.text
    assert re.search(rf"{LONG_SITE}/bg/survey/r/[\w-]+/$", sms.text), sms.text
    assert 1 <= sms_segments(sms.text) <= 3, sms.text


def test_a_survey_invitation_by_letter(mailoutbox, django_capture_on_commit_callbacks):
    citizen_request = CitizenRequestFactory(
        closed=True,
        citizen_email="",
        citizen_address=ADDRESS,
        notify_by="post",
        language="en",
    )
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(citizen_request=citizen_request)

    notice = Notice.objects.get(kind="survey_invitation")
    assert notice.channel == "post"
    assert ADDRESS in notice.recipient
    assert notice.reference == citizen_request.registry_number
    assert notice.request == citizen_request
    assert "Answer a few questions (two minutes) at this address:" in notice.body
    assert re.search(r"/en/survey/r/[\w-]+/", notice.body)
    assert "Score 1 of 5" not in notice.body  # one address to type, not six
    assert notice.sent_at is None and mailoutbox == []


def test_no_survey_invitation_without_the_chosen_contact():
    citizen_request = CitizenRequestFactory(
        closed=True, citizen_email=EMAIL, citizen_phone="", notify_by="sms"
    )
    assert survey_invite(citizen_request=citizen_request) is None
    assert not Notice.objects.filter(kind="survey_invitation").exists()


# --- Retention of the new contact details --------------------------------------------


def test_a_settled_suggestion_loses_its_phone_address_and_letters_too(
    manager, django_capture_on_commit_callbacks
):
    suggestion = suggestion_submit(
        title="Плащане с карта",
        text="Да може.",
        contact_name=NAME,
        contact_phone=PHONE,
        contact_address=ADDRESS,
        notify_by="post",
    )
    suggestion_respond(
        suggestion=suggestion, by=manager, status=SuggestionStatus.DONE, response="Да."
    )
    assert Notice.objects.filter(channel="post").count() == 1
    old = timezone.make_aware(datetime.datetime(2021, 5, 5, 12))
    Suggestion.objects.filter(pk=suggestion.pk).update(
        responded_at=old, submitted_at=old
    )

    result = retention.suggestions_retention_apply(today=datetime.date(2026, 3, 1))
    suggestion.refresh_from_db()

    assert result.anonymised == 1
    assert (suggestion.contact_phone, suggestion.contact_address) == ("", "")
    assert suggestion.contact_name == ""
    assert not Notice.objects.filter(recipient__contains=ADDRESS).exists()


def test_a_suggestion_with_only_a_phone_is_due_for_retention():
    old = timezone.make_aware(datetime.datetime(2021, 5, 5, 12))
    suggestion = SuggestionFactory(
        contact_name="",
        contact_email="",
        contact_phone=PHONE,
        status=SuggestionStatus.DECLINED,
        responded_at=old,
    )

    retention.suggestions_retention_apply(today=datetime.date(2026, 3, 1))
    suggestion.refresh_from_db()

    assert suggestion.contact_phone == ""
    assert suggestion.anonymised_at is not None


# --- Who sees the letters -------------------------------------------------------------


@pytest.fixture
def letters(officer, manager, django_capture_on_commit_callbacks):
    """A complaint letter naming a clerk, and a suggestion letter."""
    named_clerk = StaffFactory(role=Role.CLERK)
    department = DepartmentFactory()
    named_clerk.departments.add(department)
    request = CitizenRequestFactory(department=department, assigned_to=named_clerk)
    complaint, _code = complaint_file(
        kind=ComplaintKindFactory(),
        body="Служителят поиска пари.",
        contact_name=NAME,
        contact_address=ADDRESS,
        notify_by="post",
        registry_number=request.registry_number,
    )
    assert complaint.named_clerk == named_clerk
    suggestion = suggestion_submit(
        title="Идея",
        text="Текст.",
        contact_address=ADDRESS,
        notify_by="post",
    )
    respond(suggestion, manager)
    complaint_letter = filer_notice(complaint, "complaint_receipt")
    suggestion_letter = Notice.objects.get(kind="suggestion_response")
    return {
        "complaint": complaint_letter,
        "suggestion": suggestion_letter,
        "named_clerk": named_clerk,
        "department": department,
    }


def waiting(viewer) -> set[str]:
    kinds = {"complaint_receipt": "complaint", "suggestion_response": "suggestion"}
    return {
        kinds[n.kind] for n in letters_waiting_for(viewer=viewer) if n.kind in kinds
    }


def test_complaint_letters_are_for_complaint_officers_only(letters, officer, manager):
    head = StaffFactory(role=Role.HEAD)
    head.departments.add(letters["department"])
    responder = StaffFactory()
    responder.user_permissions.add(
        Permission.objects.get(
            codename="respond_suggestion", content_type__app_label="feedback"
        )
    )
    other_clerk = StaffFactory(role=Role.CLERK)
    other_clerk.departments.add(letters["department"])

    assert waiting(officer) == {"complaint"}
    assert waiting(manager) == {"suggestion"}
    assert waiting(responder) == {"suggestion"}
    assert waiting(head) == set()
    assert waiting(other_clerk) == set()
    assert waiting(letters["named_clerk"]) == set()
    assert waiting(AnonymousUser()) == set()


def test_the_clerk_a_complaint_names_never_sees_its_letter_even_as_officer(letters):
    named_clerk = letters["named_clerk"]
    named_clerk.groups.add(roles_ensure()[Role.OFFICER])  # made an officer later

    assert waiting(named_clerk) == set()
    # ... while the letters of other complaints are theirs to post.
    other, _code = complaint_file(
        kind=ComplaintKindFactory(),
        body="Чаках два часа.",
        contact_address=ADDRESS,
        notify_by="post",
    )
    assert waiting(named_clerk) == {"complaint"}
    assert [n.dedupe_key for n in letters_waiting_for(viewer=named_clerk)] == [
        f"feedback:complaint:{other.pk}:receipt"
    ]


def test_an_inactive_officer_sees_no_letter(letters, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert waiting(officer) == set()


def test_a_late_letter_is_flagged_only_to_those_who_may_read_it(
    letters, officer, manager
):
    """A complaint's letter left behind is flagged to the officers, never to the head
    of the department it names nor to the clerk it is about; a suggestion's letter to
    those who respond to suggestions."""
    head = StaffFactory(role=Role.HEAD, email="head@example.org")
    head.departments.add(letters["department"])
    friday = datetime.datetime(2026, 11, 27, 15, 0, tzinfo=datetime.UTC)
    Notice.objects.filter(channel="post").update(created_at=friday)

    assert late_letter_alerts_send(today=datetime.date(2026, 11, 30)) == 0  # Monday
    sent = late_letter_alerts_send(today=datetime.date(2026, 12, 1))  # Tuesday

    alerts = {n.recipient: n for n in Notice.objects.filter(kind="staff:letters_late")}
    assert sent == len(alerts)
    assert set(alerts) == {officer.email, manager.email}
    complaint_letter = letters["complaint"]
    assert complaint_letter.reference in alerts[officer.email].body
    # One letter each: the officer's is the complaint's, the manager's the suggestion's.
    assert (
        alerts[officer.email].subject == "1 писмо до гражданин не е изпратено навреме"
    )
    assert (
        alerts[manager.email].subject == "1 писмо до гражданин не е изпратено навреме"
    )


# --- The filer changes how they are told, on their case page -------------------------


def open_case(client, code: str, language: str = "en") -> str:
    with translation.override(language):
        client.post(reverse("feedback:complaint-follow-up"), {"code": code})
        return client.get(reverse("feedback:complaint-case")).content.decode()


def notify_by_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("feedback:complaint-notify-by")


def test_the_filer_moves_from_email_to_letters_and_the_next_notice_is_a_letter(
    client, officer
):
    complaint, code = complaint_file(
        kind=ComplaintKindFactory(proposal=True),
        body="Предлагам пейки пред общината.",
        contact_name=NAME,
        contact_email=EMAIL,
        contact_address=ADDRESS,
        notify_by="email",
    )
    html = open_case(client, code)
    assert "Our notices about this case: by e-mail." in html
    # Only the ways they gave a contact for; the contacts themselves are not shown.
    assert 'value="post"' in html and 'value="sms"' not in html
    assert ADDRESS not in html and EMAIL not in html

    response = client.post(notify_by_url(), {"notify_by": "post"}, follow=True)

    assert "from now on we will tell you by letter by post" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.notify_by == "post"
    assert AuditEntry.objects.filter(action="complaint.notify_by").count() == 1
    complaint_acknowledge(complaint=complaint, by=officer)
    notice = filer_notice(complaint, "complaint_acknowledged")
    assert (notice.channel, notice.recipient) == ("post", f"{NAME}\n{ADDRESS}")


def test_a_way_without_a_contact_is_refused_and_nothing_changes(client):
    complaint, code = complaint_file(
        kind=ComplaintKindFactory(),
        body="Предлагам пейки пред общината.",
        contact_email=EMAIL,
        contact_phone=PHONE,
        notify_by="email",
    )
    open_case(client, code, "bg")

    response = client.post(notify_by_url("bg"), {"notify_by": "post"})

    assert response.status_code == 200
    assert "Нямаме данни за връзка от този вид." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.notify_by == "email"


def test_with_one_contact_there_is_nothing_to_choose(client):
    _complaint, code = complaint_file(
        kind=ComplaintKindFactory(),
        body="Предлагам пейки пред общината.",
        contact_phone=PHONE,
    )
    html = open_case(client, code)
    assert "Our notices about this case: by SMS." in html
    assert 'id="notify-by-form"' not in html


def test_without_the_receipt_code_nobody_changes_a_case(client):
    response = client.post(notify_by_url(), {"notify_by": "post"})
    assert response.status_code == 302
    assert response["Location"].endswith("/complaints/follow-up/")
