"""Every channel asks one rule (core/visibility.py): live, public, not past its expiry time.

A matrix of every channel a visitor can find a film through, by every state that must hide
it. The public control must be found in each channel (so an empty channel cannot pass for a
safe one), and every hidden state must be absent. (tests/test_privacy.py writes restrictions
the ways that send no signal.)
"""

import datetime
import json
from collections.abc import Callable

import pytest

from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from film.models import FilmPage
from home.models import HomeFeaturedFilm

from .factories import build_site_tree, create_film, create_film_in_state
from .html import soup

pytestmark = pytest.mark.django_db

STATES = ["public", "draft", "password", "login", "scheduled", "expired", "unpublished"]
SOON = timezone.localdate() + datetime.timedelta(days=10)
PROMOTED = "osprey"  # every film's synopsis has the word, and every film is promoted for it


def token(state: str) -> str:
    """One word that only this film's title, synopsis and update carry."""
    return f"Osprey{state}"


def make_film_in_state(index, state: str) -> FilmPage:
    word = token(state)
    return create_film_in_state(
        index,
        word,
        state,
        slug=f"film-{state}",
        synopsis=f"{word}: a film about an osprey.",
        premiere_date=SOON,
        body=[("update", {"date": "2030-01-02", "headline": f"{word} award", "body": "<p>Won.</p>"})],
    )


@pytest.fixture(scope="module")
def films(module_db) -> dict[str, FilmPage]:
    with module_db():
        tree = build_site_tree()
        # A public film with no premiere, whose page shows the upcoming films (itself excluded).
        create_film(tree.index, "Harrier", slug="harrier", synopsis="A host page.")
        query = Query.get(PROMOTED)
        made = {}
        for order, state in enumerate(STATES):
            film = make_film_in_state(tree.index, state)
            HomeFeaturedFilm.objects.create(page=tree.home, film=film)
            SearchPromotion.objects.create(query=query, page=film, sort_order=order)
            made[state] = film
        assert FilmPage.objects.get(pk=made["expired"].pk).live
        yield made


def url_of(film: FilmPage) -> str:
    return f"/films/{film.slug}/"


def links_to(element, film: FilmPage) -> bool:
    return element is not None and element.find("a", href=url_of(film)) is not None


def section(client, url: str, selector: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return soup(response).select_one(selector)


def on_the_page(client, film) -> bool:
    response = client.get(url_of(film))
    return response.status_code == 200 and f"{token_of(film)}: a film" in response.content.decode()


def token_of(film: FilmPage) -> str:
    return film.slug.replace("film-", "Osprey")


def in_the_film_index(client, film) -> bool:
    return links_to(section(client, "/films/", "main"), film)


def featured_on_home(client, film) -> bool:
    """As the lead film or in the row of more featured films."""
    for selector in ("#lead-heading", "#featured-heading"):
        heading = section(client, "/", selector)
        if heading is not None and links_to(heading.find_parent("section"), film):
            return True
    return False


def upcoming_on_home(client, film) -> bool:
    return links_to(section(client, "/", "section.upcoming"), film)


def upcoming_on_a_film_page(client, film) -> bool:
    return links_to(section(client, "/films/harrier/", "section.upcoming"), film)


def in_latest_updates_on_home(client, film) -> bool:
    return links_to(section(client, "/", "#updates-heading").find_parent("section"), film)


def in_search_results(client, film) -> bool:
    return links_to(section(client, "/search/", ".search-results", q=token_of(film)), film)


def among_search_promotions(client, film) -> bool:
    return links_to(section(client, "/search/", ".search-promotions", q=PROMOTED), film)


def in_suggestions(client, film) -> bool:
    response = client.get("/search/autocomplete/", {"q": token_of(film)})
    assert response.status_code == 200
    return any(item["url"] == url_of(film) for item in response.json()["results"])


def feed_carries(url: str) -> Callable:
    def check(client, film) -> bool:
        response = client.get(url)
        assert response.status_code == 200, url
        return url_of(film) in response.content.decode()

    check.__name__ = f"in_feed {url}"
    return check


def in_the_sitemap(client, film) -> bool:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return url_of(film) in response.content.decode()


def in_the_api_list(client, film) -> bool:
    response = client.get("/api/v2/films/", {"limit": 50})
    assert response.status_code == 200
    return film.pk in [item["id"] for item in response.json()["items"]]


def in_an_api_search(client, film) -> bool:
    response = client.get("/api/v2/films/", {"search": token_of(film)})
    assert response.status_code == 200
    return film.pk in [item["id"] for item in response.json()["items"]]


def in_the_api_detail(client, film) -> bool:
    response = client.get(f"/api/v2/films/{film.pk}/")
    assert response.status_code in (200, 404)
    return response.status_code == 200 and token_of(film) in json.dumps(response.json())


def found_by_the_api(client, film) -> bool:
    response = client.get("/api/v2/films/find/", {"html_path": url_of(film)})
    assert response.status_code in (302, 404)
    return response.status_code == 302


CHANNELS = [
    on_the_page,
    in_the_film_index,
    featured_on_home,
    upcoming_on_home,
    upcoming_on_a_film_page,
    in_latest_updates_on_home,
    in_search_results,
    among_search_promotions,
    in_suggestions,
    feed_carries("/feeds/films/"),
    feed_carries("/feeds/films/atom/"),
    feed_carries("/feeds/updates/"),
    feed_carries("/feeds/updates/atom/"),
    in_the_sitemap,
    in_the_api_list,
    in_an_api_search,
    in_the_api_detail,
    found_by_the_api,
]


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda channel: channel.__name__)
@pytest.mark.parametrize("state", STATES)
def test_a_film_reaches_each_channel_only_when_visible(client, films, state, channel):
    assert channel(client, films[state]) is (state == "public")


def test_an_expired_film_answers_404_before_publish_scheduled_runs(client, films):
    expired = films["expired"]
    assert FilmPage.objects.get(pk=expired.pk).live
    assert client.get(url_of(expired)).status_code == 404
    assert client.get(url_of(films["public"])).status_code == 200


def test_the_restricted_films_ask_for_a_password_or_a_login(client, films):
    password = client.get(url_of(films["password"]))
    assert password.status_code == 200
    assert soup(password).find("input", attrs={"name": "password"}) is not None
    assert token_of(films["password"]) + ": a film" not in password.content.decode()
    login = client.get(url_of(films["login"]))
    assert login.status_code == 302 and "login" in login["Location"]
