"""Demo data of the standards app loads twice without duplicates (#5)."""

import pytest

from standards.demo import DEMO_TARGETS, load_standards_demo
from standards.models import Target


@pytest.mark.django_db
def test_demo_targets_load_once_and_the_standards_are_seeded():
    first = load_standards_demo()
    second = load_standards_demo()
    assert first == second
    assert first["targets"] == len(DEMO_TARGETS)
    assert first["standards_versions"] == 1
    assert Target.objects.get(indicator="on_time_share").value == 95
