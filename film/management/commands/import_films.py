"""manage.py import_films FILE: the back catalogue from CSV or JSON (docs/import.md)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from film.importing import REFUSED, Importer, Refused, SourceError, read_rows


class Command(BaseCommand):
    help = (
        "Import films from a CSV or JSON file. A dry run unless --commit: every row is checked and "
        "reported (created, updated, unchanged, refused), nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A .csv or .json file; image paths are relative to it.")
        parser.add_argument(
            "--commit", action="store_true", help="Save the rows that pass (each row on its own)."
        )
        parser.add_argument("--publish", action="store_true", help="Publish the films created or updated.")
        parser.add_argument("--user", help="The username the revisions are saved as (default: none).")

    def handle(self, *args, file: Path, commit: bool, publish: bool, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"There is no user {user}.")
        try:
            rows = read_rows(file.name, file.read_bytes())
            report = Importer(commit=commit, publish=publish, user=author, base_dir=file.parent).run(rows)
        except (SourceError, Refused) as error:
            raise CommandError(str(error)) from error
        for row in report.rows:
            style = self.style.ERROR if row.outcome == REFUSED else (lambda text: text)
            self.stdout.write(style(f"{row.place}: {row.outcome} {row.legacy_id} {row.title}".rstrip()))
            for message in row.messages:
                self.stdout.write(self.style.ERROR(f"    {message}"))
            for note in row.notes:
                self.stdout.write(self.style.WARNING(f"    {note}"))
        self.stdout.write(report.summary())
        if not commit:
            self.stdout.write("Run again with --commit to save.")
