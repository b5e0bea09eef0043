"""Notices about complaints, to the filer and to the officers, through the outbox.

They are never linked to the request a complaint is about: the clerk of that case must
not see them in its history. Officers are told in their own language; the clerk a
complaint names is never told.
"""

from typing import Any

from feedback.links import complaint_staff_url, follow_up_url
from feedback.models import Complaint
from feedback.selectors.complaints import complaint_officers_for
from requests_app.models import Notice
from requests_app.services import notice_create


def filer_notify(
    *,
    complaint: Complaint,
    kind: str,
    template: str,
    dedupe_key: str,
    attachment: tuple[str, bytes, str] | None = None,
    **context: Any,
) -> Notice | None:
    """Write a notice to the filer in the language of the filing, if reachable."""
    return notice_create(
        kind=kind,
        recipient=complaint.contact_email,
        language=complaint.language,
        template=template,
        context={
            "complaint": complaint,
            "follow_up_url": follow_up_url(complaint.language),
            **context,
        },
        dedupe_key=dedupe_key,
        attachment=attachment,
    )


def officers_notify(
    *, complaint: Complaint, kind: str, template: str, dedupe_key: str, **context: Any
) -> int:
    """Write a notice to each officer who may see the case, with a link to it.

    Each officer's key is `dedupe_key` followed by the officer's id, so a second call
    writes nothing. Return how many notices were written.
    """
    written = 0
    for officer in complaint_officers_for(complaint=complaint):
        notice = notice_create(
            kind=kind,
            recipient=officer.email,
            language=officer.language,
            template=template,
            context={
                "complaint": complaint,
                "url": complaint_staff_url(complaint.pk, officer.language),
                **context,
            },
            dedupe_key=f"{dedupe_key}:{officer.pk}",
        )
        written += notice is not None
    return written
