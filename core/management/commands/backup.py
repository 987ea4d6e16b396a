from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup.archive import write_backup


class Command(BaseCommand):
    help = (
        "Save the whole site (pages and revisions, snippets, images and documents with their files, "
        "users and groups) to one .tar.gz archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Where to write the archive, e.g. backups/strand.tar.gz")

    def handle(self, *args, path: Path, **options):
        report = write_backup(path)
        for name in report.missing_files:
            self.stderr.write(self.style.WARNING(f"Missing from the media storage, not backed up: {name}"))
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {report.objects} objects and {report.files} files to {path}.")
        )
