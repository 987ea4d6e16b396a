"""Seasons: the season page lists its visible films in broadcast order; the film index, search and
the API filter by season; the film page, its JSON-LD and the API say which season a film is in."""

import datetime
import json

import pytest

from .factories import create_film, create_film_in_state, create_season
from .html import soup, text_of

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def seasons(film_index):
    """Season 24 (2011) with four public films, a draft and a private one; Season 25 with one film;
    Season 26 a draft season page with one public film."""
    s24 = create_season(film_index, 24, 2011, intro="<p>Films about work and family.</p>")
    s25 = create_season(film_index, 25, 2012)
    s26 = create_season(film_index, 26, 2013, publish=False)
    for title, premiere in [
        ("Undated Film", None),
        ("Bravo", D(2011, 10, 4)),
        ("Last Train Home", D(2011, 9, 27)),
        ("Alpha", D(2011, 10, 4)),
    ]:
        create_film(film_index, title, premiere_date=premiere, season=s24)
    create_film_in_state(film_index, "Draft Film", "draft", season=s24, premiere_date=D(2011, 9, 1))
    create_film_in_state(film_index, "Private Film", "password", season=s24, premiere_date=D(2011, 9, 2))
    create_film(film_index, "Next Year Film", slug="next-year-film", premiere_date=D(2012, 6, 1), season=s25)
    create_film(film_index, "Hidden Season Film", slug="hidden-season-film", season=s26)
    create_film(film_index, "No Season Film", slug="no-season-film")
    return {24: s24, 25: s25, 26: s26}


def card_titles(response) -> list[str]:
    return [text_of(title) for title in soup(response).select(".film-card__title")]


def json_ld(response) -> dict:
    (script,) = soup(response).find_all("script", type="application/ld+json")
    return json.loads(script.string)


# The season page


def test_a_season_page_lists_its_visible_films_in_broadcast_order(client, seasons):
    response = client.get("/films/season-24/")
    assert response.status_code == 200
    page = soup(response)
    assert text_of(page.find("h1")) == "Season 24 (2011)"
    assert "Films about work and family." in text_of(page)
    # Premiere date first, the same day by title, a film without a premiere date last.
    assert card_titles(response) == ["Last Train Home", "Alpha", "Bravo", "Undated Film"]
    assert "4 films" in text_of(page.select_one(".film-index__count"))
    assert page.select_one(".film-card__title a")["href"] == "/films/last-train-home/"
    # Beside the public films: never a draft or a private one, nor another season's.
    html = response.content.decode()
    for hidden in ("Draft Film", "Private Film", "Next Year Film", "No Season Film"):
        assert hidden not in html


def test_a_film_leaves_the_season_page_when_it_is_unpublished(client, seasons):
    assert "Bravo" in card_titles(client.get("/films/season-24/"))
    seasons[24].films.get(title="Bravo").unpublish()
    assert card_titles(client.get("/films/season-24/")) == ["Last Train Home", "Alpha", "Undated Film"]


def test_a_draft_season_page_is_not_served(client, seasons):
    assert client.get("/films/season-25/").status_code == 200
    assert client.get("/films/season-26/").status_code == 404


# The film page, its JSON-LD and the API say which season


def test_the_information_box_links_the_film_to_its_season(client, seasons):
    page = soup(client.get("/films/last-train-home/"))
    box = page.find(id="film-info-heading").find_parent("section")
    term = box.find("dt", string="Season")
    assert term is not None
    link = term.find_next_sibling("dd").find("a")
    assert (text_of(link), link["href"]) == ("Season 24 (2011)", "/films/season-24/")
    # A film whose season page is a draft says no season (and links nowhere).
    hidden = (
        soup(client.get("/films/hidden-season-film/")).find(id="film-info-heading").find_parent("section")
    )
    assert hidden.find("dt", string="Season") is None
    assert "season-26" not in str(hidden)


def test_a_film_names_no_season_whose_page_is_private(client, seasons, restrict):
    def named(response) -> bool:
        return "Season 25 (2012)" in response.content.decode()

    assert named(client.get("/films/next-year-film/"))
    restrict(seasons[25])
    response = client.get("/films/next-year-film/")
    assert response.status_code == 200
    assert not named(response)
    assert "partOfSeason" not in json_ld(response)


def test_the_json_ld_says_which_season_the_film_is_part_of(client, seasons):
    movie = json_ld(client.get("/films/last-train-home/"))
    assert movie["partOfSeason"] == {
        "@type": "TVSeason",
        "seasonNumber": 24,
        "name": "Season 24 (2011)",
        "url": "http://localhost/films/season-24/",
        "startDate": "2011",
    }
    assert "partOfSeason" not in json_ld(client.get("/films/no-season-film/"))
    assert "partOfSeason" not in json_ld(client.get("/films/hidden-season-film/"))


def test_the_api_gives_the_season_and_filters_by_its_number(client, seasons):
    lth = seasons[24].films.get(title="Last Train Home")
    detail = client.get(f"/api/v2/films/{lth.pk}/").json()
    assert detail["season"] == {"number": 24, "year": 2011, "url": "http://localhost/films/season-24/"}
    hidden = seasons[26].films.get()
    assert client.get(f"/api/v2/films/{hidden.pk}/").json()["season"] is None

    listed = client.get("/api/v2/films/", {"season": "24", "fields": "season"}).json()
    assert sorted(item["title"] for item in listed["items"]) == [
        "Alpha",
        "Bravo",
        "Last Train Home",
        "Undated Film",
    ]
    assert {item["season"]["number"] for item in listed["items"]} == {24}
    # The number, not the page's id; a draft season's films are not found through it.
    assert client.get("/api/v2/films/", {"season": str(seasons[24].pk)}).json()["meta"]["total_count"] == 0
    assert client.get("/api/v2/films/", {"season": "26"}).json()["meta"]["total_count"] == 0


@pytest.mark.parametrize("value", ["abc", "0", "-1", "40000", "9223372036854775808", "2 4"])
def test_a_malformed_season_is_a_400_from_the_api(client, seasons, value):
    response = client.get("/api/v2/films/", {"season": value})
    assert response.status_code == 400
    assert "season" in response.json()["message"]


# The film index


def test_the_film_index_filters_by_season(client, seasons):
    response = client.get("/films/", {"season": "24"})
    assert response.status_code == 200
    assert sorted(card_titles(response)) == ["Alpha", "Bravo", "Last Train Home", "Undated Film"]
    page = soup(response)
    assert "4 films" in text_of(page.select_one(".film-index__count"))
    options = {text_of(option): option for option in page.select("#filter-season option")}
    # Seasons with visible films, newest first; never the draft season.
    assert list(options) == ["All seasons", "Season 25 (2012)", "Season 24 (2011)"]
    assert options["Season 24 (2011)"].has_attr("selected")
    assert page.find("link", rel="canonical")["href"] == "http://localhost/films/?season=24"
    assert page.find("a", string="Clear filters") is not None


@pytest.mark.parametrize("value", ["99", "26", "abc", "24x", "", "0"])
def test_an_unknown_or_malformed_season_shows_the_plain_film_index(client, seasons, value):
    plain = card_titles(client.get("/films/"))
    assert "No Season Film" in plain
    response = client.get("/films/", {"season": value})
    assert response.status_code == 200
    assert card_titles(response) == plain
    page = soup(response)
    assert page.find("link", rel="canonical")["href"] == "http://localhost/films/"
    assert not any(option.has_attr("selected") for option in page.select("#filter-season option"))


def test_a_leading_zero_names_the_same_season(client, seasons):
    page = soup(client.get("/films/", {"season": "024"}))
    assert page.find("link", rel="canonical")["href"] == "http://localhost/films/?season=24"
    assert len(page.select(".film-card")) == 4


def test_season_combines_with_topic_and_year(client, seasons):
    alpha = seasons[24].films.get(title="Alpha")
    alpha.topics.add("Migration")
    alpha.save_revision().publish()
    assert card_titles(client.get("/films/", {"season": "24", "topic": "migration"})) == ["Alpha"]
    assert card_titles(client.get("/films/", {"season": "25", "topic": "migration"})) == []


# Search


def result_titles(response) -> list[str]:
    return [text_of(title) for title in soup(response).select(".search-result__title")]


def test_search_filters_by_season_and_counts_each_season(client, seasons):
    response = client.get("/search/", {"q": "family", "season": "24"})
    assert response.status_code == 200
    assert sorted(result_titles(response)) == ["Alpha", "Bravo", "Last Train Home", "Undated Film"]
    page = soup(response)
    active = [text_of(item) for item in page.select(".search-active li")]
    assert any(label.startswith("Season 24 (2011)") for label in active), active
    # The season filter's own counts ignore its choice: both visible seasons, with their films.
    heading = page.find("h3", string="Season")
    options = [text_of(a) for a in heading.find_next_sibling("ul").find_all("a")]
    assert options[0].startswith("Season 25 (2012) (1") and options[1].startswith("Season 24 (2011) (4")
    assert "Season 26" not in text_of(page)
    # A new search keeps the season.
    assert page.select_one("form[role=search] input[name=season]")["value"] == "24"
    without = result_titles(client.get("/search/", {"q": "family"}))
    assert "No Season Film" in without and "Next Year Film" in without


def test_search_by_season_without_words(client, seasons):
    assert result_titles(client.get("/search/", {"season": "25"})) == ["Next Year Film"]


@pytest.mark.parametrize("value", ["99", "26", "abc", "0"])
def test_search_leaves_out_an_unknown_season_and_says_so(client, seasons, value):
    response = client.get("/search/", {"q": "family", "season": value})
    assert response.status_code == 200
    assert f"There is no season “{value}”" in response.content.decode()
    assert "No Season Film" in result_titles(response)
