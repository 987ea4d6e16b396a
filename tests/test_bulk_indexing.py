"""Bulk indexing (film/indexing.py) leaves the search index exactly as Wagtail's own indexing does.

`generate_films` and the importer add films with `indexing.add_bulk`, which builds each entry
with the backend's own document builder but writes many at once and computes the title norms
once. Here its entries are compared, column by column (the tsvectors as text on PostgreSQL, the
FTS5 table on SQLite), with what `update_index` and the backend's `add_bulk` write for the same
films, and search finds a generated film by a word of its title and by its filmmaker.
"""

import io

import pytest

from django.core.management import call_command
from django.db import connection

from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from film import indexing
from film.models import FilmPage

from .factories import build_site_tree

pytestmark = pytest.mark.django_db

FILMS = 40


def index_rows() -> list[tuple]:
    """Every index entry's content, by content type and object (not by row id)."""
    if connection.vendor == "postgresql":
        columns = "title::text, autocomplete::text, body::text, title_norm, title_text, body_text"
        sql = f"SELECT content_type_id, object_id, {columns} FROM wagtailsearch_indexentry"
    else:
        # What SQLite searches is the FTS5 table the entry's triggers fill.
        sql = (
            "SELECT e.content_type_id, e.object_id, e.title, e.autocomplete, e.body, e.title_norm,"
            " f.title, f.autocomplete, f.body FROM wagtailsearch_indexentry e"
            " JOIN wagtailsearch_indexentry_fts f ON f.rowid = e.id"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY 1, 2")
        return cursor.fetchall()


@pytest.fixture
def generated():
    build_site_tree()
    # The site's own pages (the root page is created unindexed by a migration) indexed first, so
    # that the index differs from a rebuild only by what generate_films wrote.
    call_command("update_index", stdout=io.StringIO())
    call_command("generate_films", FILMS, stdout=io.StringIO())
    return FilmPage.objects.filter(slug__startswith="generated-").order_by("pk")


def test_generated_films_are_indexed_as_update_index_would_index_them(generated):
    bulk = index_rows()
    assert len(bulk) >= FILMS
    assert {str(pk) for pk in generated.values_list("pk", flat=True)} <= {row[1] for row in bulk}
    assert all(row[5] != 1.0 for row in bulk if row[2])  # the norms were computed

    IndexEntry.objects.all().delete()
    call_command("update_index", stdout=io.StringIO())
    assert index_rows() == bulk


def test_bulk_entries_are_the_backends_own_for_new_and_existing_entries(generated):
    # A film's topics and people come in the order the database returns them (modelsearch
    # prefetches them unordered), so both sides read them in batches of the same size.
    films = FilmPage.get_indexed_objects().filter(pk__in=generated.values("pk"))
    fresh = FilmPage.get_indexed_objects().filter(pk__in=list(generated.values_list("pk", flat=True)[:10]))
    backend = get_search_backend()

    # New entries: norms computed for them, as the backend's write does.
    IndexEntry.objects.filter(object_id__in=[str(film.pk) for film in fresh]).delete()
    backend.add_bulk(FilmPage, list(fresh))
    by_backend = index_rows()
    IndexEntry.objects.filter(object_id__in=[str(film.pk) for film in fresh]).delete()
    indexing.add_bulk(fresh)
    assert index_rows() == by_backend

    # Existing entries, after the films changed: rewritten in place.
    films.update(synopsis="A lighthouse keeper's last winter.")
    backend.add_bulk(FilmPage, list(films))
    by_backend = index_rows()
    films.update(synopsis="Changed again.")
    indexing.add_bulk(films)
    assert index_rows() != by_backend
    films.update(synopsis="A lighthouse keeper's last winter.")
    indexing.add_bulk(films)
    assert index_rows() == by_backend

    # In small batches: every film once, with the same titles and norms.
    IndexEntry.objects.filter(object_id__in=[str(film.pk) for film in films]).delete()
    backend.add_bulk(FilmPage, list(films))
    by_backend = [(*row[:3], row[5]) for row in index_rows()]
    IndexEntry.objects.filter(object_id__in=[str(film.pk) for film in films]).delete()
    indexing.add_bulk(films, batch=7)
    assert [(*row[:3], row[5]) for row in index_rows()] == by_backend


def test_search_finds_a_generated_film_by_title_word_and_by_filmmaker(generated):
    film = generated.first()
    backend = get_search_backend()
    live = FilmPage.objects.live()
    word = film.title.split()[-1]  # the place: "The Silent River of Lagos"
    filmmaker = film.filmmakers.get().name

    by_word = backend.search(word, live, operator="and")
    assert film.pk in {hit.pk for hit in by_word}
    assert all(word in hit.title or word in hit.synopsis for hit in by_word)
    by_name = backend.search(filmmaker, live, operator="and")
    assert film.pk in {hit.pk for hit in by_name}
    # Nobody of that name, no film: the name really is what matched.
    assert not list(backend.search("Zebulon Quartermaine", live, operator="and"))
