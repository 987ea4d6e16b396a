"""Editors and Moderators may curate collections (film/roles.py MODEL_PERMISSIONS)."""

from django.db import migrations

from film.roles import set_up_groups


def forwards(apps, schema_editor):
    set_up_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("film", "0008_broadcast_moments")]

    # Reversing keeps the permissions: people may depend on them by then.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
