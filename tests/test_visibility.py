"""Only published, public films reach visitors: page, film index, home page and search."""

import datetime
import time

import pytest

from django.utils import timezone

from home.models import HomeFeaturedFilm

from .html import soup, text_of

SOON = timezone.localdate() + datetime.timedelta(days=7)
SECRET_SYNOPSIS = "Nobody outside the newsroom should read this synopsis yet."


@pytest.fixture
def film_kwargs():
    """A film that would show up everywhere if it were public: featured, upcoming, with an update."""
    return {
        "synopsis": SECRET_SYNOPSIS,
        "premiere_date": SOON,
        "body": [
            ("update", {"date": "2030-01-02", "headline": "Kestrel festival award", "body": "<p>Won.</p>"})
        ],
    }


@pytest.fixture
def feature(home_page):
    def factory(film):
        HomeFeaturedFilm.objects.create(page=home_page, film=film)

    return factory


def visible_places(client, film) -> set[str]:
    """Where an anonymous visitor can find the film."""
    places = set()
    response = client.get(f"/films/{film.slug}/")
    if response.status_code == 200 and SECRET_SYNOPSIS in response.content.decode():
        places.add("page")
    index = soup(client.get("/films/"))
    if index.find("a", href=f"/films/{film.slug}/"):
        places.add("index")
    home = client.get("/")
    assert home.status_code == 200
    if film.title in text_of(soup(home)) or f'href="/films/{film.slug}/"' in home.content.decode():
        places.add("home")
    results = soup(client.get("/search/", {"q": film.title}))
    if results.find("a", href=f"/films/{film.slug}/"):
        places.add("search")
    return places


def test_a_published_film_is_everywhere(client, make_film, feature, film_kwargs):
    film = make_film("Kestrel Mountain", slug="kestrel-mountain", **film_kwargs)
    feature(film)
    assert visible_places(client, film) == {"page", "index", "home", "search"}


def test_a_draft_is_nowhere(client, make_film, feature, film_kwargs):
    draft = make_film("Kestrel Mountain", slug="kestrel-mountain", publish=False, **film_kwargs)
    feature(draft)
    assert client.get("/films/kestrel-mountain/").status_code == 404
    assert visible_places(client, draft) == set()


def test_an_unpublished_film_is_nowhere(client, make_film, feature, film_kwargs):
    film = make_film("Kestrel Mountain", slug="kestrel-mountain", **film_kwargs)
    feature(film)
    assert "page" in visible_places(client, film)
    film.unpublish()
    assert client.get("/films/kestrel-mountain/").status_code == 404
    assert visible_places(client, film) == set()


def test_a_private_film_is_listed_nowhere_and_its_page_asks_for_the_password(
    client, make_film, feature, film_kwargs, restrict
):
    film = make_film("Kestrel Mountain", slug="kestrel-mountain", **film_kwargs)
    feature(film)
    restrict(film)
    assert visible_places(client, film) == set()
    response = client.get("/films/kestrel-mountain/")
    assert SECRET_SYNOPSIS not in response.content.decode()


def test_a_draft_of_changes_to_a_live_film_stays_private(client, make_film):
    film = make_film("Kestrel Mountain", slug="kestrel-mountain", synopsis="The published synopsis.")
    film.synopsis = SECRET_SYNOPSIS
    film.save_revision()
    html = client.get("/films/kestrel-mountain/").content.decode()
    assert "The published synopsis." in html
    assert SECRET_SYNOPSIS not in html


def test_the_404_page_is_friendly(client, site_tree):
    response = client.get("/films/no-such-film/")
    assert response.status_code == 404
    assert text_of(soup(response).find("h1")) == "Page not found"


def test_a_cached_film_page_and_listing_answer_for_its_expiry_the_moment_it_passes(client, make_film):
    expire_at = timezone.now() + datetime.timedelta(seconds=2)
    make_film("Kestrel Mountain", slug="kestrel-mountain", synopsis=SECRET_SYNOPSIS, expire_at=expire_at)
    for _visit in range(2):  # the second visits come from the page cache
        page = client.get("/films/kestrel-mountain/")
        assert page.status_code == 200 and SECRET_SYNOPSIS in page.content.decode()
        assert soup(client.get("/films/")).find("a", href="/films/kestrel-mountain/")
    assert page["X-Page-Cache"] == "hit"

    time.sleep(max(0.0, (expire_at - timezone.now()).total_seconds()) + 0.1)

    assert client.get("/films/kestrel-mountain/").status_code == 404
    assert not soup(client.get("/films/")).find("a", href="/films/kestrel-mountain/")
