"""The figures the reports need from `requests_app` and `feedback`, read only through
their typed selectors (`requests_app.selectors.statistics` and `.handling`,
`feedback.selectors.statistics`) and re-exported here under this app's names. Only
counts and means cross: no names, no texts, no contact details.
"""

from feedback.selectors.statistics import (
    ComplaintFigures,
    SuggestionFigures,
    SurveyFigures,
    complaint_figures,
    suggestion_figures,
    survey_figures,
)
from requests_app.selectors import handling as requests_handling
from requests_app.selectors import statistics as requests_figures

__all__ = [
    "ComplaintFigures",
    "SuggestionFigures",
    "SurveyFigures",
    "complaint_figures",
    "requests_figures",
    "requests_handling",
    "suggestion_figures",
    "survey_figures",
]
