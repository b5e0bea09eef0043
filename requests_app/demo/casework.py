"""Demo data of the back office: legal reasons to extend a term, demo cases.

`casework_demo_load()` is idempotent: reasons are matched by code, and the demo cases
are made only once (recognised by their citizens' demo e-mail addresses). Cases need
the demo catalogue and the demo staff (`clerk`, `senior`, `head`); without them only the
reasons are loaded.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from requests_app.models import (
    Channel,
    CitizenRequest,
    ExtensionReason,
    Notice,
    Service,
    User,
)
from requests_app.services import request_submit
from requests_app.services.casework import (
    request_answer,
    request_close,
    request_extend,
    request_note_add,
    request_reject,
    request_suspend,
    request_take,
)

# Legal reasons to extend a term. The legal bases are data the administrator checks and
# edits in the admin (DOMAIN.md marks some details as unconfirmed).
EXTENSION_REASONS = [
    {
        "code": "zdoi-volume",
        "name_bg": "Исканата информация е в голямо количество и е нужно допълнително "
        "време за подготовката ѝ",
        "name_en": "The information requested is large and needs more time to prepare",
        "legal_basis_bg": "Закон за достъп до обществена информация, чл. 30, ал. 1",
        "legal_basis_en": "Access to Public Information Act, art. 30(1)",
        "order": 10,
    },
    {
        "code": "zdoi-third-party",
        "name_bg": "Информацията засяга интересите на трето лице и е нужно неговото "
        "съгласие",
        "name_en": "The information concerns a third party whose consent is needed",
        "legal_basis_bg": "Закон за достъп до обществена информация, чл. 31, ал. 1",
        "legal_basis_en": "Access to Public Information Act, art. 31(1)",
        "order": 20,
    },
    {
        "code": "other-authority",
        "name_bg": "Необходимо е становище или документ от друг орган",
        "name_en": "An opinion or a document from another authority is needed",
        "legal_basis_bg": "Административнопроцесуален кодекс, чл. 57",
        "legal_basis_en": "Administrative Procedure Code, art. 57",
        "order": 30,
    },
    {
        "code": "inspection",
        "name_bg": "Необходима е проверка на място",
        "name_en": "An on-site inspection is needed",
        "legal_basis_bg": "Административнопроцесуален кодекс, чл. 57",
        "legal_basis_en": "Administrative Procedure Code, art. 57",
        "order": 40,
    },
    {
        "code": "proposal-higher-authority",
        "name_bg": "По-горестоящият орган удължава срока за решаване на предложението",
        "name_en": "The higher authority extends the term to decide on the proposal",
        "legal_basis_bg": "Административнопроцесуален кодекс, чл. 118",
        "legal_basis_en": "Administrative Procedure Code, art. 118",
        "order": 50,
    },
]

DEMO_EMAIL_DOMAIN = "demo.example.org"
# Demo services whose term may be extended (the catalogue's default is no extension).
EXTENDABLE = {"heirs-certificate": 14, "marital-status-certificate": 7}


@dataclass
class CaseworkDemoResult:
    reasons: int = 0
    cases: int = 0


def extension_reasons_load() -> int:
    for data in EXTENSION_REASONS:
        values = dict(data)
        ExtensionReason.objects.update_or_create(
            code=values.pop("code"), defaults=values
        )
    return len(EXTENSION_REASONS)


def _file(service: Service, n: int, name: str, received_on: date, language="bg"):
    return request_submit(
        service=service,
        citizen_name=name,
        citizen_email=f"citizen{n}@{DEMO_EMAIL_DOMAIN}",
        citizen_phone="0888 123 456",
        citizen_address="ул. „Витоша“ 12, 1000 София",
        details="Моля да ми бъде издадено удостоверението.",
        language=language,
        received_on=received_on,
    )


def _cases_load(today: date) -> int:
    staff = {u.username: u for u in User.objects.filter(username__in=["clerk", "head"])}
    services = {
        s.code: s
        for s in Service.objects.filter(
            code__in=["heirs-certificate", "marital-status-certificate"]
        )
    }
    if len(staff) < 2 or len(services) < 2:
        return 0
    for code, days in EXTENDABLE.items():
        Service.objects.filter(code=code, max_extension_days=0).update(
            max_extension_days=days
        )
        services[code].refresh_from_db()
    clerk, head = staff["clerk"], staff["head"]
    heirs = services["heirs-certificate"]
    marital = services["marital-status-certificate"]
    day = timedelta(days=1)

    _file(marital, 1, "Иван Петков", today - 20 * day)  # overdue, nobody took it
    _file(heirs, 2, "Radka Hristova", today - 2 * day, language="en")  # new

    working = _file(heirs, 3, "Стоян Михайлов", today - 10 * day)
    request_take(citizen_request=working, by=clerk)
    request_note_add(
        citizen_request=working, by=clerk, text="Да се провери актът за смърт."
    )

    waiting = _file(heirs, 4, "Николина Тодорова", today - 6 * day)
    request_take(citizen_request=waiting, by=clerk)
    request_suspend(
        citizen_request=waiting,
        by=clerk,
        text="Моля, приложете копие от удостоверението за смърт.",
        today=today - 3 * day,
    )

    extended = _file(marital, 5, "Петър Ангелов", today - 12 * day)
    request_take(citizen_request=extended, by=clerk)
    reason = ExtensionReason.objects.get(code="other-authority")
    extended.refresh_from_db()
    new_due = extended.due_on + 5 * day
    while new_due.weekday() >= 5:
        new_due += day
    request_extend(
        citizen_request=extended,
        by=clerk,
        new_due_on=new_due,
        reason=reason,
        text="Очакваме справка от Столична община.",
        today=today - 5 * day,
    )

    done = _file(marital, 6, "Мария Стоянова", today - 9 * day)
    request_take(citizen_request=done, by=clerk)
    request_answer(
        citizen_request=done,
        by=clerk,
        text="Удостоверението е готово; можете да го получите на гише 3.",
    )
    request_close(citizen_request=done, by=clerk)

    rejected = _file(heirs, 7, "Георги Колев", today - 8 * day)
    request_take(citizen_request=rejected, by=head)
    request_reject(
        citizen_request=rejected,
        by=head,
        reason="Починалото лице не е с последен постоянен адрес в общината.",
    )
    # A pensioner with a postal address only, registered at the desk: the
    # acknowledgement and the request for a document wait among the letters to post.
    by_letter = request_submit(
        service=marital,
        citizen_name="Пенка Стоянова",
        citizen_address="ул. „Родопи“ 7, ет. 2\n4000 Пловдив",
        notify_by="post",
        channel=Channel.DESK,
        by=clerk,
        details="Удостоверение за семейно положение за пенсия.",
        received_on=today - day,
    )
    request_take(citizen_request=by_letter, by=clerk)
    request_suspend(
        citizen_request=by_letter,
        by=clerk,
        text="Моля, представете копие от акта за раждане на сина Ви.",
        today=today,
    )
    return 8


@transaction.atomic
def casework_demo_load(*, today: date | None = None) -> CaseworkDemoResult:
    """Load the extension reasons and, once, demo cases in various states."""
    result = CaseworkDemoResult(reasons=extension_reasons_load())
    demo = CitizenRequest.objects.filter(
        citizen_email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
    )
    if not demo.exists():
        result.cases = _cases_load(today or timezone.localdate())
        # Demo citizens do not exist: mark their notices sent so none goes out.
        # (Recipients are encrypted at rest: select by the request's address.)
        Notice.objects.filter(
            request__citizen_email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
            sent_at__isnull=True,
        ).update(sent_at=timezone.now(), last_error="demo: not sent")
    return result
