"""Factories for the feedback models, with realistic Bulgarian and English data."""

import datetime
import secrets

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from feedback.codes import receipt_hash
from feedback.models import (
    Complaint,
    ComplaintKind,
    Resolved,
    Suggestion,
    SurveyInvitation,
    SurveyResponse,
)
from requests_app.tokens import token_hash
from tests.requests_app.factories import CitizenRequestFactory


class ComplaintKindFactory(DjangoModelFactory):
    """A complaint (may be anonymous, 1 month); traits `signal` (facts age out after
    2 years), `proposal` (its term may be extended to 6 months)."""

    class Meta:
        model = ComplaintKind
        django_get_or_create = ("code",)

    class Params:
        signal = factory.Trait(
            code="signal",
            name_bg="Сигнал",
            name_en="Signal",
            description_bg="злоупотреба, нередност или нарушение на закона",
            description_en="abuse, irregularity or breach of the law",
            is_contact_required=True,
            decide_months=2,
            facts_within_years=2,
            order=2,
        )
        proposal = factory.Trait(
            code="proposal",
            name_bg="Предложение",
            name_en="Proposal",
            description_bg="идея за подобряване на дейността",
            description_en="an idea to improve our work",
            is_contact_required=True,
            decide_months=2,
            extend_to_months=6,
            order=3,
        )

    code = "complaint"
    name_bg = "Жалба"
    name_en = "Complaint"
    description_bg = "недоволство от обслужването"
    description_en = "dissatisfaction with the service"
    legal_basis_bg = "Наредба за административното обслужване"
    legal_basis_en = "Ordinance on administrative services"
    is_contact_required = False
    acknowledge_days = 7
    decide_months = 1
    decide_days = 0
    order = 1


class ComplaintFactory(DjangoModelFactory):
    """A complaint filed today; its receipt code is `code` (not stored)."""

    class Meta:
        model = Complaint
        exclude = ("code",)

    code = factory.Sequence(lambda n: f"AAAA-BBBB-CCCC-{n:04d}")
    kind = factory.SubFactory(ComplaintKindFactory)
    body = "Служителят на гише 3 отказа да приеме заявлението ми без причина."
    contact_name = "Мария Петрова"
    contact_email = factory.Sequence(lambda n: f"filer{n}@example.org")
    receipt_hash = factory.LazyAttribute(lambda o: receipt_hash(o.code))
    received_on = factory.LazyFunction(timezone.localdate)
    acknowledge_due_on = factory.LazyAttribute(
        lambda o: o.received_on + datetime.timedelta(days=7)
    )
    decide_due_on = factory.LazyAttribute(
        lambda o: o.received_on + datetime.timedelta(days=30)
    )


class SurveyInvitationFactory(DjangoModelFactory):
    """An unused invitation; its secret is `token` (only the hash is stored)."""

    class Meta:
        model = SurveyInvitation
        exclude = ("token",)

    class Params:
        expired = factory.Trait(
            expires_at=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(days=1)
            )
        )

    token = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    request = factory.SubFactory(CitizenRequestFactory, closed=True)
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))
    expires_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=30)
    )


class SurveyResponseFactory(DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    source = SurveyResponse.Source.ANYTIME
    courtesy = 5
    clarity = 4
    timeliness = 4
    simplicity = 3
    overall = 4
    resolved = Resolved.YES
    comment = "Бързо и любезно обслужване."
    completed_at = factory.LazyFunction(timezone.now)


class SuggestionFactory(DjangoModelFactory):
    class Meta:
        model = Suggestion

    title = "Онлайн плащане на местни данъци"
    text = "Да може данъкът върху имотите да се плаща с карта на сайта."
    contact_name = "Георги Димитров"
    contact_email = factory.Sequence(lambda n: f"idea{n}@example.org")
