from datetime import timedelta

from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.models import PageCreation

# Long enough for anyone to read what a worker did; a create form's key is only needed while
# its first saves race (core/editing.py), seconds after the form opens.
TASK_RESULT_DAYS = 1
FAILED_TASK_RESULT_DAYS = 7
CREATE_KEY_DAYS = 7


class Command(BaseCommand):
    help = (
        "Forget what the site no longer needs: finished rendition tasks (after a day; failed ones "
        "after a week) and the one-off keys of page create forms (after a week). "
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
        if options["verbosity"]:
            self.stdout.write(f"Forgot old rendition task results and {keys} page create keys.")
