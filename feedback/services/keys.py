"""Rotation of the encryption key of confidential feedback."""

from django.db import transaction

from feedback.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintMessage,
    Suggestion,
    SurveyResponse,
)
from requests_app.fields import EncryptedBinaryField, EncryptedTextField
from requests_app.models import CitizenRequest, Notice


def feedback_keys_rotate(*, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted value with the first configured key.

    Loading decrypts with any configured key; saving encrypts with the first. Each
    batch commits on its own, so a long rotation can be stopped and run again.
    """
    counts: dict[str, int] = {}
    for model in (
        Complaint,
        ComplaintMessage,
        ComplaintAttachment,
        SurveyResponse,
        Suggestion,
        Notice,
        CitizenRequest,  # the tracking token
    ):
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField | EncryptedBinaryField)
        ]
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch_size):
            with transaction.atomic():
                rows = model.objects.select_for_update().filter(
                    pk__in=pks[start : start + batch_size]
                )
                for row in rows:
                    row.save(update_fields=names)
        counts[model._meta.label] = len(pks)
    return counts
