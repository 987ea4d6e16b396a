"""The whole-page cache: anonymous visitors get stored pages; every change shows at once."""

import datetime

import pytest

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from film.models import FilmPage

from .factories import create_image, create_partner
from .html import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def film(make_film):
    itvs = create_partner("ITVS")
    hero = create_image("Hero", description="Passengers on a crowded platform")
    return make_film("Cached Film", slug="cached-film", hero_image=hero, partners=[(itvs, "in_association")])


def get(client, url="/films/cached-film/", **headers):
    return client.get(url, **headers)


def test_second_anonymous_visit_is_served_from_the_cache_without_sql(client, film, django_assert_num_queries):
    first = get(client)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_public_pages_tell_browsers_and_cdns_how_long_to_keep_them(client, film):
    response = get(client)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=300"} <= cache_control
    assert "Cookie" in response["Vary"]
    assert response["ETag"]


def test_an_unchanged_page_answers_304_to_a_revalidation(client, film):
    etag = get(client)["ETag"]
    assert get(client, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert get(client, HTTP_IF_NONE_MATCH=etag).status_code == 304  # from the cache too


def test_publishing_an_edit_shows_at_once(client, film):
    get(client)
    film.title = "Renamed Film"
    film.save_revision().publish()
    response = get(client)
    assert response["X-Page-Cache"] == "miss"
    assert text_of(soup(response).h1) == "Renamed Film"


def test_unpublishing_removes_the_page_at_once(client, film):
    get(client)
    film.unpublish()
    assert get(client).status_code == 404


def test_deleting_a_film_removes_it_from_the_cached_index(client, film):
    assert "Cached Film" in get(client, "/films/").content.decode()
    film.delete()
    assert "Cached Film" not in get(client, "/films/").content.decode()


def test_renaming_a_partner_snippet_updates_every_page_showing_it(client, film):
    get(client)
    partner = film.film_partners.get().partner
    partner.name = "Independent Television Service"
    partner.save()
    assert "Independent Television Service" in get(client).content.decode()


def test_changing_an_image_updates_the_pages_that_use_it(client, film):
    get(client)
    film.hero_image.description = "An empty platform at dawn"
    film.hero_image.save()
    assert 'alt="An empty platform at dawn"' in get(client).content.decode()


def test_making_a_page_private_takes_it_out_of_the_cache(client, film):
    get(client)
    PageViewRestriction.objects.create(page=film, restriction_type=PageViewRestriction.LOGIN)
    response = get(client)
    assert response.status_code == 302
    assert "X-Page-Cache" not in response


def test_logged_in_editors_always_get_a_fresh_private_page(admin_client_logged_in, film):
    anonymous = Client()
    get(anonymous)
    response = get(admin_client_logged_in)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_visitor_with_a_session_is_never_served_someone_elses_page(client, film):
    get(client)
    client.cookies["sessionid"] = "unlocked-a-private-page"
    response = get(client)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_previews_are_never_marked_cacheable(client, film, rf):
    request = rf.get(film.url)
    response = film.make_preview_request(request)
    assert "public" not in response.get("Cache-Control", "")
    assert "public" in get(client)["Cache-Control"]


def test_unknown_query_parameters_bypass_the_cache(client, film):
    get(client, "/films/?utm_source=newsletter")
    assert "X-Page-Cache" not in get(client, "/films/?utm_source=newsletter")
    assert get(client, "/films/?topic=labor")["X-Page-Cache"] == "miss"


def test_search_results_are_never_cached(client, film):
    client.get("/search/?q=cached")
    response = client.get("/search/?q=cached")
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")
    get(client, "/films/")
    assert get(client, "/films/")["X-Page-Cache"] == "hit"


REDIS_LOCATION = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(settings):
    """The production cache backend against the local Redis server (database 15)."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_LOCATION, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_LOCATION,
            "KEY_PREFIX": "strand-test",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_pages_are_cached_and_invalidated_in_redis(redis_cache, client, film):
    assert get(client)["X-Page-Cache"] == "miss"
    assert get(client)["X-Page-Cache"] == "hit"
    film.title = "Renamed in Redis"
    film.save_revision().publish()
    assert text_of(soup(get(client)).h1) == "Renamed in Redis"


# The site and the view restrictions are cached under the same version as pages.


def test_making_a_film_private_takes_it_out_of_search_at_once(client, film):
    assert "Cached Film" in get(client, "/search/?q=cached").content.decode()
    PageViewRestriction.objects.create(page=film, restriction_type=PageViewRestriction.LOGIN)
    assert "Cached Film" not in get(client, "/search/?q=cached").content.decode()


def test_a_visitor_with_a_session_meets_a_new_restriction_at_once(client, film):
    client.cookies["sessionid"] = "anything"
    assert get(client).status_code == 200
    PageViewRestriction.objects.create(page=film, restriction_type=PageViewRestriction.LOGIN)
    assert get(client).status_code == 302


def test_a_site_moved_to_another_hostname_stops_answering_for_the_old_one(client, film):
    assert get(client).status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "films.example.org", False
    site.save()
    assert get(client).status_code == 404
    assert get(client, HTTP_HOST="films.example.org").status_code == 200


def test_publishing_the_home_page_shows_at_once(client, film, home_page):
    get(client, "/")
    home_page.intro = "<p>A new season of documentaries</p>"
    home_page.save_revision().publish()
    assert "A new season of documentaries" in get(client, "/").content.decode()
    assert get(client).status_code == 200  # films are still routed from the republished root


# Fragments ({% wagtailpagecache %} on the film page). A visitor with a session cookie skips
# the whole-page cache but not the fragments, so these requests see the fragments alone.


def stored_fragment(film, name: str) -> str | None:
    page = FilmPage.objects.get(pk=film.pk)
    key = make_template_fragment_key(name, [page.cache_key, Site.objects.get(is_default_site=True).pk])
    return caches["default"].get(key)


def sidebar(client) -> str:
    client.cookies["sessionid"] = "a-visitor-who-unlocked-a-private-page"
    response = get(client)
    assert "X-Page-Cache" not in response
    # The information box and partners, then the upcoming films.
    return " ".join(text_of(aside) for aside in soup(response).find_all("aside"))


def test_a_cached_sidebar_lists_another_film_published_after_it(client, film, make_film):
    assert "Next Week" not in sidebar(client)
    assert stored_fragment(film, "film-upcoming") is not None

    make_film("Next Week", slug="next-week", broadcasts=[timezone.localdate() + datetime.timedelta(days=7)])

    assert "Next Week" in sidebar(client)


def test_a_cached_sidebar_follows_the_date(client, make_film, monkeypatch):
    today = timezone.localdate()
    tomorrow, end = today + datetime.timedelta(days=1), today + datetime.timedelta(days=40)
    film = make_film("Cached Film", slug="cached-film", streaming_start=tomorrow, streaming_end=end)
    assert f"Streaming from {tomorrow:%B} {tomorrow.day}, {tomorrow.year}" in sidebar(client)
    assert stored_fragment(film, "film-sidebar") is not None

    localdate = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, tz=None: localdate(value, tz) if value else tomorrow
    )

    assert f"Streaming until {end:%B} {end.day}, {end.year}" in sidebar(client)


def test_previews_never_store_a_fragment(client, film, rf):
    film.make_preview_request(rf.get(film.url))
    for name in ("film-json-ld", "film-content", "film-sidebar", "film-upcoming"):
        assert stored_fragment(film, name) is None, name

    get(client)
    for name in ("film-json-ld", "film-content", "film-sidebar", "film-upcoming"):
        assert stored_fragment(film, name) is not None, name
