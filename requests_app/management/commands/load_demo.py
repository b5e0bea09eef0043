"""`manage.py load_demo [--force-accounts]`: demo catalogue and demo staff logins."""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from requests_app.demo.casework import casework_demo_load
from requests_app.demo.catalogue import DEMO_PASSWORD
from requests_app.demo.loader import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo catalogue (departments, services, variants, questions, calendar "
        "days) and, when DJANGO_DEMO_ACCOUNTS is on, the demo staff. Safe to run twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force-accounts",
            action="store_true",
            help="Create the demo staff even when DJANGO_DEMO_ACCOUNTS is off.",
        )

    def handle(self, *args, force_accounts: bool = False, **options) -> None:
        with_accounts = bool(settings.DEMO_ACCOUNTS or force_accounts)
        result = demo_load(with_accounts=with_accounts)
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
