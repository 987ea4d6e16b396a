# An index on Wagtail's rendition table: /media/images/<name> finds its rendition by file name
# (core/files.py), which would otherwise read every rendition.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_brand_settings"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX strand_rendition_file ON wagtailimages_rendition (file)",
            "DROP INDEX strand_rendition_file",
        ),
    ]
