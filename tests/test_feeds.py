"""RSS and Atom feeds of new films and film updates, and the links that announce them."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup

from .factories import create_document
from .html import soup, text_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = {
    "/feeds/films/": "application/rss+xml",
    "/feeds/films/atom/": "application/atom+xml",
    "/feeds/updates/": "application/rss+xml",
    "/feeds/updates/atom/": "application/atom+xml",
}


def rss_items(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.findall("item")]


def atom_entries(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def update(date: str, headline: str, body: str = "<p>News.</p>"):
    return ("update", {"date": date, "headline": headline, "body": body})


def test_new_films_feed_lists_published_films_newest_first(client, make_film):
    make_film("First Light", slug="first-light", synopsis="Dawn over the harbour.")
    make_film("Second Wind", slug="second-wind")

    items = rss_items(client, "/feeds/films/")

    assert [item["title"] for item in items] == ["Second Wind", "First Light"]
    assert items[1]["link"] == "http://localhost/films/first-light/"
    assert items[1]["description"] == "Dawn over the harbour."
    assert items[1]["pubDate"]


def test_new_films_atom_feed_matches_the_rss_feed(client, make_film):
    make_film("First Light", slug="first-light")

    (entry,) = atom_entries(client, "/feeds/films/atom/")

    assert entry["title"] == "First Light"
    assert entry["link"] == "http://localhost/films/first-light/"


def test_drafts_and_private_films_stay_out_of_every_feed(client, make_film, restrict):
    make_film("Draft Film", slug="draft-film", publish=False, body=[update("2030-01-01", "Draft news")])
    restrict(make_film("Private Film", slug="private-film", body=[update("2030-01-02", "Private news")]))
    make_film("Public Film", slug="public-film", body=[update("2030-01-03", "Public news")])

    for url in FEEDS:
        text = client.get(url).content.decode()
        assert "Public" in text, url
        assert "Draft" not in text and "Private" not in text, url


def test_updates_feed_lists_update_blocks_newest_first(client, make_film):
    make_film("Harbour", slug="harbour", body=[update("2024-03-01", "Festival prize")])
    make_film("Orchard", slug="orchard", body=[update("2025-06-10", "Broadcast date set")])

    items = rss_items(client, "/feeds/updates/")

    assert [item["title"] for item in items] == ["Orchard: Broadcast date set", "Harbour: Festival prize"]
    assert items[0]["link"] == "http://localhost/films/orchard/"
    assert items[0]["guid"] != items[1]["guid"]
    assert datetime.datetime.strptime(items[0]["pubDate"][:16], "%a, %d %b %Y").date() == datetime.date(
        2025, 6, 10
    )


def test_update_bodies_link_absolutely(client, make_film):
    press = create_document("Press release", "press.pdf")
    body = f'<p>Read the <a linktype="document" id="{press.pk}">press release</a>.</p>'
    make_film("Harbour", slug="harbour", body=[update("2024-03-01", "Emmy", body)])

    (entry,) = atom_entries(client, "/feeds/updates/atom/")

    assert f'href="http://localhost/documents/{press.pk}/' in entry["summary"]
    assert entry["id"].startswith("http://localhost/films/harbour/#update-2024-03-01")


def test_feed_links_come_from_the_site_not_the_host_header(client, make_film):
    make_film("Harbour", slug="harbour", body=[update("2024-03-01", "Emmy")])

    for url in FEEDS:
        feed = client.get(url, HTTP_HOST="evil.example").content.decode()
        assert "evil.example" not in feed, url
        assert "http://localhost/films/harbour/" in feed, url


def test_every_page_announces_the_feeds(client, film_index, make_film):
    make_film("Harbour", slug="harbour")

    for path in ("/", "/films/", "/films/harbour/", "/search/?q=harbour"):
        links = soup(client.get(path)).find_all("link", rel="alternate")
        announced = {link["href"]: link["type"] for link in links}
        assert announced == FEEDS, path
        assert all(link.get("title") for link in links), path
    for url, content_type in FEEDS.items():
        assert client.get(url)["Content-Type"].startswith(content_type)


PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("url", ["/feeds/films/", "/feeds/films/atom/"])
def test_a_synopsis_reaches_feed_readers_as_text_not_markup(client, make_film, url):
    """Readers render RSS <description> and Atom type="html" as HTML: the synopsis must be escaped for it."""
    make_film("Safe Film", slug="safe", synopsis="Salt & silence.")
    make_film("Hostile Film", slug="hostile", synopsis=f"Trains {PAYLOAD}")
    # As a reader that trusts the feed would show it (feedparser's own sanitiser switched off).
    feed = feedparser.parse(client.get(url).content, sanitize_html=False)
    summaries = {entry.title: entry.summary for entry in feed.entries}
    assert text_of(BeautifulSoup(summaries["Safe Film"], "html.parser")) == "Salt & silence."
    shown = BeautifulSoup(summaries["Hostile Film"], "html.parser")
    assert not shown.find(["script", "img"])
    assert text_of(shown) == f"Trains {PAYLOAD}"


@pytest.mark.parametrize("url", ["/feeds/updates/", "/feeds/updates/atom/"])
def test_update_bodies_reach_feed_readers_without_live_scripts(client, make_film, url):
    body = f'<p>Won <a href="https://example.com/award">an award</a>.</p>{PAYLOAD}'
    make_film("Award Film", body=[update("2026-05-01", "An award", body)])
    feed = feedparser.parse(client.get(url).content, sanitize_html=False)
    shown = BeautifulSoup(feed.entries[0].summary, "html.parser")
    assert shown.find("a", href="https://example.com/award")
    assert not shown.find(["script", "img"])
