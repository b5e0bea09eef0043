"""The clerk's actions on a case, one module per kind of action.

Each action locks the row, checks the action registry of `requests_app.workflow` against
the locked row (a forged or stale form changes nothing and gets a clear message), and
writes the timeline and the audit log.
"""

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
from requests_app.services.casework.common import (
    ActionNotAllowed,
    AlreadyTaken,
    ExtensionNotAllowed,
    ReferralNotAllowed,
)
from requests_app.services.casework.extension import request_extend
from requests_app.services.casework.intake import INTAKE_CHANNELS, request_intake
from requests_app.services.casework.suspension import (
    request_citizen_reply,
    request_suspend,
)

__all__ = [
    "INTAKE_CHANNELS",
    "ActionNotAllowed",
    "AlreadyTaken",
    "ExtensionNotAllowed",
    "ReferralNotAllowed",
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
