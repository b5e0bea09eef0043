"""Demo data for the feedback app: complaint kinds, suggestions, survey answers.

`load_feedback_demo()` is idempotent: running it again changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from feedback.dimensions import DIMENSION_CODES
from feedback.models import ComplaintKind, Resolved, Suggestion, SurveyResponse
from feedback.workflow import SuggestionStatus
from requests_app.models import Service

KINDS = [
    {
        "code": "complaint",
        "name_bg": "Жалба",
        "name_en": "Complaint",
        "description_bg": "недоволство от обслужването",
        "description_en": "dissatisfaction with the service",
        "legal_basis_bg": "Наредба за административното обслужване",
        "legal_basis_en": "Ordinance on administrative services",
        "is_contact_required": False,
        "acknowledge_days": 7,
        "decide_months": 1,
        "decide_days": 0,
        "order": 1,
    },
    {
        "code": "signal",
        "name_bg": "Сигнал",
        "name_en": "Signal",
        "description_bg": "злоупотреба, нередност или нарушение на закона",
        "description_en": "abuse, irregularity or breach of the law",
        "legal_basis_bg": "АПК, чл. 107-123",
        "legal_basis_en": "Administrative Procedure Code, arts. 107-123",
        "is_contact_required": True,
        "acknowledge_days": 7,
        "decide_months": 2,
        "decide_days": 0,
        "facts_within_years": 2,
        "order": 2,
    },
    {
        "code": "proposal",
        "name_bg": "Предложение",
        "name_en": "Proposal",
        "description_bg": "идея за подобряване на дейността на общината",
        "description_en": "an idea to improve the municipality's work",
        "legal_basis_bg": "АПК, чл. 107-120",
        "legal_basis_en": "Administrative Procedure Code, arts. 107-120",
        "is_contact_required": True,
        "acknowledge_days": 7,
        "decide_months": 2,
        "decide_days": 0,
        "extend_to_months": 6,
        "order": 3,
    },
]

SUGGESTIONS = [
    (
        "Онлайн плащане на местни данъци",
        "Да може данъкът върху недвижимите имоти да се плаща с карта на сайта.",
        SuggestionStatus.DONE,
        "От 1 октомври местните данъци се плащат онлайн с карта, без такса.",
    ),
    (
        "Удължено работно време на гишетата",
        "Веднъж седмично гишетата да работят до 19 ч. за работещите хора.",
        SuggestionStatus.PLANNED,
        "От януари всеки четвъртък центърът за услуги ще работи до 19 ч.",
    ),
    (
        "Повече пейки в чакалнята",
        "В чакалнята на партера често няма къде да се седне.",
        SuggestionStatus.UNDER_REVIEW,
        "Проверяваме мястото и бюджета; ще отговорим до края на месеца.",
    ),
    (
        "Безплатен паркинг за посетители",
        "Общината да осигури безплатен паркинг пред сградата.",
        SuggestionStatus.DECLINED,
        "Площадът пред сградата е пешеходна зона по ПУП; наблизо има синя зона "
        "с първи час безплатно.",
    ),
]

# (scores in the order of DIMENSIONS, resolved, comment)
ANSWERS = [
    ((5, 5, 4, 4, 5), Resolved.YES, "Бързо и любезно обслужване."),
    ((4, 3, 5, 3, 4), Resolved.YES, "Формулярът можеше да е по-кратък."),
    ((5, 4, 2, 3, 3), Resolved.PARTLY, "Чаках повече от обещаното."),
    ((3, 4, 4, 5, 4), Resolved.YES, ""),
]


@transaction.atomic
def load_feedback_demo() -> None:
    """Create the complaint kinds, a few answered suggestions and survey answers."""
    for kind in KINDS:
        ComplaintKind.objects.update_or_create(
            code=kind["code"],
            defaults={**kind, "name": kind["name_bg"]},
        )
    now = timezone.now()
    for days_ago, (title, text, status, response) in enumerate(SUGGESTIONS, start=1):
        Suggestion.objects.get_or_create(
            title=title,
            defaults={
                "text": text,
                "status": status,
                "response": response,
                "submitted_at": now - timedelta(days=30 + days_ago),
                "first_responded_at": now - timedelta(days=10 + days_ago),
                "responded_at": now - timedelta(days=days_ago),
                "done_at": (
                    now - timedelta(days=days_ago)
                    if status == SuggestionStatus.DONE
                    else None
                ),
                "response_count": 1,
            },
        )
    if SurveyResponse.objects.filter(comment=ANSWERS[0][2]).exists():  # loaded
        return
    services = list(Service.objects.filter(is_active=True)[:4])
    for index, (scores, resolved, comment) in enumerate(ANSWERS):
        service = services[index % len(services)] if services else None
        SurveyResponse.objects.create(
            source=SurveyResponse.Source.ANYTIME,
            service=service,
            department_id=service.department_id if service else None,
            **dict(zip(DIMENSION_CODES, scores, strict=True)),
            resolved=resolved,
            comment=comment,
            submitted_at=now - timedelta(days=index * 3 + 1),
            completed_at=now - timedelta(days=index * 3 + 1),
        )
