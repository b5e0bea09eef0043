"""Letters by post (#16): the day's batch, its PDF, marking it posted, late letters.

A pensioner registered at the desk with a postal address only: every notice is a
letter that waits for the batch. The clerk lists the letters, prints one PDF (the
address where a window envelope shows it, the registry number, the text, the clerk's
name and position), marks the batch as posted (each letter records the date, the case
page shows it), and a letter left behind after the next working day is flagged to the
head of its department, once a day.
"""

import datetime
import io
import re

from django.urls import reverse
from django.utils import timezone, translation

import pytest
from pypdf import PdfReader

from requests_app.models import AuditEntry, Channel, CitizenRequest, Notice
from requests_app.roles import Role
from requests_app.selectors.letters import letter_rows, letters_waiting_for
from requests_app.services.letters import late_letter_alerts_send, letters_mark_posted
from requests_app.services.outbox import citizen_notice_create, outbox_sweep
from tests.pdf_structure import assert_accessible

from .casework_helpers import case, clerk, department, in_english, staff  # noqa: F401
from .factories import ServiceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]

ADDRESS = "ул. „Родопи“ 7, ет. 2\n4000 Пловдив"


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"requests_app:{name}", kwargs=kwargs or None)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def dep():
    return department()


@pytest.fixture
def me(dep, client):
    user = clerk(
        dep, first_name="Мария", last_name="Петрова", position_bg="главен експерт"
    )
    client.force_login(user)
    return user


@pytest.fixture
def service(dep):
    return ServiceFactory(department=dep, name_bg="Удостоверение за семейно положение")


def intake(client, service, **changes) -> CitizenRequest:
    """Register at the desk a citizen who gave only a postal address."""
    data = {
        "channel": Channel.DESK,
        "citizen_name": "Пенка Иванова Стоянова",
        "citizen_address": ADDRESS,
        "notify_by": "post",
        "language": "bg",
        "details": "Удостоверение за семейно положение за пенсия.",
        **changes,
    }
    response = client.post(
        url("staff-intake-service", code=service.code), data, follow=True
    )
    assert response.redirect_chain, response.content.decode()[:2000]
    return CitizenRequest.objects.latest("pk")


def letter_of(citizen_request: CitizenRequest) -> Notice:
    return Notice.objects.get(request=citizen_request, channel="post")


# --- The whole way: desk intake, batch, PDF, posted ----------------------------------


def test_a_desk_intake_with_an_address_only_is_told_by_letter_posted_with_a_date(
    client, me, service
):
    citizen_request = intake(client, service)
    letter = letter_of(citizen_request)
    assert citizen_request.notify_by == "post"
    assert letter.kind == "acknowledgement"
    assert letter.recipient == f"Пенка Иванова Стоянова\n{ADDRESS}"
    assert letter.reference == citizen_request.registry_number
    assert letter.sent_at is None and letter.posted_on is None

    listing = client.get(url("staff-letters"))
    html = listing.content.decode()
    assert citizen_request.registry_number in html
    assert "ул. „Родопи“ 7" in html
    upto = re.search(r'name="upto" value="(\d+)"', html).group(1)

    pdf = client.get(url("staff-letters-pdf", "bg") + f"?upto={upto}")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert citizen_request.registry_number in text
    assert "Пенка Иванова Стоянова" in text
    assert "4000 Пловдив" in text
    assert (
        "Мария Петрова" in text and "главен експерт" in text
    )  # who signs, and as what
    assert "Община Примерно" in text

    posted = client.post(url("staff-letters-posted"), {"upto": upto}, follow=True)
    letter.refresh_from_db()
    today = timezone.localdate()
    assert letter.posted_on == today
    assert letter.posted_by == me
    assert letter.sent_at is not None
    assert "1 letter recorded as posted" in posted.content.decode()
    assert "No letters are waiting to be posted." in posted.content.decode()

    case_page = client.get(url("staff-request", pk=citizen_request.pk)).content.decode()
    assert "Letter to Пенка Иванова Стоянова, ул. „Родопи“ 7" in case_page
    assert f"Posted on {today:%-d} " in case_page or "Posted on" in case_page
    assert AuditEntry.objects.filter(action="letter.posted", actor=me).count() == 1


def test_the_batch_pdf_puts_each_letter_on_its_own_page_and_is_tagged(
    client, me, service
):
    first = intake(client, service)
    second = intake(client, service, citizen_name="Иван Петров")
    pdf = client.get(url("staff-letters-pdf", "bg"))

    assert pdf_pages(pdf.content) == 2
    reader = PdfReader(io.BytesIO(pdf.content))
    assert first.registry_number in reader.pages[0].extract_text()
    assert second.registry_number in reader.pages[1].extract_text()
    today = timezone.localdate()
    with translation.override("bg"):
        from django.utils.formats import date_format

        title = f"Писма за изпращане на {date_format(today, 'DATE_FORMAT')}"
    assert_accessible(
        pdf.content, lang="bg", title=title, roles={"Document", "H1", "P"}
    )


def test_the_address_sits_in_the_envelope_window(client, me, service):
    """DIN 5008: the window is 20 mm from the left edge and 45 mm from the top."""
    intake(client, service)
    content = client.get(url("staff-letters-pdf", "bg")).content
    found: list[tuple[float, float]] = []
    page = PdfReader(io.BytesIO(content)).pages[0]
    height = float(page.mediabox.height)

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip() == "Пенка Иванова Стоянова":  # the text matrix, then the page's
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, height - y))

    page.extract_text(visitor_text=visitor)
    assert found, "the name is not on the first page"
    x, y = found[0]
    mm = 72 / 25.4
    assert 20 * mm <= x <= 30 * mm  # inside the window, from its left
    assert 50 * mm <= y <= 70 * mm  # below the return line, in its upper half


def test_a_letter_written_after_the_batch_was_drawn_waits_for_the_next(
    client, me, service
):
    first = intake(client, service)
    upto = letter_of(first).pk
    later = intake(client, service, citizen_name="Иван Петров")

    client.post(url("staff-letters-posted"), {"upto": upto})

    assert letter_of(first).posted_on is not None
    assert letter_of(later).posted_on is None
    assert [n.pk for n in letters_waiting_for(viewer=me)] == [letter_of(later).pk]


def test_marking_twice_keeps_the_first_date(me, dep):
    citizen_request = case(
        service__department=dep, citizen_address=ADDRESS, notify_by="post"
    )
    letter = citizen_notice_create(
        citizen_request=citizen_request,
        kind="message",
        template="requests_app/email/message",
        context={"text": "Моля, донесете акта за раждане."},
    )
    monday = datetime.date(2026, 11, 23)
    assert letters_mark_posted(viewer=me, notice_ids=[letter.pk], today=monday) == 1
    again = letters_mark_posted(
        viewer=me, notice_ids=[letter.pk], today=monday + datetime.timedelta(days=1)
    )
    letter.refresh_from_db()
    assert again == 0
    assert letter.posted_on == monday


def test_posting_without_a_printed_batch_is_refused_kindly(client, me, service):
    citizen_request = intake(client, service)
    response = client.post(url("staff-letters-posted"), {"upto": "x"}, follow=True)
    assert "Download and print the letters first." in response.content.decode()
    assert letter_of(citizen_request).posted_on is None


def test_the_worker_and_the_sweep_never_send_a_letter(client, me, service, mailoutbox):
    citizen_request = intake(client, service)
    outbox_sweep()
    letter = letter_of(citizen_request)
    assert letter.sent_at is None and letter.attempts == 0
    assert mailoutbox == []


# --- Who sees which letter -----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "same_department", "sees"),
    [
        (Role.CLERK, True, True),
        (Role.CLERK, False, False),
        (Role.SENIOR, True, True),
        (Role.HEAD, True, True),
        (Role.HEAD, False, False),
        (Role.OFFICER, False, False),
        (Role.MANAGER, False, False),
        (Role.ADMINISTRATOR, False, False),
    ],
)
def test_a_letter_is_seen_only_by_those_who_see_its_request(
    client, dep, service, role, same_department, sees
):
    registrar = clerk(dep)
    client.force_login(registrar)
    citizen_request = intake(client, service)
    letter = letter_of(citizen_request)
    other = department()
    viewer = staff(role, dep if same_department else other)
    client.force_login(viewer)

    listing = client.get(url("staff-letters"))
    pdf = client.get(url("staff-letters-pdf", "bg"))
    client.post(url("staff-letters-posted"), {"upto": letter.pk})

    assert listing.status_code == 200
    assert (citizen_request.registry_number in listing.content.decode()) is sees
    assert (citizen_request.registry_number in pdf_text(pdf.content)) is sees
    letter.refresh_from_db()
    assert (letter.posted_on is not None) is sees


def test_the_letters_page_needs_a_sign_in(client):
    response = client.get(url("staff-letters"))
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def test_a_letter_is_assigned_to_the_case_clerk_or_signed_by_the_head(client, dep):
    head = staff(
        Role.HEAD, dep, first_name="Стоян", last_name="Колев", position_bg="директор"
    )
    citizen_request = case(
        service__department=dep,
        department=dep,
        citizen_name="Иван Петров",
        citizen_address=ADDRESS,
        notify_by="post",
    )
    citizen_notice_create(
        citizen_request=citizen_request,
        kind="message",
        template="requests_app/email/message",
        context={"text": "Моля, донесете акта за раждане."},
    )
    client.force_login(head)
    text = pdf_text(client.get(url("staff-letters-pdf", "bg")).content)
    assert "Стоян Колев" in text and "директор" in text


# --- Late letters --------------------------------------------------------------------


FRIDAY = datetime.datetime(2026, 11, 27, 15, 0, tzinfo=datetime.UTC)
MONDAY = datetime.date(2026, 11, 30)
TUESDAY = datetime.date(2026, 12, 1)


@pytest.fixture
def friday_letter(dep):
    """A letter written on Friday afternoon."""
    citizen_request = case(
        service__department=dep,
        department=dep,
        citizen_address=ADDRESS,
        notify_by="post",
    )
    letter = citizen_notice_create(
        citizen_request=citizen_request,
        kind="message",
        template="requests_app/email/message",
        context={"text": "Моля, донесете акта за раждане."},
    )
    Notice.objects.filter(pk=letter.pk).update(created_at=FRIDAY)
    letter.refresh_from_db()
    return letter


def test_a_letter_of_friday_is_to_be_posted_by_monday(friday_letter, dep):
    head = staff(Role.HEAD, dep)
    [monday] = letter_rows(letters=letters_waiting_for(viewer=head), today=MONDAY)
    [tuesday] = letter_rows(letters=letters_waiting_for(viewer=head), today=TUESDAY)
    assert monday.post_by == MONDAY and not monday.is_late
    assert tuesday.is_late


def test_a_late_letter_is_flagged_to_the_head_once_a_day(
    friday_letter, dep, mailoutbox
):
    head = staff(Role.HEAD, dep, email="head@example.org")
    staff(Role.HEAD, department(), email="other@example.org")

    assert late_letter_alerts_send(today=MONDAY) == 0  # still in time
    assert late_letter_alerts_send(today=TUESDAY) == 1
    assert late_letter_alerts_send(today=TUESDAY) == 0  # a second run that day
    [alert] = Notice.objects.filter(kind="staff:letters_late")
    assert alert.recipient == head.email
    assert friday_letter.reference in alert.body
    assert "/staff/letters/" in alert.body
    assert alert.subject == "1 писмо до гражданин не е изпратено навреме"  # bg
    assert not Notice.objects.filter(recipient="other@example.org").exists()


def test_a_posted_letter_is_not_flagged(friday_letter, dep):
    head = staff(Role.HEAD, dep, email="head@example.org")
    letters_mark_posted(viewer=head, notice_ids=[friday_letter.pk], today=MONDAY)
    assert late_letter_alerts_send(today=TUESDAY) == 0


def test_no_flags_on_a_day_off(friday_letter, dep):
    staff(Role.HEAD, dep, email="head@example.org")
    saturday = datetime.date(2026, 12, 5)
    assert late_letter_alerts_send(today=saturday) == 0


def test_the_letters_page_marks_a_late_letter(client, friday_letter, dep, monkeypatch):
    head = staff(Role.HEAD, dep)
    client.force_login(head)
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, *a, **k: TUESDAY if value is None else real_localdate(value),
    )
    html = client.get(url("staff-letters")).content.decode()
    assert "1 letter should have been posted by the next working day" in html
    assert ">Late<" in html


def test_the_letters_page_is_in_bulgarian(client, me, service):
    intake(client, service)
    html = client.get(url("staff-letters", "bg")).content.decode()
    assert "Писма за изпращане" in html
    assert "Отпечатване на 1 писмо (PDF)" in html
