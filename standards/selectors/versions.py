"""The published Service Standards: the version in force and the earlier ones."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from standards.models import StandardsVersion
from standards.text import Block, text_blocks


def standards_current(*, today: date | None = None) -> StandardsVersion | None:
    """Return the version in force today (the latest effective one)."""
    today = today or timezone.localdate()
    return StandardsVersion.objects.filter(effective_on__lte=today).first()


def standards_versions(*, today: date | None = None) -> QuerySet[StandardsVersion]:
    """Return every version that has taken effect, newest first."""
    today = today or timezone.localdate()
    return StandardsVersion.objects.filter(effective_on__lte=today)


@dataclass(frozen=True)
class StandardsText:
    version: StandardsVersion
    title: str
    blocks: list[Block]


def standards_text(version: StandardsVersion) -> StandardsText:
    """Return the title and blocks of a version in the active language."""
    if (get_language() or "bg").startswith("en"):
        title, body = version.title_en, version.body_en
    else:
        title, body = version.title_bg, version.body_bg
    return StandardsText(version=version, title=title, blocks=text_blocks(body))
