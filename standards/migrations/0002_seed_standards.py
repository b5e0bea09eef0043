"""Seed the first published version of the Service Standards.

The text is the municipality's original (Bulgarian) and its English translation, copied
here so that the app never reads files outside the project at run time. The English
working notes (capability tags) are left out: they are not part of the published text.
"""

import datetime

from django.db import migrations

TITLE_BG = 'Стандарти за обслужване'
TITLE_EN = 'Service Standards'

BODY_BG = """\
I. ОТНОШЕНИЕ КЪМ КЛИЕНТИТЕ

- Предоставяне на еднакъв достъп до услугите и равнопоставено отношение към всички граждани, независимо от техните потребности, социално положение, образование, възраст, пол, етнически произход и религиозни убеждения;
- Любезно и отзивчиво отношение към всички граждани;
- Спазване на конфиденциалност по запитванията, исканията и жалбите на всеки гражданин;
- Служителите отговарят на въпроси на гражданите, в рамките на своите правомощия и компетентност и при необходимост ги пренасочват към служители, притежаващи по – висока компетентност.

II. ИНФОРМАЦИЯ ЗА КЛИЕНТИТЕ

- Предоставяне на ясна, лесно разбираема, пълна и точна информация на гражданите и точно идентифициране на техните проблеми;
- Използване на всички възможни канали за предоставяне на информация – информационни табла, брошури, медии, Интернет – пространство, телефони;
- Използване на опростени и достъпни формуляри за заявяване на услугите;
- Прилагане на опростени и оптимизирани процедури, съответстващи на потребностите на гражданите.

III. КОМУНИКАЦИЯ С КЛИЕНТИТЕ

- Представяне на служителите при осъществяване на пряк контакт с гражданите;
- Предоставяне на професионални и квалифицирани консултации и пояснение за реда и условията по осигуряване на услугите, които напълно съответстват на законовите норми;
- Постоянен стремеж за предоставяне на достатъчна за гражданите информация и указания - още при първия контакт с потребителите на услуги, с оглед своевременното предотвратяване на неточности и несъответствия;
- Избягване на конфликтни ситуации, а при наличие на такива – запазване на спокойствие и прилагане на различни комуникационни умения за преодоляването им.

IV. СПАЗВАНЕ НА СРОКОВЕ

- Изпълнение на заявените услуги в нормативно установените срокове, ако необходимите предпоставки, факти и обстоятелства са налице;
- Своевременно уведомяваме на потребителите на услуги, ако е наложително срокът за изпълнение да бъде удължен, защото административния процес го налага по независещи от администрацията причини.

V. МЕХАНИЗМИ ЗА ОБРАТНА ВРЪЗКА

- Поддържане на постоянна обратна връзка с гражданите за измерване степента на тяхната удовлетвореност от качеството на обслужването;
- Иницииране на съответстващи действия на администрацията за регулиране на процесите по предоставяне на услуги, в отговор на отговорни и целесъобразни предложения на гражданите.

VI. ОТГОВОРНОСТ И ОТЧЕТНОСТ

- Ефективно управление на ресурсите, по начин максимално полезен на местната общност като цяло;
- Поемане на публична отговорност за работата на администрацията според приетите и огласени стандарти на обслужване;
- Постоянна ангажираност на ръководния екип на общината за изпълнение на стандартите за обслужване;
- Периодично измерване и публикуване на удовлетвореността на потребителите на услуги;
- Регулярно отчитане и запознаване на всички заинтересовани страни за постигнатите резултати, спрямо заложените цели и показатели.
"""

BODY_EN = """\
I. ATTITUDE TOWARDS CLIENTS

- Equal access to services and equal treatment of all citizens, whatever their needs, social status, education, age, gender, ethnic origin or religion.
- Courteous and responsive treatment of every citizen.
- Confidentiality of every citizen's inquiries, requests and complaints.
- Staff answer citizens' questions within their powers and competence, and when needed redirect them to staff of higher competence.

II. INFORMATION FOR CLIENTS

- Clear, easy to understand, complete and accurate information, and precise identification of the citizen's problem.
- Every possible information channel: notice boards, brochures, media, the Internet, telephone.
- Simplified, accessible forms for requesting services.
- Simplified, optimised procedures that fit citizens' needs.

III. COMMUNICATION WITH CLIENTS

- Staff introduce themselves in direct contact with citizens.
- Professional, qualified advice and explanation of the terms and conditions of the services, fully in line with the law.
- Enough information and guidance at the very first contact, to prevent mistakes and mismatches early.
- Avoid conflicts; where one arises, stay calm and use communication skills to resolve it.

IV. KEEPING DEADLINES

- Services are delivered within the statutory deadlines, where the required preconditions, facts and circumstances are present.
- Citizens are told in good time when the deadline has to be extended because the administrative process requires it for reasons beyond the administration's control.

V. FEEDBACK MECHANISMS

- Constant feedback from citizens to measure how satisfied they are with the quality of service.
- The administration acts on responsible and reasonable suggestions from citizens to adjust how services are delivered.

VI. RESPONSIBILITY AND ACCOUNTABILITY

- Efficient management of resources, as useful as possible to the local community.
- Public responsibility for the administration's work against the adopted, published standards.
- Constant commitment of the municipality's leadership to the standards.
- Periodic measurement and publication of users' satisfaction.
- Regular reporting to all stakeholders of the results achieved against the set goals and indicators.
"""


def seed(apps, schema_editor):
    StandardsVersion = apps.get_model("standards", "StandardsVersion")
    StandardsVersion.objects.get_or_create(
        number=1,
        defaults={
            "title_bg": TITLE_BG,
            "title_en": TITLE_EN,
            "body_bg": BODY_BG,
            "body_en": BODY_EN,
            "effective_on": datetime.date(2026, 1, 1),
            "note": "Първа публикувана версия / First published version",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("standards", "StandardsVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_reports_and_standards")]

    operations = [migrations.RunPython(seed, unseed)]
