# ruff: noqa: E501 -- long lines of Bulgarian and English data text.
"""Demo catalogue: departments, services with variants and questions, calendar days.

Realistic data of a Bulgarian municipality ("Община Примерно"). Fees are in euro,
converted from the usual lev amounts at 1.95583 BGN/EUR. Legal bases name the acts; the
articles are those usually cited by municipalities for the service. Texts that hold
several items (documents) have one item per line.
"""

from datetime import date
from decimal import Decimal

# A typical fee scale: 5, 10, 15, 20, 30, 50 and 100 leva in euro.
EUR_5 = Decimal("2.56")
EUR_10 = Decimal("5.11")
EUR_15 = Decimal("7.67")
EUR_20 = Decimal("10.23")
EUR_30 = Decimal("15.34")
EUR_50 = Decimal("25.56")
EUR_100 = Decimal("51.13")
FREE = Decimal("0.00")

APK_BG = "Административнопроцесуален кодекс, чл. 57 (срок за издаване на акта)"
APK_EN = "Administrative Procedure Code, art. 57 (term for issuing the act)"
FEES_BG = (
    "Закон за местните данъци и такси, чл. 110; Наредба за определянето и "
    "администрирането на местните такси и цени на услуги на Община Примерно"
)
FEES_EN = (
    "Local Taxes and Fees Act, art. 110; Ordinance on the local fees and prices of "
    "services of Primerno Municipality"
)

DEPARTMENTS = [
    {
        "code": "grao",
        "registry_index": "94-00",
        "order": 10,
        "name_bg": "Гражданска регистрация и административно обслужване (ГРАО)",
        "name_en": "Civil Registration and Administrative Services (GRAO)",
        "description_bg": "Центърът за административно обслужване, гишета 1–4, "
        "пл. „Свобода“ 1. Работно време: понеделник–петък, 8:30–17:00.",
        "description_en": "Front office, desks 1–4, 1 Svoboda Square. "
        "Open Monday to Friday, 8:30–17:00.",
        "email": "grao@primerno.example",
        "phone": "+359 2 900 1101",
    },
    {
        "code": "local-taxes",
        "registry_index": "95-00",
        "order": 20,
        "name_bg": "Местни данъци и такси",
        "name_en": "Local Taxes and Fees",
        "description_bg": "Отдел „Местни приходи“, гишета 5–7, пл. „Свобода“ 1. "
        "Работно време: понеделник–петък, 8:30–17:00.",
        "description_en": "Local Revenue office, desks 5–7, 1 Svoboda Square. "
        "Open Monday to Friday, 8:30–17:00.",
        "email": "danaci@primerno.example",
        "phone": "+359 2 900 1201",
    },
    {
        "code": "urban-planning",
        "registry_index": "96-00",
        "order": 30,
        "name_bg": "Устройство на територията",
        "name_en": "Urban Planning and Construction",
        "description_bg": "Дирекция „Устройство на територията“, ет. 3, стая 305. "
        "Приемен ден на главния архитект: сряда, 9:00–12:00.",
        "description_en": "Urban Planning Directorate, 3rd floor, room 305. "
        "The chief architect receives visitors on Wednesdays, 9:00–12:00.",
        "email": "uit@primerno.example",
        "phone": "+359 2 900 1301",
    },
    {
        "code": "social",
        "registry_index": "97-00",
        "order": 40,
        "name_bg": "Социални дейности",
        "name_en": "Social Services",
        "description_bg": "Отдел „Социални дейности“, ул. „Васил Левски“ 12. "
        "Работно време: понеделник–петък, 8:30–17:00.",
        "description_en": "Social Services office, 12 Vasil Levski Street. "
        "Open Monday to Friday, 8:30–17:00.",
        "email": "social@primerno.example",
        "phone": "+359 2 900 1401",
    },
    {
        "code": "trade-tourism",
        "registry_index": "98-00",
        "order": 50,
        "name_bg": "Търговия и туризъм",
        "name_en": "Trade and Tourism",
        "description_bg": "Отдел „Търговия и туризъм“, ет. 2, стая 210.",
        "description_en": "Trade and Tourism office, 2nd floor, room 210.",
        "email": "turizam@primerno.example",
        "phone": "+359 2 900 1501",
    },
]

# ГРАО certificates: ordinary / fast / express, as in most municipal fee ordinances.
GRAO_VARIANTS = [
    {
        "code": "ordinary",
        "name_bg": "Обикновена услуга",
        "name_en": "Ordinary service",
        "fee": EUR_5,
        "term_days": 7,
        "term_working_days": False,
        "order": 0,
    },
    {
        "code": "fast",
        "name_bg": "Бърза услуга",
        "name_en": "Fast service",
        "fee": EUR_10,
        "term_days": 3,
        "term_working_days": True,
        "order": 1,
    },
    {
        "code": "express",
        "name_bg": "Експресна услуга",
        "name_en": "Express service",
        "fee": EUR_15,
        "term_days": 1,
        "term_working_days": True,
        "order": 2,
    },
]

GRAO_ELIGIBILITY_BG = (
    "Лицето, за което се отнася удостоверението, негов законен представител или "
    "упълномощено с нотариално заверено пълномощно лице."
)
GRAO_ELIGIBILITY_EN = (
    "The person the certificate is about, their legal representative, or someone "
    "authorised by a notarised power of attorney."
)
GRAO_DOCUMENTS_BG = (
    "Искане по образец\n"
    "Документ за самоличност (за справка)\n"
    "Нотариално заверено пълномощно, когато искането се подава от пълномощник"
)
GRAO_DOCUMENTS_EN = (
    "Application form\n"
    "Identity document (shown, not kept)\n"
    "Notarised power of attorney when someone files on the person's behalf"
)
GRAO_LAW_BG = (
    "Закон за гражданската регистрация, чл. 106\n"
    "Наредба № РД-02-20-9 от 2012 г. за функциониране на Единната система за "
    "гражданска регистрация\n" + FEES_BG
)
GRAO_LAW_EN = (
    "Civil Registration Act, art. 106\n"
    "Ordinance No. RD-02-20-9 of 2012 on the Unified Civil Registration System\n"
    + FEES_EN
)

SERVICES = [
    # --- ГРАО ------------------------------------------------------------------------
    {
        "code": "birth-certificate",
        "department": "grao",
        "name_bg": "Издаване на удостоверение за раждане",
        "name_en": "Birth certificate",
        "summary_bg": "Първо удостоверение за раждане на дете, родено в общината, "
        "издадено въз основа на акта за раждане.",
        "summary_en": "The first birth certificate of a child born in the "
        "municipality, issued from the birth record.",
        "eligibility_bg": "Родител или законен представител на детето.",
        "eligibility_en": "A parent or legal representative of the child.",
        "documents_bg": "Искане по образец\nДокумент за самоличност на родителя "
        "(за справка)\nМедицинско свидетелство за раждане (ако раждането не е "
        "обявено)",
        "documents_en": "Application form\nThe parent's identity document (shown, "
        "not kept)\nMedical birth notice (if the birth has not been registered yet)",
        "legal_basis_bg": "Закон за гражданската регистрация",
        "legal_basis_en": "Civil Registration Act",
        "keywords_bg": "раждане акт за раждане бебе дете ЕГН",
        "keywords_en": "birth newborn baby child registration",
        "synonyms_bg": "акт за раждане\nново бебе\nроди се дете\nрегистриране на дете",
        "synonyms_en": "new baby\nregister a birth",
        "fee": FREE,
        "fee_note_bg": "Първото удостоверение е безплатно.",
        "fee_note_en": "The first certificate is free of charge.",
        "term_days": 1,
        "term_working_days": True,
        "is_by_post": False,
    },
    {
        "code": "birth-certificate-duplicate",
        "department": "grao",
        "name_bg": "Издаване на дубликат на удостоверение за раждане",
        "name_en": "Duplicate birth certificate",
        "summary_bg": "Дубликат на удостоверение за раждане, когато оригиналът е "
        "изгубен, унищожен или негоден за ползване.",
        "summary_en": "A duplicate birth certificate when the original is lost, "
        "destroyed or no longer usable.",
        "eligibility_bg": GRAO_ELIGIBILITY_BG,
        "eligibility_en": GRAO_ELIGIBILITY_EN,
        "documents_bg": GRAO_DOCUMENTS_BG,
        "documents_en": GRAO_DOCUMENTS_EN,
        "legal_basis_bg": GRAO_LAW_BG,
        "legal_basis_en": GRAO_LAW_EN,
        "keywords_bg": "дубликат акт за раждане изгубено загубено",
        "keywords_en": "duplicate copy lost birth record",
        "synonyms_bg": "изгубено удостоверение за раждане\nнов акт за раждане\nкопие на акта за раждане",
        "synonyms_en": "lost birth certificate\ncopy of a birth certificate\nreplacement",
        "fee": EUR_5,
        "term_days": 7,
        "term_working_days": False,
        "is_by_post": True,
        "variants": GRAO_VARIANTS,
    },
    {
        "code": "marital-status-certificate",
        "department": "grao",
        "name_bg": "Издаване на удостоверение за семейно положение",
        "name_en": "Certificate of marital status",
        "summary_bg": "Удостоверение за семейното положение на лицето (неженен/"
        "неомъжена, женен/омъжена, разведен/а, вдовец/вдовица).",
        "summary_en": "A certificate of the person's marital status (single, "
        "married, divorced or widowed).",
        "eligibility_bg": GRAO_ELIGIBILITY_BG,
        "eligibility_en": GRAO_ELIGIBILITY_EN,
        "documents_bg": GRAO_DOCUMENTS_BG,
        "documents_en": GRAO_DOCUMENTS_EN,
        "legal_basis_bg": GRAO_LAW_BG,
        "legal_basis_en": GRAO_LAW_EN,
        "keywords_bg": "семейно положение брак граждански брак женен омъжена",
        "keywords_en": "marital status marriage single married",
        "synonyms_bg": "за сключване на брак\nженитба\nсватба\nнеженен\nразвод",
        "synonyms_en": "getting married\nwedding\ndivorce\ncivil status",
        "fee": EUR_5,
        "term_days": 7,
        "term_working_days": False,
        # A record kept by another municipality may be needed: the term may grow.
        "max_extension_days": 7,
        "is_by_post": True,
        "variants": GRAO_VARIANTS,
        "questions": [
            {
                "code": "purpose",
                "kind": "choice",
                "is_required": True,
                "label_bg": "За какво ще използвате удостоверението?",
                "label_en": "What will you use the certificate for?",
                "choices_bg": "marriage|Сключване на граждански брак\n"
                "abroad|Пред чужди институции\nother|Друго",
                "choices_en": "marriage|Civil marriage\n"
                "abroad|For institutions abroad\nother|Other",
            }
        ],
    },
    {
        "code": "heirs-certificate",
        "department": "grao",
        "name_bg": "Издаване на удостоверение за наследници",
        "name_en": "Certificate of heirs",
        "summary_bg": "Удостоверение, което посочва наследниците по закон на "
        "починало лице, последно живяло в общината.",
        "summary_en": "A certificate naming the legal heirs of a deceased person "
        "whose last address was in the municipality.",
        "eligibility_bg": "Всеки наследник или упълномощено от него лице.",
        "eligibility_en": "Any heir, or someone they have authorised.",
        "documents_bg": "Искане по образец\nДокумент за самоличност (за справка)\n"
        "Акт за смърт или препис-извлечение от него, ако смъртта е настъпила в "
        "друга община\nУдостоверения за наследници от други общини, ако "
        "наследодателят е живял другаде",
        "documents_en": "Application form\nIdentity document (shown, not kept)\n"
        "Death certificate, if the death occurred in another municipality\n"
        "Certificates of heirs from other municipalities, if the deceased lived "
        "elsewhere",
        "legal_basis_bg": "Закон за гражданската регистрация, чл. 24, ал. 1\n"
        "Закон за наследството\n" + FEES_BG,
        "legal_basis_en": "Civil Registration Act, art. 24(1)\nInheritance Act\n"
        + FEES_EN,
        "keywords_bg": "наследници наследство починал смърт наследодател",
        "keywords_en": "heirs inheritance deceased death estate",
        "synonyms_bg": "наследство\nпочинал роднина\nнаследствен имот\nнаследяване",
        "synonyms_en": "inheritance\nsomeone died\nnext of kin\nsuccession",
        "fee": EUR_5,
        "term_days": 7,
        "term_working_days": False,
        "max_extension_days": 14,
        "is_by_post": True,
        "variants": [
            {**GRAO_VARIANTS[0]},
            {**GRAO_VARIANTS[1], "fee": EUR_15},
        ],
        "questions": [
            {
                "code": "deceased-name",
                "kind": "text",
                "is_required": True,
                "label_bg": "Трите имена на починалото лице",
                "label_en": "Full name of the deceased",
            },
            {
                "code": "date-of-death",
                "kind": "date",
                "date_limit": "past",
                "is_required": True,
                "label_bg": "Дата на смъртта",
                "label_en": "Date of death",
            },
            {
                "code": "copies",
                "kind": "number",
                "is_required": False,
                "label_bg": "Брой екземпляри",
                "label_en": "Number of copies",
                "help_text_bg": "По подразбиране се издава един екземпляр.",
                "help_text_en": "One copy is issued unless you ask for more.",
            },
        ],
    },
    {
        "code": "permanent-address-certificate",
        "department": "grao",
        "name_bg": "Издаване на удостоверение за постоянен адрес",
        "name_en": "Certificate of permanent address",
        "summary_bg": "Удостоверение за регистрирания постоянен адрес на лицето.",
        "summary_en": "A certificate of the person's registered permanent address.",
        "eligibility_bg": GRAO_ELIGIBILITY_BG,
        "eligibility_en": GRAO_ELIGIBILITY_EN,
        "documents_bg": GRAO_DOCUMENTS_BG,
        "documents_en": GRAO_DOCUMENTS_EN,
        "legal_basis_bg": "Закон за гражданската регистрация, чл. 106\n"
        "Наредба № РД-02-20-6 от 2012 г. за издаване на удостоверения въз основа "
        "на регистъра на населението\n" + FEES_BG,
        "legal_basis_en": "Civil Registration Act, art. 106\n"
        "Ordinance No. RD-02-20-6 of 2012 on certificates from the population "
        "register\n" + FEES_EN,
        "keywords_bg": "постоянен адрес адресна регистрация местоживеене",
        "keywords_en": "permanent address residence registration",
        "synonyms_bg": "смяна на адрес\nадресна регистрация\nадресна карта\nпостоянно местожителство\nместене",
        "synonyms_en": "change of address\naddress registration\nproof of address\nmoving house",
        "fee": EUR_5,
        "term_days": 0,
        "term_working_days": True,
        "is_by_post": False,
        "fee_note_bg": "Издава се в деня на подаване на искането.",
        "fee_note_en": "Issued on the day you file.",
    },
    {
        "code": "current-address-certificate",
        "department": "grao",
        "name_bg": "Издаване на удостоверение за настоящ адрес",
        "name_en": "Certificate of current address",
        "summary_bg": "Удостоверение за регистрирания настоящ адрес на лицето — "
        "адресът, на който то живее.",
        "summary_en": "A certificate of the person's registered current address — "
        "where they actually live.",
        "eligibility_bg": GRAO_ELIGIBILITY_BG,
        "eligibility_en": GRAO_ELIGIBILITY_EN,
        "documents_bg": GRAO_DOCUMENTS_BG,
        "documents_en": GRAO_DOCUMENTS_EN,
        "legal_basis_bg": "Закон за гражданската регистрация, чл. 106\n"
        "Наредба № РД-02-20-6 от 2012 г. за издаване на удостоверения въз основа "
        "на регистъра на населението\n" + FEES_BG,
        "legal_basis_en": "Civil Registration Act, art. 106\n"
        "Ordinance No. RD-02-20-6 of 2012 on certificates from the population "
        "register\n" + FEES_EN,
        "keywords_bg": "настоящ адрес адресна регистрация живея",
        "keywords_en": "current address residence registration",
        "synonyms_bg": "смяна на адрес\nадресна регистрация\nадресна карта\nнастоящо местожителство\nквартира",
        "synonyms_en": "change of address\naddress registration\nproof of address\nwhere I live\nrenting",
        "fee": EUR_5,
        "term_days": 0,
        "term_working_days": True,
        "is_by_post": False,
        "fee_note_bg": "Издава се в деня на подаване на искането.",
        "fee_note_en": "Issued on the day you file.",
    },
    # --- Местни данъци и такси ---------------------------------------------------
    {
        "code": "tax-valuation-certificate",
        "department": "local-taxes",
        "name_bg": "Издаване на удостоверение за данъчна оценка",
        "name_en": "Certificate of tax valuation",
        "summary_bg": "Удостоверение за данъчната оценка на недвижим имот — нужно "
        "при продажба, дарение, делба или вписване на ипотека.",
        "summary_en": "A certificate of a property's tax valuation — needed to "
        "sell, donate, divide or mortgage it.",
        "eligibility_bg": "Собственикът, ползвателят или упълномощено от тях лице; "
        "нотариус или съдебен изпълнител по служба.",
        "eligibility_en": "The owner, the holder of a right of use, or someone they "
        "have authorised; notaries and bailiffs in their official capacity.",
        "documents_bg": "Искане по образец\nДокумент за собственост (за справка)\n"
        "Скица на имота, ако не е подадена досега\nПълномощно, когато искането се "
        "подава от пълномощник",
        "documents_en": "Application form\nTitle deed (shown, not kept)\n"
        "Sketch of the property, if not filed before\nPower of attorney when "
        "someone files on the owner's behalf",
        "legal_basis_bg": "Закон за местните данъци и такси, чл. 3, ал. 3 и "
        "чл. 110, ал. 1, т. 3 и Приложение № 2\n"
        "Данъчно-осигурителен процесуален кодекс\n" + FEES_BG,
        "legal_basis_en": "Local Taxes and Fees Act, art. 3(3), art. 110(1)(3) and "
        "Annex 2\nTax and Social Security Procedure Code\n" + FEES_EN,
        "keywords_bg": "данъчна оценка имот апартамент продажба нотариус",
        "keywords_en": "tax valuation property flat sale notary",
        "synonyms_bg": "данъчна оценка на жилище\nпродажба на апартамент\nоценка за нотариус\nдарение на имот",
        "synonyms_en": "property valuation\nselling a flat\nvaluation for the notary",
        "fee": EUR_10,
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": True,
        "variants": [
            {
                "code": "ordinary",
                "name_bg": "Обикновена услуга",
                "name_en": "Ordinary service",
                "fee": EUR_10,
                "term_days": 14,
                "term_working_days": False,
                "order": 0,
            },
            {
                "code": "fast",
                "name_bg": "Бърза услуга",
                "name_en": "Fast service",
                "fee": EUR_20,
                "term_days": 5,
                "term_working_days": True,
                "order": 1,
            },
            {
                "code": "express",
                "name_bg": "Експресна услуга",
                "name_en": "Express service",
                "fee": EUR_30,
                "term_days": 1,
                "term_working_days": True,
                "order": 2,
            },
        ],
        "questions": [
            {
                "code": "property-id",
                "kind": "text",
                "is_required": True,
                "label_bg": "Идентификатор или партиден номер на имота",
                "label_en": "Property identifier or tax account number",
                "help_text_bg": "Например 68134.4082.155.1.3 от скицата.",
                "help_text_en": "For example 68134.4082.155.1.3 from the sketch.",
            },
            {
                "code": "purpose",
                "kind": "choice",
                "is_required": True,
                "label_bg": "За какво е удостоверението?",
                "label_en": "What is the certificate for?",
                "choices_bg": "sale|Продажба или дарение\ninheritance|Наследство\n"
                "mortgage|Ипотека\ncourt|Съдебно производство",
                "choices_en": "sale|Sale or donation\ninheritance|Inheritance\n"
                "mortgage|Mortgage\ncourt|Court proceedings",
            },
        ],
    },
    {
        "code": "no-debts-certificate",
        "department": "local-taxes",
        "name_bg": "Издаване на удостоверение за липса на задължения",
        "name_en": "Certificate of no outstanding local taxes",
        "summary_bg": "Удостоверение, че лицето няма неплатени местни данъци и "
        "такси към общината.",
        "summary_en": "A certificate that the person owes no local taxes or fees "
        "to the municipality.",
        "eligibility_bg": "Задълженото лице или упълномощено от него лице.",
        "eligibility_en": "The taxpayer or someone they have authorised.",
        "documents_bg": "Искане по образец\nДокумент за самоличност (за справка)\n"
        "Пълномощно, когато искането се подава от пълномощник",
        "documents_en": "Application form\nIdentity document (shown, not kept)\n"
        "Power of attorney when someone files on the taxpayer's behalf",
        "legal_basis_bg": "Данъчно-осигурителен процесуален кодекс, чл. 87, ал. 6 "
        "и ал. 11",
        "legal_basis_en": "Tax and Social Security Procedure Code, art. 87(6) and (11)",
        "keywords_bg": "липса на задължения задължения данъци дългове",
        "keywords_en": "no debts arrears taxes owed clearance",
        "synonyms_bg": "нямам задължения\nлипса на задължения\nданъци\nнеплатени данъци\nбележка за платени данъци\nдължими суми",
        "synonyms_en": "no debts\ntax clearance\nunpaid taxes\nproof of paid taxes",
        "fee": FREE,
        "term_days": 7,
        "term_working_days": False,
        "is_by_post": True,
    },
    {
        "code": "property-tax-declaration",
        "department": "local-taxes",
        "name_bg": "Приемане на декларация по чл. 14 от ЗМДТ",
        "name_en": "Property tax declaration (art. 14 of the Local Taxes and Fees Act)",
        "summary_bg": "Деклариране на новопостроена или придобита сграда или "
        "самостоятелен обект за облагане с данък върху недвижимите имоти.",
        "summary_en": "Declaring a newly built or acquired building or unit for the "
        "property tax.",
        "eligibility_bg": "Собственикът или ползвателят на имота, в двумесечен срок "
        "от построяването или придобиването му.",
        "eligibility_en": "The owner or holder of a right of use, within two months "
        "of building or acquiring the property.",
        "documents_bg": "Декларация по образец (Приложение № 1 към чл. 14 ЗМДТ)\n"
        "Документ за собственост\nАкт за въвеждане в експлоатация (за нова "
        "сграда)",
        "documents_en": "Declaration form (Annex 1 to art. 14)\nTitle deed\n"
        "Certificate of commissioning (for a new building)",
        "legal_basis_bg": "Закон за местните данъци и такси, чл. 14 и чл. 17",
        "legal_basis_en": "Local Taxes and Fees Act, arts. 14 and 17",
        "keywords_bg": "декларация чл. 14 данък сгради недвижим имот ЗМДТ",
        "keywords_en": "declaration property tax building acquired",
        "synonyms_bg": "данък сгради\nданък на имот\nданъци за жилище\nкупих апартамент\nнов имот\nимотна декларация",
        "synonyms_en": "property tax\nhouse tax\nbought a flat\nnew home",
        "fee": FREE,
        "term_days": 7,
        "term_working_days": False,
        "is_by_post": True,
    },
    {
        "code": "vehicle-tax-declaration",
        "department": "local-taxes",
        "name_bg": "Приемане на декларация по чл. 54 от ЗМДТ за превозно средство",
        "name_en": "Vehicle tax declaration (art. 54 of the Local Taxes and Fees Act)",
        "summary_bg": "Деклариране на придобито превозно средство за облагане с "
        "данък върху превозните средства.",
        "summary_en": "Declaring an acquired vehicle for the vehicle tax.",
        "eligibility_bg": "Собственикът на превозното средство.",
        "eligibility_en": "The owner of the vehicle.",
        "documents_bg": "Декларация по образец (Приложение № 4 към чл. 54 ЗМДТ)\n"
        "Документ за придобиване\nСвидетелство за регистрация, част I",
        "documents_en": "Declaration form (Annex 4 to art. 54)\nProof of purchase\n"
        "Vehicle registration certificate, part I",
        "legal_basis_bg": "Закон за местните данъци и такси, чл. 54",
        "legal_basis_en": "Local Taxes and Fees Act, art. 54",
        "keywords_bg": "кола автомобил превозно средство данък МПС",
        "keywords_en": "car vehicle motor tax",
        "synonyms_bg": "данък кола\nданък автомобил\nкупих кола\nнова кола\nмотоциклет\nданък МПС",
        "synonyms_en": "car tax\nbought a car\nroad tax\nmotorbike",
        "fee": FREE,
        "term_days": 7,
        "term_working_days": False,
        "is_by_post": True,
    },
    {
        "code": "waste-fee-exemption",
        "department": "local-taxes",
        "name_bg": "Освобождаване от такса за битови отпадъци за неползван имот",
        "name_en": "Waste fee exemption for an unused property",
        "summary_bg": "Освобождаване от таксата за сметосъбиране и сметоизвозване "
        "за следващата година, когато имотът няма да се ползва през цялата година.",
        "summary_en": "Exemption from the waste collection fee for the next year "
        "when the property will not be used at all that year.",
        "eligibility_bg": "Собственикът или ползвателят; декларацията се подава до "
        "31 октомври на предходната година.",
        "eligibility_en": "The owner or holder of a right of use; file by "
        "31 October of the year before.",
        "documents_bg": "Декларация по образец",
        "documents_en": "Declaration form",
        "legal_basis_bg": "Закон за местните данъци и такси, чл. 71, т. 1\n" + FEES_BG,
        "legal_basis_en": "Local Taxes and Fees Act, art. 71(1)\n" + FEES_EN,
        "keywords_bg": "такса смет отпадъци освобождаване необитаем",
        "keywords_en": "waste rubbish garbage fee exemption empty",
        "synonyms_bg": "такса смет\nне живея в имота\nпразно жилище\nосвобождаване от такса смет\nбитови отпадъци",
        "synonyms_en": "rubbish fee\nbin fee\nempty house\nnobody lives there",
        "fee": FREE,
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": True,
    },
    # --- Устройство на територията ----------------------------------------------------
    {
        "code": "land-plot-sketch",
        "department": "urban-planning",
        "name_bg": "Издаване на скица на поземлен имот",
        "name_en": "Sketch of a land plot",
        "summary_bg": "Скица от действащия подробен устройствен план за поземлен "
        "имот в урбанизирана територия.",
        "summary_en": "A sketch of a land plot from the detailed development plan in "
        "force, for plots in built-up areas.",
        "eligibility_bg": "Собственикът, носителят на ограничено вещно право или "
        "упълномощено от тях лице.",
        "eligibility_en": "The owner, the holder of a limited real right, or "
        "someone they have authorised.",
        "documents_bg": "Заявление по образец\nДокумент за собственост (копие)\n"
        "Пълномощно, когато заявлението се подава от пълномощник",
        "documents_en": "Application form\nTitle deed (copy)\nPower of attorney "
        "when someone files on the owner's behalf",
        "legal_basis_bg": "Закон за устройството на територията\n"
        "Закон за кадастъра и имотния регистър\n" + FEES_BG,
        "legal_basis_en": "Spatial Development Act\nCadastre and Property Register "
        "Act\n" + FEES_EN,
        "keywords_bg": "скица парцел поземлен имот УПИ регулация",
        "keywords_en": "sketch plot land parcel zoning map",
        "synonyms_bg": "скица\nскица на имот\nкарта на имота\nпарцел\nплан на имота",
        "synonyms_en": "plot map\nsite plan\nland map",
        "fee": EUR_15,
        "term_days": 7,
        "term_working_days": False,
        "is_by_post": True,
        "variants": [
            {
                "code": "ordinary",
                "name_bg": "Обикновена услуга",
                "name_en": "Ordinary service",
                "fee": EUR_15,
                "term_days": 7,
                "term_working_days": False,
                "order": 0,
            },
            {
                "code": "fast",
                "name_bg": "Бърза услуга",
                "name_en": "Fast service",
                "fee": EUR_30,
                "term_days": 3,
                "term_working_days": True,
                "order": 1,
            },
        ],
        "questions": [
            {
                "code": "property-id",
                "kind": "text",
                "is_required": True,
                "label_bg": "УПИ, квартал и местност (или идентификатор)",
                "label_en": "Plot number, block and area (or identifier)",
            },
            {
                "code": "copies",
                "kind": "number",
                "is_required": False,
                "label_bg": "Брой екземпляри",
                "label_en": "Number of copies",
            },
        ],
    },
    {
        "code": "design-visa",
        "department": "urban-planning",
        "name_bg": "Издаване на виза за проектиране",
        "name_en": "Design permit (visa for design)",
        "summary_bg": "Виза с допустимите параметри на застрояване, въз основа на "
        "която се изготвя инвестиционният проект.",
        "summary_en": "A permit stating what may be built on the plot, on which the "
        "architect bases the investment project.",
        "eligibility_bg": "Възложителят — собственикът на имота или лице с право "
        "да строи в чужд имот.",
        "eligibility_en": "The developer: the owner of the plot or someone with a "
        "right to build on it.",
        "documents_bg": "Заявление по образец\nДокумент за собственост\nСкица на "
        "поземления имот\nЗадание за проектиране (при необходимост)",
        "documents_en": "Application form\nTitle deed\nSketch of the plot\nDesign "
        "brief (where needed)",
        "legal_basis_bg": "Закон за устройството на територията, чл. 140\n" + FEES_BG,
        "legal_basis_en": "Spatial Development Act, art. 140\n" + FEES_EN,
        "keywords_bg": "виза проектиране архитект строеж проект",
        "keywords_en": "design visa architect building project",
        "synonyms_bg": "виза\nархитект\nпроект на къща\nпреди проектиране",
        "synonyms_en": "planning brief\nbefore designing\nhouse design",
        "fee": EUR_50,
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": True,
    },
    {
        "code": "building-permit",
        "department": "urban-planning",
        "name_bg": "Издаване на разрешение за строеж",
        "name_en": "Building permit",
        "summary_bg": "Разрешение за строеж въз основа на одобрен инвестиционен "
        "проект.",
        "summary_en": "A building permit based on an approved investment project.",
        "eligibility_bg": "Възложителят на строежа.",
        "eligibility_en": "The developer of the building.",
        "documents_bg": "Заявление по образец\nДокумент за собственост или за "
        "право на строеж\nОдобрен инвестиционен проект\nДоговор с "
        "експлоатационните дружества (ток, вода)\nДокумент за платена такса",
        "documents_en": "Application form\nTitle deed or right to build\nApproved "
        "investment project\nAgreements with the utilities (power, water)\nProof "
        "the fee was paid",
        "legal_basis_bg": "Закон за устройството на територията, чл. 148\n" + APK_BG,
        "legal_basis_en": "Spatial Development Act, art. 148\n" + APK_EN,
        "keywords_bg": "разрешение за строеж строителство къща сграда",
        "keywords_en": "building permit construction house",
        "synonyms_bg": "разрешение за строеж\nстроителство\nстрою къща\nпристройка\nнадстройка\nремонт на сграда",
        "synonyms_en": "planning permission\nbuild a house\nextension\nconstruction permit",
        "fee": EUR_100,
        "fee_note_bg": "Таксата зависи от категорията на строежа; тук е посочена "
        "минималната.",
        "fee_note_en": "The fee depends on the building category; the minimum is "
        "shown.",
        "term_days": 14,
        "term_working_days": False,
        "max_extension_days": 14,
        "is_by_post": False,
    },
    {
        "code": "tolerance-certificate",
        "department": "urban-planning",
        "name_bg": "Издаване на удостоверение за търпимост на строеж",
        "name_en": "Certificate of tolerance of a building",
        "summary_bg": "Удостоверение, че строеж без строителни книжа, построен "
        "преди 1998 г., е търпим и не подлежи на премахване.",
        "summary_en": "A certificate that a building put up without permits before "
        "1998 may stay and will not be demolished.",
        "eligibility_bg": "Собственикът на строежа.",
        "eligibility_en": "The owner of the building.",
        "documents_bg": "Заявление по образец\nДокумент за собственост\nДокументи "
        "за годината на построяване\nАрхитектурно заснемане",
        "documents_en": "Application form\nTitle deed\nEvidence of the year of "
        "building\nArchitectural survey",
        "legal_basis_bg": "Закон за устройството на територията, § 16 от "
        "преходните разпоредби\n§ 127 от преходните и заключителните разпоредби на "
        "ЗИД на ЗУТ (ДВ, бр. 82 от 2012 г.)",
        "legal_basis_en": "Spatial Development Act, transitional provisions § 16\n"
        "§ 127 of the transitional and final provisions of the amending act (State "
        "Gazette No. 82 of 2012)",
        "keywords_bg": "търпимост незаконен строеж стара сграда",
        "keywords_en": "tolerance unauthorised old building legalise",
        "synonyms_bg": "търпим строеж\nузаконяване\nнезаконна постройка\nстара къща без документи",
        "synonyms_en": "legalise a building\nold house without papers",
        "fee": EUR_50,
        "term_days": 30,
        "term_working_days": False,
        "max_extension_days": 14,
        "is_by_post": False,
    },
    {
        "code": "movable-object-permit",
        "department": "urban-planning",
        "name_bg": "Разрешение за поставяне на преместваем обект",
        "name_en": "Permit to place a movable structure",
        "summary_bg": "Разрешение за поставяне на павилион, будка, маси на "
        "открито или друг преместваем обект на общински или частен терен.",
        "summary_en": "A permit to place a pavilion, kiosk, outdoor tables or "
        "another movable structure on municipal or private land.",
        "eligibility_bg": "Собственикът на терена или лице, сключило договор с "
        "общината за ползването му.",
        "eligibility_en": "The owner of the land, or whoever has a contract with "
        "the municipality to use it.",
        "documents_bg": "Заявление по образец\nСхема за поставяне\nДокумент за "
        "собственост или договор за наем\nСнимки на обекта",
        "documents_en": "Application form\nPlacement scheme\nTitle deed or lease\n"
        "Photos of the structure",
        "legal_basis_bg": "Закон за устройството на територията, чл. 56\n"
        "Наредба за реда и условията за поставяне на преместваеми обекти на "
        "територията на Община Примерно",
        "legal_basis_en": "Spatial Development Act, art. 56\nOrdinance on placing "
        "movable structures in Primerno Municipality",
        "keywords_bg": "преместваем обект павилион будка маси тротоар",
        "keywords_en": "movable structure kiosk pavilion tables pavement",
        "synonyms_bg": "павилион\nбудка\nкиоск\nмаси на тротоара\nлятна градина",
        "synonyms_en": "kiosk\nstreet café tables\nsummer garden",
        "fee": EUR_30,
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": False,
        "questions": [
            {
                "code": "location",
                "kind": "text",
                "is_required": True,
                "label_bg": "Адрес на мястото",
                "label_en": "Address of the place",
            },
            {
                "code": "area",
                "kind": "number",
                "is_required": True,
                "label_bg": "Площ в квадратни метри",
                "label_en": "Area in square metres",
            },
            {
                "code": "start",
                "kind": "date",
                "is_required": False,
                "label_bg": "От коя дата",
                "label_en": "From which date",
            },
        ],
    },
    {
        "code": "commissioning-certificate",
        "department": "urban-planning",
        "name_bg": "Удостоверение за въвеждане в експлоатация на строеж от "
        "IV и V категория",
        "name_en": "Certificate of commissioning (buildings of categories IV and V)",
        "summary_bg": "Удостоверение, с което завършен строеж от IV или V "
        "категория се въвежда в експлоатация.",
        "summary_en": "The certificate that lets a finished building of category IV "
        "or V be used.",
        "eligibility_bg": "Възложителят на строежа.",
        "eligibility_en": "The developer of the building.",
        "documents_bg": "Заявление по образец\nОкончателен доклад на консултанта "
        "или констативен акт обр. 15\nТехнически паспорт\nГеодезическо заснемане",
        "documents_en": "Application form\nFinal report of the supervisor or "
        "completion statement (form 15)\nTechnical passport\nGeodetic survey",
        "legal_basis_bg": "Закон за устройството на територията, чл. 177, ал. 3",
        "legal_basis_en": "Spatial Development Act, art. 177(3)",
        "keywords_bg": "въвеждане в експлоатация акт 16 завършен строеж",
        "keywords_en": "commissioning occupancy completed building",
        "synonyms_bg": "акт 16\nприемане на строеж\nвъвеждане в експлоатация\nзавършена къща",
        "synonyms_en": "occupancy permit\nhouse finished\ncompletion certificate",
        "fee": EUR_50,
        "term_days": 7,
        "term_working_days": False,
        "is_by_post": False,
    },
    # --- Социални дейности -------------------------------------------------------------
    {
        "code": "one-off-aid",
        "department": "social",
        "name_bg": "Еднократна финансова помощ от общинския бюджет",
        "name_en": "One-off financial aid from the municipal budget",
        "summary_bg": "Еднократна помощ за лечение, при бедствие или при тежко "
        "социално положение, по решение на комисия към общината.",
        "summary_en": "One-off aid for medical treatment, after a disaster or in "
        "hardship, decided by a municipal commission.",
        "eligibility_bg": "Лица с постоянен адрес в общината най-малко от една "
        "година, при доход под определения в наредбата.",
        "eligibility_en": "People whose permanent address has been in the "
        "municipality for at least a year, with an income below the ordinance's "
        "threshold.",
        "documents_bg": "Заявление-декларация по образец\nДокументи за доходите "
        "на членовете на домакинството\nМедицински документи (при помощ за "
        "лечение)",
        "documents_en": "Application and declaration form\nIncome documents of the "
        "household members\nMedical documents (for aid towards treatment)",
        "legal_basis_bg": "Закон за местното самоуправление и местната "
        "администрация, чл. 21, ал. 1, т. 23\nНаредба за отпускане на еднократна "
        "финансова помощ на граждани на Община Примерно",
        "legal_basis_en": "Local Self-Government and Local Administration Act, "
        "art. 21(1)(23)\nOrdinance on one-off financial aid to citizens of "
        "Primerno Municipality",
        "keywords_bg": "социална помощ еднократна помощ пари лечение бедствие",
        "keywords_en": "social assistance aid benefit money hardship",
        "synonyms_bg": "социална помощ\nпомощ\nпари за лечение\nпострадал от наводнение\nпожар\nбедствие",
        "synonyms_en": "financial help\nhelp with money\nflood\nfire\nemergency aid",
        "fee": FREE,
        "term_days": 30,
        "term_working_days": False,
        "max_extension_days": 30,
        "is_by_post": True,
        "questions": [
            {
                "code": "household",
                "kind": "number",
                "is_required": True,
                "label_bg": "Брой членове на домакинството",
                "label_en": "Number of people in the household",
            },
            {
                "code": "reason",
                "kind": "choice",
                "is_required": True,
                "label_bg": "Причина за помощта",
                "label_en": "Reason for the aid",
                "choices_bg": "treatment|Лечение\ndisaster|Пожар, наводнение или "
                "друго бедствие\nhardship|Тежко социално положение",
                "choices_en": "treatment|Medical treatment\ndisaster|Fire, flood or "
                "another disaster\nhardship|Hardship",
            },
        ],
    },
    {
        "code": "assistant-support",
        "department": "social",
        "name_bg": "Асистентска подкрепа",
        "name_en": "Assistant support",
        "summary_bg": "Почасови услуги в дома за възрастни хора и хора с "
        "увреждания, които се нуждаят от помощ в ежедневието.",
        "summary_en": "Hourly help at home for older and disabled people who need "
        "support in daily life.",
        "eligibility_bg": "Хора с трайни увреждания и възрастни хора в "
        "невъзможност за самообслужване, с настоящ адрес в общината.",
        "eligibility_en": "People with a permanent disability and older people who "
        "cannot look after themselves, living in the municipality.",
        "documents_bg": "Заявление по образец\nЕкспертно решение на ТЕЛК/НЕЛК "
        "(копие)\nМедицински документи",
        "documents_en": "Application form\nDisability assessment decision of the "
        "medical commission (copy)\nMedical documents",
        "legal_basis_bg": "Закон за социалните услуги\nНаредба за планирането на "
        "социалните услуги",
        "legal_basis_en": "Social Services Act\nOrdinance on planning social services",
        "keywords_bg": "асистент асистентска подкрепа грижа в дома увреждане възрастни",
        "keywords_en": "assistant support home care disability elderly",
        "synonyms_bg": "асистент\nгрижа за възрастен\nгледане на болен\nпомощ в дома\nлична помощ",
        "synonyms_en": "carer\ncare at home\nhelp for the elderly\npersonal assistant",
        "fee": FREE,
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": True,
    },
    {
        "code": "disabled-parking-card",
        "department": "social",
        "name_bg": "Издаване на карта за паркиране на хора с увреждания",
        "name_en": "Parking card for people with disabilities",
        "summary_bg": "Европейска карта за паркиране на превозни средства, "
        "обслужващи хора с трайни увреждания.",
        "summary_en": "The European parking card for vehicles that serve people "
        "with a permanent disability.",
        "eligibility_bg": "Хора с 50 и над 50 % трайно намалена работоспособност "
        "или вид и степен на увреждане, с постоянен адрес в общината.",
        "eligibility_en": "People with at least 50 % permanent reduction in working "
        "capacity, whose permanent address is in the municipality.",
        "documents_bg": "Заявление по образец\nЕкспертно решение на ТЕЛК/НЕЛК "
        "(копие)\nСнимка 3,5 х 4,5 см",
        "documents_en": "Application form\nDisability assessment decision of the "
        "medical commission (copy)\nPhoto 3.5 × 4.5 cm",
        "legal_basis_bg": "Закон за движението по пътищата, чл. 99а\nНаредба № 1 "
        "от 2007 г. за организиране на движението по пътищата",
        "legal_basis_en": "Road Traffic Act, art. 99a\nOrdinance No. 1 of 2007 on "
        "traffic management",
        "keywords_bg": "паркиране карта инвалид увреждане ТЕЛК синя зона",
        "keywords_en": "parking card disabled disability blue badge",
        "synonyms_bg": "паркинг\nпаркиране\nинвалидна карта\nсиня зона\nкарта за паркиране\nпаркомясто",
        "synonyms_en": "parking\nparking permit\nblue badge\ndisabled parking",
        "fee": FREE,
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": True,
        "questions": [
            {
                "code": "telk-number",
                "kind": "text",
                "is_required": True,
                "label_bg": "Номер на експертното решение на ТЕЛК/НЕЛК",
                "label_en": "Number of the disability assessment decision",
            },
            {
                "code": "telk-valid-until",
                "kind": "date",
                "is_required": True,
                "label_bg": "Решението е валидно до",
                "label_en": "The decision is valid until",
            },
        ],
    },
    {
        "code": "warm-lunch",
        "department": "social",
        "name_bg": "Ползване на услугата „Топъл обяд“",
        "name_en": "Warm lunch service",
        "summary_bg": "Безплатен топъл обяд, доставян до дома на самотни "
        "възрастни хора и хора с увреждания.",
        "summary_en": "A free hot lunch delivered to the homes of older people "
        "living alone and disabled people.",
        "eligibility_bg": "Самотно живеещи възрастни хора и хора с увреждания с "
        "ниски доходи, с настоящ адрес в общината.",
        "eligibility_en": "Older people living alone and disabled people on low "
        "incomes, living in the municipality.",
        "documents_bg": "Заявление-декларация по образец\nДокумент за доходите",
        "documents_en": "Application and declaration form\nProof of income",
        "legal_basis_bg": "Закон за социалните услуги\nПрограма „Храни и основно "
        "материално подпомагане“ 2021–2027",
        "legal_basis_en": "Social Services Act\nFood and Basic Material Assistance "
        "Programme 2021–2027",
        "keywords_bg": "топъл обяд храна патронаж възрастни",
        "keywords_en": "warm lunch meals food elderly",
        "synonyms_bg": "топъл обяд\nхрана\nобяд за възрастни\nбезплатна храна\nдомашен патронаж",
        "synonyms_en": "meals on wheels\nfree food\nhot meal",
        "fee": FREE,
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": True,
    },
    # --- Търговия и туризъм ---------------------------------------------------------
    {
        "code": "tourist-site-categorisation",
        "department": "trade-tourism",
        "name_bg": "Категоризиране на места за настаняване и заведения за хранене",
        "name_en": "Categorisation of accommodation and restaurants",
        "summary_bg": "Определяне на категория (1 или 2 звезди) на хотел, къща за "
        "гости, ресторант или бар и издаване на удостоверение.",
        "summary_en": "Awarding a category (1 or 2 stars) to a hotel, guest house, "
        "restaurant or bar, with its certificate.",
        "eligibility_bg": "Лицето, което извършва туристическата дейност в обекта.",
        "eligibility_en": "Whoever runs the tourist business in the place.",
        "documents_bg": "Заявление по образец\nСправка за показателите на обекта\n"
        "Документ за платена такса\nДокумент за ползване на обекта",
        "documents_en": "Application form\nStatement of the place's features\n"
        "Proof the fee was paid\nProof of the right to use the place",
        "legal_basis_bg": "Закон за туризма\nНаредба за изискванията "
        "към местата за настаняване и заведенията за хранене и развлечения",
        "legal_basis_en": "Tourism Act\nOrdinance on the "
        "requirements for accommodation, restaurants and entertainment venues",
        "keywords_bg": "категоризация хотел ресторант звезди туризъм къща за гости",
        "keywords_en": "categorisation hotel restaurant stars tourism guest house",
        "synonyms_bg": "звезди\nкатегория на хотел\nкъща за гости\nресторант\nзаведение",
        "synonyms_en": "hotel stars\nguest house\nrestaurant rating",
        "fee": EUR_50,
        "term_days": 60,
        "term_working_days": False,
        "max_extension_days": 30,
        "is_by_post": True,
    },
    {
        "code": "opening-hours",
        "department": "trade-tourism",
        "name_bg": "Регистриране на работното време на търговски обект",
        "name_en": "Registering the opening hours of a shop",
        "summary_bg": "Утвърждаване на работното време на магазин, заведение или "
        "друг търговски обект.",
        "summary_en": "Approving the opening hours of a shop, restaurant or other "
        "business.",
        "eligibility_bg": "Търговецът, който стопанисва обекта.",
        "eligibility_en": "The trader who runs the place.",
        "documents_bg": "Заявление по образец\nДокумент за ползване на обекта\n"
        "Удостоверение за регистрация от ОДБХ (за храни)",
        "documents_en": "Application form\nProof of the right to use the place\n"
        "Registration by the food safety agency (for food)",
        "legal_basis_bg": "Наредба за реда и условията за извършване на търговска "
        "дейност на територията на Община Примерно",
        "legal_basis_en": "Ordinance on trade in Primerno Municipality",
        "keywords_bg": "работно време магазин заведение търговски обект",
        "keywords_en": "opening hours shop business",
        "synonyms_bg": "работно време\nработно време на магазин\nнощен магазин\nзаведение",
        "synonyms_en": "opening times\nshop hours\nnight shop",
        "fee": EUR_20,
        "term_days": 7,
        "term_working_days": False,
        "is_by_post": True,
    },
    {
        "code": "outdoor-trade-permit",
        "department": "trade-tourism",
        "name_bg": "Разрешение за търговия на открито на общински терен",
        "name_en": "Permit for outdoor trade on municipal land",
        "summary_bg": "Разрешение за сергия, щанд или продажба на открито на "
        "определени места в общината.",
        "summary_en": "A permit for a stall or stand or for selling outdoors at "
        "designated places in the municipality.",
        "eligibility_bg": "Търговци и производители, включително земеделски "
        "производители.",
        "eligibility_en": "Traders and producers, farmers included.",
        "documents_bg": "Заявление по образец\nСхема на мястото\nРегистрация "
        "като търговец или земеделски производител",
        "documents_en": "Application form\nPlan of the place\nRegistration as a "
        "trader or farmer",
        "legal_basis_bg": "Закон за местните данъци и такси, чл. 72\n" + FEES_BG,
        "legal_basis_en": "Local Taxes and Fees Act, art. 72\n" + FEES_EN,
        "keywords_bg": "сергия щанд пазар търговия на открито",
        "keywords_en": "stall stand market outdoor trade street",
        "synonyms_bg": "сергия\nпазар\nпродажба на улицата\nщанд\nбазар",
        "synonyms_en": "market stall\nstreet trading\nstand",
        "fee": EUR_10,
        "fee_note_bg": "Плюс таксата за ползване на мястото на квадратен метър на ден.",
        "fee_note_en": "Plus the fee for the space, per square metre per day.",
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": False,
    },
    {
        "code": "taxi-permit",
        "department": "trade-tourism",
        "name_bg": "Разрешение за таксиметров превоз на пътници",
        "name_en": "Taxi licence",
        "summary_bg": "Разрешение за извършване на таксиметров превоз на пътници "
        "на територията на общината.",
        "summary_en": "A licence to carry passengers by taxi in the municipality.",
        "eligibility_bg": "Превозвачи с лиценз за таксиметров превоз.",
        "eligibility_en": "Carriers licensed for taxi transport.",
        "documents_bg": "Заявление по образец\nКопие от удостоверението за "
        "регистрация на превозвача\nСписък на автомобилите и водачите",
        "documents_en": "Application form\nCopy of the carrier's registration "
        "certificate\nList of the cars and drivers",
        "legal_basis_bg": "Закон за автомобилните превози, чл. 24а\nНаредба № 34 "
        "от 1999 г. за таксиметров превоз на пътници",
        "legal_basis_en": "Road Transport Act, art. 24a\nOrdinance No. 34 of 1999 "
        "on taxi transport",
        "keywords_bg": "такси таксиметров превоз разрешение",
        "keywords_en": "taxi cab licence",
        "synonyms_bg": "такси\nтаксиметров шофьор\nразрешение за такси",
        "synonyms_en": "taxi\ncab\ntaxi driver",
        "fee": EUR_50,
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": False,
    },
    # --- Достъп до обществена информация -----------------------------------------
    {
        "code": "public-information",
        "department": "grao",
        "name_bg": "Предоставяне на достъп до обществена информация",
        "name_en": "Access to public information",
        "summary_bg": "Достъп до информация, създадена или съхранявана от "
        "общинската администрация: документи, данни, решения.",
        "summary_en": "Access to information the municipal administration creates "
        "or keeps: documents, data, decisions.",
        "eligibility_bg": "Всеки гражданин или юридическо лице.",
        "eligibility_en": "Anyone, a person or an organisation.",
        "documents_bg": "Заявление с описание на исканата информация и "
        "предпочитаната форма на достъп",
        "documents_en": "A request describing the information sought and the "
        "preferred form of access",
        "legal_basis_bg": "Закон за достъп до обществена информация, чл. 24–29 "
        "(срок по чл. 28, ал. 1; уточняване по чл. 29)",
        "legal_basis_en": "Access to Public Information Act, arts. 24–29 (term: "
        "art. 28(1); clarification: art. 29)",
        "keywords_bg": "обществена информация ЗДОИ достъп документи",
        "keywords_en": "public information freedom of information access documents",
        "synonyms_bg": "обществена информация\nЗДОИ\nдостъп до документи\nзаявление за информация",
        "synonyms_en": "freedom of information\nFOI request\nopen data",
        "fee": FREE,
        "fee_note_bg": "Заплащат се само разходите по предоставянето (носител, "
        "копия), по тарифа на министъра на финансите.",
        "fee_note_en": "Only the costs of providing it (copies, media) are paid, "
        "at the Minister of Finance's rates.",
        "term_days": 14,
        "term_working_days": False,
        "is_by_post": True,
        # ЗДОИ art. 29(1): an unclear request is clarified and the full term runs
        # again from the clarification.
        "suspension_rule": "restart",
    },
]

# Clearly marked as demo data: staff declare the real ones in the admin.
CALENDAR_DAYS = [
    {
        "day": date(2026, 12, 31),
        "kind": "day_off",
        "reason_bg": "неработен ден, обявен с решение на Министерския съвет",
        "reason_en": "Day off declared by the Council of Ministers",
    },
    {
        "day": date(2026, 12, 19),
        "kind": "working_day",
        "reason_bg": "работна събота за отработване на 31 декември",
        "reason_en": "Working Saturday in exchange for 31 December",
    },
]

DEMO_PASSWORD = "demo12345"

# Roles are the keys of requests_app.roles.Role (attribute names).
ACCOUNTS = [
    {
        "username": "clerk",
        "role": "CLERK",
        "first_name": "Мария",
        "last_name": "Петрова",
        "position_bg": "Младши експерт „Гражданска регистрация“",
        "position_en": "Junior expert, Civil Registration",
        "departments": ["grao", "local-taxes"],
    },
    {
        "username": "senior",
        "role": "SENIOR",
        "first_name": "Георги",
        "last_name": "Димитров",
        "position_bg": "Старши експерт",
        "position_en": "Senior expert",
        "departments": ["grao", "urban-planning"],
    },
    {
        "username": "head",
        "role": "HEAD",
        "first_name": "Елена",
        "last_name": "Иванова",
        "position_bg": "Началник на отдел „Гражданска регистрация“",
        "position_en": "Head of Civil Registration",
        "departments": ["grao"],
    },
    {
        "username": "officer",
        "role": "OFFICER",
        "first_name": "Иван",
        "last_name": "Стоянов",
        "position_bg": "Служител по жалбите и сигналите",
        "position_en": "Complaints officer",
        "departments": [],
    },
    {
        "username": "manager",
        "role": "MANAGER",
        "first_name": "Десислава",
        "last_name": "Колева",
        "position_bg": "Секретар на общината",
        "position_en": "Municipal Secretary",
        "departments": [d["code"] for d in DEPARTMENTS],
    },
    {
        "username": "admin",
        "role": "ADMINISTRATOR",
        "first_name": "Николай",
        "last_name": "Георгиев",
        "position_bg": "Системен администратор",
        "position_en": "System administrator",
        "departments": [],
        "is_superuser": True,
    },
]
