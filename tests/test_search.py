"""Site search: what it finds, how results look, filters, sorting, pagination, suggestions, promotions.

Every test here runs on SQLite (FTS5) and on PostgreSQL (DATABASE_URL) and expects the same.
"""

import datetime

import pytest

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from core.renditions import draw_renditions
from search import backends, service
from search.backends import cluster

from .factories import build_site_tree, create_film, create_image, create_partner
from .html import soup, text_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)
NEXT_MONTH = TODAY + datetime.timedelta(days=30)

LAST_TRAIN_HOME_BODY = [
    ("heading", {"text": "Critical Acclaim", "level": "h2"}),
    (
        "quote",
        {
            "text": "It works like stunning, grieving fiction.",
            "critic": "Roger Ebert",
            "publication": "Chicago Sun Times",
        },
    ),
    (
        "video",
        {
            "title": "Waiting at the station",
            "caption": "Workers wait at Guangzhou train station on the eve of the New Year.",
            "duration": "2:35",
            "url": "https://www.youtube.com/watch?v=aaaaaaaaaaa",
        },
    ),
    (
        "interview",
        {
            "name": "Lixin Fan",
            "role": "Director",
            "questions": [
                {"question": "Why trains?", "answer": "<p>The journey to Huilong takes three days.</p>"}
            ],
        },
    ),
    ("update", {"date": "2012-10-01", "headline": "Emmy for best documentary", "body": "<p>Won.</p>"}),
]


def results(client, **params) -> list[str]:
    """Titles on the results page, in order."""
    response = client.get("/search/", params)
    assert response.status_code == 200
    return [text_of(a) for a in soup(response).select(".search-result__title a")]


def film_with_topics(index, title, topics, **kwargs):
    """A published film with topics (tags are added before the first publish, as an editor would)."""
    film = create_film(index, title, publish=False, **kwargs)
    film.topics.add(*topics)
    film.save_revision().publish()
    return film


def facet_counts(page, heading: str) -> dict[str, str]:
    """{option label: "(count)"} for one filter group of a results page."""
    group = next(h for h in page.select(".search-filters__heading") if text_of(h) == heading)
    counts = {}
    for link in group.find_next_sibling("ul").select("a"):
        count = link.select_one(".search-filters__count")
        label = text_of(link).split(" (")[0]
        counts[label] = text_of(count).replace(" films", "").replace(" film", "")
    return counts


@pytest.fixture(scope="module")
def catalogue(module_db):
    """Five films, built once for the module: topics, partners, people, years and streaming vary."""
    with module_db():
        tree = build_site_tree()
        itvs, fund = create_partner("ITVS"), create_partner("Public Media Fund")
        poster = create_image("Platform at dusk", description="A crowded platform")
        # Drawn as the rendition worker would have, long before visitors search.
        draw_renditions.call([[poster.pk, "hero"]])
        films = {
            "lth": film_with_topics(
                tree.index,
                "Last Train Home",
                ["Migration", "Labor"],
                slug="last-train-home",
                year=2009,
                synopsis="The Zhangs left their children behind for factory jobs in the city.",
                hero_image=poster,
                body=LAST_TRAIN_HOME_BODY,
                filmmakers=[{"name": "Lixin Fan"}],
                partners=[(itvs, "in_association")],
                streaming_start=LAST_WEEK,
                streaming_end=NEXT_MONTH,
                premiere_date=datetime.date(2010, 3, 1),
            ),
            "water": film_with_topics(
                tree.index,
                "The Long Water",
                ["Environment"],
                slug="the-long-water",
                year=2019,
                synopsis="A village fights for the river that feeds its rice fields.",
                body=[("rich_text", "<p>Downstream, the factory keeps pumping.</p>")],
                filmmakers=[{"name": "Sara Haddad"}],
                partners=[(fund, "funded_by"), (itvs, "in_association")],
                premiere_date=datetime.date(2019, 5, 1),
            ),
            "river": film_with_topics(
                tree.index,
                "River of Salt",
                ["Environment", "Labor"],
                slug="river-of-salt",
                year=2021,
                synopsis="Salt farmers on a drying coast.",
                partners=[(fund, "funded_by")],
                streaming_start=LAST_WEEK,
                premiere_date=datetime.date(2021, 9, 1),
            ),
            "quebec": film_with_topics(
                tree.index,
                "Hiver à Québec",
                ["Labor"],
                slug="hiver-a-quebec",
                year=2021,
                synopsis="Snow clearers work through the night in Québec City.",
                premiere_date=datetime.date(2022, 1, 15),
            ),
            "chinese": create_film(
                tree.index,
                "归途列车",
                slug="gui-tu-lie-che",
                year=2009,
                synopsis="The Chinese release of 归途列车, with new subtitles.",
                premiere_date=None,
            ),
        }
        yield films


# What it finds


@pytest.mark.parametrize(
    "query",
    [
        "Roger Ebert",  # a critic, in a quote block
        "Chicago Sun Times",  # the quote's publication
        "Guangzhou",  # a video caption
        "Huilong",  # an interview answer
        "Emmy",  # a film update's headline
        "Lixin Fan",  # a filmmaker
        "Zhangs",  # the synopsis
        "migration",  # a topic
    ],
)
def test_words_anywhere_in_a_film_find_it(client, catalogue, query):
    assert results(client, q=query) == ["Last Train Home"]


def test_a_partner_name_finds_the_films_it_presents(client, catalogue):
    assert sorted(results(client, q="Public Media Fund")) == ["River of Salt", "The Long Water"]


def test_all_words_must_match(client, catalogue):
    assert results(client, q="Ebert Guangzhou") == ["Last Train Home"]
    assert results(client, q="Ebert river") == []


def test_a_quoted_phrase_matches_its_words_together(client, catalogue):
    assert results(client, q='"Long Water"') == ["The Long Water"]
    assert results(client, q='"Water Long"') == []


def test_a_title_match_ranks_above_a_synopsis_match(client, catalogue):
    assert results(client, q="river") == ["River of Salt", "The Long Water"]


def test_accented_and_chinese_words_find_their_films(client, catalogue):
    assert results(client, q="Québec") == ["Hiver à Québec"]
    assert results(client, q="归途列车") == ["归途列车"]


def test_plural_finds_singular(client, catalogue):
    assert results(client, q="farmer") == ["River of Salt"]


# What a result shows


def test_a_result_shows_poster_title_year_synopsis_and_where_the_words_matched(client, catalogue):
    page = soup(client.get("/search/", {"q": "Roger Ebert"}))
    result = page.select_one(".search-result")
    assert result.select_one("img")["alt"] == ""  # the title next to it names the film
    link = result.select_one(".search-result__title a")
    assert (text_of(link), link["href"]) == ("Last Train Home", "/films/last-train-home/")
    assert text_of(result.select_one(".search-result__meta")).startswith("2009")
    assert "factory jobs" in text_of(result.select_one(".search-result__synopsis"))
    snippet = result.select_one(".search-result__snippet")
    assert text_of(snippet.select_one(".search-result__label")) == "Quote:"
    assert [text_of(m) for m in snippet.select("mark")] == ["Roger", "Ebert"]


def test_words_matched_in_the_synopsis_are_marked_there_without_a_second_snippet(client, catalogue):
    result = soup(client.get("/search/", {"q": "factory jobs"})).select_one(".search-result")
    assert [text_of(m) for m in result.select(".search-result__synopsis mark")] == ["factory", "jobs"]
    assert result.select_one(".search-result__snippet") is None


# Filters, counts, sorting, pagination


def test_filters_combine_with_the_query_and_show_counts(client, catalogue):
    page = soup(client.get("/search/", {"q": "factory"}))
    assert facet_counts(page, "Topic") == {"Environment": "(1)", "Labor": "(1)", "Migration": "(1)"}
    assert results(client, q="factory", topic="environment") == ["The Long Water"]
    assert results(client, q="factory", topic="labor", year="2009") == ["Last Train Home"]
    assert results(client, q="factory", topic="environment", year="2009") == []


def test_a_filters_counts_are_what_choosing_each_value_would_show(client, catalogue):
    page = soup(client.get("/search/", {"topic": "labor"}))
    # Other topics are counted within Labor films' other filters, not within Labor itself.
    assert facet_counts(page, "Topic") == {"Environment": "(2)", "Labor": "(3)", "Migration": "(1)"}
    assert facet_counts(page, "Year") == {"2021": "(2)", "2009": "(1)"}
    assert facet_counts(page, "Partner") == {"ITVS": "(1)", "Public Media Fund": "(1)"}
    for label, count in facet_counts(page, "Year").items():
        assert len(results(client, topic="labor", year=label)) == int(count.strip("()"))


def test_filters_without_a_query_list_all_matching_films_newest_first(client, catalogue):
    assert results(client, topic="labor") == ["Hiver à Québec", "River of Salt", "Last Train Home"]
    assert results(client, partner=catalogue["water"].film_partners.first().partner_id) == [
        "River of Salt",
        "The Long Water",
    ]


def test_streaming_now_filter(client, catalogue):
    page = soup(client.get("/search/", {"topic": "labor"}))
    assert "Streaming now (2" in text_of(page.select_one(".search-filters"))
    assert results(client, topic="labor", streaming="now") == ["River of Salt", "Last Train Home"]


def test_sorting_by_newest(client, catalogue):
    assert results(client, q="river", sort="newest") == ["River of Salt", "The Long Water"]
    assert results(client, q="labor factory", sort="newest") == ["Last Train Home"]


def test_pagination_keeps_the_query_and_filters(client, catalogue, monkeypatch):
    monkeypatch.setattr(service, "PAGE_SIZE", 1)
    page = soup(client.get("/search/", {"q": "factory", "topic": "labor", "sort": "newest"}))
    assert text_of(page.select_one(".search-summary")) == "1 film"
    page = soup(client.get("/search/", {"topic": "labor"}))
    assert text_of(page.select_one(".search-summary")) == "3 films, page 1 of 3"
    next_link = page.select_one('.pagination a[rel="next"]')["href"]
    assert "topic=labor" in next_link and "page=2" in next_link
    assert results(client, topic="labor", page=2) == ["River of Salt"]


def test_a_filter_link_resets_to_the_first_page(client, catalogue, monkeypatch):
    monkeypatch.setattr(service, "PAGE_SIZE", 1)
    page = soup(client.get("/search/", {"topic": "labor", "page": 2}))
    year_link = page.select_one(".search-filters a[href*='year=']")["href"]
    assert "page=" not in year_link and "topic=labor" in year_link


# Suggestions, no results, promotions, logging


def test_autocomplete_suggests_films_for_a_partial_word(client, catalogue):
    response = client.get("/search/autocomplete/", {"q": "last tra"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"title": "Last Train Home", "url": "/films/last-train-home/", "year": 2009, "reason": "Title"}
    ]
    assert client.get("/search/autocomplete/", {"q": "l"}).json()["results"] == []


def test_no_results_page_suggests_films_and_shows_latest_films(client, catalogue):
    page = soup(client.get("/search/", {"q": "Riv"}))
    empty = page.select_one(".search-empty")
    assert "No films match “Riv”" in text_of(empty)
    # By title first, then a film whose synopsis names a river.
    assert [text_of(a) for a in empty.select(".search-empty__suggestions a")] == [
        "River of Salt",
        "The Long Water",
    ]
    assert empty.select_one("a[href='/films/']")
    assert len(empty.select(".film-card")) == 3


def test_promoted_results_appear_above_organic_results(client, catalogue):
    query = Query.get("salt")
    SearchPromotion.objects.create(query=query, page=catalogue["lth"], description="Our pick", sort_order=0)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.org/s", external_link_text="Salt on TV", sort_order=1
    )
    page = soup(client.get("/search/", {"q": "Salt"}))
    promoted = page.select_one(".search-promotions")
    assert [text_of(a) for a in promoted.select("a")] == ["Last Train Home", "Salt on TV"]
    assert promoted.find_next(class_="search-results")  # promotions come first


def test_each_search_counts_a_hit_for_the_popular_queries_report(client, catalogue, admin_client_logged_in):
    cache.clear()
    for _ in range(2):
        client.get("/search/", {"q": "Roger  EBERT"})
    client.get("/search/", {"q": "Roger Ebert", "page": 1, "topic": "labor"})  # refining is not a new search
    assert Query.get("roger ebert").hits == 2
    report = admin_client_logged_in.get(reverse("wagtailsearchpromotions:search_terms"))
    assert report.status_code == 200
    assert "roger ebert" in report.content.decode()


# Caching and the header box


def test_search_pages_are_never_cached(client, catalogue):
    for url in ("/search/?q=river", "/search/?topic=labor", "/search/autocomplete/?q=riv"):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control


def test_every_page_has_the_header_search_box(client, catalogue):
    for url in ("/", "/films/", "/films/last-train-home/", "/search/?q=salt"):
        form = soup(client.get(url)).select_one("header form[role=search]")
        assert form["action"] == "/search/"
        assert form["data-autocomplete-url"] == "/search/autocomplete/"
        assert form.select_one("input[name=q][type=search]")


def test_a_backend_that_returns_ranked_ids_gives_the_same_page(client, catalogue, monkeypatch, settings):
    """OpenSearch/Elasticsearch hand back ids, not a queryset: results, order and counts agree."""
    settings.SEARCH_CACHE_TIMEOUT = 0  # each backend matches afresh
    expected = soup(client.get("/search/", {"q": "factory"}))

    # search/backends/cluster.py, Wagtail's public search API, here over the database backend.
    def as_a_cluster():
        monkeypatch.setattr(backends, "implementation", lambda: cluster)

    as_a_cluster()
    for params in ({"q": "river"}, {"q": "factory", "topic": "labor"}):
        monkeypatch.undo()
        database = results(client, **params)
        as_a_cluster()
        assert results(client, **params) == database
    page = soup(client.get("/search/", {"q": "factory"}))
    assert facet_counts(page, "Topic") == facet_counts(expected, "Topic")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("last tra", "Title"),
        ("lix", "Filmmaker: Lixin Fan"),
        ("zhang", "Named in the film: Zhangs"),
        ("gua", "Named in the film: Guangzhou"),
        ("guangzhou", "Named in the film: Guangzhou"),
    ],
)
def test_suggestions_match_title_filmmaker_and_names_in_the_film_with_the_reason(
    client, catalogue, typed, reason
):
    results = client.get("/search/autocomplete/", {"q": typed}).json()["results"]
    assert {"title": "Last Train Home", "reason": reason}.items() <= results[0].items(), results


def test_suggestions_match_topics_with_the_reason(client, catalogue):
    results = client.get("/search/autocomplete/", {"q": "migra"}).json()["results"]
    assert ("Last Train Home", "Topic: Migration") in [(r["title"], r["reason"]) for r in results], results
    assert client.get("/search/autocomplete/", {"q": "zzqx"}).json()["results"] == []
