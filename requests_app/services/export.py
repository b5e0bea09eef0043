"""A citizen's data export (GDPR art. 15): one ZIP with data.json and the files.

Each source (`requests_app.selectors.export.ExportSource`) gives the part the viewer
may export: the requests of a department head's departments here, the complaints for a
complaint officer from the feedback app (named in its AppConfig's
`citizen_export_sources`). Every export is audited, also when it finds nothing: who
looked for whom (the SHA-256 of the address key, never the address) and what left.
"""

import json
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.files.base import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from requests_app.emails import email_key
from requests_app.errors import ServiceError
from requests_app.models import User
from requests_app.selectors.export import (
    ExportPart,
    ExportSource,
    Viewer,
    can_export_requests,
    request_export_part,
)
from requests_app.services.audit import audit_record
from requests_app.tokens import token_hash

# The archive is built in memory up to this size, then in a temporary file.
SPOOL_BYTES = 4 * 1024 * 1024


class ExportNotAllowed(ServiceError):
    code = "export_not_allowed"


class RequestExport:
    """The requests of a department head's departments: data, public timeline, files."""

    def allowed(self, viewer: Viewer) -> bool:
        return can_export_requests(viewer)

    def collect(self, *, viewer: Viewer, key: str) -> ExportPart:
        return request_export_part(viewer=viewer, key=key)

    def record(self, *, viewer: User, part: ExportPart) -> None:
        for citizen_request in part.exported:
            audit_record(
                actor=viewer, action="request.exported", target=citizen_request
            )


REQUEST_EXPORT = RequestExport()


def export_sources() -> list[ExportSource]:
    """Return the sources: the requests first, then the other apps' in app order."""
    sources: list[ExportSource] = [REQUEST_EXPORT]
    for config in apps.get_app_configs():
        for path in getattr(config, "citizen_export_sources", ()):
            sources.append(import_string(path))
    return sources


def citizen_export_allowed(viewer: Viewer) -> bool:
    """Return whether the viewer may export any kind of record about a citizen."""
    return any(source.allowed(viewer) for source in export_sources())


@dataclass(frozen=True)
class CitizenExport:
    archive: File  # the ZIP, read from its start; close it when sent
    filename: str
    counts: dict[str, int]  # records per part ("requests": 2, ...)

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values())


def _archive(parts: Sequence[ExportPart], *, email: str, at: datetime) -> File:
    """Write data.json and every file into a ZIP, one chunk in memory at a time."""
    # Returned open: the response sends and closes it.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    data = {
        "email": email,
        "exported_at": at,
        **{part.name: part.records for part in parts},
    }
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for part in parts:
            for export_file in part.files:
                with archive.open(export_file.path, "w") as target:
                    for chunk in export_file.chunks():
                        target.write(chunk)
    spool.seek(0)
    return File(spool, name="export.zip")


def citizen_export(*, viewer: User, email: str) -> CitizenExport:
    """Export everything the viewer may export about the citizen with `email`.

    Raise ExportNotAllowed when the viewer may export nothing. An address that is no
    e-mail address finds nothing (and is audited like any other search).
    """
    sources = [source for source in export_sources() if source.allowed(viewer)]
    if not sources:
        raise ExportNotAllowed(gettext("You may not export citizens' data."))
    key = email_key(email)
    parts = [source.collect(viewer=viewer, key=key) for source in sources]
    now = timezone.now()
    archive = _archive(parts, email=email.strip(), at=now)
    counts = {part.name: len(part.records) for part in parts}
    with transaction.atomic():
        for source, part in zip(sources, parts, strict=True):
            source.record(viewer=viewer, part=part)
        audit_record(
            actor=viewer,
            action="citizen.exported",
            target=viewer,
            details={"email_key_sha256": token_hash(key), "counts": counts},
        )
    local = timezone.localtime(now)
    return CitizenExport(
        archive=archive,
        filename=f"citizen-data-{local:%Y-%m-%d-%H%M}.zip",
        counts=counts,
    )
