from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = "Bring back a site saved by `backup` into an empty database (migrated first if needed)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything in a database that already holds a site before restoring.",
        )

    def handle(self, *args, path: Path, replace: bool, **options):
        try:
            report = restore_backup(path, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in report.missing_files:
            self.stderr.write(self.style.WARNING(f"Was missing when the backup was made: {name}"))
        self.stdout.write(
            self.style.SUCCESS(f"Restored {report.objects} objects and {report.files} files from {path}.")
        )
