"""Factories for the requests_app models, with realistic Bulgarian and English data.

Translated fields are set per language (`name_bg`, `name_en`, ...). Staff get a role
group with `StaffFactory(role=Role.CLERK)` and departments with
`StaffFactory(departments=[department])`.
"""

import datetime
import secrets
from decimal import Decimal

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory, Password

from requests_app.emails import email_key
from requests_app.models import (
    Attachment,
    CalendarDay,
    Channel,
    CitizenRequest,
    Department,
    EventKind,
    QuestionKind,
    RequestEvent,
    Service,
    ServiceQuestion,
    ServiceVariant,
    User,
)
from requests_app.roles import admin_site_allowed, roles_ensure
from requests_app.tokens import token_hash
from requests_app.workflow import Status

DEPARTMENTS = [
    (
        "ГРАО",
        "Civil Registration (GRAO)",
        "94-00",
    ),
    ("Местни данъци и такси", "Local Taxes and Fees", "94-01"),
    ("Устройство на територията", "Urban Planning", "94-02"),
    ("Социални дейности", "Social Services", "94-03"),
    ("Търговия и туризъм", "Trade and Tourism", "94-04"),
]

SERVICES = [
    (
        "Удостоверение за семейно положение",
        "Certificate of marital status",
        "Удостоверение за семейното положение на лицето.",
        "A certificate of the person's marital status.",
    ),
    (
        "Удостоверение за данъчна оценка",
        "Certificate of tax valuation",
        "Удостоверение за данъчната оценка на недвижим имот.",
        "A certificate of the tax valuation of a property.",
    ),
    (
        "Скица на поземлен имот",
        "Sketch of a land plot",
        "Скица от кадастралната карта за поземлен имот.",
        "A sketch of a land plot from the cadastral map.",
    ),
    (
        "Удостоверение за наследници",
        "Certificate of heirs",
        "Удостоверение за наследниците на починало лице.",
        "A certificate listing the heirs of a deceased person.",
    ),
]


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"department-{n}")
    registry_index = factory.Sequence(lambda n: DEPARTMENTS[n % len(DEPARTMENTS)][2])
    name_bg = factory.Sequence(lambda n: DEPARTMENTS[n % len(DEPARTMENTS)][0])
    name_en = factory.Sequence(lambda n: DEPARTMENTS[n % len(DEPARTMENTS)][1])
    description_bg = "Приемна на общината, гише 3."
    description_en = "Municipal front office, desk 3."
    email = factory.LazyAttribute(lambda o: f"{o.code}@municipality.example")
    phone = "+359 2 123 4567"
    order = factory.Sequence(lambda n: n)


class ServiceFactory(DjangoModelFactory):
    """An active service, 14 calendar days; traits `inactive`, `working_days`."""

    class Meta:
        model = Service
        django_get_or_create = ("code",)

    class Params:
        inactive = factory.Trait(is_active=False)
        working_days = factory.Trait(term_working_days=True, term_days=7)

    code = factory.Sequence(lambda n: f"service-{n}")
    department = factory.SubFactory(DepartmentFactory)
    name_bg = factory.Sequence(lambda n: SERVICES[n % len(SERVICES)][0])
    name_en = factory.Sequence(lambda n: SERVICES[n % len(SERVICES)][1])
    summary_bg = factory.Sequence(lambda n: SERVICES[n % len(SERVICES)][2])
    summary_en = factory.Sequence(lambda n: SERVICES[n % len(SERVICES)][3])
    eligibility_bg = "Лицето, за което се отнася, или упълномощено от него лице."
    eligibility_en = "The person concerned or someone they have authorised."
    documents_bg = "Заявление по образец; документ за самоличност."
    documents_en = "Application form; identity document."
    legal_basis_bg = "Административнопроцесуален кодекс, чл. 57"
    legal_basis_en = "Administrative Procedure Code, art. 57"
    keywords_bg = "удостоверение"
    keywords_en = "certificate"
    fee = Decimal("5.00")
    fee_note_bg = ""
    fee_note_en = ""
    term_days = 14
    term_working_days = False
    max_extension_days = 0
    is_online = True
    is_at_desk = True
    is_by_post = False
    is_active = True


class ServiceVariantFactory(DjangoModelFactory):
    """A fast variant by default; traits `ordinary` and `express`."""

    class Meta:
        model = ServiceVariant

    class Params:
        ordinary = factory.Trait(
            code="ordinary",
            name_bg="Обикновена услуга",
            name_en="Ordinary service",
            fee=Decimal("5.00"),
            term_days=14,
            term_working_days=False,
            order=0,
        )
        express = factory.Trait(
            code="express",
            name_bg="Експресна услуга",
            name_en="Express service",
            fee=Decimal("15.00"),
            term_days=1,
            term_working_days=True,
            order=2,
        )

    service = factory.SubFactory(ServiceFactory)
    code = "fast"
    name_bg = "Бърза услуга"
    name_en = "Fast service"
    fee = Decimal("10.00")
    term_days = 5
    term_working_days = True
    order = 1


class ServiceQuestionFactory(DjangoModelFactory):
    """A free-text question; traits `choice`, `date`, `number`, `required`."""

    class Meta:
        model = ServiceQuestion

    class Params:
        required = factory.Trait(is_required=True)
        choice = factory.Trait(
            kind=QuestionKind.CHOICE,
            label_bg="За какво ще използвате документа?",
            label_en="What will you use the document for?",
            choices_bg="work|Пред работодател\ncourt|Пред съд\nother|Друго",
            choices_en="work|For an employer\ncourt|For a court\nother|Other",
        )
        date = factory.Trait(
            kind=QuestionKind.DATE,
            label_bg="Дата на събитието",
            label_en="Date of the event",
        )
        number = factory.Trait(
            kind=QuestionKind.NUMBER,
            label_bg="Брой екземпляри",
            label_en="Number of copies",
        )

    service = factory.SubFactory(ServiceFactory)
    code = factory.Sequence(lambda n: f"question-{n}")
    label_bg = "Идентификатор на имота"
    label_en = "Property identifier"
    help_text_bg = "Както е посочен в нотариалния акт."
    help_text_en = "As written in the title deed."
    kind = QuestionKind.TEXT
    is_required = False
    choices_bg = ""
    choices_en = ""
    order = factory.Sequence(lambda n: n)


class UserFactory(DjangoModelFactory):
    """A user (not staff); password `demo12345`."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Iterator(["Мария", "Георги", "Елена", "Иван", "Десислава"])
    last_name = factory.Iterator(
        ["Петрова", "Димитров", "Иванова", "Стоянов", "Колева"]
    )
    email = factory.LazyAttribute(lambda o: f"{o.username}@municipality.example")
    password = Password("demo12345")
    position_bg = "Старши специалист"
    position_en = "Senior specialist"
    language = "bg"

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):  # noqa: N805
        """Add the role's group (with its permissions): `role=Role.CLERK`."""
        if create and extracted:
            obj.groups.add(roles_ensure()[extracted])

    @factory.post_generation
    def departments(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.departments.set(extracted)


class StaffFactory(UserFactory):
    """A member of staff; only an administrator (`role=Role.ADMINISTRATOR`) is staff
    for the admin site, as `requests_app.services.staff` decides."""

    username = factory.Sequence(lambda n: f"staff{n}")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):  # noqa: N805
        """Add the role's group; staff status follows the role, as in the product."""
        if create and extracted:
            obj.groups.add(roles_ensure()[extracted])
            obj.is_staff = admin_site_allowed(
                roles=[extracted], is_superuser=obj.is_superuser
            )
            obj.save(update_fields=["is_staff"])


class CalendarDayFactory(DjangoModelFactory):
    """A declared day off; trait `working_day` for a Saturday declared working."""

    class Meta:
        model = CalendarDay
        django_get_or_create = ("day",)

    class Params:
        working_day = factory.Trait(
            kind=CalendarDay.Kind.WORKING_DAY,
            day=datetime.date(2026, 12, 19),
            reason_bg="Отработване на 31 декември",
            reason_en="Worked in exchange for 31 December",
        )

    day = datetime.date(2026, 12, 31)
    kind = CalendarDay.Kind.DAY_OFF
    reason_bg = "Обявен от Министерския съвет неработен ден"
    reason_en = "Day off declared by the Council of Ministers"


# --- Filing and tracking (#2) ------------------------------------------------------


class CitizenRequestFactory(DjangoModelFactory):
    """A request filed online today; traits `assigned`, `closed`, `no_email`.

    Built directly (no registry counter, no notice): use `request_submit` to test
    filing itself.
    """

    class Meta:
        model = CitizenRequest

    class Params:
        assigned = factory.Trait(
            status=Status.IN_PROGRESS,
            assigned_to=factory.SubFactory(StaffFactory),
        )
        closed = factory.Trait(
            status=Status.CLOSED,
            closed_at=factory.LazyFunction(timezone.now),
        )
        no_email = factory.Trait(citizen_email="")

    registry_number = factory.Sequence(
        lambda n: f"94-00-{n + 1}/{timezone.localdate():%d.%m.%Y}"
    )
    service = factory.SubFactory(ServiceFactory)
    department = factory.SelfAttribute("service.department")
    channel = Channel.ONLINE
    status = Status.SUBMITTED
    citizen_name = factory.Iterator(
        ["Мария Петрова", "Георги Димитров", "Elena Ivanova", "Иван Стоянов"]
    )
    citizen_email = factory.Sequence(lambda n: f"citizen{n}@example.org")
    citizen_email_key = factory.LazyAttribute(lambda o: email_key(o.citizen_email))
    citizen_phone = "0888 123 456"
    citizen_address = "ул. „Витоша“ 12, 1000 София"
    language = "bg"
    details = "Моля да ми бъде издадено удостоверение."
    term_days = factory.SelfAttribute("service.term_days")
    term_working_days = factory.SelfAttribute("service.term_working_days")
    received_on = factory.LazyFunction(timezone.localdate)
    original_due_on = factory.LazyAttribute(
        lambda o: o.received_on + datetime.timedelta(days=o.term_days)
    )
    due_on = factory.SelfAttribute("original_due_on")
    tracking_token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    tracking_token_hash = factory.LazyAttribute(lambda o: token_hash(o.tracking_token))


class AttachmentFactory(DjangoModelFactory):
    """A small PDF the citizen attached."""

    class Meta:
        model = Attachment

    request = factory.SubFactory(CitizenRequestFactory)
    token = factory.LazyFunction(lambda: secrets.token_hex(16))
    file = factory.django.FileField(filename="document.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "декларация.pdf"
    content_type = "application/pdf"
    size = 15
    is_from_citizen = True


class RequestEventFactory(DjangoModelFactory):
    """A public status change on the timeline; trait `internal`: a staff-only note."""

    class Meta:
        model = RequestEvent

    class Params:
        internal = factory.Trait(
            kind=EventKind.NOTE, is_public=False, text="Вътрешна бележка за колегите."
        )

    request = factory.SubFactory(CitizenRequestFactory)
    kind = EventKind.STATUS
    is_public = True
    from_status = Status.SUBMITTED
    to_status = Status.IN_PROGRESS
    text = ""
