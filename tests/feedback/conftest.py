"""Fixtures shared by the feedback tests."""

import pytest

from requests_app.roles import Role
from tests.requests_app.factories import CitizenRequestFactory, StaffFactory

from .factories import ComplaintFactory

SECRET = "Служителят Петров поиска подкуп."


@pytest.fixture
def officer():
    """A complaint officer with an e-mail address."""
    return StaffFactory(role=Role.OFFICER, email="officer@example.org")


@pytest.fixture
def named_case():
    """A confidential complaint about a case; its clerk is the `named_clerk`."""
    citizen_request = CitizenRequestFactory(assigned=True)
    return ComplaintFactory(
        body=SECRET,
        request=citizen_request,
        named_clerk=citizen_request.assigned_to,
        department=citizen_request.department,
    )
