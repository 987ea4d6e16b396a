"""The rendition queue as the worker sees it: what is waiting, and running it once."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from core.renditions import BACKEND


def queued() -> set[tuple[int, str]]:
    """Every (image id, role) waiting for the rendition worker."""
    waiting = DBTaskResult.objects.ready().filter(backend_name=BACKEND)
    return {(image_id, role) for result in waiting for image_id, role in result.args_kwargs["args"][0]}


def drain() -> int:
    """Run every waiting task through the worker's own code, as `db_worker --batch` does.

    The worker's claiming transaction is left out: SQLite cannot begin one inside the test's.
    """
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().filter(backend_name=BACKEND).get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
