"""`manage.py benchmark_reports`: times the annual report and leaves nothing behind."""

from io import StringIO

from django.core.management import call_command

import pytest

from requests_app.models import CitizenRequest


@pytest.mark.django_db
def test_benchmark_times_the_report_and_rolls_its_data_back():
    out = StringIO()
    call_command("benchmark_reports", requests=40, pdf=True, stdout=out)
    assert "Annual report numbers" in out.getvalue()
    assert "PDF and CSV rendered" in out.getvalue()
    assert CitizenRequest.objects.count() == 0
