"""The satisfaction dimensions the standards promise and the survey asks about.

The one list: the survey form, the survey answer's fields, the feedback figures and the
standards' indicators and report tables are all built from it. Pure: no queries.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Dimension:
    """One 1–5 rating of a survey answer."""

    code: str  # the field of `SurveyResponse` that holds the rating
    label: Promise  # a heading or a table column: "Courtesy"
    name: Promise  # inside a sentence: "clarity of information"
    question: Promise  # the survey's question
    section: str  # the section of the service standards it measures (I–VI)


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        code="courtesy",
        label=_("Courtesy"),
        name=_("courtesy"),
        question=_("Courtesy of the staff"),
        section="I",
    ),
    Dimension(
        code="clarity",
        label=_("Clarity"),
        name=_("clarity of information"),
        question=_("Clarity of the information you were given"),
        section="II",
    ),
    Dimension(
        code="timeliness",
        label=_("Timeliness"),
        name=_("timeliness"),
        question=_("Timeliness: was it done on time?"),
        section="IV",
    ),
    Dimension(
        code="simplicity",
        label=_("Simplicity"),
        name=_("simplicity of forms and procedures"),
        question=_("Simplicity of the forms and procedures"),
        section="II",
    ),
    Dimension(
        code="overall",
        label=_("Overall"),
        name=_("overall"),
        question=_("Overall, how satisfied are you?"),
        section="V",
    ),
)

DIMENSION_CODES: tuple[str, ...] = tuple(d.code for d in DIMENSIONS)
