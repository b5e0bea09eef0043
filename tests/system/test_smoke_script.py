"""scripts/smoke.py fills and posts the real request form, as CI's smoke test does."""

import importlib.util
from pathlib import Path

import pytest

from requests_app.models import CitizenRequest
from tests.requests_app.factories import (
    ServiceFactory,
    ServiceQuestionFactory,
    ServiceVariantFactory,
)

SMOKE_PATH = Path(__file__).resolve().parents[2] / "scripts" / "smoke.py"


@pytest.fixture(scope="module")
def smoke():
    spec = importlib.util.spec_from_file_location("smoke", SMOKE_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_smoke_fills_every_kind_of_field_the_form_has(client, smoke):
    """Variants, required questions of each kind, consent: the POST files it (#2)."""
    service = ServiceFactory()
    ServiceVariantFactory(service=service, ordinary=True)
    ServiceVariantFactory(service=service, express=True)
    for trait in ("choice", "date", "number"):
        ServiceQuestionFactory(service=service, required=True, **{trait: True})
    ServiceQuestionFactory(service=service, required=True)
    apply_url = f"/bg/services/{service.code}/apply/"

    page = client.get(apply_url)
    parser = smoke.FormParser()
    parser.feed(page.content.decode())
    form = next(f for f in parser.forms if f["id"] == "request-form")
    data: dict[str, list[str]] = {}
    for name, value in smoke.form_data(form["fields"]):
        data.setdefault(name, []).append(value)

    response = client.post(apply_url, data)

    assert response.status_code == 302, smoke.page_errors(response.content.decode())
    filed = CitizenRequest.objects.get(service=service)
    assert filed.citizen_email == smoke.SMOKE_EMAIL
    assert filed.language == "bg"
    assert filed.answers.count() == 4


def test_smoke_reads_error_messages_from_a_page(smoke):
    """A rejected POST is reported with the messages shown beside the fields (#2)."""
    page = '<div class="invalid-feedback"><strong>Въведете име.</strong></div>'

    assert smoke.page_errors(page) == ["Въведете име."]
