"""A complaint's file is kept and served under the type found in its content (#10)."""

from django.urls import reverse

import pytest

from feedback import services as feedback_services
from requests_app.roles import Role
from tests.requests_app.factories import StaffFactory
from tests.requests_app.filing_files import PNG_BYTES, upload

from .factories import ComplaintKindFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]


def test_a_png_named_like_text_is_kept_and_downloaded_as_png(client):
    complaint, _code = feedback_services.complaint_file(
        kind=ComplaintKindFactory(),
        body="Снимка на счупения терминал.",
        files=[(upload("terminal.txt", PNG_BYTES, "text/plain"), "image/png")],
    )
    attachment = complaint.attachments.get()
    client.force_login(StaffFactory(role=Role.OFFICER))

    response = client.get(
        reverse(
            "feedback:staff-complaint-attachment", args=[complaint.pk, attachment.pk]
        )
    )

    assert attachment.name == "terminal.png"
    assert response.status_code == 200
    assert response.content == PNG_BYTES
    assert response["Content-Type"] == "image/png"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="attachment-{attachment.pk}.png"'
    )
