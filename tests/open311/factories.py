"""Factories for the open311 models."""

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from open311.models import ApiKey
from open311.services import api_key_secret_set


class ApiKeyFactory(DjangoModelFactory):
    """An issued key; the plain secret is on `.plain` (as the admin shows it once)."""

    class Meta:
        model = ApiKey
        skip_postgeneration_save = True

    class Params:
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))

    client_name = factory.Iterator(["FixMyStreet Примерно", "Граждански сигнали"])
    contact = "open311-client@example.org"
    prefix = ""
    key_hash = factory.Sequence(lambda n: f"placeholder-{n}")

    @factory.post_generation
    def plain(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.plain = api_key_secret_set(api_key=obj)
