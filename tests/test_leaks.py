"""Nothing leaks: drafts, unpublished films, private films (password, login or group), films
scheduled to go live later, and unpublished revisions never reach an anonymous visitor,
whichever way they look. One test per channel; each also checks that a public film *is*
found there, so that an empty channel cannot pass for a safe one.

Every hidden thing carries SECRET in its title, synopsis and update headline.
"""

import datetime
import json

import pytest

from django.utils import timezone

from film.models import FilmPage
from home.models import HomeFeaturedFilm

from .factories import build_site_tree, create_film, create_film_in_state
from .html import soup, text_of

pytestmark = pytest.mark.django_db

SECRET = "Zqxsecret"
SOON = timezone.localdate() + datetime.timedelta(days=10)
TOPIC = "harbours"
YEAR = 2031


def film_fields(title: str) -> dict:
    """A film that would show up in every channel if it were public."""
    return {
        "synopsis": f"{title}: the synopsis.",
        "year": YEAR,
        "premiere_date": SOON,
        "body": [
            ("update", {"date": "2030-01-02", "headline": f"{title} wins an award", "body": "<p>Won.</p>"})
        ],
    }


def published_film(index, title: str, slug: str):
    film = create_film(index, title, slug=slug, publish=False, **film_fields(title))
    film.topics.add(TOPIC)
    film.save_revision().publish()
    return FilmPage.objects.get(pk=film.pk)


def hidden_film(index, state: str):
    title = f"{SECRET} {state}"
    return create_film_in_state(
        index, title, state, slug=f"hidden-{state}", topics=[TOPIC], **film_fields(title)
    )


def film_with_pending_changes(index, state: str):
    """A public film whose next version (a draft, or one scheduled for later) is SECRET."""
    film = published_film(index, f"Kestrel {state}", f"kestrel-{state}")
    film.title = f"{SECRET} {state} revision"
    film.synopsis = f"{SECRET} {state} revision: the synopsis."
    film.body = [
        {
            "type": "update",
            "value": {"date": "2030-02-03", "headline": f"{SECRET} {state} news", "body": "<p>x</p>"},
        }
    ]
    if state == "scheduled-revision":
        film.go_live_at = timezone.now() + datetime.timedelta(days=3)
        film.save_revision().publish()
    else:
        film.save_revision()
    return FilmPage.objects.get(pk=film.pk)


HIDDEN_STATES = ["draft", "unpublished", "scheduled", "password", "login", "group"]
REVISION_STATES = ["draft-revision", "scheduled-revision"]


@pytest.fixture(scope="module")
def films(module_db):
    with module_db():
        tree = build_site_tree()
        public = published_film(tree.index, "Public Kestrel", "public-kestrel")
        hidden = [hidden_film(tree.index, state) for state in HIDDEN_STATES]
        revised = [film_with_pending_changes(tree.index, state) for state in REVISION_STATES]
        for film in [public, *hidden, *revised]:
            HomeFeaturedFilm.objects.create(page=tree.home, film=film)
        yield {"public": public, "hidden": hidden, "revised": revised}


def assert_no_secret(content: str, channel: str) -> None:
    assert SECRET.lower() not in content.lower(), f"{channel} shows a hidden film or revision"


def get_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_page_url_of_a_hidden_film_shows_nothing(client, films):
    expected_status = {
        "draft": 404,
        "unpublished": 404,
        "scheduled": 404,
        "password": 200,
        "login": 302,
        "group": 302,
    }
    for film, state in zip(films["hidden"], HIDDEN_STATES, strict=True):
        response = client.get(f"/films/{film.slug}/")
        assert response.status_code == expected_status[state], state
        assert_no_secret(response.content.decode(), f"the page URL of a {state} film")
    for film in films["revised"]:
        html = get_text(client, f"/films/{film.slug}/")
        assert f"{film.slug.replace('kestrel-', 'Kestrel ')}: the synopsis." in html  # the live version
        assert_no_secret(html, "the page URL of a film with pending changes")
    # Previews and revisions are for editors only.
    film = films["revised"][0]
    revision = film.get_latest_revision()
    for url in (
        f"/admin/pages/{film.pk}/view_draft/",
        f"/admin/pages/{film.pk}/revisions/{revision.pk}/view/",
        f"/admin/pages/{film.pk}/edit/preview/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_the_film_index_lists_no_hidden_film(client, films):
    for url in ("/films/", f"/films/?topic={TOPIC}", f"/films/?year={YEAR}", "/films/?page=2"):
        html = get_text(client, url) if url != "/films/?page=2" else client.get(url).content.decode()
        assert_no_secret(html, url)
    index = soup(client.get("/films/"))
    assert index.find("a", href="/films/public-kestrel/")
    assert text_of(index.find(class_="film-index__count")) == "3 films"  # public + two with pending changes


def test_upcoming_films_show_no_hidden_film(client, films):
    for url in ("/films/public-kestrel/", "/"):
        upcoming = soup(client.get(url)).find("section", class_="upcoming")
        assert upcoming.select('a[href^="/films/kestrel-"]'), url  # the public ones are there
        assert_no_secret(str(upcoming), f"upcoming films on {url}")


def test_the_home_page_shows_no_hidden_film(client, films):
    html = get_text(client, "/")
    assert "Public Kestrel" in html and "Public Kestrel wins an award" in html
    assert_no_secret(html, "the home page")


def hidden_links(page) -> list[str]:
    return [a["href"] for a in page.find_all("a", href=True) if "/films/hidden-" in a["href"]]


def test_search_finds_no_hidden_film(client, films):
    # The query is echoed in the heading and the form, so look at the results and the links.
    for query in (SECRET, f"{SECRET} draft", "synopsis", "award", "Kestrel", "revision"):
        page = soup(client.get("/search/", {"q": query}))
        assert not hidden_links(page), query
        results = page.find(class_="search-results")
        assert_no_secret(str(results or ""), f"search for {query!r}")
    results = soup(client.get("/search/", {"q": "Kestrel"})).find(class_="search-results")
    assert results.find("a", href="/films/public-kestrel/")


def test_autocomplete_suggests_no_hidden_film(client, films):
    for query in (SECRET[:4], SECRET, "Kes", "Kestrel", "Public"):
        response = client.get("/search/autocomplete/", {"q": query})
        assert response.status_code == 200, query
        results = response.json()["results"]  # "query" echoes what was typed
        assert_no_secret(json.dumps(results), f"autocomplete for {query!r}")
        assert not [item for item in results if "/films/hidden-" in item["url"]], query
    results = client.get("/search/autocomplete/", {"q": "Public"}).json()["results"]
    assert [item["title"] for item in results] == ["Public Kestrel"]


FEEDS = ["/feeds/films/", "/feeds/films/atom/", "/feeds/updates/", "/feeds/updates/atom/"]


def test_feeds_carry_no_hidden_film(client, films):
    for url in FEEDS:
        body = get_text(client, url)
        assert "/films/hidden-" not in body, url
        assert_no_secret(body, url)
    assert "Public Kestrel" in get_text(client, FEEDS[0])
    assert "Public Kestrel wins an award" in get_text(client, FEEDS[2])


def test_the_sitemap_lists_no_hidden_film(client, films):
    body = get_text(client, "/sitemap.xml")
    assert "/films/public-kestrel/" in body
    assert "/films/hidden-" not in body
    assert_no_secret(body, "the sitemap")


def test_the_api_serves_no_hidden_film(client, films):
    listings = [
        "/api/v2/films/",
        "/api/v2/films/?fields=*",
        f"/api/v2/films/?search={SECRET}",
        f"/api/v2/films/?topic={TOPIC}",
        f"/api/v2/films/?year={YEAR}",
        "/api/v2/films/?type=wagtailcore.Page",
    ]
    for url in listings:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert_no_secret(response.content.decode(), url)
        assert "/films/hidden-" not in response.content.decode(), url
    public = client.get("/api/v2/films/").json()
    assert "Public Kestrel" in [item["title"] for item in public["items"]]
    for film in films["hidden"]:
        assert client.get(f"/api/v2/films/{film.pk}/").status_code == 404, film.slug
        found = client.get("/api/v2/films/find/", {"html_path": f"/films/{film.slug}/"})
        assert found.status_code == 404, film.slug
    for film in films["revised"]:
        detail = client.get(f"/api/v2/films/{film.pk}/?fields=*")
        assert detail.status_code == 200
        assert_no_secret(detail.content.decode(), "the API detail of a film with pending changes")
