"""Every write of requests_app, one module per concern.

The services other apps call are re-exported here; the clerk's case actions are in
`requests_app.services.casework`, the deadline alerts in `.alerts`.
"""

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
