"""The whole-page cache: anonymous visitors get stored pages; every change shows at once."""

import datetime

import pytest

from django.core import signing
from django.core.cache import caches
from django.core.cache.backends.base import CacheKeyWarning
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from core.cache import signed_in
from core.cache import store as page_cache
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


def at_local_time(monkeypatch, hour, minute):
    """Make "now" today at hour:minute in the site's time zone, for the page cache's clock."""
    real_localtime = timezone.localtime
    moment = timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)

    def localtime(value=None, tz=None):
        return real_localtime(moment if value is None else value, tz)

    monkeypatch.setattr(timezone, "localtime", localtime)
    return moment


def shared_max_age(response) -> int:
    return int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])


def test_public_pages_tell_browsers_and_cdns_how_long_to_keep_them(client, film, monkeypatch):
    at_local_time(monkeypatch, 12, 0)
    response = get(client)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=300"} <= cache_control
    assert "Cookie" in response["Vary"]
    assert response["ETag"]


def test_shared_caches_keep_no_page_past_midnight_when_date_derived_facts_change(client, film, monkeypatch):
    at_local_time(monkeypatch, 23, 58)
    assert shared_max_age(get(client)) == 120
    at_local_time(monkeypatch, 12, 0)
    caches["default"].clear()
    assert shared_max_age(get(client)) == 300


def test_shared_caches_keep_no_page_past_the_moment_a_live_film_expires(client, film, make_film, monkeypatch):
    moment = at_local_time(monkeypatch, 12, 0)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    make_film("Leaving Soon", slug="leaving-soon", expire_at=moment + datetime.timedelta(seconds=90))
    assert shared_max_age(get(client)) == 90


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
    assert get(anonymous)["X-Page-Cache"] == "hit"
    response = get(admin_client_logged_in)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert (
        soup(response).find(attrs={"data-wagtail-userbar": True})
        or "wagtail-userbar" in response.content.decode()
    )


def test_signing_out_puts_an_editor_back_on_the_cached_pages(admin_client_logged_in, film):
    get(Client())
    assert "X-Page-Cache" not in get(admin_client_logged_in)
    admin_client_logged_in.post(reverse("wagtailadmin_logout"))
    assert get(admin_client_logged_in)["X-Page-Cache"] == "hit"


def test_a_made_up_session_cookie_is_served_from_the_cache(client, film, django_assert_num_queries):
    assert get(Client())["X-Page-Cache"] == "miss"
    client.cookies["sessionid"] = "bogus"
    with django_assert_num_queries(0):  # no session lookup: a frozen database would not stall it
        response = get(client)
    assert response["X-Page-Cache"] == "hit"
    assert text_of(soup(response).h1) == "Cached Film"


def test_a_made_up_session_cookie_fills_the_cache_like_no_cookie(client, film):
    client.cookies["sessionid"] = "made-up-session-key-0123456789abcdef"
    assert get(client)["X-Page-Cache"] == "miss"
    assert get(Client())["X-Page-Cache"] == "hit"
    assert get(client)["X-Page-Cache"] == "hit"


def test_a_forged_signed_in_marker_is_ignored(client, film):
    get(Client())
    client.cookies[signed_in.COOKIE_NAME] = "1:forged:signature"
    assert get(client)["X-Page-Cache"] == "hit"


def test_a_visitor_who_unlocked_a_private_page_never_shares_it(client, film, restrict):
    public = get(Client())
    assert "public" in public["Cache-Control"]
    restrict(film)
    form = get(client)
    assert "X-Page-Cache" not in form and "Password" in form.content.decode()
    restriction_id = film.get_view_restrictions().get().pk
    unlocked = client.post(
        f"/_util/authenticate_with_password/{restriction_id}/{film.pk}/",
        {"password": "secret", "return_url": film.url},
    )
    assert unlocked.status_code == 302
    page = get(client)
    assert text_of(soup(page).h1) == "Cached Film"
    assert "private" in page["Cache-Control"] and "X-Page-Cache" not in page
    # Nobody else gets the page they unlocked.
    assert "Password" in get(Client()).content.decode()


def test_previews_are_never_marked_cacheable(client, film, rf):
    request = rf.get(film.url)
    response = film.make_preview_request(request)
    assert "public" not in response.get("Cache-Control", "")
    assert "public" in get(client)["Cache-Control"]


def test_parameters_a_page_does_not_read_share_its_entry(client, film):
    assert get(client)["X-Page-Cache"] == "miss"
    assert get(client, "/films/cached-film/?utm_source=newsletter&page=2x&topic=x")["X-Page-Cache"] == "hit"
    get(client, "/films/")
    assert get(client, "/films/?utm_source=newsletter")["X-Page-Cache"] == "hit"
    # No film has this topic: the plain index, served from its entry rather than rendered again.
    assert get(client, "/films/?topic=labor")["X-Page-Cache"] == "hit"
    film.topics.add("labor")
    film.save_revision().publish()
    assert get(client, "/films/?topic=labor")["X-Page-Cache"] == "miss"


def cache_entries() -> int:
    return len(caches["default"]._cache)


def test_made_up_parameter_values_add_no_cache_entry(client, film, make_film):
    for number in range(12):  # two pages of films
        other = make_film(f"Film {number}", slug=f"film-{number}")
    other.topics.add("labor")
    other.save_revision().publish()
    canonical = ["/films/cached-film/", "/films/", "/films/?page=2", "/films/?topic=labor"]
    for url in canonical:
        assert get(client, url)["X-Page-Cache"] == "miss", url
    assert all(get(client, url)["X-Page-Cache"] == "hit" for url in canonical)
    before = cache_entries()

    made_up = [f"/films/cached-film/?page={n}x" for n in range(5)]
    made_up += [f"/films/?topic=nosuch{n}" for n in range(5)] + [f"/films/?page={n}x" for n in range(5)]
    made_up += ["/films/?year=1850", "/films/?page=999", "/films/?topic=labor&page=1", "/films/?page=02"]
    for url in made_up:
        response = get(client, url)
        assert response.status_code == 200, url
        # Answered from the entry of the page they amount to, not rendered again.
        assert response["X-Page-Cache"] == "hit", url
    assert cache_entries() == before

    # The one shared answer: an unknown topic shows the plain index, a page past the end the last.
    plain = soup(get(client, "/films/?topic=nosuch"))
    assert plain.find("link", rel="canonical")["href"].endswith("/films/")
    assert text_of(plain.h1) == text_of(soup(get(client, "/films/")).h1)
    last = soup(get(client, "/films/?page=999"))
    assert last.find("link", rel="canonical")["href"].endswith("/films/?page=2")


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


# Fragments ({% wagtailpagecache %} on the film page). An editor skips the whole-page cache
# but not the fragments, so these requests see the fragments alone.


def stored_fragment(film, name: str) -> str | None:
    page = FilmPage.objects.get(pk=film.pk)
    key = make_template_fragment_key(name, [page.cache_key, Site.objects.get(is_default_site=True).pk])
    return caches["default"].get(key)


def sidebar(client) -> str:
    client.cookies[signed_in.COOKIE_NAME] = signing.dumps(1, salt=signed_in.SALT)  # as signing in sets it
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


@pytest.mark.parametrize("path", ["/films/" + "x" * 300 + "/", "/films/a%20b%0Ac/", "/films/%00/"])
def test_any_visitor_path_makes_a_valid_cache_key(client, film, path, recwarn):
    """Keys are hashed: a long path, or one with spaces, newlines or NUL, is no CacheKeyWarning
    (memcached would refuse such a key) and stays a clear 400/404."""
    response = client.get(path)

    assert response.status_code in (400, 404)
    assert not [w for w in recwarn if issubclass(w.category, CacheKeyWarning)]
    assert get(client)["X-Page-Cache"] in ("miss", "hit")  # beside it, a real page is still cached


def version_reads(monkeypatch) -> list:
    """The content version's reads from the cache (each a round trip to Redis in production)."""
    backend, reads = page_cache.cache(), []
    get_many = backend.get_many

    def counting(keys, *args, **kwargs):
        if page_cache.VERSION_KEY in keys:
            reads.append(keys)
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", counting)
    return reads


def test_a_page_drawn_afresh_reads_the_content_version_once(client, film, monkeypatch):
    page_cache.bump_version()  # nothing cached: the page, its fragments and lists all want keys
    reads = version_reads(monkeypatch)
    response = get(client)
    assert response["X-Page-Cache"] == "miss"
    assert "Cached Film" in response.content.decode()
    assert len(reads) == 1


def test_a_change_within_a_request_is_seen_by_the_rest_of_it():
    with page_cache.one_version():
        before = page_cache.current_version()
        page_cache.bump_version()
        assert page_cache.current_version() == before + 1


def test_outside_a_request_every_read_sees_other_processes_changes(monkeypatch):
    before = page_cache.current_version()
    page_cache.cache().incr(page_cache.VERSION_KEY)  # another process publishes
    assert page_cache.current_version() == before + 1
    reads = version_reads(monkeypatch)
    page_cache.current_version()
    page_cache.current_version()
    assert len(reads) == 2


def test_a_request_reads_each_value_of_its_version_once_and_others_each_time(monkeypatch):
    backend, reads = page_cache.cache(), []
    get = backend.get
    monkeypatch.setattr(
        backend, "get", lambda key, *args, **kwargs: reads.append(key) or get(key, *args, **kwargs)
    )
    with page_cache.one_version():
        key = page_cache.versioned_key("zone")
        assert [page_cache.remember(key, lambda: "Europe/London") for _ in range(3)] == ["Europe/London"] * 3
        assert reads.count(key) == 1
        for _ in range(2):
            page_cache.remember("brand:1", lambda: "Strand")
        assert reads.count("brand:1") == 2  # not under the version: an explicit delete may drop it
        page_cache.bump_version()
        assert page_cache.remember(page_cache.versioned_key("zone"), lambda: "Asia/Tokyo") == "Asia/Tokyo"
