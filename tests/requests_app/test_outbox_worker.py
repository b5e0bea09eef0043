"""A real Celery worker delivers the acknowledgement of a request filed online (#2)."""

import pytest

from requests_app.models import CitizenRequest, Notice

from .factories import ServiceFactory


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_delivers_the_acknowledgement(client, celery_worker_process):
    """Filing commits, the task goes to the broker, the worker sends the e-mail (#2)."""
    service = ServiceFactory(name_en="Sketch of a land plot")
    response = client.post(
        f"/en/services/{service.code}/apply/",
        {
            "details": "Please send me a sketch of my plot.",
            "citizen_name": "Maria Petrova",
            "citizen_email": "maria@example.org",
            "language": "en",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    citizen_request = CitizenRequest.objects.get()

    message = celery_worker_process.mailbox.wait_for(
        lambda m: citizen_request.registry_number in m["Subject"]
    )
    assert message["X-Envelope-To"] == "maria@example.org"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "“Sketch of a land plot”" in body
    assert f"/en/track/{citizen_request.tracking_token}/" in body

    celery_worker_process.wait_for_log("succeeded")
    notice = Notice.objects.get(request=citizen_request)
    assert notice.sent_at is not None
    assert notice.attempts == 1
    assert len(celery_worker_process.mailbox.messages) == 1
