from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")
    # Called by `manage.py load_demo` after the catalogue demo (requests_app imports
    # no other app: it finds the loaders through the app registry).
    demo_loader = "feedback.demo.load_feedback_demo"

    def ready(self) -> None:
        from feedback.receivers import request_closed_invite
        from requests_app.signals import request_status_changed

        request_status_changed.connect(
            request_closed_invite, dispatch_uid="feedback.request_closed_invite"
        )
