"""`manage.py tidy`: what the site keeps only for a while is forgotten, the rest is kept."""

import uuid
from datetime import timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from core.models import PageCreation

pytestmark = pytest.mark.django_db


def task_result(status: str, finished_days_ago: float | None) -> DBTaskResult:
    finished = None if finished_days_ago is None else timezone.now() - timedelta(days=finished_days_ago)
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="core.renditions.draw_renditions",
        backend_name="renditions",
        queue_name="default",
        run_after=timezone.now(),
        finished_at=finished,
        exception_class_path="",
        traceback="",
    )


def test_old_finished_rendition_tasks_are_forgotten_and_waiting_or_recent_ones_kept(rendition_queue):
    old = task_result(TaskResultStatus.SUCCESSFUL, 2)
    recent = task_result(TaskResultStatus.SUCCESSFUL, 0.5)
    failed_this_week = task_result(TaskResultStatus.FAILED, 2)
    failed_long_ago = task_result(TaskResultStatus.FAILED, 8)
    waiting = task_result(TaskResultStatus.READY, None)

    call_command("tidy", verbosity=0)

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, failed_this_week.pk, waiting.pk}
    assert old.pk not in left and failed_long_ago.pk not in left


def test_create_form_keys_are_forgotten_after_a_week():
    user = get_user_model().objects.create_user("editor-tidy", password="x")
    old = PageCreation.objects.create(key=uuid.uuid4(), user=user)
    PageCreation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    fresh = PageCreation.objects.create(key=uuid.uuid4(), user=user)

    call_command("tidy", verbosity=0)

    assert list(PageCreation.objects.values_list("pk", flat=True)) == [fresh.pk]
