"""What search may show, and how fast the index follows editors: visibility, index updates, backends,
and a results page whose query count does not grow with its length."""

import datetime
import json
import os
import subprocess
import sys

import pytest

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.backends import get_search_backend

from film.models import FilmPage
from search import service

from .html import soup, text_of

pytestmark = pytest.mark.django_db

SECRET = "Kestrel"


def titles(client, **params) -> list[str]:
    return [text_of(a) for a in soup(client.get("/search/", params)).select(".search-result__title a")]


def suggestions(client, q: str) -> list[str]:
    return [film["title"] for film in client.get("/search/autocomplete/", {"q": q}).json()["results"]]


def topic_counts(client, **params) -> str:
    filters = soup(client.get("/search/", params)).select_one(".search-filters")
    return text_of(filters) if filters else ""


@pytest.fixture
def public_film(make_film):
    """A published film sharing the topic "Birds" with whatever hidden film a test makes."""
    film = make_film("Open Skies", slug="open-skies", synopsis="Birds over the estuary.", publish=False)
    film.topics.add("Birds")
    film.save_revision().publish()
    return film


@pytest.fixture
def hidden(make_film, public_film):
    def factory(**kwargs):
        film = make_film(
            f"{SECRET} Mountain", slug="kestrel-mountain", synopsis="Birds of prey.", publish=False
        )
        film.topics.add("Birds")
        revision = film.save_revision()
        if kwargs.get("publish", True):
            revision.publish()
        return FilmPage.objects.get(pk=film.pk)

    return factory


def assert_nowhere(client, film):
    """Not in results, not counted in any filter, not suggested, not promoted."""
    assert titles(client, q=SECRET) == []
    assert titles(client, topic="birds") == ["Open Skies"]
    assert "Birds (1" in topic_counts(client, q="birds")
    assert suggestions(client, "kestr") == []
    SearchPromotion.objects.create(query=Query.get("birds"), page=film, sort_order=0)
    page = soup(client.get("/search/", {"q": "birds"}))
    assert page.select_one(".search-promotions") is None
    assert SECRET not in text_of(page.select_one("main"))


def test_a_published_film_is_found_counted_and_suggested(client, hidden):
    hidden()
    assert titles(client, q=SECRET) == [f"{SECRET} Mountain"]
    assert "Birds (2" in topic_counts(client, q="birds")
    assert suggestions(client, "kestr") == [f"{SECRET} Mountain"]


def test_a_draft_film_is_not_in_search_results(client, hidden):
    assert_nowhere(client, hidden(publish=False))


def test_an_unpublished_film_leaves_search_at_once(client, hidden):
    film = hidden()
    assert titles(client, q=SECRET)
    film.unpublish()
    assert_nowhere(client, film)


def test_a_private_film_is_not_in_search_results(client, hidden, restrict):
    film = hidden()
    restrict(film)
    assert_nowhere(client, film)


def test_an_expired_film_is_not_in_search_results_even_before_it_is_unpublished(client, hidden):
    film = hidden()
    FilmPage.objects.filter(pk=film.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert_nowhere(client, film)


def test_a_pending_draft_of_a_live_film_is_not_searchable(client, public_film):
    public_film.synopsis = f"{SECRET} secret words."
    public_film.save_revision()
    assert titles(client, q=SECRET) == []
    assert titles(client, q="estuary") == ["Open Skies"]


def test_publishing_new_words_and_topics_updates_the_index_at_once(client, public_film):
    public_film.synopsis = "Gulls over the harbour."
    public_film.topics.add("Coasts")
    public_film.save_revision().publish()
    assert titles(client, q="gulls harbour") == ["Open Skies"]
    assert titles(client, q="coasts") == ["Open Skies"]
    assert titles(client, q="estuary") == []


def test_renaming_a_partner_updates_its_films_in_the_index(client, make_film, make_partner):
    partner = make_partner("Northern Fund")
    make_film("Open Skies", partners=[(partner, "funded_by")])
    partner.name = "Southern Fund"
    partner.save()
    assert titles(client, q="southern") == ["Open Skies"]
    assert titles(client, q="northern") == []


def test_a_moved_film_is_found_at_its_new_address(client, public_film, film_index):
    archive = film_index.get_parent().add_child(instance=type(film_index)(title="Archive", slug="archive"))
    public_film.move(archive, pos="last-child")
    link = soup(client.get("/search/", {"q": "estuary"})).select_one(".search-result__title a")
    assert link["href"] == "/archive/open-skies/"
    assert suggestions(client, "open sk") == ["Open Skies"]


def test_a_deleted_film_leaves_the_index(client, public_film):
    pk = public_film.pk
    assert titles(client, q="estuary") == ["Open Skies"]
    public_film.delete()
    assert titles(client, q="estuary") == []
    backend = get_search_backend()
    assert list(backend.search("estuary", FilmPage)) == []
    assert not FilmPage.objects.filter(pk=pk).exists()


# Query counts


@pytest.fixture
def many_films(make_film, make_image, make_partner):
    partner = make_partner("ITVS")
    image = make_image("Still", description="A still")
    for n in range(12):
        film = make_film(
            f"Harbour film {n}",
            slug=f"harbour-{n}",
            synopsis="Boats in the harbour.",
            hero_image=image,
            year=2000 + n,
            filmmakers=[{"name": f"Person {n}"}],
            partners=[(partner, "funded_by")],
            body=[("quote", {"text": "Harbour lights.", "critic": "A Critic", "publication": "Paper"})],
            publish=False,
        )
        film.topics.add("Boats", f"Topic {n}")
        film.save_revision().publish()


@pytest.mark.parametrize("params", [{"q": "harbour"}, {"q": "harbour", "sort": "newest"}, {"topic": "boats"}])
def test_results_page_query_count_does_not_grow_with_page_size(
    client, many_films, monkeypatch, django_assert_max_num_queries, params
):
    client.get("/search/", params)  # renditions and site root paths are made on a first visit
    counts = []
    for size in (2, 12):
        monkeypatch.setattr(service, "PAGE_SIZE", size)
        with django_assert_max_num_queries(22) as captured:
            response = client.get("/search/", params)
        assert len(soup(response).select(".search-result")) == size
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_suggestions_take_a_few_queries(client, many_films, django_assert_max_num_queries):
    # The first request after a change also caches the site and the restricted pages.
    with django_assert_max_num_queries(6):
        assert len(suggestions(client, "harbour fi")) == 8
    with django_assert_max_num_queries(2):
        assert len(suggestions(client, "harbour fil")) == 8


# Backends by configuration


def test_the_database_backend_matches_the_database():
    backend = type(get_search_backend()).__name__
    expected = {"sqlite": "SQLiteSearchBackend", "postgresql": "PostgresSearchBackend"}[connection.vendor]
    assert backend == expected


def settings_backends(env: dict) -> dict:
    """WAGTAILSEARCH_BACKENDS as the settings compute it from `env`, in a fresh interpreter."""
    code = (
        "import json; from site_config.settings import base; print(json.dumps(base.WAGTAILSEARCH_BACKENDS))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SEARCH_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_search_url_switches_to_opensearch_or_elasticsearch():
    assert settings_backends({})["default"]["BACKEND"] == "wagtail.search.backends.database"
    backend = settings_backends({"SEARCH_URL": "https://search.internal:9200"})["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert backend["URLS"] == ["https://search.internal:9200"]
    backend = settings_backends({"SEARCH_URL": "http://127.0.0.1:9200", "SEARCH_BACKEND": "elasticsearch8"})
    assert backend["default"]["BACKEND"] == "wagtail.search.backends.elasticsearch8"


# Repeated searches share their matches and counts until the next content change.


def search_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get("/search/", params).status_code == 200
    return len(context)


@pytest.fixture
def birds(public_film, make_film):
    make_film("Birds of Passage", slug="birds-of-passage", synopsis="Birds again.")


def test_a_repeated_search_reuses_its_matches_and_counts(client, birds):
    # Warm what any first request after a change does (site, privacy, renditions, the hit's row).
    client.get("/search/", {"q": "birds", "sort": "newest"})
    first = search_queries(client, q="birds")
    again = search_queries(client, q="birds")
    assert again == first - 2  # neither the matching nor the filter counts run again
    assert sorted(titles(client, q="birds")) == ["Birds of Passage", "Open Skies"]


def test_search_cache_can_be_turned_off(client, birds, settings):
    settings.SEARCH_CACHE_TIMEOUT = 0
    client.get("/search/", {"q": "birds", "sort": "newest"})
    assert search_queries(client, q="birds") == search_queries(client, q="birds")


def test_a_film_published_after_a_search_is_found_at_once(client, public_film, make_film):
    assert titles(client, q="kestrel") == []
    assert "Birds (1 film)" in topic_counts(client, q="birds")
    film = make_film("Kestrel Valley", slug="kestrel-valley", synopsis="Birds of prey.", publish=False)
    film.topics.add("Birds")
    film.save_revision().publish()
    assert titles(client, q="kestrel") == ["Kestrel Valley"]
    assert "Birds (2 films)" in topic_counts(client, q="birds")
    FilmPage.objects.get(pk=film.pk).unpublish()
    assert titles(client, q="kestrel") == []
