"""The legal terms of a complaint: due dates from the kind and the work calendar.

Also whether a proposal's term may still be extended (and how far), and whether a
signal's facts are too old to be examined; the citations come from
`requests_app.legal`.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from dateutil.relativedelta import relativedelta

from feedback.models import Complaint, ComplaintExtension, ComplaintKind
from feedback.workflow import COMPLAINT_TO_DECIDE, ComplaintStatus, NotExaminedReason
from requests_app.deadlines import DueDate, Term
from requests_app.explain import due_date_explanation, format_day
from requests_app.legal import NOT_EXAMINED, PROPOSAL_TERM, LegalSource
from requests_app.selectors.calendar import due_date_for


def _months(received_on: date, months: int) -> Term:
    """Return a term of `months` months as calendar days from `received_on`.

    A term in months ends on the same day of the month (or the month's last day);
    it is counted as that many calendar days so that the calendar moves it off a day
    off like any other term.
    """
    return Term((received_on + relativedelta(months=months) - received_on).days)


def complaint_terms(
    *, kind: ComplaintKind, received_on: date
) -> tuple[DueDate, DueDate]:
    """Return the acknowledgement and decision due dates of a kind filed that day."""
    acknowledge = due_date_for(
        received_on=received_on, term=Term(kind.acknowledge_days)
    )
    if kind.decide_months:
        term = _months(received_on, kind.decide_months)
    else:
        term = Term(kind.decide_days)
    decide = due_date_for(received_on=received_on, term=term)
    return acknowledge, decide


def complaint_extension_limit(*, complaint: Complaint) -> date | None:
    """Return the latest date the decision term may be extended to, or None.

    The limit counts from filing, across all extensions (a proposal: 6 months in
    total); like any term it ends on a working day.
    """
    months = complaint.kind.extend_to_months
    if not months:
        return None
    received_on = complaint.received_on
    return due_date_for(
        received_on=received_on, term=_months(received_on, months)
    ).due_on


def complaint_is_extendable(*, complaint: Complaint, today: date | None = None) -> bool:
    """Return whether the decision term of the case may be extended now.

    Only kinds that allow it (proposals), only while the decision term runs (before
    it ends), and only while the limit is still ahead of the current due date.
    """
    today = today or timezone.localdate()
    limit = complaint_extension_limit(complaint=complaint)
    return (
        limit is not None
        and ComplaintStatus(complaint.status) in COMPLAINT_TO_DECIDE
        and today <= complaint.decide_due_on < limit
    )


def complaint_facts_too_old(
    *, kind: ComplaintKind, facts_on: date | None, received_on: date
) -> bool:
    """Return whether facts of `facts_on` are too old for the kind to be examined.

    "More than N years": facts exactly N years before the filing are still examined.
    """
    if not kind.facts_within_years or facts_on is None:
        return False
    return facts_on < received_on - relativedelta(years=kind.facts_within_years)


@dataclass(frozen=True)
class NotExaminedExplanation:
    """Why a filing is not examined: the rule in words and its legal source."""

    text: str
    source: LegalSource


def complaint_not_examined_explained(
    *, complaint: Complaint
) -> NotExaminedExplanation | None:
    """Return why the case is not examined, in the active language, or None."""
    if complaint.not_examined_because != NotExaminedReason.FACTS_TOO_OLD:
        return None
    years = complaint.kind.facts_within_years
    text = ngettext(
        "The facts you describe happened on %(facts)s, more than %(years)d year "
        "before the filing on %(filed)s. By law, in such a case (%(kind)s) the filing "
        "is recorded but not examined, so no answer on the merits will follow.",
        "The facts you describe happened on %(facts)s, more than %(years)d years "
        "before the filing on %(filed)s. By law, in such a case (%(kind)s) the filing "
        "is recorded but not examined, so no answer on the merits will follow.",
        years,
    ) % {
        "facts": format_day(complaint.facts_on) if complaint.facts_on else "",
        "years": years,
        "filed": format_day(complaint.received_on),
        "kind": complaint.kind.name.lower(),
    }
    return NotExaminedExplanation(text=text, source=NOT_EXAMINED)


@dataclass(frozen=True)
class ExplainedTerm:
    """A term for templates: its due date and the explanation, line by line."""

    label: str
    due_on: date
    lines: list[str]


def _extension_line(extension: ComplaintExtension) -> str:
    return gettext(
        "On %(day)s the term was extended from %(old)s to %(new)s. Reason: "
        "%(reason)s. Legal basis: %(source)s."
    ) % {
        "day": format_day(timezone.localdate(extension.created_at)),
        "old": format_day(extension.old_due_on),
        "new": format_day(extension.new_due_on),
        "reason": extension.reason,
        "source": PROPOSAL_TERM,
    }


def complaint_terms_explained(*, complaint: Complaint) -> list[ExplainedTerm]:
    """Return the legal terms of a case, explained in the active language.

    A case that is not examined has no terms (see
    `complaint_not_examined_explained`). An extended decision term ends on the date
    of the last extension; each extension is a line with its reason and source.
    """
    if complaint.status == ComplaintStatus.NOT_EXAMINED:
        return []
    acknowledge, decide = complaint_terms(
        kind=complaint.kind, received_on=complaint.received_on
    )
    explanation = due_date_explanation(decide)
    decide_lines = explanation.lines
    if complaint.kind.decide_months:
        decide_lines.insert(
            0,
            ngettext(
                "The term is %(months)s month: from %(start)s to %(end)s, that is "
                "%(days)s calendar days.",
                "The term is %(months)s months: from %(start)s to %(end)s, that is "
                "%(days)s calendar days.",
                complaint.kind.decide_months,
            )
            % {
                "months": complaint.kind.decide_months,
                "start": format_day(complaint.received_on),
                "end": format_day(
                    complaint.received_on
                    + relativedelta(months=complaint.kind.decide_months)
                ),
                "days": decide.term.days,
            },
        )
    decide_on = decide.due_on
    extensions = list(complaint.extensions.order_by("created_at", "pk"))
    if extensions:
        decide_on = extensions[-1].new_due_on
        decide_lines.pop()  # the original "Due date: ..." line
        decide_lines.extend(_extension_line(extension) for extension in extensions)
        decide_lines.append(
            gettext("Due date: %(due)s.") % {"due": format_day(decide_on)}
        )
    return [
        ExplainedTerm(
            gettext("Acknowledgement by"),
            acknowledge.due_on,
            due_date_explanation(acknowledge).lines,
        ),
        ExplainedTerm(gettext("Answer by"), decide_on, decide_lines),
    ]
