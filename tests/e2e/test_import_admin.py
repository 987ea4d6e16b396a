"""*Import films* in a real browser: a Moderator uploads a catalogue, reads the dry run, imports it."""

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from tests.admin_helpers import a_moderator

from .editor import log_in

pytestmark = pytest.mark.browser

CATALOGUE = (
    "legacy_id,title,year,runtime_minutes,logline,season,topics,filmmakers,partners,broadcasts,legacy_url\n"
    "arch-1,The Salt Caravan,2004,82,A caravan crosses the desert.,12 (1999),Migration,Ana Ruiz|Director,"
    "ITVS|Presented by,1999-07-06T22:00-04:00,/film/salt-caravan.php\n"
    "arch-2,The Glass Orchard,2005,75,Growers under glass.,12 (1999),Farming,Li Wen|Director,"
    "ITVS|Sponsored,,\n"
)


@pytest.fixture
def moderator(demo_site):
    """Made before the browser starts (no ORM calls inside it)."""
    return a_moderator("mona")


def test_a_moderator_checks_a_catalogue_then_imports_it(live_server, moderator, page, tmp_path):
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    log_in(page, live_server.url, "mona")

    page.get_by_role("link", name="Import films").click()
    expect(page.get_by_role("heading", name="Import films", level=1)).to_be_visible()
    page.get_by_label("Catalogue file").set_input_files(str(catalogue))
    page.get_by_role("button", name="Check the file").click()

    summary = page.locator("#import-summary")
    expect(summary).to_have_text("Dry run, nothing was saved: created 1, updated 0, unchanged 0, refused 1.")
    refused = page.locator("tr.import-row--refused")
    expect(refused).to_contain_text("Line 3")
    expect(refused).to_contain_text("“Sponsored” is not a partner role (for ITVS)")
    expect(page.locator("tr.import-row--created")).to_contain_text("The Salt Caravan")
    # The bar shows every row done; only the latest step of it is on screen.
    expect(page.locator("progress.film-import-progress:visible")).to_have_count(1)
    expect(page.locator("progress.film-import-progress").last).to_have_attribute("value", "2")

    page.get_by_role("button", name="Import catalogue.csv").click()

    expect(summary).to_have_text("Imported (as drafts): created 1, updated 0, unchanged 0, refused 1.")
    page.get_by_role("link", name="The Salt Caravan").click()
    expect(page.locator("#id_title")).to_have_value("The Salt Caravan")

    # The old address now leads to the film (a draft: the visitor meets "not found" there).
    response = page.request.get(live_server.url + "/film/salt-caravan.php", max_redirects=0)
    assert response.status == 301
    assert response.headers["location"].endswith("/films/the-salt-caravan/")
    assert page.request.get(live_server.url + reverse("film_import")).ok
