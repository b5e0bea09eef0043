"""Every write of requests_app: one module per concern, re-exported here."""

from requests_app.services.audit import audit_record
from requests_app.services.outbox import notice_create, notice_send, outbox_sweep
from requests_app.services.submission import registry_number_next, request_submit
from requests_app.services.transition import request_transition

__all__ = [
    "audit_record",
    "notice_create",
    "notice_send",
    "outbox_sweep",
    "registry_number_next",
    "request_submit",
    "request_transition",
]

from requests_app.services.alerts import deadline_digests_send, overdue_alerts_send
from requests_app.services.casework.answers import (
    request_answer,
    request_close,
    request_note_add,
    request_reject,
)
from requests_app.services.casework.assignment import (
    request_assign,
    request_refer,
    request_take,
)
from requests_app.services.casework.extension import request_extend
from requests_app.services.casework.intake import request_intake
from requests_app.services.casework.suspension import (
    request_citizen_reply,
    request_suspend,
)

__all__ += [
    "deadline_digests_send",
    "overdue_alerts_send",
    "request_answer",
    "request_assign",
    "request_citizen_reply",
    "request_close",
    "request_extend",
    "request_intake",
    "request_note_add",
    "request_refer",
    "request_reject",
    "request_suspend",
    "request_take",
]
