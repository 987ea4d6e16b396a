import shutil
import time
from datetime import timedelta
from pathlib import Path

from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.models import PageCreation

# Long enough for anyone to read what a worker did; a create form's key is only needed while
# its first saves race (core/editing.py), seconds after the form opens.
TASK_RESULT_DAYS = 1
FAILED_TASK_RESULT_DAYS = 7
CREATE_KEY_DAYS = 7
# A catalogue upload waits for its dry run to be confirmed (film/admin/importing.py); a day later
# nobody is coming back for it.
IMPORT_UPLOAD_DAYS = 1


class Command(BaseCommand):
    help = (
        "Forget what the site no longer needs: finished rendition tasks (after a day; failed ones "
        "after a week), the one-off keys of page create forms (after a week) and film imports "
        "uploaded but never confirmed (after a day). "
        "scripts/publish-scheduled.sh runs it every hour."
    )

    def handle(self, *args, **options):
        if isinstance(task_backends["renditions"], DatabaseBackend):  # not when drawn at once
            call_command(
                "prune_db_task_results",
                *("--backend", "renditions", "--queue-name", "*"),
                *("--min-age-days", str(TASK_RESULT_DAYS)),
                *("--failed-min-age-days", str(FAILED_TASK_RESULT_DAYS)),
                verbosity=0,
            )
        keys, _ = PageCreation.objects.filter(
            created_at__lt=timezone.now() - timedelta(days=CREATE_KEY_DAYS)
        ).delete()
        uploads = self.forget_unconfirmed_imports()
        if options["verbosity"]:
            self.stdout.write(
                f"Forgot old rendition task results, {keys} page create keys "
                f"and {uploads} unconfirmed imports."
            )

    def forget_unconfirmed_imports(self) -> int:
        root = Path(settings.FILM_IMPORT_ROOT)
        if not root.is_dir():
            return 0
        cutoff = time.time() - IMPORT_UPLOAD_DAYS * 86400
        old = [folder for folder in root.iterdir() if folder.stat().st_mtime < cutoff]
        for folder in old:
            shutil.rmtree(folder, ignore_errors=True)
        return len(old)
