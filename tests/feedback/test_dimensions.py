"""The satisfaction dimensions: one list, matched by the survey answer's fields."""

from feedback.dimensions import DIMENSION_CODES, DIMENSIONS
from feedback.forms import SurveyForm
from feedback.models import SurveyResponse


def test_every_dimension_has_a_score_field_on_the_survey_answer():
    fields = {field.name: field for field in SurveyResponse._meta.get_fields()}
    for code in DIMENSION_CODES:
        assert fields[code].get_internal_type() == "PositiveSmallIntegerField"
        assert fields[code].null is True


def test_codes_are_unique():
    assert len(set(DIMENSION_CODES)) == len(DIMENSIONS)


def test_the_survey_form_asks_each_dimension_s_question():
    form = SurveyForm()
    for dimension in DIMENSIONS:
        assert form.fields[dimension.code].label == dimension.question
