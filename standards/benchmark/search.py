# ruff: noqa: E501 -- long lines of Bulgarian and English data text.
"""Time the catalogue search (`service_search`) over 500 active services.

The services are made here, once, in a department of their own (`bench-search`, codes
`bench-search-N`), with Bulgarian and English names, keywords and everyday names
built from the words of a real catalogue, and their search terms stored, as the admin
stores them. Each run searches the same queries a citizen types: whole names,
inflected words, typos, everyday words, English.
"""

import random
import time
from collections.abc import Callable

from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext

from requests_app.models import Department, Service, ServiceSearchTerm
from requests_app.selectors.search import service_search
from requests_app.services.search_index import service_search_index_refresh_all
from standards.benchmark import PREFIX, BenchmarkError
from standards.benchmark.pages import Timing
from standards.benchmark.writer import tables_analyze

NAME = "catalogue-search"
SERVICES = 500
DEPARTMENT = f"{PREFIX}search"

# (action bg, action en)
# fmt: off
ACTIONS = [
    ("Издаване на удостоверение за", "Certificate of"),
    ("Издаване на дубликат на удостоверение за", "Duplicate certificate of"),
    ("Разрешение за", "Permit for"),
    ("Регистрация на", "Registration of"),
    ("Промяна на", "Change of"),
    ("Справка за", "Statement of"),
    ("Заявление за", "Application for"),
    ("Отписване на", "Removal of"),
    ("Издаване на препис от", "Copy of"),
    ("Приемане на декларация за", "Declaration of"),
]
# (subject bg, subject en, keywords bg, keywords en, everyday names bg, en)
SUBJECTS = [
    ("наследници", "heirs", "наследство починал наследодател", "inheritance deceased", "почина роднина", "someone died"),
    ("раждане", "birth", "бебе дете акт за раждане", "baby child", "ново бебе", "new baby"),
    ("граждански брак", "civil marriage", "брак женитба сватба", "marriage wedding", "женя се", "getting married"),
    ("постоянен адрес", "permanent address", "адресна регистрация местоживеене", "address residence", "смяна на адрес", "change of address"),
    ("настоящ адрес", "current address", "адресна регистрация квартира", "address renting", "преместих се", "moved house"),
    ("семейно положение", "marital status", "женен омъжена разведен", "single married divorced", "семейство", "family"),
    ("данъчна оценка", "tax valuation", "имот нотариус продажба", "property notary sale", "продавам апартамент", "selling a flat"),
    ("липса на задължения", "no outstanding taxes", "задължения данъци дългове", "debts taxes arrears", "нямам задължения", "no debts"),
    ("данък върху сгради", "building tax", "данък сгради недвижим имот", "property tax building", "купих апартамент", "bought a flat"),
    ("превозно средство", "vehicle", "кола автомобил МПС", "car motor vehicle", "купих кола", "bought a car"),
    ("такса за битови отпадъци", "waste fee", "такса смет отпадъци", "rubbish garbage", "такса смет", "bin fee"),
    ("поземлен имот", "land plot", "скица парцел УПИ", "sketch parcel zoning", "скица на имот", "plot map"),
    ("строеж", "construction", "строителство къща сграда", "building house", "строя къща", "build a house"),
    ("преместваем обект", "movable structure", "павилион будка киоск", "kiosk pavilion", "маси на тротоара", "street tables"),
    ("търговия на открито", "outdoor trade", "сергия щанд пазар", "stall market stand", "продажба на улицата", "street trading"),
    ("таксиметров превоз", "taxi transport", "такси таксиметров шофьор", "taxi cab", "шофьор на такси", "taxi driver"),
    ("куче", "dog", "домашен любимец куче", "pet dog", "имам куче", "my dog"),
    ("паркиране", "parking", "паркинг синя зона", "parking blue zone", "паркинг", "parking permit"),
    ("дървета", "trees", "отсичане дърво озеленяване", "felling tree greenery", "изсичане на дърво", "cut a tree"),
    ("детска ясла", "nursery", "ясла дете прием", "nursery child admission", "място в ясла", "nursery place"),
    ("спортна зала", "sports hall", "спорт зала тренировка", "sport hall training", "наем на зала", "hall rental"),
    ("общинско жилище", "municipal housing", "жилище наем настаняване", "housing rent", "общинска квартира", "council flat"),
    ("обществена информация", "public information", "достъп документи прозрачност", "freedom of information", "искане на информация", "FOI request"),
    ("работно време", "opening hours", "магазин заведение", "shop business", "нощен магазин", "night shop"),
    ("категория на хотел", "hotel category", "хотел звезди туризъм", "hotel stars tourism", "къща за гости", "guest house"),
    ("топъл обяд", "warm lunch", "храна патронаж възрастни", "meals elderly", "безплатна храна", "free meals"),
    ("социална помощ", "social assistance", "помощ пари бедствие", "aid money hardship", "еднократна помощ", "one-off aid"),
    ("асистентска подкрепа", "assistant support", "асистент грижа увреждане", "carer disability", "гледане на болен", "care at home"),
    ("реклама", "advertising", "билборд табела реклама", "billboard sign", "рекламна табела", "shop sign"),
    ("гробно място", "burial plot", "гробище погребение", "cemetery funeral", "място в гробищата", "grave"),
    ("разкопаване на улица", "street excavation", "изкоп ремонт тротоар", "digging pavement", "ремонт на водопровод", "water pipe repair"),
    ("временна организация на движението", "temporary traffic arrangement", "движение затваряне улица", "traffic road closure", "затваряне на улица", "close a street"),
    ("стипендия", "scholarship", "ученици стипендия отличници", "pupils gifted", "пари за ученик", "student grant"),
    ("културно събитие", "cultural event", "концерт фестивал събитие", "concert festival event", "организиране на концерт", "organise a concert"),
    ("въвеждане в експлоатация", "commissioning", "акт 16 завършен строеж", "occupancy completed", "акт 16", "completion"),
]
# fmt: on
QUERIES = [
    "удостоверение за наследници",
    "скици",
    "наследнци",
    "удостоверения",
    "разрешения за строеж",
    "смяна на адрес",
    "паркинг",
    "нямам задължения",
    "данъци",
    "такса смет",
    "купих кола",
    "удостовериние за раждане",
    "certificate of heirs",
    "building permit",
    "change of address",
    "сергия на пазара",
    "куче регистрация",
    "достъп до обществена информация",
    "топъл обяд",
    "xyzzy",  # nothing: the suggestions
]


def search_catalogue_ensure(*, count: int = SERVICES, seed: int = 12) -> int:
    """Create the `bench-search` services up to `count`, with their search terms;
    return how many active services the catalogue holds."""
    with transaction.atomic():
        department, _ = Department.objects.get_or_create(
            code=DEPARTMENT,
            defaults={
                "registry_index": "89-00",
                "name_bg": "Услуги за изпитване на търсенето",
                "name_en": "Search benchmark services",
                "order": 999,
            },
        )
        existing = Service.objects.filter(department=department).count()
        rng = random.Random(seed + existing)
        made = []
        for number in range(existing + 1, count + 1):
            action_bg, action_en = rng.choice(ACTIONS)
            subject = rng.choice(SUBJECTS)
            other = rng.choice(SUBJECTS)
            made.append(
                Service(
                    code=f"{DEPARTMENT}-{number}",
                    department=department,
                    name_bg=f"{action_bg} {subject[0]}",
                    name_en=f"{action_en} {subject[1]}",
                    summary_bg=f"{action_bg} {subject[0]} ({other[0]}), данни за изпитване.",
                    summary_en=f"{action_en} {subject[1]} ({other[1]}), benchmark data.",
                    keywords_bg=f"{subject[2]} {other[2]}",
                    keywords_en=f"{subject[3]} {other[3]}",
                    synonyms_bg=f"{subject[4]}\n{other[4]}",
                    synonyms_en=f"{subject[5]}\n{other[5]}",
                    term_days=14,
                )
            )
        Service.objects.bulk_create(made, batch_size=500)
        if made:
            service_search_index_refresh_all(
                services=Service.objects.filter(code__in=[s.code for s in made])
            )
    if made:  # the planner's statistics of the new rows, as autovacuum would
        tables_analyze([Service, ServiceSearchTerm])
    return Service.objects.filter(is_active=True).count()


def search_measure(
    *, repeat: int, write: Callable[[str], None] = print
) -> tuple[Timing, int]:
    """Search every query once to warm up, then `repeat` times each; return the
    timing of single searches and how many active services there are."""
    started = time.perf_counter()
    active = search_catalogue_ensure()
    write(
        f"catalogue search: {active} active services "
        f"(ensured in {time.perf_counter() - started:.1f} s)"
    )
    timing = Timing(name=NAME, group=NAME, url="service_search()")
    for query in QUERIES:  # warm up: the lemmatiser's dictionaries, the statements
        service_search(query=query)
    for _run in range(repeat):
        for query in QUERIES:
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                result = service_search(query=query)
                timing.times_ms.append((time.perf_counter() - begun) * 1000)
            if query != "xyzzy" and not result.hits:
                raise BenchmarkError(
                    f"The catalogue search found nothing for {query!r}."
                )
            if len(captured.captured_queries) >= timing.queries:
                timing.queries = len(captured.captured_queries)
                timing.statements = list(captured.captured_queries)
    write(
        f"  {NAME}: median {timing.median_ms:.1f} ms, p95 {timing.p95_ms:.1f} ms "
        f"({len(QUERIES)} queries x {repeat})"
    )
    return timing, active
