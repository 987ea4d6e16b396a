"""Tune Wagtail's database search index (wagtailsearch_indexentry) for the site search.

* SQLite: rebuild the FTS5 table with the Porter stemmer (and accent folding), so that
  "farmer" finds "farmers" as it does on PostgreSQL's English configuration.
* PostgreSQL: index the expression the search filters on, (title || body); without it every
  search reads and concatenates every film's vectors (see README "Search").
"""

from django.db import migrations

# Shared with the system check that says when this tuning is missing (search/checks.py).
from search.backends.tuning import FTS_COLUMNS, PG_INDEX, STEMMING, TABLE


def _fts_table_exists(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [f"{TABLE}_fts"])
        return cursor.fetchone() is not None


def _rebuild_fts(schema_editor, options: str) -> None:
    schema_editor.execute(f"DROP TABLE {TABLE}_fts")
    schema_editor.execute(f"CREATE VIRTUAL TABLE {TABLE}_fts USING fts5({FTS_COLUMNS}{options})")
    schema_editor.execute(
        f"INSERT INTO {TABLE}_fts (rowid, title, body, autocomplete) "  # noqa: S608 - constants only
        f"SELECT id, title, body, autocomplete FROM {TABLE}"
    )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite" and _fts_table_exists(schema_editor):
        _rebuild_fts(schema_editor, f", {STEMMING}")
    elif vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} USING GIN ((title || body))")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite" and _fts_table_exists(schema_editor):
        _rebuild_fts(schema_editor, "")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
