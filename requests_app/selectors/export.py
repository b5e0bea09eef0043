"""What is held about one citizen, for a data-subject access request (GDPR art. 15).

A citizen is found by the key of their e-mail address (`requests_app.emails.email_key`),
never by a case-insensitive match. Each kind of record is a source with its own reach:
department heads export the requests of their own departments (this module); complaint
officers the complaints (the feedback app's source, named in its AppConfig's
`citizen_export_sources`: requests_app imports no other app). Managers and
administrators export nothing: they do not handle citizens' cases.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Prefetch, QuerySet

from requests_app.fields import file_decrypt_chunks
from requests_app.models import Attachment, CitizenRequest, RequestEvent, User
from requests_app.roles import Role
from requests_app.selectors.reach import viewer_handles_requests
from requests_app.uploads import download_name

Viewer = User | AnonymousUser


@dataclass(frozen=True)
class ExportFile:
    path: str  # inside the archive
    chunks: Callable[[], Iterator[bytes]]  # the plain content, read when written


@dataclass(frozen=True)
class ExportPart:
    name: str  # "requests", "complaints": the key in data.json
    records: list[dict[str, Any]] = field(default_factory=list)
    files: list[ExportFile] = field(default_factory=list)
    exported: list[Model] = field(default_factory=list)  # for the audit


class ExportSource(Protocol):
    """One kind of record in a citizen's export, with who may export it.

    `collect` only reads; `record` audits the export of what `collect` returned (the
    service calls it inside the exporting transaction).
    """

    def allowed(self, viewer: Viewer) -> bool: ...

    def collect(self, *, viewer: Viewer, key: str) -> ExportPart: ...

    def record(self, *, viewer: User, part: ExportPart) -> None: ...


# --- Requests ------------------------------------------------------------------------


def can_export_requests(viewer: Viewer) -> bool:
    """Return whether the viewer is a department head who handles requests."""
    if not viewer_handles_requests(viewer):
        return False
    assert isinstance(viewer, User)
    return viewer.groups.filter(name=Role.HEAD).exists()


def export_requests_for(*, viewer: Viewer, key: str) -> QuerySet[CitizenRequest]:
    """Return the requests filed with the e-mail key `key` in the head's departments."""
    if not key or not can_export_requests(viewer):
        return CitizenRequest.objects.none()
    assert isinstance(viewer, User)
    return (
        CitizenRequest.objects.filter(
            department__in=viewer.departments.values("pk"), citizen_email_key=key
        )
        .select_related("service", "variant", "department")
        .prefetch_related(
            "answers__question",
            # Only what the citizen sees on the tracking page: no internal notes.
            Prefetch(
                "events",
                queryset=RequestEvent.objects.filter(is_public=True).order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch(
                "attachments", queryset=Attachment.objects.order_by("created_at", "pk")
            ),
        )
        .order_by("submitted_at", "pk")
    )


def archive_folder(text: str) -> str:
    """Return `text` as a safe folder name in an archive (registry numbers hold /)."""
    return re.sub(r"[^\w.-]+", "_", text).strip("._") or "_"


def _attachment_chunks(attachment: Attachment) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        storage, name = attachment.file.storage, attachment.file.name
        assert name is not None  # files missing from the storage are left out
        return file_decrypt_chunks(storage.open(name, "rb"))

    return chunks


def request_export_part(*, viewer: Viewer, key: str) -> ExportPart:
    """Return a citizen's requests in reach: data, answers, public timeline, files."""
    part = ExportPart(name="requests")
    for citizen_request in export_requests_for(viewer=viewer, key=key):
        folder = f"requests/{archive_folder(citizen_request.registry_number)}"
        files = []
        attachments = citizen_request.attachments.all()
        for index, attachment in enumerate(attachments, start=1):
            name = download_name(attachment.original_name, attachment.content_type)
            stored_name = attachment.file.name or ""
            stored = bool(stored_name) and attachment.file.storage.exists(stored_name)
            path = f"{folder}/{index}-{name}" if stored else ""
            files.append(
                {
                    "name": name,
                    "type": attachment.content_type,
                    "size": attachment.size,
                    "from_citizen": attachment.is_from_citizen,
                    "added_at": attachment.created_at,
                    "path": path,  # "" when the file is missing from the storage
                }
            )
            if stored:
                part.files.append(ExportFile(path, _attachment_chunks(attachment)))
        part.records.append(
            {
                "registry_number": citizen_request.registry_number,
                "service": str(citizen_request.service),
                "variant": str(citizen_request.variant or ""),
                "department": str(citizen_request.department),
                "channel": citizen_request.get_channel_display(),
                "status": citizen_request.get_status_display(),
                "name": citizen_request.citizen_name,
                "email": citizen_request.citizen_email,
                "phone": citizen_request.citizen_phone,
                "postal_address": citizen_request.citizen_address,
                "language": citizen_request.language,
                "details": citizen_request.details,
                "place": citizen_request.location,
                "latitude": citizen_request.latitude,
                "longitude": citizen_request.longitude,
                "filed_at": citizen_request.submitted_at,
                "received_on": citizen_request.received_on,
                "due_on": citizen_request.due_on,
                "closed_at": citizen_request.closed_at,
                "anonymised_at": citizen_request.anonymised_at,
                "answers": [
                    {"question": str(answer.question), "answer": answer.value}
                    for answer in citizen_request.answers.all()
                ],
                "timeline": [
                    {
                        "at": event.created_at,
                        "kind": event.get_kind_display(),
                        "from_status": event.get_from_status_display(),
                        "to_status": event.get_to_status_display(),
                        "text": event.text,
                    }
                    for event in citizen_request.events.all()  # public ones only
                ],
                "files": files,
            }
        )
        part.exported.append(citizen_request)
    return part
