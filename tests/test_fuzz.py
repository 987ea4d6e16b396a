"""No anonymous request gets a 500: hostile values in every parameter of every public endpoint.

Each endpoint lists the parameters it reads (the API's are enumerated from its view, so a
field or operation added later is fuzzed too). Every parameter gets every hostile value, alone
and repeated after a good one; path segments get them too. The answer must be a page or a
4xx, never a 5xx; the API must answer JSON whatever happens. The issue's own URLs must answer
400 exactly. Data is built once per module, so the whole file runs in a few seconds.
"""

import datetime
import json
from urllib.parse import quote

import pytest

from django.db import DataError
from django.test import Client
from django.utils import timezone

from core.http.middleware import NulByteMiddleware
from film.models import FilmPage
from film.publishing.api import FilmsAPIViewSet

from .factories import build_site_tree, create_document, create_film, create_partner, create_season

pytestmark = pytest.mark.django_db

# Raw query-string values: already percent-encoded, so that invalid UTF-8 reaches Django as sent.
HOSTILE = [
    "%00",
    "a%00b",
    "%ff",
    "%ed%a0%80",
    "9223372036854775808",
    "-1",
    "-9223372036854775809",
    "1e309",
    "x" * 10_000,
    "+".join(["river"] * 150),
    "%22",
    "train+OR+home",
    "a%3A*",
    "%28%28%28",
    "*%2C-title",
    "random",
    "%3Cscript%3Ealert%281%29%3C%2Fscript%3E",
    quote("归途列车 🚆"),
]
# Repeated after a good value: a view reads the last one, and must check that one.
REPEATED = ["%00", "9223372036854775808"]

FILM_SLUG = "last-train-home"
PUBLIC_PARAMETERS = {
    "/": ["q", "page"],
    "/films/": ["topic", "year", "season", "page"],
    "/films/season-24/": ["q", "season"],
    f"/films/{FILM_SLUG}/": ["q"],
    "/search/": ["q", "topic", "year", "season", "partner", "streaming", "sort", "page"],
    "/search/autocomplete/": ["q"],
    "/feeds/films/": ["page"],
    "/feeds/films/atom/": ["page"],
    "/feeds/updates/": ["page"],
    "/feeds/updates/atom/": ["page"],
    "/sitemap.xml": ["p", "section"],
    "/robots.txt": ["q"],
    "/healthz": ["q"],
    "/schedule/": ["q"],
    "/schedule.ics": ["q"],
    "/schedule/films/last-train-home.ics": ["q"],
}
API_LIST = "/api/v2/films/"
API_FIND = "/api/v2/films/find/"
# Path segments where a visitor can type anything: slugs, document ids and file names.
PATH_TEMPLATES = [
    "/schedule/films/{}.ics",
    "/schedule/broadcasts/{}.ics",
    "/films/{}/",
    "/documents/{}/press.pdf",
    "/documents/1/{}",
    "/api/v2/films/{}/",
    "/{}",
]


def api_parameters() -> list[str]:
    fields = FilmsAPIViewSet.get_available_fields(FilmPage, db_fields_only=True)
    return sorted(set(FilmsAPIViewSet.known_query_parameters) | set(fields))


@pytest.fixture(scope="module")
def site(module_db):
    """A public film with a topic, a season, a partner and a press kit: every filter matches something."""
    with module_db():
        index = build_site_tree().index
        partner = create_partner("ITVS")
        film = create_film(
            index,
            "Last Train Home",
            slug=FILM_SLUG,
            season=create_season(index, 24, 2011),
            partners=[(partner, "presented_by")],
            resources=[{"kind": "press_release", "label": "Press kit", "document": create_document()}],
            broadcasts=[
                {"date": timezone.localdate() + datetime.timedelta(days=2), "time": datetime.time(21)}
            ],
        )
        film.topics.add("Migration")
        film.save_revision().publish()
        yield film


def failures(urls: list[str]) -> list[str]:
    """The URLs that answered 5xx (or, from the API, something other than JSON), with the answer."""
    client = Client(raise_request_exception=False)
    found = []
    for url in urls:
        response = client.get(url)
        problem = response.status_code >= 500
        if url.startswith("/api/") and response.status_code not in (301, 302) and not problem:
            try:
                json.loads(response.content)
            except ValueError:
                problem = True
        if problem:
            found.append(f"{response.status_code} {url[:120]} {response.content[:200]!r}")
    return found


def hostile_urls(path: str, names: list[str]) -> list[str]:
    urls = []
    for name in names:
        for value in HOSTILE:
            urls.append(f"{path}?{name}={value}")
        for value in REPEATED:
            urls.append(f"{path}?{name}=1&{name}={value}")  # the last value counts
    return urls


@pytest.mark.parametrize("path", list(PUBLIC_PARAMETERS))
def test_no_hostile_parameter_gets_a_500_from_a_page(site, path):
    assert failures(hostile_urls(path, PUBLIC_PARAMETERS[path])) == []


def test_no_hostile_parameter_gets_a_500_or_html_from_the_api_listing(site):
    assert failures(hostile_urls(API_LIST, api_parameters())) == []


def test_no_hostile_parameter_gets_a_500_or_html_from_the_api_detail_and_find(site):
    detail = f"/api/v2/films/{site.pk}/"
    urls = hostile_urls(detail, ["fields", "rich_text_format", "format"])
    urls += hostile_urls(API_FIND, ["id", "html_path", "fields"])
    assert failures(urls) == []


@pytest.mark.parametrize("template", PATH_TEMPLATES)
def test_no_hostile_path_segment_gets_a_500(site, template):
    assert failures([template.format(value) for value in HOSTILE]) == []


def test_the_endpoints_answer_normal_requests(site):
    """The positive case beside the fuzzing: every endpoint works when asked properly."""
    client = Client()
    for path in [*PUBLIC_PARAMETERS, API_LIST, f"/api/v2/films/{site.pk}/"]:
        assert client.get(path).status_code == 200, path
    assert client.get(API_FIND, {"html_path": f"/films/{FILM_SLUG}/"}).status_code == 302
    for good in [
        {"topic": "migration"},
        {"season": "24"},
        {"search": "train", "search_operator": "and"},
        {"offset": 0},
    ]:
        found = client.get(API_LIST, good).json()
        assert found.get("meta") == {"total_count": 1}, (good, found)
    assert client.get("/films/", {"topic": "migration"}).status_code == 200


ISSUE_URLS = [
    "/films/?topic=%00",
    "/api/v2/films/?search=%00",
    "/api/v2/films/?topic=%00",
    "/api/v2/films/?partner=%00",
    "/api/v2/films/?season=abc",
    "/api/v2/films/?season=9223372036854775808",
    "/api/v2/films/?locale=%00",
    "/api/v2/films/find/?html_path=%00",
    "/api/v2/films/find/?id=abc",
    "/api/v2/films/?offset=9223372036854775808",
    "/api/v2/films/?search=" + "+".join(f"word{i}" for i in range(150)),
    "/api/v2/films/?search=" + "+".join(["a"] * 33),
    "/api/v2/films/?search=train&search_operator=xx",
    "/api/v2/films/?search=%22train",
    "/api/v2/films/?body=1",
]


@pytest.mark.parametrize("url", ISSUE_URLS)
def test_the_reported_urls_answer_400_with_a_reason(site, url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
        assert response.json()["message"]
    else:
        assert "can’t be used" in response.content.decode()


def test_a_nul_that_a_view_used_unchecked_is_a_400_and_other_failures_still_500(rf):
    """NulByteMiddleware, the last line of defence: only a request holding a NUL gets the 400."""
    middleware = NulByteMiddleware(lambda request: None)
    refused = DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    response = middleware.process_exception(rf.get("/films/", {"q": "a\x00b"}), refused)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    api = middleware.process_exception(rf.get("/api/v2/films/", {"q": "\x00"}), ValueError("NUL"))
    assert api.status_code == 400
    assert json.loads(api.content) == {"message": "the address must not contain NUL characters"}
    assert middleware.process_exception(rf.get("/films/", {"q": "ok"}), refused) is None
    assert middleware.process_exception(rf.get("/films/", {"q": "\x00"}), KeyError("bug")) is None
