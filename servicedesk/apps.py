from django.apps import AppConfig


class ServicedeskConfig(AppConfig):
    """The project's wiring as an app, so that its system checks are registered."""

    name = "servicedesk"
    verbose_name = "Service desk"

    def ready(self) -> None:
        from servicedesk import checks  # noqa: F401 -- registers the checks
