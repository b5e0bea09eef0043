"""Every write of requests_app: one module per concern, re-exported here."""

from .audit import audit_record
from .outbox import notice_create, notice_send, outbox_sweep
from .submission import registry_number_next, request_submit, tracking_url
from .workflow import request_transition

__all__ = [
    "audit_record",
    "notice_create",
    "notice_send",
    "outbox_sweep",
    "registry_number_next",
    "request_submit",
    "request_transition",
    "tracking_url",
]

# --- Casework (#3) ---
from .alerts import (
    deadline_digests_send,
    overdue_alerts_send,
)
from .casework import (
    request_answer,
    request_assign,
    request_citizen_reply,
    request_close,
    request_extend,
    request_intake,
    request_note_add,
    request_refer,
    request_reject,
    request_suspend,
    request_take,
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
