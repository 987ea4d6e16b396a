"""The database schema the code expects is the one its migrations build."""

import io

import pytest

from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    output = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit:  # raised by --check when a migration is missing
        pytest.fail(f"Models have changes without a migration:\n{output.getvalue()}")
