"""The home page as a visitor reads it: the strand's name, a lead film, the other featured
films in full rows at any count, what streams today, upcoming dates and the latest updates."""

import datetime

import pytest

from django.utils import timezone

from core.models import BrandSettings
from home.models import HomeFeaturedFilm, card_rows

from .factories import create_image
from .html import soup, text_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def feature(home, films) -> None:
    home.featured_films = [HomeFeaturedFilm(film=film, sort_order=i) for i, film in enumerate(films)]
    home.save_revision().publish()


def home_soup(client):
    response = client.get("/")
    assert response.status_code == 200
    return soup(response)


def card_titles(row) -> list[str]:
    return [text_of(title) for title in row.select(".film-card__title")]


@pytest.mark.parametrize("count", range(7))
def test_featured_films_fill_their_rows_at_every_count(client, home_page, make_film, count):
    films = [
        make_film(
            f"Film {n}",
            slug=f"film-{n}",
            hero_image=create_image(f"Still {n}", description="A still"),
            synopsis=f"Logline {n}.",
        )
        for n in range(count)
    ]
    feature(home_page, films)
    page = home_soup(client)

    lead = page.select_one(".lead")
    if count == 0:
        assert lead is None and page.find(id="featured-heading") is None
        return
    assert text_of(lead.select_one(".lead__title")) == "Film 0"
    assert text_of(lead.select_one(".lead__logline")) == "Logline 0."
    assert lead.select_one("img.lead__image") is not None
    way_in = lead.select_one("a.button-link")
    assert way_in["href"] == films[0].url and text_of(way_in) == "Watch and explore Film 0"

    rows = page.select("#featured-heading ~ .card-row")
    assert [title for row in rows for title in card_titles(row)] == [f"Film {n}" for n in range(1, count)]
    for row in rows:
        cards = row.select(":scope > li")
        # One row class per count the stylesheet lays out: every slot holds a card.
        assert f"card-row--{len(cards)}" in row["class"] and 1 <= len(cards) <= 3
        assert len(cards) >= len(rows[0].select(":scope > li")) - 1, "rows are uneven"
        for img in row.select("img"):
            assert img["sizes"].startswith(f"(min-width: 75em) {70 / len(cards):.0f}rem,"), img["sizes"]


def test_card_rows_split_evenly():
    assert [[len(row.films) for row in card_rows(list(range(n)))] for n in range(8)] == [
        [],
        [1],
        [2],
        [3],
        [2, 2],
        [3, 2],
        [3, 3],
        [3, 2, 2],
    ]


def test_streaming_now_lists_exactly_the_films_streaming_today(client, home_page, make_film, restrict):
    make_film("Ends Soon", slug="ends-soon", streaming_start=TODAY - 30 * DAY, streaming_end=TODAY + 3 * DAY)
    make_film("Open Ended", slug="open-ended", streaming_start=TODAY - DAY)
    make_film("Last Day", slug="last-day", streaming_start=TODAY - 9 * DAY, streaming_end=TODAY)
    make_film("Ended", slug="ended", streaming_start=TODAY - 30 * DAY, streaming_end=TODAY - DAY)
    make_film("Not Yet", slug="not-yet", streaming_start=TODAY + DAY, streaming_end=TODAY + 9 * DAY)
    make_film("No Window", slug="no-window")
    make_film("Draft Streaming", slug="draft-streaming", publish=False, streaming_start=TODAY - DAY)
    restrict(make_film("Private Streaming", slug="private-streaming", streaming_start=TODAY - DAY))

    section = home_soup(client).find(id="streaming-heading").find_parent("section")

    assert [text_of(title) for title in section.select(".film-card__title")] == [
        "Last Day",
        "Ends Soon",
        "Open Ended",
    ]
    assert (
        f"Streaming until {TODAY + 3 * DAY:%B} {(TODAY + 3 * DAY).day}, {(TODAY + 3 * DAY).year}"
        in text_of(section)
    )


def test_nothing_streaming_says_so(client, home_page, make_film):
    make_film("Ended", slug="ended", streaming_start=TODAY - 30 * DAY, streaming_end=TODAY - DAY)
    section = home_soup(client).find(id="streaming-heading").find_parent("section")
    assert section.select(".film-card") == []
    assert "No film is streaming today." in text_of(section)
    assert section.find("a", href="/films/") is not None


def test_the_heading_is_the_strands_name_not_the_page_title(client, home_page):
    brand = BrandSettings.for_site(home_page.get_site())
    brand.name = "Strand Docs"
    brand.save()
    page = home_soup(client)
    assert [text_of(h1) for h1 in page.find_all("h1")] == ["Strand Docs"]


def test_upcoming_premieres_and_broadcasts_show_what_and_when(client, home_page, make_film):
    premiere = TODAY + 5 * DAY
    make_film("Premiering", slug="premiering", premiere_date=premiere)
    make_film("Encore", slug="encore", premiere_date=TODAY - 900 * DAY, broadcasts=[TODAY + 9 * DAY])
    section = home_soup(client).find(id="upcoming-heading").find_parent("section")
    cards = [text_of(card) for card in section.select(".film-card")]
    assert len(cards) == 2
    assert "Premiering" in cards[0] and f"Premieres {premiere:%B} {premiere.day}, {premiere.year}" in cards[0]
    encore = TODAY + 9 * DAY
    assert "Encore" in cards[1] and f"Encore broadcast {encore:%B} {encore.day}, {encore.year}" in cards[1]
    # Compact cards: a thumbnail sized for its slot, not for the whole column.
    for img in section.select("img"):
        assert img["sizes"] == "8rem"
