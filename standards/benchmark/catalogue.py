# ruff: noqa: E501 -- long lines of Bulgarian and English data text.
"""The benchmark's own catalogue and staff: 8 departments, 40 services, 10 people.

Every code and user name starts with `bench-`. The clerk works two departments, as the
demo clerk does; the manager sees the dashboard; one colleague per department handles
the cases that are not the clerk's. Nobody can sign in with a password: the benchmark
signs its client in with `force_login`.
"""

from dataclasses import dataclass

from django.db import transaction

from requests_app.models import Department, ExtensionReason, Service, User
from requests_app.models.catalogue import SuspensionRule
from requests_app.roles import Role, roles_ensure
from requests_app.services.staff import staff_roles_set
from standards.benchmark import PREFIX

# (code, registry index, name in Bulgarian, name in English)
# fmt: off
DEPARTMENTS = [
    ("grao", "81-00", "Гражданска регистрация и административно обслужване", "Civil Registration"),
    ("taxes", "82-00", "Местни данъци и такси", "Local Taxes and Fees"),
    ("planning", "83-00", "Устройство на територията", "Spatial Planning"),
    ("property", "84-00", "Общинска собственост", "Municipal Property"),
    ("social", "85-00", "Социални дейности и здравеопазване", "Social Services and Health"),
    ("environment", "86-00", "Екология и озеленяване", "Environment and Green Spaces"),
    ("transport", "87-00", "Транспорт и паркиране", "Transport and Parking"),
    ("education", "88-00", "Образование, култура и спорт", "Education, Culture and Sport"),
]
# fmt: on
# The clerk's departments (the demo clerk works civil registration and local taxes).
CLERK_DEPARTMENTS = ("grao", "taxes")

# Per department: (name bg, name en, term days, working days?, longest extension).
# fmt: off
SERVICES: dict[str, list[tuple[str, str, int, bool, int]]] = {
    "grao": [
        ("Удостоверение за раждане – дубликат", "Birth certificate (duplicate)", 7, False, 0),
        ("Удостоверение за семейно положение", "Certificate of marital status", 7, False, 0),
        ("Удостоверение за настоящ адрес", "Certificate of current address", 3, True, 0),
        ("Удостоверение за наследници", "Certificate of heirs", 7, False, 7),
        ("Препис-извлечение от акт за смърт", "Extract of a death certificate", 7, False, 0),
    ],
    "taxes": [
        ("Удостоверение за данъчна оценка", "Certificate of tax assessment", 5, True, 0),
        ("Удостоверение за липса на задължения", "Certificate of no debts", 7, False, 7),
        ("Деклариране на придобит имот", "Declaring an acquired property", 14, False, 14),
        ("Намаление на такса за битови отпадъци", "Reduction of the waste fee", 30, False, 14),
        ("Препис от данъчна декларация", "Copy of a tax declaration", 7, False, 0),
    ],
    "planning": [
        ("Скица на поземлен имот", "Sketch of a land plot", 14, False, 14),
        ("Разрешение за строеж", "Building permit", 14, False, 14),
        ("Виза за проектиране", "Design visa", 14, False, 14),
        ("Удостоверение за търпимост", "Certificate of tolerance", 30, False, 14),
        ("Удостоверение за въвеждане в експлоатация", "Commissioning certificate", 7, False, 7),
    ],
    "property": [
        ("Удостоверение за статут на имот", "Certificate of property status", 14, False, 14),
        ("Наем на общинско помещение", "Rent of municipal premises", 30, False, 14),
        ("Отписване на имот от актовите книги", "Removal of a property from the registers", 30, False, 14),
        ("Разрешение за преместваем обект", "Permit for a temporary structure", 14, False, 14),
        ("Достъп до обществена информация", "Access to public information", 14, False, 10),
    ],
    "social": [
        ("Подкрепа за лична помощ", "Personal assistance", 30, False, 14),
        ("Настаняване в общинско жилище", "Allocation of municipal housing", 30, False, 14),
        ("Домашен социален патронаж", "Home care service", 14, False, 14),
        ("Еднократна финансова помощ", "One-off financial aid", 30, False, 14),
        ("Карта за безплатно пътуване", "Free travel card", 7, False, 0),
    ],
    "environment": [
        ("Разрешение за отсичане на дървета", "Permit to fell trees", 14, False, 14),
        ("Регистрация на куче", "Dog registration", 7, False, 0),
        ("Становище за оценка на въздействието", "Opinion on an environmental assessment", 30, False, 14),
        ("Разрешение за ползване на зелени площи", "Permit to use green spaces", 14, False, 14),
        ("Извозване на едрогабаритни отпадъци", "Collection of bulky waste", 5, True, 0),
    ],
    "transport": [
        ("Карта за паркиране на хора с увреждания", "Disabled parking card", 14, False, 14),
        ("Абонамент за зона за платено паркиране", "Resident parking subscription", 7, False, 0),
        ("Разрешение за таксиметров превоз", "Taxi licence", 14, False, 14),
        ("Временна организация на движението", "Temporary traffic arrangement", 14, False, 14),
        ("Разрешение за товарен достъп", "Freight access permit", 7, False, 7),
    ],
    "education": [
        ("Прием в детска ясла", "Admission to a nursery", 14, False, 14),
        ("Ползване на спортна зала", "Use of a sports hall", 7, False, 0),
        ("Финансиране на културен проект", "Funding for a cultural project", 30, False, 14),
        ("Стипендия за изявени ученици", "Scholarship for gifted pupils", 30, False, 14),
        ("Разрешение за обществено събитие", "Permit for a public event", 14, False, 14),
    ],
}
# fmt: on
# The term restarts when the citizen answers (Access to Public Information Act).
RESTART_SERVICES = frozenset({"Достъп до обществена информация"})

# (first name, last name) of the staff: the clerk, the manager, one per department.
CLERK_NAME = ("Елена", "Стоянова")
MANAGER_NAME = ("Николай", "Димитров")
COLLEAGUE_NAMES = [
    ("Иванка", "Петкова"),
    ("Георги", "Колев"),
    ("Десислава", "Маринова"),
    ("Стефан", "Тодоров"),
    ("Радостина", "Илиева"),
    ("Петър", "Николов"),
    ("Милена", "Христова"),
    ("Васил", "Ангелов"),
]


@dataclass(frozen=True)
class Bench:
    """The benchmark's catalogue and staff, as the seeding and the pages use them."""

    departments: list[Department]
    services: list[Service]
    reason: ExtensionReason
    clerk: User
    manager: User
    colleagues: dict[int, User]  # department id -> the colleague working it

    @property
    def clerk_department_ids(self) -> frozenset[int]:
        codes = {f"{PREFIX}{code}" for code in CLERK_DEPARTMENTS}
        return frozenset(d.pk for d in self.departments if d.code in codes)


def _staff(username: str, name: tuple[str, str], role: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": name[0],
            "last_name": name[1],
            "email": f"{username}@bench.example",
            "language": "bg",
        },
    )
    if created:
        user.set_unusable_password()  # signed in by the benchmark only (force_login)
        user.save(update_fields=["password"])
    return staff_roles_set(user=user, roles=[role], by=None)


@transaction.atomic
def bench_catalogue_ensure() -> Bench:
    """Create the benchmark's departments, services and staff if missing; return them."""
    roles_ensure()
    departments = []
    services = []
    for order, (code, index, name_bg, name_en) in enumerate(DEPARTMENTS):
        department, _ = Department.objects.get_or_create(
            code=f"{PREFIX}{code}",
            defaults={
                "registry_index": index,
                "name_bg": name_bg,
                "name_en": name_en,
                "order": 900 + order,
            },
        )
        departments.append(department)
        for number, (bg, en, days, working, extension) in enumerate(
            SERVICES[code], start=1
        ):
            service, _ = Service.objects.get_or_create(
                code=f"{PREFIX}{code}-{number}",
                defaults={
                    "department": department,
                    "name_bg": bg,
                    "name_en": en,
                    "summary_bg": f"{bg} (данни за изпитване на бързодействието).",
                    "summary_en": f"{en} (benchmark data).",
                    "term_days": days,
                    "term_working_days": working,
                    "max_extension_days": extension,
                    "suspension_rule": SuspensionRule.RESTART
                    if bg in RESTART_SERVICES
                    else SuspensionRule.PAUSE,
                },
            )
            services.append(service)
    reason, _ = ExtensionReason.objects.get_or_create(
        code=f"{PREFIX}complexity",
        defaults={
            "name_bg": "Фактическа и правна сложност на преписката",
            "name_en": "The case is complex in fact and in law",
        },
    )
    by_code = {d.code: d for d in departments}
    clerk = _staff(f"{PREFIX}clerk", CLERK_NAME, Role.CLERK)
    clerk.departments.set([by_code[f"{PREFIX}{c}"] for c in CLERK_DEPARTMENTS])
    manager = _staff(f"{PREFIX}manager", MANAGER_NAME, Role.MANAGER)
    manager.departments.set(departments)
    colleagues = {}
    for number, (department, name) in enumerate(
        zip(departments, COLLEAGUE_NAMES, strict=True), start=1
    ):
        colleague = _staff(f"{PREFIX}colleague-{number}", name, Role.CLERK)
        colleague.departments.set([department])
        colleagues[department.pk] = colleague
    return Bench(
        departments=departments,
        services=services,
        reason=reason,
        clerk=clerk,
        manager=manager,
        colleagues=colleagues,
    )
