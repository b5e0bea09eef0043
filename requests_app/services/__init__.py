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
