"""search/backends: the tuning of the search index is checked, and its migrations fail loudly."""

import importlib
from types import SimpleNamespace

import pytest

from django.core import checks
from django.db import connection

from wagtail.search.query import And, Phrase, PlainText

from film.models import FilmPage
from search.backends import configured, ranked_ids, tuning

from .factories import create_film

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's search index tuning")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search index tuning")
planner_statistics = importlib.import_module("search.migrations.0002_sqlite_planner_statistics")


def tuning_errors() -> list[str]:
    """The ids of the errors Django's database checks report for search (as `check --database`)."""
    found = checks.run_checks(databases=["default"], tags=[checks.Tags.database])
    return [message.id for message in found if message.id.startswith("search.")]


def test_the_tuned_index_passes_the_check():
    assert configured() == connection.vendor
    assert tuning_errors() == []


@on_sqlite
def test_an_index_without_the_stemmer_fails_the_check():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {tuning.FTS_TABLE}")
        cursor.execute(f"CREATE VIRTUAL TABLE {tuning.FTS_TABLE} USING fts5({tuning.FTS_COLUMNS})")
    assert tuning_errors() == ["search.E001"]


@on_sqlite
def test_missing_planner_statistics_fail_the_check():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [tuning.TABLE])
    assert tuning_errors() == ["search.E002", "search.E002"]


@on_sqlite
def test_the_planner_statistics_are_found_by_indexed_columns():
    with connection.cursor() as cursor:
        indexes = tuning.indexes_by_columns(cursor)
        cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = %s", [tuning.TABLE])
        stats = dict(cursor.fetchall())
    for columns, stat in tuning.PLANNER_STATISTICS.items():
        assert stats[indexes[columns]] == stat


@on_sqlite
def test_the_planner_statistics_migration_stops_when_an_index_is_gone(monkeypatch):
    # As if modelsearch had dropped or re-keyed one of its indexes: no silent no-op.
    monkeypatch.setitem(tuning.PLANNER_STATISTICS, ("content_type_id", "renamed_column"), "1 1")
    # The migration needs only these two of a schema editor (whose SQLite one refuses to open
    # inside the test's transaction).
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    with pytest.raises(RuntimeError, match="renamed_column"):
        planner_statistics.forwards(None, editor)
    del tuning.PLANNER_STATISTICS[("content_type_id", "renamed_column")]
    planner_statistics.forwards(None, editor)  # the real indexes: found, and their rows rewritten
    test_the_planner_statistics_are_found_by_indexed_columns()


@on_postgres
def test_a_missing_gin_index_fails_the_check():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {tuning.PG_INDEX}")
    assert tuning_errors() == ["search.E003"]


@on_postgres
def test_a_search_configuration_other_than_english_fails_the_check(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    assert tuning_errors() == ["search.E004"]


def test_a_search_cluster_needs_no_database_tuning(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.opensearch3", "URLS": ["http://127.0.0.1:9"]}
    }
    assert configured() == "cluster"
    tuning_part = f"TABLE {tuning.FTS_TABLE}" if connection.vendor == "sqlite" else f"INDEX {tuning.PG_INDEX}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP {tuning_part}")
    assert tuning_errors() == []


# ranked_ids() itself takes any text: FTS5 and tsquery syntax in it are only words

HOSTILE_QUERIES = [
    '"',
    'train"',
    '"train',
    'train "home',
    "NEAR(train",
    "NEAR(train, home)",
    "train*",
    "*",
    "-train",
    "train -home",
    "title:train",
    "{title}:train",
    "train\x00home",
    "\x00",
    "train AND",
    "OR train",
    "NOT",
    "(train",
    "^train",
    "train'",
    "train\\",
    "train%",
    "train + home",
]


@pytest.fixture
def trains(film_index):
    return create_film(film_index, "Last Train Home", synopsis="Migrant workers ride home by train.")


def test_ranked_ids_takes_any_text_as_words(trains):
    films = FilmPage.objects.live()
    assert ranked_ids("train", films) == ranked_ids("trai", films, autocomplete=True) == [trains.pk]

    for text in HOSTILE_QUERIES:
        for autocomplete in (False, True):
            assert ranked_ids(text, films, autocomplete=autocomplete) in ([], [trains.pk]), text
        phrase_and_words = And([PlainText("train", operator="and"), Phrase(text)])
        assert ranked_ids(phrase_and_words, films) in ([], [trains.pk]), text


def test_ranked_ids_finds_the_word_beside_the_syntax(trains):
    films = FilmPage.objects.live()
    for text in ('train"', '"train', 'train "', "train*", "-train", "train\x00", "\x00train", "train%"):
        assert ranked_ids(text, films) == [trains.pk], text
    # A quote inside a phrase is punctuation: the phrase stays one phrase, never two words.
    assert ranked_ids(Phrase('train" home'), films) == [trains.pk]
    assert ranked_ids(Phrase('home" train'), films) == []
    assert ranked_ids(Phrase("home by train"), films) == [trains.pk]
    assert ranked_ids("", films) == ranked_ids(" \x00 ", films) == []


def test_ranked_ids_keeps_the_best_few_in_rank_order(film_index):
    films = [
        create_film(film_index, f"Night Shift {n}", slug=f"night-shift-{n}", synopsis="Work at the harbor.")
        for n in range(4)
    ]
    create_film(film_index, "Quiet Fields", slug="quiet-fields", synopsis="Farms inland.")
    visible = FilmPage.objects.visible()

    for autocomplete, text in ((True, "harb"), (False, "harbor")):
        every = ranked_ids(text, visible, autocomplete=autocomplete)
        assert sorted(every) == sorted(film.pk for film in films)
        assert ranked_ids(text, visible, autocomplete=autocomplete, limit=2) == every[:2]
