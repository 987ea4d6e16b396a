"""The Film catalogue: every film in one table, filtered, searched, sorted and exported."""

import csv
import datetime
import io
import re
from urllib.parse import urlsplit

import openpyxl
import pytest

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from wagtail.models import Site

from .admin_helpers import a_moderator, an_editor
from .factories import build_site_tree, create_film, create_partner
from .html import soup, text_of

CATALOGUE = "film_filmpage_modeladmin_index"
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
HEADINGS = [
    "Title",
    "Year",
    "Premiere",
    "Streaming start",
    "Streaming end",
    "Streaming status",
    "Partners",
    "Live/draft",
    "Last updated",
    "Runtime (minutes)",
    "Topics",
    "Public URL",
]


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def films(module_db):
    """Four films, one per streaming state, with topics and partners to filter by (built once)."""
    with module_db():
        yield build_films(build_site_tree().index)


def build_films(index):
    itvs, caam = create_partner("ITVS"), create_partner("CAAM")

    def film(title, topics=(), **fields):
        page = create_film(index, title, **fields)
        page.topics.add(*topics)
        page.save_revision().publish()
        return page

    return {
        "streaming": film(
            "Last Train Home",
            topics=["Migration"],
            year=2009,
            premiere_date=datetime.date(2011, 9, 27),
            streaming_start=TODAY - DAY,
            streaming_end=TODAY + 30 * DAY,
            partners=[(itvs, "presented_by"), (caam, "co_presentation")],
            runtime=90,
        ),
        "later": film(
            "The Night Ward",
            topics=["Health Care"],
            year=2026,
            streaming_start=TODAY + 10 * DAY,
            partners=[(caam, "presented_by")],
        ),
        "expired": film(
            "The Long Water",
            topics=["Migration", "Climate"],
            year=2016,
            streaming_end=TODAY - DAY,
            partners=[(itvs, "funded_by")],
        ),
        "draft": create_film(index, "Second Chair", year=2025, publish=False),
        "partners": {"ITVS": itvs, "CAAM": caam},
    }


@pytest.fixture
def editor_client(client):
    client.force_login(an_editor())
    return client


def rows(response) -> dict[str, dict]:
    """The catalogue's rows in order, by film title: each column's text and the edit link's path."""
    page = soup(response)
    headings = [text_of(th) for th in page.select("table thead th")]
    table = {}
    for tr in page.select("table tbody tr"):
        title_link = tr.select_one(".title-wrapper a")
        cells = [text_of(title_link)] + [text_of(td) for td in tr.select("td")[1:]]
        table[text_of(title_link)] = {
            **dict(zip(headings, cells, strict=True)),
            "edit": urlsplit(tr.find("a", string=re.compile(r"^\s*Edit\s*$"))["href"]).path,
        }
    return table


def catalogue(client, **params):
    return client.get(reverse(CATALOGUE), params)


def test_the_catalogue_lists_every_film_live_or_draft_with_its_facts(editor_client, films):
    table = rows(catalogue(editor_client))

    assert set(table) == {"Last Train Home", "The Night Ward", "The Long Water", "Second Chair"}
    lth = table["Last Train Home"]
    assert lth["Year"] == "2009"
    # Short dates, to keep a row on one line (the exports carry real dates).
    assert lth["Premiere date"] == "Sep 27, 2011"
    assert lth["Streaming start"] == date_format(TODAY - DAY, "M j, Y")
    assert lth["Streaming end"] == date_format(TODAY + 30 * DAY, "M j, Y")
    assert lth["Streaming status"] == "Streaming now"
    assert lth["Partners"] == "ITVS, CAAM"
    assert lth["Live/draft"] == "live"
    assert lth["Last updated"]
    assert table["Second Chair"]["Live/draft"] == "draft"
    assert table["Second Chair"]["Streaming start"] == table["Second Chair"]["Streaming end"] == ""
    assert table["The Night Ward"]["Streaming status"] == "Streaming later"
    assert table["The Long Water"]["Streaming status"] == "Expired"
    assert table["Second Chair"]["Streaming status"] == "Not streaming"


def test_every_row_links_to_the_page_editor(editor_client, films):
    table = rows(catalogue(editor_client))

    for key in ("streaming", "later", "expired", "draft"):
        film = films[key]
        assert table[film.title]["edit"] == reverse("wagtailadmin_pages:edit", args=(film.pk,))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "migration"}, {"Last Train Home", "The Long Water"}),
        ({"year": "2016"}, {"The Long Water"}),
        ({"streaming": "now"}, {"Last Train Home"}),
        ({"streaming": "later"}, {"The Night Ward"}),
        ({"streaming": "expired"}, {"The Long Water"}),
        ({"streaming": "none"}, {"Second Chair"}),
        ({"live__exact": "0"}, {"Second Chair"}),
        ({"live__exact": "1"}, {"Last Train Home", "The Night Ward", "The Long Water"}),
        ({"topic": "migration", "streaming": "expired"}, {"The Long Water"}),
        ({"q": "night"}, {"The Night Ward"}),
        ({"q": "CAAM"}, {"Last Train Home", "The Night Ward"}),
    ],
)
def test_filters_and_search_narrow_the_list(editor_client, films, params, expected):
    assert set(rows(catalogue(editor_client, **params))) == expected


def test_the_partner_filter_lists_the_films_that_credit_the_partner(editor_client, films):
    itvs = films["partners"]["ITVS"]

    assert set(rows(catalogue(editor_client, partner=str(itvs.pk)))) == {"Last Train Home", "The Long Water"}


def test_the_list_can_be_sorted_by_year(editor_client, films):
    year_column = "1"  # modeladmin's ordering parameter is the column's position in list_display

    ascending = list(rows(catalogue(editor_client, o=year_column)))
    descending = list(rows(catalogue(editor_client, o=f"-{year_column}")))

    assert ascending == ["Last Train Home", "The Long Water", "Second Chair", "The Night Ward"]
    assert descending == list(reversed(ascending))


def test_the_filtered_list_exports_to_csv(editor_client, films):
    response = catalogue(editor_client, topic="migration", export="csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="film-catalogue.csv"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == HEADINGS
    by_title = {row[0]: dict(zip(HEADINGS, row, strict=True)) for row in table[1:]}
    assert set(by_title) == {"Last Train Home", "The Long Water"}
    lth = by_title["Last Train Home"]
    assert lth["Year"] == "2009"
    assert lth["Premiere"] == "2011-09-27"
    assert lth["Partners"] == "ITVS, CAAM"
    assert lth["Live/draft"] == "live"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:00", lth["Last updated"])
    assert lth["Runtime (minutes)"] == "90"
    assert lth["Topics"] == "Migration"
    assert lth["Streaming start"] == (TODAY - DAY).isoformat()
    assert lth["Streaming end"] == (TODAY + 30 * DAY).isoformat()
    assert lth["Streaming status"].startswith("Streaming until")
    assert lth["Public URL"].endswith("/films/last-train-home/")
    assert by_title["The Long Water"]["Streaming status"] == "Expired"
    assert by_title["The Long Water"]["Premiere"] == ""


def test_the_filtered_list_exports_to_xlsx(editor_client, films):
    response = catalogue(editor_client, streaming="expired", export="xlsx")

    assert response.status_code == 200
    assert 'filename="film-catalogue.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *table = list(workbook.active.iter_rows(values_only=True))
    assert list(header) == HEADINGS
    assert [row[:7] for row in table] == [
        ("The Long Water", 2016, None, None, TODAY - DAY, "Expired", "ITVS")
    ]
    assert isinstance(table[0][HEADINGS.index("Last updated")], datetime.datetime)


def test_each_row_has_one_button_and_its_other_actions_in_a_menu(client, films):
    client.force_login(a_moderator())  # an editor may only edit: one button, no menu
    page = soup(catalogue(client))

    for tr in page.select("table.listing > tbody > tr"):
        title_cell = tr.select_one("td.field-title")
        buttons = title_cell.select("a.button")
        assert [text_of(button) for button in buttons] == ["Edit"]
        menu = title_cell.select_one("[data-controller=w-dropdown]")
        assert menu.select_one("button[aria-label='More actions']")
        actions = [text_of(link) for link in menu.select("[data-w-dropdown-target=content] a")]
        assert "Copy" in actions and "Delete" in actions


def test_xlsx_and_csv_are_offered_alike(editor_client, films):
    page = soup(catalogue(editor_client, topic="migration"))

    downloads = {
        text_of(link): link["href"] for link in page.select("a.button") if "Download" in text_of(link)
    }
    assert set(downloads) == {"Download XLSX", "Download CSV"}
    assert "export=xlsx" in downloads["Download XLSX"] and "export=csv" in downloads["Download CSV"]
    assert all("topic=migration" in href for href in downloads.values())


def test_public_urls_come_from_the_sites_root_url_and_drafts_have_none(editor_client, films):
    Site.objects.filter(is_default_site=True).update(hostname="films.example.org", port=443)

    response = catalogue(editor_client, export="csv")

    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    urls = {row[0]: row[HEADINGS.index("Public URL")] for row in table[1:]}
    assert urls["Last Train Home"].startswith("https://films.example.org/")
    assert urls["Last Train Home"].endswith("/last-train-home/")
    assert urls["Second Chair"] == ""
