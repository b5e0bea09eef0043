"""The complaints' part of a citizen's data export (`requests_app.services.export`).

Named in this app's `AppConfig.citizen_export_sources`. Each complaint exported is
logged in its access log (shown to officers) and in the audit log.
"""

from feedback.models import Complaint, ComplaintAccess
from feedback.selectors.export import complaint_export_part
from feedback.selectors.roles import Viewer, is_complaint_officer
from requests_app.models import User
from requests_app.selectors.export import ExportPart
from requests_app.services import audit_record

EXPORT_ACCESS = "export"  # the access log's entry for a data export


class ComplaintExport:
    """Complaints, signals and proposals: for complaint officers only."""

    def allowed(self, viewer: Viewer) -> bool:
        return is_complaint_officer(viewer)

    def collect(self, *, viewer: Viewer, key: str) -> ExportPart:
        return complaint_export_part(viewer=viewer, key=key)

    def record(self, *, viewer: User, part: ExportPart) -> None:
        for complaint in part.exported:
            assert isinstance(complaint, Complaint)
            ComplaintAccess.objects.create(
                complaint=complaint, officer=viewer, action=EXPORT_ACCESS
            )
            audit_record(actor=viewer, action="complaint.exported", target=complaint)


COMPLAINT_EXPORT = ComplaintExport()
