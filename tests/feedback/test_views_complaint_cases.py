"""The officers' complaint pages: who sees what, the registered actions (#4)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from feedback.models import Complaint, ComplaintAccess
from feedback.workflow import COMPLAINT_ACTIONS, ComplaintStatus
from requests_app.models import Notice
from requests_app.roles import Role, roles_ensure
from tests.requests_app.factories import StaffFactory, UserFactory

from .conftest import SECRET
from .factories import ComplaintFactory, ComplaintKindFactory

pytestmark = pytest.mark.django_db


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


def test_officer_list_is_ordered_by_due_date_and_hides_named_cases(client, officer):
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
    assert page.context["stats"].received == 1
    assert "complaints" not in page.context


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (ComplaintStatus.RECEIVED, ["acknowledge", "ask", "decide"]),
        (ComplaintStatus.WAITING, ["decide"]),
        (ComplaintStatus.DECIDED, ["close"]),
        (ComplaintStatus.CLOSED, []),
    ],
    ids=str,
)
def test_case_page_offers_the_registered_actions(client, officer, status, buttons):
    complaint = ComplaintFactory(status=status)
    client.force_login(officer)
    page = client.get(reverse("feedback:staff-complaint-detail", args=[complaint.pk]))
    html = page.content.decode()
    for code, action in COMPLAINT_ACTIONS.items():
        url = reverse("feedback:staff-complaint-action", args=[complaint.pk, code])
        assert (url in html) is (code in buttons)
        assert (str(action.label) in html) is (code in buttons)
    assert ("No further action" in html) is (not buttons)


def test_forged_action_changes_nothing_and_says_why(client, officer):
    """A POST of an action the case does not allow is refused with a message."""
    complaint = ComplaintFactory(status=ComplaintStatus.CLOSED)
    client.force_login(officer)
    url = reverse("feedback:staff-complaint-action", args=[complaint.pk, "decide"])
    page = client.post(url, {"answer": "Ново решение."})
    assert page.status_code == 200
    assert [str(m) for m in page.context["messages"]] == [
        "A case that is “Closed” cannot become “Answered”."
    ]
    complaint.refresh_from_db()
    assert (complaint.status, complaint.answer) == (ComplaintStatus.CLOSED, "")
    assert not Notice.objects.exists()


def test_unknown_action_is_404(client, officer):
    complaint = ComplaintFactory()
    client.force_login(officer)
    url = reverse("feedback:staff-complaint-action", args=[complaint.pk, "delete"])
    assert client.post(url).status_code == 404


def test_officer_answers_and_the_filer_sees_it(client, officer):
    complaint = ComplaintFactory(code="ABCD-EFGH-JKMN-PQRS")
    client.force_login(officer)
    url = reverse("feedback:staff-complaint-action", args=[complaint.pk, "decide"])
    empty = client.post(url, {"answer": ""})
    assert empty.status_code == 200  # error beside the field
    assert [str(m) for m in empty.context["messages"]] == ["Write the reasoned answer."]
    client.post(url, {"answer": "Жалбата е основателна; служителят е наказан."})
    client.logout()
    client.post(
        reverse("feedback:complaint-follow-up"), {"code": "abcd efgh jkmn pqrs"}
    )
    page = client.get(reverse("feedback:complaint-case"))
    assert "служителят е наказан" in page.content.decode()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_attached_photo_reaches_officers_only(client, named_case):
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
