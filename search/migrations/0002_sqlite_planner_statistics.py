"""Tell SQLite's query planner that the search index has few content types.

Without statistics (nothing runs ANALYZE on a SQLite site), SQLite guesses that
`content_type_id = ?` picks few index entries and runs the FTS5 MATCH once per entry of that
type: 2 s for a search of 10,000 films instead of 2 ms. These rows describe the two indexes as
ANALYZE would on a large table (about 10,000 entries per content type; one per content type and
object), so the planner matches first. A real ANALYZE later replaces them with measured values,
which lead to the same plan.

The indexes are found by the columns they index, not by their hash-suffixed names; if one is
gone (modelsearch changed its schema), the migration stops rather than silently doing nothing.
"""

from django.db import migrations

# Shared with the system check that says when these statistics are missing (search/checks.py).
from search.backends.tuning import PLANNER_STATISTICS, TABLE, indexes_by_columns


def _indexes(schema_editor) -> dict[tuple[str, ...], str]:
    with schema_editor.connection.cursor() as cursor:
        indexes = indexes_by_columns(cursor)
    missing = [columns for columns in PLANNER_STATISTICS if columns not in indexes]
    if missing:
        raise RuntimeError(
            f"search 0002: {TABLE} has no index on {missing} (it has {sorted(indexes)}); modelsearch "
            "changed its schema: update PLANNER_STATISTICS in search/backends/tuning.py."
        )
    return indexes


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    indexes = _indexes(schema_editor)
    # Creates sqlite_stat1 (if missing) without analysing any table.
    schema_editor.execute("ANALYZE sqlite_master")
    for columns, stat in PLANNER_STATISTICS.items():
        index = indexes[columns]
        schema_editor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx = %s", [TABLE, index])
        schema_editor.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)", [TABLE, index, stat])


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for columns, index in _indexes(schema_editor).items():
            if columns in PLANNER_STATISTICS:
                schema_editor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx = %s", [TABLE, index])


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index_tuning")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
