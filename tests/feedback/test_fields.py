"""Confidential texts are encrypted at rest, and the key can be rotated (#4)."""

import io

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

import pytest
from cryptography.fernet import Fernet

from feedback.models import ComplaintAttachment, ComplaintMessage
from feedback.services.filing import complaint_file

from .factories import ComplaintFactory, ComplaintKindFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

SECRET_BODY = "Кметският служител Петров поиска подкуп от 200 евро."
SECRET_EMAIL = "whistle.blower@example.org"


def _raw(sql: str, pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return cursor.fetchone()


def test_complaint_texts_are_not_stored_in_plain_text():
    """Reading the raw database row finds no plaintext (#4)."""
    complaint, _code = complaint_file(
        kind=ComplaintKindFactory(signal=True),
        body=SECRET_BODY,
        contact_name="Анна Георгиева",
        contact_email=SECRET_EMAIL,
        contact_phone="0888 111 222",
        contact_address="ул. Шипка 5",
    )
    ComplaintMessage.objects.create(
        complaint=complaint, author=ComplaintMessage.Author.FILER, text=SECRET_BODY
    )
    row = _raw(
        "SELECT body, contact_name, contact_email, contact_phone, contact_address "
        "FROM feedback_complaint WHERE id = %s",
        complaint.pk,
    )
    raw = " ".join(row)
    for plain in (SECRET_BODY, "Анна", SECRET_EMAIL, "0888", "Шипка", "подкуп"):
        assert plain not in raw
    assert all(value.startswith("gAAAAA") for value in row)  # Fernet tokens
    (message,) = _raw(
        "SELECT text FROM feedback_complaintmessage WHERE id = %s",
        complaint.messages.get().pk,
    )
    assert "подкуп" not in message
    complaint.refresh_from_db()
    assert complaint.body == SECRET_BODY


def test_attachments_are_encrypted_at_rest():
    complaint = ComplaintFactory()
    attachment = ComplaintAttachment.objects.create(
        complaint=complaint,
        name="снимка.png",
        content_type="image/png",
        size=20,
        content=b"\x89PNG secret picture",
    )
    name, content = _raw(
        "SELECT name, content FROM feedback_complaintattachment WHERE id = %s",
        attachment.pk,
    )
    assert b"secret picture" not in bytes(content)
    assert "снимка" not in name
    attachment.refresh_from_db()
    assert attachment.content == b"\x89PNG secret picture"


def test_rotation_re_encrypts_with_the_new_key(settings):
    """After rotation the old key can be removed and everything still opens (#4)."""
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    complaint = ComplaintFactory(body=SECRET_BODY)
    suggestion = SuggestionFactory(contact_email=SECRET_EMAIL)
    before = _raw("SELECT body FROM feedback_complaint WHERE id = %s", complaint.pk)[0]

    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_feedback_keys", stdout=io.StringIO())

    after = _raw("SELECT body FROM feedback_complaint WHERE id = %s", complaint.pk)[0]
    assert after != before
    assert Fernet(new_key.encode()).decrypt(after.encode()).decode() == SECRET_BODY
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    complaint.refresh_from_db()
    suggestion.refresh_from_db()
    assert (complaint.body, suggestion.contact_email) == (SECRET_BODY, SECRET_EMAIL)


def test_value_under_a_removed_key_fails_loudly(settings):
    complaint = ComplaintFactory()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="cannot be opened"):
        complaint.refresh_from_db()
