"""Whatever a visitor (or a bot) puts in the search URL, the answer is a page, never a 500."""

import pytest

from core.streamfield import stream_passages
from search.highlight import best_snippet, mark
from search.query import MAX_QUERY_LENGTH, ParsedQuery

from .html import soup, text_of

pytestmark = pytest.mark.django_db

NASTY_QUERIES = [
    "",
    "   ",
    "\t\n",
    "x" * 1000,
    "river " * 200,
    "🎬🍿",
    "train 🚆 home",
    "归途列车",
    "Québec à l'aube",
    '"',
    '"unbalanced phrase',
    "'",
    "; DROP TABLE film_filmpage; --",
    "-- * ( ) OR NEAR",
    "river OR NEAR(salt, 2)",
    "title:river",
    "a* b*",
    "!!! &&& ||| :*",
    "\\",
    "%_%",
    "\x00null\x1fbyte",
    "NEAR",
    "the of and",
]


@pytest.fixture
def film(make_film):
    return make_film(
        "River of Salt",
        slug="river-of-salt",
        synopsis="Salt farmers on a drying coast; <b>bold</b> & brave.",
        body=[("quote", {"text": "Salt and silence.", "critic": "Jo Lind", "publication": "Docs Review"})],
    )


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_any_query_gives_a_search_page(client, film, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert soup(response).select_one("h1")


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_any_query_gives_suggestions_json(client, film, query):
    response = client.get("/search/autocomplete/", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_an_empty_search_invites_a_query(client, film):
    page = soup(client.get("/search/", {"q": "   "}))
    assert text_of(page.select_one("h1")) == "Search films"
    assert not page.select(".search-result")


def test_a_long_query_is_shortened_and_the_visitor_told(client, film):
    page = soup(client.get("/search/", {"q": "salt " + "x" * 1000}))
    assert f"first {MAX_QUERY_LENGTH} characters" in text_of(page.select_one(".search-notices"))


def test_a_query_of_symbols_only_says_so(client, film):
    page = soup(client.get("/search/", {"q": "🎬 ***"}))
    assert "has no letters or numbers to search for" in text_of(page.select_one(".search-notices"))


def test_a_query_of_common_words_only_says_so(client, film):
    page = soup(client.get("/search/", {"q": "the of and"}))
    assert "too common to search for" in text_of(page.select_one(".search-notices"))


def test_operators_are_searched_as_words_not_obeyed(client, film):
    # FTS5 would read NEAR/OR/* as operators, tsquery would read ! & | :*; here they are words.
    assert not soup(client.get("/search/", {"q": "salt OR nothing"})).select(".search-result")
    assert soup(client.get("/search/", {"q": "salt* (farmers)"})).select(".search-result")


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"q": "salt", "page": "abc"}, 400, "“abc” is not a page number."),
        ({"q": "salt", "page": "0"}, 400, "“0” is not a page number."),
        ({"q": "salt", "page": "-1"}, 400, "“-1” is not a page number."),
        ({"q": "salt", "page": "99999"}, 404, "There is no page 99999: these results have 1 page."),
        ({"topic": "labor", "page": "2"}, 200, "There is no topic “labor”"),
    ],
)
def test_a_bad_page_number_is_a_4xx_page_with_a_way_on(client, film, params, status, message):
    response = client.get("/search/", params)
    assert response.status_code == status
    page = soup(response)
    assert message in text_of(page.select_one("main"))
    assert page.select_one("form[role=search] input[name=q]")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "no-such-topic"}, "There is no topic “no-such-topic”, so that filter was left out."),
        ({"topic": "<script>"}, "There is no topic “<script>”, so that filter was left out."),
        ({"year": "abc"}, "There is no year “abc”, so that filter was left out."),
        ({"year": "1066"}, "There is no year “1066”, so that filter was left out."),
        ({"partner": "999999"}, "There is no partner “999999”, so that filter was left out."),
        ({"partner": "itvs"}, "There is no partner “itvs”, so that filter was left out."),
        ({"sort": "random"}, "There is no sort order “random”, so the usual order is used."),
    ],
)
def test_unknown_filter_values_are_left_out_with_a_notice(client, film, params, message):
    response = client.get("/search/", {"q": "salt", **params})
    assert response.status_code == 200
    page = soup(response)
    assert message in text_of(page.select_one(".search-notices"))
    assert [text_of(a) for a in page.select(".search-result__title a")] == ["River of Salt"]
    assert "<script>”" not in response.content.decode()  # escaped, not markup


def test_repeated_parameters_use_the_last_value(client, film):
    response = client.get("/search/?q=nothing&q=salt&year=abc&year=2009&page=1&page=1")
    assert response.status_code == 200
    assert [text_of(a) for a in soup(response).select(".search-result__title a")] == ["River of Salt"]


def test_snippets_escape_the_text_they_mark(client, film):
    html = client.get("/search/", {"q": "bold brave"}).content.decode()
    assert "&lt;b&gt;<mark>bold</mark>&lt;/b&gt; &amp; <mark>brave</mark>" in html


# The pieces, directly


def test_parsed_query_keeps_words_and_phrases_and_drops_punctuation():
    query = ParsedQuery.parse('  "Last  Train Home" Roger\'s NEAR(x) -- *;  ')
    assert query.phrases == (("last", "train", "home"),)
    assert query.words == ("roger", "near", "x")
    assert query.text == '"Last Train Home" Roger\'s NEAR(x) -- *;'


def test_parsed_query_limits_the_number_of_terms():
    query = ParsedQuery.parse(" ".join(f"w{n}" for n in range(100)))
    assert len(query.words) == 32


def test_mark_highlights_whole_words_and_close_forms():
    html = mark("Trains to Guangzhou; a training day. Québec", ("train", "quebec"))
    assert html == "<mark>Trains</mark> to Guangzhou; a <mark>training</mark> day. <mark>Québec</mark>"
    assert mark("Quebec City", ("québec",)) == "<mark>Quebec</mark> City"


def test_best_snippet_prefers_the_passage_with_most_terms():
    passages = [("Text", "Roger was here."), ("Quote", "Fiction, says Roger Ebert of the Sun-Times.")]
    snippet = best_snippet(passages, ("roger", "ebert"))
    assert snippet.label == "Quote"
    assert "<mark>Roger</mark> <mark>Ebert</mark>" in snippet.html


def test_block_text_reads_every_text_block_and_skips_choices_links_and_durations(make_film):
    film = make_film(
        "Blocks",
        body=[
            ("heading", {"text": "Critical Acclaim", "level": "h2"}),
            (
                "video",
                {
                    "title": "Clip",
                    "caption": "Crowds at dusk",
                    "duration": "2:35",
                    "url": "https://vimeo.com/1",
                },
            ),
            (
                "interview",
                {
                    "name": "Lixin Fan",
                    "questions": [
                        {"type": "item", "id": "q1", "value": {"question": "Why?", "answer": "<p>Home</p>"}}
                    ],
                },
            ),
            ("update", {"date": "2012-10-01", "headline": "Emmy", "body": "<p>Won &amp; cheered.</p>"}),
        ],
    )
    passages = stream_passages(film.body)
    assert passages == [
        ("Section heading", "Critical Acclaim"),
        ("Video", "Clip · Crowds at dusk"),
        ("Interview", "Lixin Fan · Why? · Home"),
        ("Film update", "Emmy · Won & cheered."),
    ]


def test_an_unreachable_search_service_gives_a_503_page_and_empty_suggestions(client, film, monkeypatch):
    from search import backends
    from search.backends import cluster

    def fail(*args, **kwargs):
        raise ConnectionError("search cluster down")

    class Down:
        search = autocomplete = staticmethod(fail)

    # A search cluster (search/backends/cluster.py) whose client cannot connect.
    monkeypatch.setattr(backends, "implementation", lambda: cluster)
    monkeypatch.setattr(backends, "get_search_backend", Down)
    response = client.get("/search/", {"q": "salt"})
    assert response.status_code == 503
    assert "Search is not available right now" in text_of(soup(response).select_one("main"))

    response = client.get("/search/autocomplete/", {"q": "salt"})
    assert (response.status_code, response.json()["results"]) == (503, [])
