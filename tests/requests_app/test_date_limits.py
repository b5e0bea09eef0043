"""Date questions carry their own limits as data (#14): the demo's date of death may
not lie in the future, the form says so in the reader's language, and the date
picker does not offer the wrong side of today."""

import datetime
import re

from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone, translation

import pytest

from requests_app.dates import DateLimit
from requests_app.forms.filing import question_field
from requests_app.models import CitizenRequest, Service, ServiceQuestion

from .factories import ServiceFactory, ServiceQuestionFactory
from .filing_files import filing_data

DEATH_IN_2030 = "2030-01-01"


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def date_of_death():
    call_command("load_demo", verbosity=0)
    return Service.objects.get(code="heirs-certificate").questions.get(
        code="date-of-death"
    )


def file_heirs_certificate(client, question: ServiceQuestion, typed: str, lang: str):
    service = question.service
    data = filing_data(**{f"question_{question.code}": typed})
    for other in service.questions.exclude(pk=question.pk).filter(is_required=True):
        data[f"question_{other.code}"] = "Иван Петров Иванов"
    variant = service.variants.first()
    if variant is not None:
        data["variant"] = variant.pk
    return client.post(f"/{lang}/services/{service.code}/apply/", data)


@pytest.mark.django_db
def test_the_demo_date_of_death_is_limited_to_today_or_earlier(date_of_death):
    assert date_of_death.date_limit == DateLimit.PAST


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Choose a date between 1 January 1850 and today."),
        ("bg", "Изберете дата между 1 януари 1850 г. и днес."),
    ],
)
def test_a_date_of_death_in_2030_is_refused_with_a_translated_error(
    client, date_of_death, lang, message
):
    response = file_heirs_certificate(client, date_of_death, DEATH_IN_2030, lang)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CitizenRequest.objects.exists()


@pytest.mark.django_db
def test_a_date_of_death_of_yesterday_is_accepted(client, date_of_death):
    yesterday = (today() - datetime.timedelta(days=1)).isoformat()
    response = file_heirs_certificate(client, date_of_death, yesterday, "en")
    assert response.status_code == 302, response.context["form"].errors
    answer = CitizenRequest.objects.get().answers.get(question=date_of_death)
    assert answer.value == yesterday


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "bounds"),
    [
        (DateLimit.PAST, ("1850-01-01", "today")),
        (DateLimit.FUTURE, ("today", "2100-12-31")),
        (DateLimit.ANY, ("1850-01-01", "2100-12-31")),
    ],
)
def test_the_date_picker_offers_only_the_allowed_side_of_today(limit, bounds):
    question = ServiceQuestionFactory.build(
        service=ServiceFactory.build(), date=True, date_limit=limit
    )
    html = str(question_field(question).widget.render("d", None))
    expected = [today().isoformat() if b == "today" else b for b in bounds]
    assert re.search(r'min="([\d-]+)"', html).group(1) == expected[0]
    assert re.search(r'max="([\d-]+)"', html).group(1) == expected[1]


@pytest.mark.django_db
def test_the_admin_lets_staff_set_a_date_questions_limit(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    service_admin = site._registry[Service]
    with translation.override("en"):
        inlines = service_admin.get_inline_instances(request)
        question_inline = next(i for i in inlines if i.model is ServiceQuestion)
        fields = question_inline.get_fields(request)
    assert "date_limit" in fields
    label = ServiceQuestion._meta.get_field("date_limit").verbose_name
    with translation.override("bg"):
        assert str(label) != "dates allowed"  # translated
