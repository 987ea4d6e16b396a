"""Static files are served by WhiteNoise with hashed names, compression and far-future caching."""

import io

import pytest

from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(tmp_path):
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES=MANIFEST_STORAGES,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
        yield tmp_path


def test_stylesheet_has_a_hashed_name_and_is_cached_for_a_year(collected):
    url = static("css/strand.css")
    assert url != "/static/css/strand.css"  # content hash in the name
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] in {"gzip", "br"}


def test_compressed_copies_are_written_at_collectstatic(collected):
    assert list(collected.glob("css/strand.*.css.gz"))
    assert list(collected.glob("js/strand.*.js.gz"))


@pytest.mark.django_db
def test_every_page_links_a_favicon_and_an_app_icon_drawn_by_the_demo_code(collected, client, site_tree):
    from pathlib import Path

    from django.conf import settings

    from home.demo.images import app_icon_png

    from .html import soup

    head = soup(client.get("/")).head
    icon, touch = head.find("link", rel="icon"), head.find("link", rel="apple-touch-icon")
    assert icon["href"] == static("icons/icon-32.png") and icon["sizes"] == "32x32"
    assert touch["href"] == static("icons/icon-180.png")
    for link in (icon, touch):
        response = Client().get(link["href"])
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
    for size in (32, 180):
        drawn = (Path(settings.BASE_DIR) / "static" / "icons" / f"icon-{size}.png").read_bytes()
        assert drawn == app_icon_png(size), f"static/icons/icon-{size}.png is not the current drawing"
