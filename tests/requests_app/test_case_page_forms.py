"""The case page's action forms: Bootstrap groups from the project's renderer, their
selects read in one plain statement, and a Bulgarian first option."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from requests_app.forms.fields import ModelSelectField
from requests_app.models import Department

from .casework_helpers import case, clerk, department, reason

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_url(client, on_filing_day):
    """The case page (not named `page`: that is the browser fixture; the name makes
    pytest-playwright regroup the suite)."""
    home = department()
    me = clerk(home, first_name="Мария", last_name="Петрова")
    clerk(home, first_name="Георги", last_name="Колев")
    department(), department()
    reason()
    citizen_request = case(department=home, assigned_to=me)
    client.force_login(me)
    with translation.override("bg"):
        return reverse("requests_app:staff-request", kwargs={"pk": citizen_request.pk})


def test_no_select_of_the_case_page_opens_a_server_side_cursor(client, case_url):
    with CaptureQueriesContext(connection) as statements:
        response = client.get(case_url)
    assert response.status_code == 200
    # Django reads a model select through a cursor on PostgreSQL: declare, fetch,
    # close. Each select here is one plain statement.
    assert not [s for s in statements if "DECLARE" in s["sql"].upper()]
    html = response.text
    assert 'id="id_assign-clerk"' in html and "Георги Колев" in html
    assert 'id="id_refer-to_department"' in html
    assert 'id="id_extend-reason"' in html


def test_the_first_option_of_a_select_is_bulgarian_on_a_bulgarian_page(
    client, case_url
):
    html = client.get(case_url).text
    assert "Select an option" not in html
    assert '<option value="" selected>- Изберете -</option>' in html
    english = client.get(case_url.replace("/bg/", "/en/", 1)).text
    assert '<option value="" selected>- Select an option -</option>' in english


def test_the_action_forms_are_bootstrap_groups_with_their_buttons(client, case_url):
    html = client.get(case_url).text
    assert '<div id="div_id_assign-clerk" class="mb-3">' in html
    assert 'class="form-select" required id="id_assign-clerk"' in html
    assert 'id="submit-assign"' in html and 'class="btn btn-outline-primary"' in html
    assert html.count('name="csrfmiddlewaretoken"') == html.count("<form ")


def test_the_listed_select_offers_the_same_choices_as_djangos():
    for _ in range(3):
        department()
    queryset = Department.objects.order_by("pk")
    ours = ModelSelectField(queryset)
    django_own = ModelSelectField.__mro__[1](queryset)
    assert [(str(v), str(label)) for v, label in ours.choices] == [
        (str(v), str(label)) for v, label in django_own.choices
    ]
    assert len(ours.choices) == 1 + Department.objects.count()
