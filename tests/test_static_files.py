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
