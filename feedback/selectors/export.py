"""A citizen's complaints, signals and proposals, for a data-subject access request.

Complaint officers only (`complaint_list_for` decides, as for the case pages). Contact
details are encrypted at rest, so the filer's address cannot be matched by the
database: each case in the officer's reach is decrypted and its address keyed with
`requests_app.emails.email_key`, a batch at a time.
"""

from collections.abc import Callable, Iterator

from feedback.models import Complaint, ComplaintAttachment
from feedback.selectors.complaints import complaint_list_for
from feedback.selectors.roles import Viewer
from requests_app.emails import email_key
from requests_app.selectors.export import ExportFile, ExportPart
from requests_app.uploads import download_name

BATCH = 500


def complaints_for_citizen(*, viewer: Viewer, key: str) -> list[Complaint]:
    """Return the complaints in the viewer's reach filed with the e-mail key `key`."""
    if not key:
        return []
    reach = complaint_list_for(viewer=viewer).select_related(None)
    reach = reach.only("pk", "contact_email")
    matched = [
        complaint.pk
        for complaint in reach.order_by("pk").iterator(chunk_size=BATCH)
        if email_key(complaint.contact_email) == key
    ]
    return list(
        complaint_list_for(viewer=viewer)
        .filter(pk__in=matched)
        .prefetch_related("messages")
        .order_by("submitted_at", "pk")
    )


def _content(attachment_id: int) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        content = ComplaintAttachment.objects.values_list("content", flat=True)
        yield bytes(content.get(pk=attachment_id))

    return chunks


def complaint_export_part(*, viewer: Viewer, key: str) -> ExportPart:
    """Return a citizen's complaints: texts, contacts, exchange, answer and files."""
    part = ExportPart(name="complaints")
    for complaint in complaints_for_citizen(viewer=viewer, key=key):
        files = []
        attachments = complaint.attachments.defer("content").order_by("pk")
        for index, attachment in enumerate(attachments, start=1):
            name = download_name(attachment.name, attachment.content_type)
            path = f"complaints/{complaint.pk}/{index}-{name}"
            files.append(
                {
                    "name": name,
                    "type": attachment.content_type,
                    "size": attachment.size,
                    "path": path,
                }
            )
            part.files.append(ExportFile(path, _content(attachment.pk)))
        part.records.append(
            {
                "number": complaint.pk,
                "kind": str(complaint.kind),
                "status": complaint.get_status_display(),
                "about_request": str(complaint.request or ""),
                "text": complaint.body,
                "name": complaint.contact_name,
                "email": complaint.contact_email,
                "phone": complaint.contact_phone,
                "postal_address": complaint.contact_address,
                "filed_at": complaint.submitted_at,
                "received_on": complaint.received_on,
                "acknowledged_on": complaint.acknowledged_on,
                "answered_on": complaint.decided_on,
                "answer": complaint.answer,
                "closed_at": complaint.closed_at,
                "anonymised_at": complaint.anonymised_at,
                "messages": [
                    {
                        "at": message.created_at,
                        "from": message.get_author_display(),
                        "text": message.text,
                    }
                    for message in complaint.messages.all()
                ],
                "files": files,
            }
        )
        part.exported.append(complaint)
    return part
