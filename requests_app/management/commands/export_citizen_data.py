"""`manage.py export_citizen_data --email ADDRESS --by USERNAME --output FILE.zip`.

The staff page's data-subject access export, from the shell: everything `--by` (a
department head, a complaint officer) may export about the citizen with that e-mail
address, written to a ZIP file and audited in their name.
"""

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from requests_app.models import User
from requests_app.services.export import (
    ExportNotAllowed,
    citizen_export,
)


class Command(BaseCommand):
    help = (
        "Export everything a member of staff may export about one citizen (found by "
        "e-mail address) to a ZIP file; audited in their name."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help="The citizen's address.")
        parser.add_argument(
            "--by",
            required=True,
            help="Username of the department head or complaint officer exporting.",
        )
        parser.add_argument("--output", required=True, help="The ZIP file to write.")

    def handle(self, *args, email: str, by: str, output: str, **options) -> None:
        viewer = User.objects.filter(username=by, is_active=True).first()
        if viewer is None:
            raise CommandError(f"No active member of staff is called {by!r}.")
        target = Path(output)
        if target.exists():
            raise CommandError(f"{target} exists already: choose another file.")
        try:
            export = citizen_export(viewer=viewer, email=email)
        except ExportNotAllowed:
            raise CommandError(f"{by} may not export citizens' data.") from None
        with export.archive as archive, target.open("xb") as written:
            shutil.copyfileobj(archive, written)
        counts = ", ".join(f"{n} {name}" for name, n in export.counts.items())
        self.stdout.write(f"Written {target}: {counts}.")
