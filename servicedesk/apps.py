from django.apps import AppConfig
from django.db import connections
from django.db.backends.signals import connection_created


class ServicedeskConfig(AppConfig):
    """The project's wiring as an app, so that its system checks are registered."""

    name = "servicedesk"
    verbose_name = "Service desk"

    def ready(self) -> None:
        from servicedesk import checks  # noqa: F401 -- registers the checks
        from servicedesk.sqlite import folded_lookups_register, sqlite_functions_install

        # On SQLite the lookups that ignore case ignore it in Cyrillic too (sqlite.py).
        folded_lookups_register()
        connection_created.connect(
            sqlite_functions_install, dispatch_uid="servicedesk.sqlite_functions"
        )
        for opened in connections.all(initialized_only=True):
            if opened.connection is not None:  # opened before this app was ready
                sqlite_functions_install(sender=type(opened), connection=opened)
