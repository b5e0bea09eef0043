"""Every non-trivial read of the feedback app, including who may see what.

Confidentiality of complaints and signals is decided here and nowhere else:

* only complaint officers (the `feedback.handle_complaint` permission held through a
  group or directly; being a superuser is not enough) see complaints;
* a member of staff named in a complaint (the clerk of the case when it was filed)
  never sees it, even when made an officer later;
* everyone else gets nothing (views answer 404); managers get counts only
  (`complaint_stats`).

The `*_stats` functions are the interface for the standards app (reports): they
compute with database aggregates only and return plain dicts described in their
docstrings.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from dateutil.relativedelta import relativedelta

from requests_app.calendar import due_date_for
from requests_app.deadlines import DueDate, Term
from requests_app.explain import explain_due_date, format_day
from requests_app.models import Department, Service, User

from .codes import receipt_hash, token_hash
from .models import (
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    FollowUpItem,
    Resolved,
    Suggestion,
    SuggestionStatus,
    SurveyInvitation,
    SurveyResponse,
)

Viewer = User | AnonymousUser
STANDARDS = ("courtesy", "clarity", "timeliness", "simplicity", "overall")


def _holds(viewer: Viewer, codename: str) -> bool:
    """Return whether the viewer holds a feedback permission through roles (not as
    superuser: confidential cases are for complaint officers only)."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    assert isinstance(viewer, User)
    return Permission.objects.filter(
        Q(group__user=viewer) | Q(user=viewer),
        content_type__app_label="feedback",
        codename=codename,
    ).exists()


def is_complaint_officer(viewer: Viewer) -> bool:
    return _holds(viewer, "handle_complaint")


def can_view_feedback_counts(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.has_perm("feedback.view_feedback_counts")


def can_respond_suggestions(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.has_perm("feedback.respond_suggestion")


def can_follow_up(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.has_perm("feedback.handle_followup")


# --- Complaints ---------------------------------------------------------------------


def complaint_list_for(*, viewer: Viewer) -> QuerySet[Complaint]:
    """Return the complaints `viewer` may read (none for everyone else)."""
    if not is_complaint_officer(viewer):
        return Complaint.objects.none()
    return (
        Complaint.objects.exclude(named_clerk_id=viewer.pk)
        .select_related("kind", "request", "department")
        .defer("proof_pdf")
    )


def complaint_queue_for(*, viewer: Viewer, is_open: bool = True) -> QuerySet[Complaint]:
    """Return open (or closed) complaints for an officer, the nearest term first."""
    complaints = complaint_list_for(viewer=viewer)
    if is_open:
        return complaints.exclude(status=ComplaintStatus.CLOSED).order_by(
            "decide_due_on", "acknowledge_due_on", "pk"
        )
    return complaints.filter(status=ComplaintStatus.CLOSED).order_by("-closed_at")


def complaint_get_for(*, viewer: Viewer, pk: int) -> Complaint | None:
    """Return one complaint if `viewer` may read it, else None (views: 404)."""
    return complaint_list_for(viewer=viewer).filter(pk=pk).first()


def complaint_by_receipt(*, code: str) -> Complaint | None:
    """Return the complaint filed with this receipt code, or None."""
    if not code or len(code) > 60:
        return None
    return (
        Complaint.objects.select_related("kind")
        .defer("proof_pdf")
        .filter(receipt_hash=receipt_hash(code))
        .first()
    )


def complaint_for_filer(*, pk: int) -> Complaint | None:
    """Return the case a filer opened with its receipt code (pk kept in the session)."""
    return (
        Complaint.objects.select_related("kind")
        .defer("proof_pdf")
        .filter(pk=pk)
        .first()
    )


def complaint_proof_waiting(*, complaint_id: int) -> bool:
    """Return whether the proof of filing can still be downloaded (once)."""
    return Complaint.objects.filter(pk=complaint_id, proof_pdf__isnull=False).exists()


def complaint_kinds_active() -> QuerySet[ComplaintKind]:
    return ComplaintKind.objects.filter(is_active=True)


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


def complaint_access_log(*, viewer: Viewer, complaint: Complaint) -> QuerySet:
    """Return who opened the complaint and when (officers only)."""
    if complaint_get_for(viewer=viewer, pk=complaint.pk) is None:
        return complaint.accesses.none()
    return complaint.accesses.select_related("officer").order_by("-created_at")[:50]


def complaint_public_messages(*, complaint: Complaint) -> list:
    """Return the exchange shown to the filer (officers' questions, own additions)."""
    return list(complaint.messages.order_by("created_at", "pk"))


# --- Surveys ------------------------------------------------------------------------


def survey_invitation_by_token(*, token: str) -> SurveyInvitation | None:
    if not token or len(token) > 100:
        return None
    return (
        SurveyInvitation.objects.select_related("request", "request__service")
        .filter(token_hash=token_hash(token))
        .first()
    )


def survey_invitation_state(invitation: SurveyInvitation) -> str:
    """Return "ok", "used" or "expired"."""
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "ok"


def survey_response_open(*, pk: int | None) -> SurveyResponse | None:
    """Return a response started by a one-click score and not completed yet."""
    if not pk:
        return None
    return (
        SurveyResponse.objects.select_related("request")
        .filter(pk=pk, completed_at__isnull=True)
        .first()
    )


def survey_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).select_related("department")


def followup_list_for(
    *, viewer: Viewer, is_open: bool = True
) -> QuerySet[FollowUpItem]:
    """Return the follow-ups a department head handles: own departments, and those
    tied to no department."""
    if not can_follow_up(viewer):
        return FollowUpItem.objects.none()
    assert isinstance(viewer, User)
    items = FollowUpItem.objects.filter(
        Q(department__in=viewer.departments.all()) | Q(department__isnull=True)
    ).select_related("department", "response", "response__request", "response__service")
    return items.filter(done_at__isnull=is_open)


def followup_get_for(*, viewer: Viewer, pk: int) -> FollowUpItem | None:
    return (
        followup_list_for(viewer=viewer, is_open=True).filter(pk=pk).first()
        or followup_list_for(viewer=viewer, is_open=False).filter(pk=pk).first()
    )


# --- Suggestions --------------------------------------------------------------------


def suggestion_public_list() -> QuerySet[Suggestion]:
    """Return answered suggestions ("you said, we did"), newest first."""
    return Suggestion.objects.exclude(status=SuggestionStatus.RECEIVED).order_by(
        "-responded_at", "-pk"
    )


def suggestion_list_for(*, viewer: Viewer) -> QuerySet[Suggestion]:
    """Return every suggestion for a manager, unanswered first."""
    if not can_respond_suggestions(viewer):
        return Suggestion.objects.none()
    return Suggestion.objects.order_by(
        F("first_responded_at").asc(nulls_first=True), "-submitted_at"
    )


def suggestion_get_for(*, viewer: Viewer, pk: int) -> Suggestion | None:
    return suggestion_list_for(viewer=viewer).filter(pk=pk).first()


# --- Statistics for the standards app (#5) -----------------------------------------


def _period(start: date, end: date, field: str) -> Q:
    """Return `field` within start..end inclusive (a date or a datetime field)."""
    if field.endswith("_on"):
        return Q(**{f"{field}__gte": start, f"{field}__lte": end})
    return Q(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


def complaint_stats(
    start: date, end: date, department: Department | None = None
) -> dict[str, Any]:
    """Return complaint figures for cases received from `start` to `end` (inclusive).

    Shape::

        {
            "received": int,
            "by_kind": [{"code": str, "name": str, "count": int}, ...],  # every kind
            "acknowledged": int,            # acknowledged at all
            "acknowledged_in_term": int,    # on or before the acknowledgement due date
            "decided": int,                 # answered
            "decided_in_term": int,         # on or before the decision due date
            "open": int,                    # not answered yet
        }

    `department` limits to complaints about requests of that department.
    """
    complaints = Complaint.objects.filter(_period(start, end, "received_on"))
    if department is not None:
        complaints = complaints.filter(department=department)
    totals = complaints.aggregate(
        received=Count("pk"),
        acknowledged=Count("pk", filter=Q(acknowledged_on__isnull=False)),
        acknowledged_in_term=Count(
            "pk", filter=Q(acknowledged_on__lte=F("acknowledge_due_on"))
        ),
        decided=Count("pk", filter=Q(decided_on__isnull=False)),
        decided_in_term=Count("pk", filter=Q(decided_on__lte=F("decide_due_on"))),
    )
    counts = dict(
        complaints.values_list("kind_id")
        .annotate(n=Count("pk"))
        .values_list("kind_id", "n")
    )
    by_kind = [
        {"code": kind.code, "name": kind.name, "count": counts.get(kind.pk, 0)}
        for kind in ComplaintKind.objects.all()
    ]
    return {
        **totals,
        "by_kind": by_kind,
        "open": totals["received"] - totals["decided"],
    }


def survey_stats(
    start: date,
    end: date,
    department: Department | None = None,
    service: Service | None = None,
) -> dict[str, Any]:
    """Return survey figures for `start`..`end` (inclusive).

    Shape::

        {
            "invitations": int,       # invitations sent in the period
            "invited_responses": int, # answers to those invitations
            "response_rate": float | None,  # invited_responses / invitations
            "responses": int,         # every answer given in the period
            "anytime_responses": int,
            "standards": {            # for each of courtesy, clarity, timeliness,
                "courtesy": {"mean": float | None, "count": int},  # simplicity,
                ...                                                  # overall (1-5)
            },
            "resolved": {"yes": int, "partly": int, "no": int},
            "share_resolved": float | None,  # yes / (yes + partly + no)
            "follow_ups": int,        # unhappy answers passed to department heads
        }
    """
    invitations = SurveyInvitation.objects.filter(_period(start, end, "created_at"))
    responses = SurveyResponse.objects.filter(_period(start, end, "submitted_at"))
    if department is not None:
        invitations = invitations.filter(request__department=department)
        responses = responses.filter(department=department)
    if service is not None:
        invitations = invitations.filter(request__service=service)
        responses = responses.filter(service=service)
    invited = invitations.aggregate(
        invitations=Count("pk"),
        invited_responses=Count("response"),
    )
    aggregates: dict[str, Any] = {
        "responses": Count("pk"),
        "anytime_responses": Count(
            "pk", filter=Q(source=SurveyResponse.Source.ANYTIME)
        ),
        "follow_ups": Count("follow_up"),
    }
    for name in STANDARDS:
        aggregates[f"{name}_mean"] = Avg(name)
        aggregates[f"{name}_count"] = Count(name)
    for value in Resolved.values:
        aggregates[f"resolved_{value}"] = Count("pk", filter=Q(resolved=value))
    row = responses.aggregate(**aggregates)
    resolved = {value: row[f"resolved_{value}"] for value in Resolved.values}
    answered = sum(resolved.values())
    return {
        **invited,
        "response_rate": (
            invited["invited_responses"] / invited["invitations"]
            if invited["invitations"]
            else None
        ),
        "responses": row["responses"],
        "anytime_responses": row["anytime_responses"],
        "standards": {
            name: {
                "mean": (
                    float(row[f"{name}_mean"])
                    if row[f"{name}_mean"] is not None
                    else None
                ),
                "count": row[f"{name}_count"],
            }
            for name in STANDARDS
        },
        "resolved": resolved,
        "share_resolved": resolved["yes"] / answered if answered else None,
        "follow_ups": row["follow_ups"],
    }


def suggestion_stats(start: date, end: date) -> dict[str, Any]:
    """Return suggestion figures for suggestions received `start`..`end` (inclusive).

    Shape::

        {
            "received": int,
            "answered": int,   # given a public response
            "planned": int,    # current status "planned"
            "done": int,       # acted upon ("you said, we did")
            "declined": int,
            "by_status": {status: int, ...},  # every SuggestionStatus value
        }
    """
    suggestions = Suggestion.objects.filter(_period(start, end, "submitted_at"))
    aggregates: dict[str, Any] = {
        "received": Count("pk"),
        "answered": Count("pk", filter=Q(first_responded_at__isnull=False)),
    }
    for value in SuggestionStatus.values:
        aggregates[f"status_{value}"] = Count("pk", filter=Q(status=value))
    row = suggestions.aggregate(**aggregates)
    by_status = {value: row[f"status_{value}"] for value in SuggestionStatus.values}
    return {
        "received": row["received"],
        "answered": row["answered"],
        "planned": by_status[SuggestionStatus.PLANNED],
        "done": by_status[SuggestionStatus.DONE],
        "declined": by_status[SuggestionStatus.DECLINED],
        "by_status": by_status,
    }


def complaint_counts_recent(*, days: int = 365) -> dict[str, Any]:
    """Return complaint counts of the last `days` days (the managers' counts page)."""
    today = timezone.localdate()
    return complaint_stats(today - timedelta(days=days), today)
