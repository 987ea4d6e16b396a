"""The Film catalogue as a moderator sees it at 1366x900, beside the filters: one short line per
film, every column on screen and nothing in it cut off.

Boxes come from getBoundingClientRect, in Chromium.
"""

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from film.models import FilmPage
from tests.admin_helpers import a_moderator

from .editor import log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
COLUMNS = [
    "Title",
    "Year",
    "Premiere date",
    "Streaming start",
    "Streaming end",
    "Streaming status",
    "Partners",
    "Live/draft",
    "Last updated",
]
ROW_HEIGHT = 64  # px, "about 60": a title that wraps makes two lines of text, with the padding


@pytest.fixture
def moderator(demo_site):
    return a_moderator("mo")


def test_catalogue_rows_are_one_short_line_with_every_column_readable(live_server, moderator, page):
    films = {film.title for film in FilmPage.objects.all()}
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "mo")
    page.goto(live_server.url + reverse("film_filmpage_modeladmin_index"))
    table = page.locator("table.listing")
    expect(table).to_be_visible()
    expect(page.locator(".changelist-filter")).to_be_visible()  # the filters squeeze the table

    headings = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    assert [heading for heading in headings if heading] == COLUMNS
    rows = table.locator("tbody tr")
    assert {row.locator("td").first.locator("a").first.inner_text().strip() for row in rows.all()} == films

    heights = [row.bounding_box()["height"] for row in rows.all()]
    print(f"catalogue row heights at 1366x900: {sorted(heights)}")
    assert max(heights) <= ROW_HEIGHT, heights

    # Every column on screen, clear of the filters; no text cut off sideways, and a cell cut short
    # (a long list of partners, two lines) carries its whole text in its title.
    filters_left = page.locator(".changelist-filter").bounding_box()["x"]
    content_left = page.locator("main").bounding_box()["x"]  # right of the admin's menu
    cells = table.locator("thead th, tbody td").evaluate_all(
        """(cells) => cells.map((cell) => {
            const box = cell.getBoundingClientRect();
            const clipped = (el) => getComputedStyle(el).overflowY !== "visible";
            const parts = [cell, ...cell.querySelectorAll("*")];
            return {
                text: cell.innerText.trim(),
                left: box.left,
                right: box.right,
                cut_sideways: parts.some((el) => el.scrollWidth > el.clientWidth + 1),
                cut_short: parts
                    .filter((el) => el.scrollHeight > el.clientHeight + 1 && clipped(el))
                    .map((el) => [el.textContent.trim(), el.title]),
            };
        })"""
    )
    for cell in cells:
        assert cell["right"] <= filters_left and cell["left"] >= content_left, cell
        assert not cell["cut_sideways"], cell
        for text, title in cell["cut_short"]:
            assert title == text, cell
    assert any(cell["cut_short"] for cell in cells), "no long partner list in the demo to check"
