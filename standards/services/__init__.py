"""Every write of standards: reports and comments, targets."""

from standards.services.reports import (
    REPORT_CLAIM_STALE_AFTER,
    REPORT_FAILURES,
    REPORT_WAITING_RESTART_AFTER,
    ReportNotReady,
    ReportProvisional,
    comment_add,
    report_claim_is_fresh,
    report_documents,
    report_generate,
    report_publish,
    report_request,
    report_schedule,
    report_sweep,
    report_withdraw,
)
from standards.services.targets import (
    TARGET_BOUNDS,
    TARGET_ERRORS,
    target_create,
    target_delete,
    target_update,
)

__all__ = [
    "REPORT_CLAIM_STALE_AFTER",
    "REPORT_FAILURES",
    "REPORT_WAITING_RESTART_AFTER",
    "TARGET_BOUNDS",
    "TARGET_ERRORS",
    "ReportNotReady",
    "ReportProvisional",
    "comment_add",
    "report_claim_is_fresh",
    "report_documents",
    "report_generate",
    "report_publish",
    "report_request",
    "report_schedule",
    "report_sweep",
    "report_withdraw",
    "target_create",
    "target_delete",
    "target_update",
]
