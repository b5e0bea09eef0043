"""The feedback demo data: loads twice without duplicates."""

import pytest

from feedback.demo import load_feedback_demo
from feedback.models import ComplaintKind, Suggestion, SurveyResponse
from feedback.workflow import SuggestionStatus

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_without_duplicates():
    load_feedback_demo()
    counts = (
        ComplaintKind.objects.count(),
        Suggestion.objects.count(),
        SurveyResponse.objects.count(),
    )
    load_feedback_demo()
    assert counts == (3, 4, 4)
    assert counts == (
        ComplaintKind.objects.count(),
        Suggestion.objects.count(),
        SurveyResponse.objects.count(),
    )
    assert Suggestion.objects.filter(status=SuggestionStatus.DONE).exists()
    assert SurveyResponse.objects.filter(timeliness=2).exists()
