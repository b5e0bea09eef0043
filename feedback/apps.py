from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")
    # Called by `manage.py load_demo` after the catalogue demo (requests_app imports
    # no other app: it finds the loaders through the app registry).
    demo_loader = "feedback.demo.load_feedback_demo"
    # Run by `manage.py apply_retention` after the requests' step, in this order.
    retention_steps = (
        "feedback.services.retention.complaints_retention_apply",
        "feedback.services.retention.surveys_retention_apply",
        "feedback.services.retention.suggestions_retention_apply",
    )
    # The parts of a citizen's data export (`requests_app.services.export`).
    citizen_export_sources = ("feedback.services.export.COMPLAINT_EXPORT",)
    # Who sees the letters about complaints and suggestions in the letters batch
    # (`requests_app.selectors.letters`).
    letter_reach = "feedback.selectors.letters.feedback_letter_reach"

    def ready(self) -> None:
        from feedback.receivers import request_closed_invite
        from requests_app.signals import request_status_changed

        request_status_changed.connect(
            request_closed_invite, dispatch_uid="feedback.request_closed_invite"
        )
