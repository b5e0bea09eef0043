"""Demo data for the feedback app: complaint kinds, suggestions, survey answers.

Besides a few hand-written examples, a year of history that goes with the requests'
demo history (`requests_app.demo.history`): survey invitations and answers after the
closed requests, complaints, signals and proposals in their usual states, and more
suggestions. Written in bulk, once, with a fixed seed.

`load_feedback_demo()` is idempotent: running it again changes nothing.
"""

import random
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import transaction
from django.utils import timezone

from feedback.codes import receipt_hash
from feedback.dimensions import DIMENSION_CODES
from feedback.models import (
    Complaint,
    ComplaintKind,
    Resolved,
    Suggestion,
    SurveyInvitation,
    SurveyResponse,
)
from feedback.selectors.terms import complaint_terms
from feedback.workflow import ComplaintStatus, SuggestionStatus
from requests_app.demo.history import DAYS, SEED, history_requests
from requests_app.models import Service
from requests_app.tokens import token_hash
from requests_app.workflow import Status

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


# The year's history. Of the citizens invited after a request, how many answer.
SURVEY_ANSWER_SHARE = 0.25
ANYTIME_ANSWERS = 120
# Scores 1-5 as people give them: mostly content, a tail of unhappy answers.
SCORE_WEIGHTS = (3, 4, 12, 36, 45)
RESOLVED_WEIGHTS = {Resolved.YES: 80, Resolved.PARTLY: 14, Resolved.NO: 6}
COMMENTS = (
    "",
    "",
    "",
    "Бързо обслужване, благодаря.",
    "Служителката ми обясни всичко търпеливо.",
    "Удобно е, че може да се подаде онлайн.",
    "Чаках на опашка почти час.",
    "Не беше ясно кои документи трябва да нося.",
)
# (kind code, how many in a year, texts)
COMPLAINTS = (
    (
        "complaint",
        48,
        (
            "Служителят на гишето беше неучтив и отказа да приеме заявлението ми.",
            "Удостоверението ми беше издадено след срока, без обяснение.",
            "Два пъти идвах за един документ, защото ми дадоха грешна информация.",
            "Телефонът на отдела не отговаря в работно време.",
        ),
    ),
    (
        "signal",
        14,
        (
            "Забелязах, че служител приема подаръци от посетители.",
            "Строеж на съседния имот продължава без разрешение.",
            "В сградата на общината няма достъп за хора в инвалидна количка.",
        ),
    ),
    (
        "proposal",
        12,
        (
            "Да се въведе електронна система за запазване на час.",
            "Формулярите да бъдат публикувани и в редактируем формат.",
            "Да има указателни табели в центъра за услуги.",
        ),
    ),
)
ANSWER = "Проверихме случая. Отговорът с предприетите мерки е изпратен на подателя."
HISTORY_SUGGESTIONS = (
    ("Детски кът в чакалнята", "Родителите с малки деца биха чакали по-спокойно."),
    ("SMS при готов документ", "Да получавам съобщение, когато документът е готов."),
    ("Повече гишета в понеделник", "В понеделник сутрин опашките са най-дълги."),
    ("Образци на попълнени формуляри", "Образците да са на сайта до всеки формуляр."),
    ("Плащане с карта на всяко гише", "На някои гишета още се плаща само в брой."),
    ("Указания на английски език", "За чужденците, които живеят в общината."),
)
HISTORY_MARK = "demo-history-complaint-1"


def _moment(rng: random.Random, day: date) -> datetime:
    minutes = rng.randrange(8 * 60 + 30, 17 * 60)
    return datetime.combine(
        day, clock(minutes // 60, minutes % 60), timezone.get_current_timezone()
    )


def _scores(rng: random.Random, mood: int) -> dict[str, int]:
    """Return one score per dimension near the answer's overall mood."""
    scores = {}
    for code in DIMENSION_CODES:
        score = mood + rng.choice((-1, 0, 0, 0, 1))
        scores[code] = max(1, min(5, score))
    return scores


def _surveys_load(rng: random.Random, now: datetime) -> None:
    """Invitations after the history's completed requests, a quarter answered."""
    requests = list(
        history_requests()
        .filter(status__in=[Status.CLOSED, Status.REJECTED])
        .exclude(citizen_email="")
        .order_by("pk")
    )
    invitations, answered = [], []
    for request in requests:
        assert request.closed_at is not None
        invitation = SurveyInvitation(
            request=request,
            token_hash=token_hash(f"demo-history-survey-{request.pk}"),
            created_at=request.closed_at,
            expires_at=request.closed_at + timedelta(days=30),
        )
        if rng.random() < SURVEY_ANSWER_SHARE:
            answer_at = request.closed_at + timedelta(hours=rng.randint(1, 72))
            if answer_at < now:
                invitation.used_at = answer_at
                answered.append((invitation, request))
        invitations.append(invitation)
    SurveyInvitation.objects.bulk_create(invitations, batch_size=500)
    weights = list(RESOLVED_WEIGHTS.values())
    responses = []
    for invitation, request in answered:
        mood = rng.choices(range(1, 6), weights=SCORE_WEIGHTS)[0]
        if request.status == Status.REJECTED:
            mood = max(1, mood - 1)
        assert invitation.used_at is not None
        responses.append(
            SurveyResponse(
                source=SurveyResponse.Source.INVITATION,
                invitation=invitation,
                request=request,
                department_id=request.department_id,
                service_id=request.service_id,
                **_scores(rng, mood),
                resolved=rng.choices(list(RESOLVED_WEIGHTS), weights=weights)[0],
                comment=rng.choice(COMMENTS),
                language=request.language,
                submitted_at=invitation.used_at,
                completed_at=invitation.used_at,
            )
        )
    services = list(Service.objects.filter(is_active=True).order_by("code"))
    today = timezone.localdate(now)
    for _ in range(ANYTIME_ANSWERS):
        service = rng.choice(services)
        at = _moment(rng, today - timedelta(days=rng.randrange(1, DAYS)))
        mood = rng.choices(range(1, 6), weights=SCORE_WEIGHTS)[0]
        responses.append(
            SurveyResponse(
                source=SurveyResponse.Source.ANYTIME,
                department_id=service.department_id,
                service=service,
                **_scores(rng, mood),
                resolved=rng.choices(list(RESOLVED_WEIGHTS), weights=weights)[0],
                comment=rng.choice(COMMENTS),
                submitted_at=at,
                completed_at=at,
            )
        )
    SurveyResponse.objects.bulk_create(responses, batch_size=500)


def _complaints_load(rng: random.Random, now: datetime) -> None:
    """Complaints, signals and proposals of the year, most answered in time."""
    today = timezone.localdate(now)
    kinds = {kind.code: kind for kind in ComplaintKind.objects.all()}
    requests = list(history_requests().exclude(assigned_to=None).order_by("pk")[:2000])
    complaints = []
    number = 0
    for code, count, bodies in COMPLAINTS:
        kind = kinds[code]
        for _ in range(count):
            number += 1
            received = today - timedelta(days=rng.randrange(0, DAYS))
            acknowledge, decide = complaint_terms(kind=kind, received_on=received)
            request = None
            if code == "complaint" and requests and rng.random() < 0.6:
                request = rng.choice(requests)
            complaint = Complaint(
                kind=kind,
                request=request,
                named_clerk=request.assigned_to if request else None,
                department_id=request.department_id if request else None,
                body=rng.choice(bodies),
                contact_name="Гражданин от демо историята",
                contact_email=f"complaint{number}@history.demo.example.org",
                language="bg",
                receipt_hash=receipt_hash(f"demo-history-complaint-{number}"),
                received_on=received,
                acknowledge_due_on=acknowledge.due_on,
                decide_due_on=decide.due_on,
                submitted_at=_moment(rng, received),
            )
            # Acknowledged within the term (nearly always), answered in time or late.
            ack = received + timedelta(days=rng.randint(1, kind.acknowledge_days + 1))
            if ack < today:
                complaint.acknowledged_on = ack
                complaint.status = ComplaintStatus.ACKNOWLEDGED
            span = (decide.due_on - received).days
            decided = received + timedelta(days=rng.randint(5, span + 10))
            if (
                complaint.acknowledged_on
                and complaint.acknowledged_on < decided < today
            ):
                complaint.decided_on = decided
                complaint.answer = ANSWER
                complaint.status = ComplaintStatus.DECIDED
                if decided + timedelta(days=14) < today:
                    complaint.status = ComplaintStatus.CLOSED
                    complaint.closed_at = _moment(rng, decided + timedelta(days=14))
            complaints.append(complaint)
    Complaint.objects.bulk_create(complaints, batch_size=200)


def _history_suggestions_load(rng: random.Random, now: datetime) -> None:
    statuses = list(SuggestionStatus)
    for index, (title, text) in enumerate(HISTORY_SUGGESTIONS):
        submitted = now - timedelta(days=rng.randrange(40, DAYS))
        status = statuses[index % len(statuses)]
        answered = status != SuggestionStatus.RECEIVED
        Suggestion.objects.get_or_create(
            title=title,
            defaults={
                "text": text,
                "status": status,
                "response": (
                    "Благодарим за предложението. Обсъждаме го с отговорния отдел."
                    if answered
                    else ""
                ),
                "submitted_at": submitted,
                "first_responded_at": submitted + timedelta(days=9)
                if answered
                else None,
                "responded_at": submitted + timedelta(days=9) if answered else None,
                "done_at": (
                    submitted + timedelta(days=30)
                    if status == SuggestionStatus.DONE
                    else None
                ),
                "response_count": 1 if answered else 0,
            },
        )


def load_feedback_history() -> None:
    """Write the year's feedback once, after the requests' demo history."""
    if Complaint.objects.filter(receipt_hash=receipt_hash(HISTORY_MARK)).exists():
        return
    if not history_requests().exists():
        return
    now = timezone.now()
    rng = random.Random(f"{SEED}:feedback:{timezone.localdate(now).isoformat()}")
    _surveys_load(rng, now)
    _complaints_load(rng, now)
    _history_suggestions_load(rng, now)


@transaction.atomic
def load_feedback_demo() -> None:
    """Create the complaint kinds, a few answered suggestions and survey answers,
    and the year's history when the requests' history is there."""
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
    if not SurveyResponse.objects.filter(comment=ANSWERS[0][2]).exists():
        _answers_load(now)
    load_feedback_history()


def _answers_load(now: datetime) -> None:
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
