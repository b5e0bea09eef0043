"""The indicators: a declared table, each with its exact formula and the section of
the Service Standards (I–VI) it measures. Targets are data (`Target`) and store the
codes, so a code never changes.

Each compute function reads the figures of one period and scope (`Figures`) and
returns a `Measure` (see `computing`).
"""

from dataclasses import dataclass

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from feedback.dimensions import DIMENSIONS, Dimension
from standards.indicators.computing import (
    Compute,
    count,
    on_complaints,
    on_suggestions,
    on_time_share,
    satisfaction_mean,
    share,
)
from standards.indicators.measures import SMALL_COUNT, Direction, Measure, Unit


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise  # translated lazily
    section: str  # I–VI of the Service Standards
    formula: str | Promise
    unit: str
    direction: str
    compute: Compute
    # Based on citizens' answers or complaints: cells under SMALL_COUNT are withheld.
    is_private: bool = False

    @property
    def unit_label(self) -> str:
        return str(Unit(self.unit).label)

    @property
    def direction_label(self) -> str:
        return str(Direction(self.direction).label)


def _with_name(template: Promise, name: Promise) -> str:
    return str(template) % {"name": name}


# Lazy: the text is put together when shown, in the language active then.
_with_name_lazy = lazy(_with_name, str)

# Translators: an indicator; %(name)s is a satisfaction dimension ("courtesy").
SATISFACTION_NAME = _("Satisfaction: %(name)s")
# Translators: an indicator's formula; %(name)s is a satisfaction dimension.
SATISFACTION_FORMULA = _("Mean of the 1–5 ratings of “%(name)s” given in the period.")


def satisfaction_indicator(dimension: Dimension) -> Indicator:
    """Return the indicator of the mean rating of one satisfaction dimension."""
    return Indicator(
        code=f"satisfaction_{dimension.code}",
        name=_with_name_lazy(SATISFACTION_NAME, dimension.name),
        section=dimension.section,
        formula=_with_name_lazy(SATISFACTION_FORMULA, dimension.name),
        unit=Unit.SCORE,
        direction=Direction.HIGHER,
        compute=satisfaction_mean(dimension.code),
        is_private=True,
    )


INDICATORS: list[Indicator] = [
    Indicator(
        code="on_time_share",
        name=_("Requests completed on time"),
        section="IV",
        formula=_(
            "Requests closed or rejected on or before their due date (including "
            "extensions and suspensions) on a day of the period ÷ those requests "
            "and the requests whose due date fell in the period without being met "
            "× 100. Requests not completed and still within their term on the day "
            "the report is made are pending: shown beside the share, not in it."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: on_time_share(
            f.completion.on_time, f.completion.late, f.completion.pending
        ),
    ),
    Indicator(
        code="extensions_in_time_share",
        name=_("Extensions announced before the due date"),
        section="IV",
        formula=_(
            "Extensions made in the period before the due date they extend, with the "
            "citizen notified at once ÷ all extensions made in the period × 100."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: share(
            f.extensions.announced_in_time, f.extensions.extensions
        ),
    ),
    Indicator(
        code="extensions_count",
        name=_("Extensions of the term"),
        section="IV",
        formula=_("Number of extensions of a request's term made in the period."),
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        compute=lambda f: count(f.extensions.extensions),
    ),
    Indicator(
        code="handling_median",
        name=_("Handling time, median"),
        section="IV",
        formula=_(
            "Median of the working days from the day after a request was received "
            "to the day it was closed or rejected, over the requests completed in "
            "the period (interpolated, as PostgreSQL percentile_cont(0.5))."
        ),
        unit=Unit.DAYS,
        direction=Direction.LOWER,
        compute=lambda f: Measure(f.handling.median, f.handling.count),
    ),
    Indicator(
        code="handling_p90",
        name=_("Handling time, 90th percentile"),
        section="IV",
        formula=_(
            "90th percentile of the same working days (percentile_cont(0.9)): nine "
            "requests in ten were completed within this many working days."
        ),
        unit=Unit.DAYS,
        direction=Direction.LOWER,
        compute=lambda f: Measure(f.handling.p90, f.handling.count),
    ),
    Indicator(
        code="suspensions_count",
        name=_("Suspensions of the term"),
        section="IV",
        formula=_(
            "Number of times in the period a term was suspended while waiting for "
            "the citizen."
        ),
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        compute=lambda f: count(f.suspensions),
    ),
    Indicator(
        code="requests_received",
        name=_("Requests received"),
        section="VI",
        formula=_("Number of requests received in the period (all channels)."),
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        compute=lambda f: count(f.received),
    ),
    Indicator(
        code="complaints_received",
        name=_("Complaints received"),
        section="I",
        formula=_("Number of complaints about service received in the period."),
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        compute=on_complaints(lambda c: count(c.complaints)),
        is_private=True,
    ),
    Indicator(
        code="signals_received",
        name=_("Signals received"),
        section="I",
        formula=_(
            "Number of signals of irregularity, abuse or law-breaking received in "
            "the period."
        ),
        unit=Unit.COUNT,
        direction=Direction.LOWER,
        compute=on_complaints(lambda c: count(c.signals)),
        is_private=True,
    ),
    Indicator(
        code="complaints_acknowledged_share",
        name=_("Complaints and signals acknowledged within 7 days"),
        section="V",
        formula=_(
            "Complaints, signals and proposals received in the period and "
            "acknowledged by their acknowledgement due date (7 days) ÷ those "
            "received in the period whose acknowledgement due date has passed or "
            "that were acknowledged × 100. Those not yet acknowledged and still "
            "within the 7 days are pending: shown beside the share, not in it."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=on_complaints(
            lambda c: on_time_share(
                c.acknowledged_in_time, c.acknowledged_late, c.acknowledged_pending
            )
        ),
        is_private=True,
    ),
    Indicator(
        code="complaints_decided_share",
        name=_("Complaints and signals decided within the term"),
        section="V",
        formula=_(
            "Complaints, signals and proposals received in the period and answered "
            "by their legal due date ÷ those received in the period that were "
            "answered or whose due date has passed × 100. Those not answered yet "
            "and still within their term are pending: shown beside the share, not "
            "in it."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=on_complaints(
            lambda c: on_time_share(
                c.decided_in_time, c.decided_late, c.decided_pending
            )
        ),
        is_private=True,
    ),
    Indicator(
        code="survey_response_rate",
        name=_("Survey response rate"),
        section="VI",
        formula=_(
            "Survey invitations sent in the period that were answered ÷ all "
            "invitations sent in the period × 100."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: share(f.survey.invited_responses, f.survey.invitations),
    ),
    *(satisfaction_indicator(dimension) for dimension in DIMENSIONS),
    Indicator(
        code="resolved_share",
        name=_("Matter resolved"),
        section="V",
        formula=_(
            "Survey answers in the period saying the matter was resolved (“yes”) ÷ "
            "all answers to that question (yes, partly, no) × 100."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        compute=lambda f: share(f.survey.resolved_yes, f.survey.resolved_answers),
        is_private=True,
    ),
    Indicator(
        code="suggestions_received",
        name=_("Suggestions received"),
        section="V",
        formula=_("Number of suggestions received in the period."),
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        compute=on_suggestions(lambda s: count(s.received)),
    ),
    Indicator(
        code="suggestions_answered",
        name=_("Suggestions answered"),
        section="V",
        formula=_(
            "Number of suggestions received in the period that have been given a "
            "public response."
        ),
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        compute=on_suggestions(lambda s: count(s.answered)),
    ),
    Indicator(
        code="suggestions_done",
        name=_("Suggestions acted upon"),
        section="V",
        formula=_(
            "Number of suggestions received in the period whose status is “done” "
            "(you said, we did)."
        ),
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        compute=on_suggestions(lambda s: count(s.done)),
    ),
]

INDICATORS_BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
SECTIONS = ("I", "II", "III", "IV", "V", "VI")
SECTION_NAMES = {
    "I": _("I. Attitude towards clients"),
    "II": _("II. Information for clients"),
    "III": _("III. Communication with clients"),
    "IV": _("IV. Keeping deadlines"),
    "V": _("V. Feedback mechanisms"),
    "VI": _("VI. Responsibility and accountability"),
}


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, f"{i.section} — {i.name}") for i in INDICATORS]


def is_withheld(indicator: Indicator, measure: Measure) -> bool:
    """Return whether the cell rests on so few answers that it must not be shown."""
    return (
        indicator.is_private
        and measure.sample is not None
        and 0 < measure.sample < SMALL_COUNT
    )
