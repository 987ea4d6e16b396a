"""Budgets for the demo film page, measured on the page as rendered."""

import io
from urllib.parse import urlsplit

import pytest

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from .html import soup

pytestmark = pytest.mark.django_db

HTML_BUDGET = 60 * 1024
CSS_BUDGET = 30 * 1024
JS_BUDGET = 20 * 1024


@pytest.fixture(scope="module")
def film_page(module_db):
    """The demo film page as a visitor receives it (built once for this module)."""
    with module_db():
        call_command("load_demo", stdout=io.StringIO())
        response = Client().get("/films/last-train-home/")
    assert response.status_code == 200
    return response


def static_size(url: str) -> int:
    path = finders.find(urlsplit(url).path.removeprefix("/static/"))
    assert path, f"{url} is not a static file of this site"
    with open(path, "rb") as file:
        return len(file.read())


def test_film_page_html_is_within_budget(film_page):
    assert len(film_page.content) < HTML_BUDGET


def test_film_page_css_and_javascript_are_within_budget(film_page):
    page = soup(film_page)
    css = sum(static_size(link["href"]) for link in page.select('link[rel="stylesheet"]'))
    js = sum(static_size(script["src"]) for script in page.select("script[src]"))
    assert 0 < css < CSS_BUDGET
    assert js < JS_BUDGET


def test_the_page_is_readable_without_javascript(film_page):
    page = soup(film_page)
    assert all(
        script.get("defer") is not None or script.get("type") == "application/ld+json"
        for script in page.find_all("script")
    )
    # Every video can be reached as a plain link when scripts do not run.
    for play in page.select("[data-video-play]"):
        assert play.name == "a" and play["href"]


def test_nothing_loads_from_another_host_before_a_video_is_played(film_page):
    page = soup(film_page)
    loaded = [
        tag.get("src") for tag in page.find_all(["img", "script", "iframe", "video", "audio", "source"])
    ]
    loaded += [
        tag.get("href")
        for tag in page.find_all("link")
        if "stylesheet" in tag.get("rel", []) or "preload" in tag.get("rel", [])
    ]
    loaded += [
        candidate.split()[0]
        for tag in page.find_all(["img", "source"])
        for candidate in (tag.get("srcset") or "").split(",")
        if candidate.strip()
    ]
    external = [url for url in loaded if url and urlsplit(url).netloc not in ("", "testserver")]
    assert external == []
    assert page.find("iframe") is None
    # The page's own stylesheet, script and images do load, from this site.
    assert {urlsplit(url).path.rsplit(".", 1)[-1] for url in loaded if url} >= {"css", "js"}


def test_images_reserve_their_space_and_only_the_hero_loads_eagerly(film_page):
    images = soup(film_page).find_all("img")
    assert images
    for image in images:
        assert image.get("width") and image.get("height"), image
    hero, *rest = images
    assert hero.get("fetchpriority") == "high" and hero.get("loading") != "lazy"
    assert all(image.get("loading") == "lazy" for image in rest)


def test_hero_is_offered_in_modern_formats_at_several_widths(film_page):
    picture = soup(film_page).find("picture")
    types = [source["type"] for source in picture.find_all("source")]
    assert types == ["image/avif", "image/webp"]
    assert len(picture.img["srcset"].split(",")) == 3
