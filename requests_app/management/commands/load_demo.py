"""`manage.py load_demo [--force-accounts] [--history]`: the demo municipality.

The catalogue, the demo staff logins, a few hand-made cases and, on request (with the
staff), a year of made-up history so that every figure, report and dashboard has data.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from requests_app.demo.casework import casework_demo_load
from requests_app.demo.catalogue import DEMO_PASSWORD
from requests_app.demo.history import history_demo_load
from requests_app.demo.loader import demo_load
from requests_app.services.figures import figures_rebuild


class Command(BaseCommand):
    help = (
        "Load the demo catalogue (departments, services, variants, questions, calendar "
        "days) and, when DJANGO_DEMO_ACCOUNTS is on, the demo staff; with --history, "
        "a year of made-up requests, complaints and survey answers. Safe to run twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force-accounts",
            action="store_true",
            help="Create the demo staff even when DJANGO_DEMO_ACCOUNTS is off.",
        )
        parser.add_argument(
            "--history",
            action="store_true",
            help="Also write a year of made-up requests, complaints and survey answers "
            "(needs the demo staff; `make run` asks for it).",
        )

    def handle(
        self, *args, force_accounts: bool = False, history: bool = False, **options
    ) -> None:
        with_accounts = bool(settings.DEMO_ACCOUNTS or force_accounts)
        result = demo_load(with_accounts=with_accounts)
        # A year of requests (once, before the demo cases: registry numbers follow
        # the filing dates), so that every figure and report has data at once.
        if history:
            added = history_demo_load()
            self.stdout.write(f"Demo history: {added} new requests over the last year.")
        # Back office: extension reasons, and demo cases once the demo staff exist.
        casework = casework_demo_load()
        self.stdout.write(
            f"Casework demo: {casework.reasons} extension reasons, "
            f"{casework.cases} new demo cases."
        )
        # Other apps' demo data, in INSTALLED_APPS order (feedback, then standards).
        for config in apps.get_app_configs():
            loader = getattr(config, "demo_loader", None)
            if loader:
                import_string(loader)()
                self.stdout.write(f"Demo data of {config.label} loaded.")
        # The rows above were written in bulk: store the daily figures afresh.
        figures_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {result.departments} departments, {result.services} "
                f"services, {result.variants} variants, {result.questions} questions, "
                f"{result.calendar_days} calendar days."
            )
        )
        if not with_accounts:
            self.stdout.write(
                "Demo staff accounts were not created (DJANGO_DEMO_ACCOUNTS is off); "
                "use --force-accounts to create them."
            )
            return
        self.stdout.write(f"Demo staff logins (password for all: {DEMO_PASSWORD}):")
        for user, role in result.accounts:
            self.stdout.write(
                f"  {user.username:<8} {role:<18} {user.get_full_name()}"
                f" — {user.position_en}"
            )
