"""The site's name, tagline and title suffix come from Settings; links reach the film index by page."""

import datetime

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import BrandSettings

from .html import soup, text_of

pytestmark = pytest.mark.django_db


def brand_url(site) -> str:
    return reverse("wagtailsettings:edit", args=("core", "brandsettings", site.pk))


def test_the_defaults_reproduce_the_sites_texts_without_writing_a_row(client, make_film):
    make_film("Harbour", slug="harbour")
    home = soup(client.get("/"))
    film = soup(client.get("/films/harbour/"))

    assert text_of(home.title) == "Strand: independent documentaries"
    assert text_of(film.title) == "Harbour | Strand"
    assert film.find("meta", property="og:site_name")["content"] == "Strand"
    assert text_of(film.find(class_="site-title")) == "Strand documentaries"
    assert text_of(film.find(class_="site-footer")).startswith("Strand is a series")
    assert film.find("link", type="application/rss+xml")["title"] == "Strand: new films (RSS)"
    # Reading the brand is not a write: the row appears only when an editor saves it.
    assert not BrandSettings.objects.exists()


def test_editing_the_brand_under_settings_shows_on_cached_pages_at_once(
    admin_client_logged_in, make_film, site_tree
):
    make_film("Harbour", slug="harbour")
    visitor = Client()
    assert text_of(soup(visitor.get("/films/harbour/")).title) == "Harbour | Strand"
    assert visitor.get("/films/harbour/")["X-Page-Cache"] == "hit"

    menu = admin_client_logged_in.get(reverse("wagtailadmin_home")).content.decode()
    assert brand_url(site_tree.site).rsplit("/", 2)[0] in menu  # under Settings
    response = admin_client_logged_in.post(
        brand_url(site_tree.site),
        {"name": "Riverside", "tagline": "films from the delta", "title_suffix": "Riverside Docs"},
    )
    assert response.status_code == 302

    film = soup(visitor.get("/films/harbour/"))
    assert text_of(film.title) == "Harbour | Riverside Docs"
    assert film.find("meta", property="og:site_name")["content"] == "Riverside"
    assert "Strand" not in text_of(film.find(class_="site-header"))
    assert text_of(soup(visitor.get("/")).title) == "Riverside: films from the delta"


def test_an_empty_title_suffix_leaves_titles_bare(client, make_film, site_tree):
    make_film("Harbour", slug="harbour")
    BrandSettings.objects.create(site=site_tree.site, title_suffix="")

    assert text_of(soup(client.get("/films/harbour/")).title) == "Harbour"
    assert text_of(soup(client.get("/")).title) == "Strand: independent documentaries"


def film_index_links(page) -> set[str]:
    return {a["href"] for a in page.find_all("a") if text_of(a).lower() in {"films", "browse all films"}}


def test_links_to_the_film_index_follow_the_page_when_its_slug_changes(client, site_tree):
    index = site_tree.index
    pages = {
        "nav": "/search/",  # the header's "Films" and the search page's own link
        "no results": "/search/?q=zzzzzz",
        "404": "/no-such-page/",
        "home (no upcoming films)": "/",
    }
    for name, url in pages.items():
        assert film_index_links(soup(client.get(url))) == {"/films/"}, name

    index.slug = "documentaries"
    index.save_revision().publish()

    for name, url in pages.items():
        assert film_index_links(soup(client.get(url))) == {"/documentaries/"}, name


def test_without_a_visible_film_index_its_links_are_left_out(client, site_tree):
    assert film_index_links(soup(client.get("/no-such-page/"))) == {"/films/"}
    site_tree.index.unpublish()

    page = soup(client.get("/no-such-page/"))
    assert film_index_links(page) == set()
    assert "search above" in text_of(page).lower()


def test_the_film_page_sidebar_links_to_the_index_when_nothing_is_upcoming(client, make_film):
    make_film("Old", slug="old", premiere_date=timezone.localdate() - datetime.timedelta(days=30))
    upcoming = soup(client.get("/films/old/")).find(id="upcoming-heading").find_parent("section")
    assert "No films are scheduled yet." in text_of(upcoming)
    assert film_index_links(upcoming) == {"/films/"}
