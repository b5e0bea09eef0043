"""The legal terms of a complaint: due dates from the kind and the work calendar."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

from dateutil.relativedelta import relativedelta

from feedback.models import Complaint, ComplaintKind
from requests_app.deadlines import DueDate, Term
from requests_app.explain import explain_due_date, format_day
from requests_app.selectors.calendar import due_date_for


def complaint_terms(
    *, kind: ComplaintKind, received_on: date
) -> tuple[DueDate, DueDate]:
    """Return the acknowledgement and decision due dates of a kind filed that day.

    A term in months ends on the same day of the month (or the month's last day);
    it is counted as that many calendar days so that the calendar moves it off a day
    off like any other term.
    """
    acknowledge = due_date_for(
        received_on=received_on, term=Term(kind.acknowledge_days)
    )
    if kind.decide_months:
        end = received_on + relativedelta(months=kind.decide_months)
        days = (end - received_on).days
    else:
        days = kind.decide_days
    decide = due_date_for(received_on=received_on, term=Term(days))
    return acknowledge, decide


@dataclass(frozen=True)
class ExplainedTerm:
    """A term for templates: its due date and the explanation, line by line."""

    label: str
    due_on: date
    lines: list[str]


def complaint_terms_explained(*, complaint: Complaint) -> list[ExplainedTerm]:
    """Return the two legal terms of a complaint, explained in the active language."""
    acknowledge, decide = complaint_terms(
        kind=complaint.kind, received_on=complaint.received_on
    )
    decide_lines = explain_due_date(decide)
    if complaint.kind.decide_months:
        decide_lines.insert(
            0,
            gettext(
                "The term is %(months)s months: from %(start)s to %(end)s, that is "
                "%(days)s calendar days."
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
    return [
        ExplainedTerm(
            gettext("Acknowledgement by"),
            acknowledge.due_on,
            explain_due_date(acknowledge),
        ),
        ExplainedTerm(gettext("Answer by"), decide.due_on, decide_lines),
    ]
