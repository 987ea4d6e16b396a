"""Every absolute URL the site writes is its Site's root URL plus a path (core/links.py): the
canonical link, OpenGraph and X cards, share links, JSON-LD, sitemap, robots.txt, feeds and the
API agree with each other, and none follows the request's Host header, cached pages included."""

import json
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Site

from core.links import public_url, site_address

from .factories import create_image
from .html import soup

pytestmark = pytest.mark.django_db

ROOT = "http://127.0.0.1:8000"
FILM = f"{ROOT}/films/harbour/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def film(site_tree, make_film):
    """A film on a Site at make run's address (as load_demo sets it), with a share image."""
    set_address(site_tree.site, "127.0.0.1", 8000)
    return make_film(
        "Harbour",
        slug="harbour",
        hero_image=create_image("hero", description="A quiet harbour", size=(1600, 900)),
    )


def set_address(site: Site, hostname: str, port: int) -> None:
    site.hostname, site.port = hostname, port
    site.save()  # as Settings → Sites does: Wagtail forgets its cached site paths


def links_of_the_film(client, host: str) -> dict[str, str]:
    """Every absolute URL of the film (and of the site) that a visitor, crawler or app reads, by channel."""
    page = soup(client.get("/films/harbour/", HTTP_HOST=host))
    share = page.find("section", class_="share")
    movie = next(
        data
        for data in (json.loads(s.string) for s in page.find_all("script", type="application/ld+json"))
        if data.get("@type") == "Movie"
    )
    email = parse_qs(urlsplit(share.find("a", string="Email")["href"]).query)
    facebook = parse_qs(
        urlsplit(share.find("a", href=lambda h: h.startswith("https://www.facebook.com/"))["href"]).query
    )

    sitemap = ET.fromstring(client.get("/sitemap.xml", HTTP_HOST=host).content)
    robots = client.get("/robots.txt", HTTP_HOST=host).content.decode().splitlines()
    rss = ET.fromstring(client.get("/feeds/films/", HTTP_HOST=host).content)
    atom = ET.fromstring(client.get("/feeds/films/atom/", HTTP_HOST=host).content)
    api = client.get("/api/v2/films/", HTTP_HOST=host).json()
    return {
        "canonical": page.head.find("link", rel="canonical")["href"],
        "og:url": page.head.find("meta", property="og:url")["content"],
        "copy link": share.find("a", attrs={"data-copy-link": True})["href"],
        "email share": email["body"][0],
        "facebook share": facebook["u"][0],
        "JSON-LD url": movie["url"],
        "JSON-LD @id": movie["@id"].removesuffix("#film"),
        "sitemap": next(
            url.findtext(f"{SITEMAP}loc") for url in sitemap if "harbour" in url.findtext(f"{SITEMAP}loc")
        ),
        "RSS item": rss.find("channel/item/link").text,
        "Atom entry": atom.find(f"{ATOM}entry/{ATOM}link").get("href"),
        "API html_url": api["items"][0]["meta"]["html_url"],
        # The site's own addresses beside the film's.
        "og:image": page.head.find("meta", property="og:image")["content"],
        "twitter:image": page.head.find("meta", attrs={"name": "twitter:image"})["content"],
        "JSON-LD image": movie["image"]["url"],
        "robots Sitemap:": next(line for line in robots if line.startswith("Sitemap: ")).removeprefix(
            "Sitemap: "
        ),
        "RSS channel": rss.find("channel/link").text,
    }


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:8000", "localhost"])
def test_every_channel_names_the_film_by_the_sites_root_url_whatever_the_host(client, film, host):
    links = links_of_the_film(client, host)

    film_links = {channel: url for channel, url in links.items() if "harbour" in url}
    assert set(film_links) == {
        "canonical",
        "og:url",
        "copy link",
        "email share",
        "facebook share",
        "JSON-LD url",
        "JSON-LD @id",
        "sitemap",
        "RSS item",
        "Atom entry",
        "API html_url",
    }
    assert set(film_links.values()) == {FILM}, film_links
    assert links["robots Sitemap:"] == f"{ROOT}/sitemap.xml"
    assert links["RSS channel"] == f"{ROOT}/films/"
    assert links["og:image"].startswith(f"{ROOT}/media/images/")
    assert links["twitter:image"] == links["JSON-LD image"] == links["og:image"]
    assert not [url for url in links.values() if host not in ROOT and host in url]


def test_a_page_cached_for_a_forged_host_carries_only_the_sites_address(client, film):
    first = client.get("/films/harbour/", HTTP_HOST="evil.example")
    cached = client.get("/films/harbour/", HTTP_HOST="evil.example")
    own = client.get("/films/harbour/", HTTP_HOST="127.0.0.1:8000")

    assert (first["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    assert f'href="{FILM}"' in cached.content.decode()
    assert "evil.example" not in cached.content.decode()
    # The page does not depend on the Host at all: the forged host's copy is the Site's page.
    assert cached.content == own.content


def test_share_links_follow_the_site_when_its_address_changes(client, film, site_tree):
    client.get("/films/harbour/")  # cached at the old address
    set_address(Site.objects.get(pk=site_tree.site.pk), "films.example.org", 443)

    links = links_of_the_film(client, "127.0.0.1:8000")

    assert (
        links["copy link"]
        == links["canonical"]
        == links["sitemap"]
        == "https://films.example.org/films/harbour/"
    )


def test_a_page_outside_every_site_has_no_public_url(film, site_tree):
    Site.objects.all().delete()

    assert public_url(film) == ""


def test_a_page_on_the_site_has_its_absolute_url(film):
    assert public_url(film) == FILM


@pytest.mark.parametrize(
    ("root_url", "address"),
    [
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("https://films.example.org", ("films.example.org", 443)),
        ("https://films.example.org:443/", ("films.example.org", 443)),
        ("http://films.example.org", ("films.example.org", 80)),
    ],
)
def test_a_root_url_becomes_a_site_hostname_and_port(root_url, address):
    assert site_address(root_url) == address
    hostname, port = address
    assert Site(hostname=hostname, port=port).root_url == root_url.rstrip("/").removesuffix(":443")


@pytest.mark.parametrize(
    "root_url",
    ["127.0.0.1:8000", "ftp://films.example.org", "https://films.example.org:8443", "http://x.org/films/"],
)
def test_an_address_a_site_cannot_hold_is_refused(root_url):
    with pytest.raises(ValueError):
        site_address(root_url)


def test_load_demo_refuses_an_address_a_site_cannot_hold_before_writing_anything(db):
    sites = list(Site.objects.values_list("hostname", "port"))

    with pytest.raises(CommandError, match="https exactly when its port is 443"):
        call_command("load_demo", "--root-url", "https://films.example.org:8443")

    assert list(Site.objects.values_list("hostname", "port")) == sites == [("localhost", 80)]
