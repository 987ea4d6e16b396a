"""Editors and Moderators groups, their permissions, and the "Film review" workflow (see film/roles.py)."""

from django.db import migrations

from film.roles import set_up_film_index, set_up_groups


def forwards(apps, schema_editor):
    set_up_groups(apps)
    FilmIndexPage = apps.get_model("film", "FilmIndexPage")
    for index_id in FilmIndexPage.objects.values_list("pk", flat=True):
        set_up_film_index(apps, index_id)


class Migration(migrations.Migration):
    dependencies = [
        ("film", "0002_editor_help_texts_and_one_row_per_partner"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    # Reversing keeps the groups and workflow: people and pages may depend on them by then.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
