"""The tuning of Wagtail's database search index that search/migrations applies, and a test of it.

Without it search still answers, only worse, so nothing would notice it missing: on SQLite
"farmer" no longer finds "farmers" (no Porter stemmer) and a search of 10,000 films takes 2 s
instead of 2 ms (no planner statistics); on PostgreSQL every search reads every film's vectors
(no GIN index). `problems()` says which part is missing; search/checks.py reports it.
"""

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from . import configured

TABLE = "wagtailsearch_indexentry"
FTS_TABLE = f"{TABLE}_fts"
FTS_COLUMNS = "autocomplete, body, title"
# Porter stemming over unicode61 with accent folding (search/migrations/0001).
STEMMING = "tokenize = 'porter unicode61 remove_diacritics 2'"
# sqlite_stat1 rows for the index entry table's indexes, by the columns they index (0002): about
# 10,000 entries per content type, one per content type and object.
PLANNER_STATISTICS = {
    ("content_type_id",): "100000 10000",
    ("content_type_id", "object_id"): "100000 10000 1",
}
# The expression PostgreSQL's backend filters on, indexed (0001).
PG_INDEX = "search_indexentry_title_body_gin"
PG_SEARCH_CONFIG = "english"
LAST_MIGRATION = ("search", "0002_sqlite_planner_statistics")


def indexes_by_columns(cursor) -> dict[tuple[str, ...], str]:
    """The index entry table's indexes, name by indexed columns (names are hash-suffixed by Django)."""
    constraints = connection.introspection.get_constraints(cursor, TABLE)
    return {tuple(info["columns"]): name for name, info in constraints.items() if info["index"]}


def applied() -> bool:
    return LAST_MIGRATION in MigrationRecorder(connection).applied_migrations()


def problems() -> list[tuple[str, str]]:
    """(id, message) for each part of the tuning that is not in place; empty when all is."""
    kind = configured()
    if kind == "cluster" or not applied():
        # A search cluster does its own analysis; before `migrate`, Django says what to run.
        return []
    with connection.cursor() as cursor:
        return _sqlite_problems(cursor) if kind == "sqlite" else _postgres_problems(cursor)


def _sqlite_problems(cursor) -> list[tuple[str, str]]:
    found = []
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
    row = cursor.fetchone()
    if row is None or STEMMING not in row[0]:
        found.append(("search.E001", f"{FTS_TABLE} is not built with the Porter stemmer ({STEMMING})."))
    with_statistics = set()
    if _has_stat1(cursor):
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = %s", [TABLE])
        with_statistics = {idx for (idx,) in cursor.fetchall()}
    indexes = indexes_by_columns(cursor)
    for columns in PLANNER_STATISTICS:
        name = indexes.get(columns)
        if name not in with_statistics:
            found.append(
                (
                    "search.E002",
                    f"No planner statistics for the index on {TABLE}({', '.join(columns)})"
                    + ("" if name else ", which does not exist")
                    + ": SQLite would run the full text match once per index entry.",
                )
            )
    return found


def _has_stat1(cursor) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    return cursor.fetchone() is not None


def _postgres_problems(cursor) -> list[tuple[str, str]]:
    found = []
    if PG_INDEX not in connection.introspection.get_constraints(cursor, TABLE):
        found.append(("search.E003", f"The GIN index {PG_INDEX} on {TABLE} (title || body) is missing."))
    search_config = settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG")
    if search_config != PG_SEARCH_CONFIG:
        found.append(
            (
                "search.E004",
                f"WAGTAILSEARCH_BACKENDS['default']['SEARCH_CONFIG'] is {search_config!r}, not "
                f"{PG_SEARCH_CONFIG!r}: words would not be stemmed as on SQLite.",
            )
        )
    return found
