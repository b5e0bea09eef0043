"""Factories for the standards app, and a helper for requests completed on a day."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from requests_app.models import CitizenRequest, Extension, ExtensionReason, Service
from requests_app.workflow import Status
from standards.models import ManagementComment, Report, StandardsVersion, Target
from standards.periods import Period
from tests.requests_app.factories import CitizenRequestFactory, StaffFactory

SOFIA = ZoneInfo("Europe/Sofia")
Q1 = Period("quarter", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
Q2 = Period("quarter", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


class StandardsVersionFactory(DjangoModelFactory):
    class Meta:
        model = StandardsVersion

    number = factory.Sequence(lambda n: n + 2)  # version 1 is the seeded one
    title_bg = "Стандарти за обслужване"
    title_en = "Service Standards"
    body_bg = "I. ОТНОШЕНИЕ КЪМ КЛИЕНТИТЕ\n\n- Любезно отношение към всички граждани;\n"
    body_en = "I. ATTITUDE TOWARDS CLIENTS\n\n- Courteous treatment of every citizen.\n"
    effective_on = datetime.date(2026, 6, 1)
    note = "Редакция / Revised"


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    indicator = "on_time_share"
    scope_kind = "municipality"
    value = Decimal("95.00")
    valid_from = datetime.date(2026, 1, 1)


class ReportFactory(DjangoModelFactory):
    """A municipality report on Q1 2026, in English, waiting to be generated."""

    class Meta:
        model = Report

    period_kind = "quarter"
    start_on = datetime.date(2026, 1, 1)
    end_on = datetime.date(2026, 3, 31)
    scope_kind = "municipality"
    scope_key = "municipality"
    language = "en"


class ManagementCommentFactory(DjangoModelFactory):
    class Meta:
        model = ManagementComment

    start_on = datetime.date(2026, 1, 1)
    end_on = datetime.date(2026, 3, 31)
    scope_kind = "municipality"
    text = "Срокът беше спазен при повечето заявления."


def completed(
    service: Service,
    *,
    received: str,
    closed: str,
    due: str,
    rejected: bool = False,
) -> CitizenRequest:
    """A request received, due and completed (at noon, Sofia time) on given days."""
    closed_on = datetime.date.fromisoformat(closed)
    return CitizenRequestFactory(
        service=service,
        status=Status.REJECTED if rejected else Status.CLOSED,
        received_on=datetime.date.fromisoformat(received),
        due_on=datetime.date.fromisoformat(due),
        original_due_on=datetime.date.fromisoformat(due),
        closed_at=datetime.datetime.combine(closed_on, datetime.time(12), SOFIA),
    )


def extension(request: CitizenRequest, *, made: str, is_late: bool) -> Extension:
    """An extension made on `made` (09:00 Sofia), in time or late."""
    reason, _ = ExtensionReason.objects.get_or_create(
        code="inspection",
        defaults={
            "name_bg": "Необходима е проверка на място",
            "name_en": "An on-site inspection is needed",
        },
    )
    day = datetime.date.fromisoformat(made)
    return Extension.objects.create(
        request=request,
        old_due_on=request.due_on,
        new_due_on=request.due_on + datetime.timedelta(days=10),
        reason=reason,
        is_late=is_late,
        by=StaffFactory(),
        created_at=datetime.datetime.combine(day, datetime.time(9), SOFIA),
    )


def survey_answers(*scores: int, service: Service | None, day: str) -> None:
    """Survey answers with the same score for every standard, answered on `day`.

    Test fixtures only: the app itself reads surveys through feedback's selectors.
    """
    from feedback.models import SurveyResponse

    moment = datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(10), SOFIA
    )
    for score in scores:
        SurveyResponse.objects.create(
            source=SurveyResponse.Source.ANYTIME,
            department=service.department if service else None,
            service=service,
            courtesy=score,
            clarity=score,
            timeliness=score,
            simplicity=score,
            overall=score,
            resolved="yes" if score >= 4 else "no",
            submitted_at=moment,
        )


def at(day: str) -> datetime.datetime:
    """Return 11:00 Sofia time on `day`."""
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(11), SOFIA
    )
