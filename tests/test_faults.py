"""The site degrades gracefully: without Redis it serves, without the database it says
"back soon" (503), a missing image file costs only that image, and errors get the site's
own 404 and 500 pages. /healthz tells load balancers which of these is happening.

Faults are simulated, never caused: Redis is "down" by pointing the cache at a closed
port, the database by sending its connection attempts to PostgreSQL on a closed port.
"""

import contextlib
import logging
from unittest import mock

import pytest

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.db.utils import load_backend
from django.test import Client, override_settings

from film.models import FilmPage

from .factories import ADMIN_PASSWORD
from .html import soup, text_of

CLOSED_PORT_REDIS = "redis://127.0.0.1:6390/0"
REDIS_DOWN = override_settings(
    CACHES={
        "default": {
            "BACKEND": "core.cache.backend.CircuitBreakerRedisCache",
            "LOCATION": CLOSED_PORT_REDIS,
            "KEY_PREFIX": "strand",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
)


@pytest.fixture
def visitor():
    """An anonymous visitor's browser: errors come back as pages, as they would in production."""
    return Client(raise_request_exception=False)


@pytest.fixture
def film(make_film):
    return make_film(
        "Kestrel Mountain",
        slug="kestrel-mountain",
        synopsis="A falconer returns to the mountain.",
        body=[("heading", {"text": "Critical Acclaim", "level": "h2"})],
    )


CLOSED_PORT_POSTGRES = {"HOST": "127.0.0.1", "PORT": "5499", "NAME": "strand", "USER": "strand"}


def unreachable_database(password: str = "not-logged"):
    """A real PostgreSQL connection to a closed port: connecting fails as in an outage."""
    params = {
        **connection.settings_dict,
        **CLOSED_PORT_POSTGRES,
        "ENGINE": "django.db.backends.postgresql",
        "PASSWORD": password,
        "OPTIONS": {"connect_timeout": 2},
    }
    return load_backend(params["ENGINE"]).DatabaseWrapper(params, alias="unreachable")


@contextlib.contextmanager
def database_outage(password: str = "not-logged"):
    """Every query of the site fails the way it does when PostgreSQL refuses connections."""
    cache.clear()  # nothing served from a warm page cache
    unreachable = unreachable_database(password)
    with mock.patch.object(connection, "ensure_connection", side_effect=unreachable.ensure_connection):
        yield


@pytest.fixture
def database_down():
    with database_outage():
        yield


# Redis


def test_with_redis_down_every_public_page_is_still_served(visitor, film, caplog):
    with REDIS_DOWN, caplog.at_level(logging.ERROR, logger="strand.cache"):
        pages = {
            path: visitor.get(path)
            for path in ("/", "/films/", "/films/kestrel-mountain/", "/search/?q=kestrel")
        }
    for path, response in pages.items():
        assert response.status_code == 200, path
    assert "A falconer returns to the mountain." in pages["/films/kestrel-mountain/"].content.decode()
    assert soup(pages["/search/?q=kestrel"]).find("a", href="/films/kestrel-mountain/")
    # Logged, not raised, and once per outage rather than once per failed cache call.
    errors = [record.getMessage() for record in caplog.records if record.name == "strand.cache"]
    assert len(errors) == 1
    assert "Connection refused" in errors[0] or "Error 111" in errors[0]


def test_with_redis_down_editors_can_still_log_in_and_publish(visitor, film, superuser):
    with REDIS_DOWN:
        response = visitor.post("/admin/login/", {"username": "editor", "password": ADMIN_PASSWORD})
        assert response.status_code == 302
        assert visitor.get("/admin/").status_code == 200
        film.synopsis = "A falconer climbs again."
        film.save_revision().publish()
        assert "A falconer climbs again." in visitor.get("/films/kestrel-mountain/").content.decode()


def test_healthz_reports_a_cache_outage_as_degraded_but_serving(client, db):
    with REDIS_DOWN:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
        "cache_circuit": "open",
        "warnings": [],
    }


# The database


def test_with_the_database_down_visitors_get_a_friendly_503(visitor, film, database_down, caplog):
    for path in ("/", "/films/kestrel-mountain/", "/search/?q=kestrel", "/films/no-such-film/"):
        response = visitor.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        page = soup(response)
        assert text_of(page.find("h1")) == "Back soon"
        assert page.find("link", rel="stylesheet")  # in the site's style
        html = response.content.decode()
        assert "Traceback" not in html and "OperationalError" not in html and "5432" not in html
    # The cause is in the logs for the operator.
    assert any(
        record.exc_info and "Connection refused" in str(record.exc_info[1]) for record in caplog.records
    )


def test_healthz_reports_the_database_outage_to_load_balancers(client, db, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
        "cache_circuit": "none",
        "warnings": [],
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_ok_when_everything_is_up(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "cache_circuit": "none",
        "warnings": [],
    }


def test_the_site_recovers_when_the_database_comes_back(visitor, film):
    with database_outage():
        assert visitor.get("/films/kestrel-mountain/").status_code == 503
    assert visitor.get("/films/kestrel-mountain/").status_code == 200


# Missing media


def test_a_missing_image_file_costs_only_that_image(visitor, make_film, make_image, make_partner):
    hero, still, other = make_image("Hero", "A platform"), make_image("Still", "A crowd"), make_image("Other")
    logo = make_image("ITVS logo")
    # Lost before any rendition was drawn from them (drawn ones would go on showing).
    for image in (hero, still, logo):
        default_storage.delete(image.file.name)
    make_film(
        "Kestrel Mountain",
        slug="kestrel-mountain",
        hero_image=hero,
        body=[
            (
                "image",
                {
                    "image": {"image": still.pk, "alt_text": "A crowd", "decorative": False},
                    "caption": "Crowd",
                },
            ),
            (
                "image",
                {
                    "image": {"image": other.pk, "alt_text": "A train", "decorative": False},
                    "caption": "Train",
                },
            ),
        ],
        partners=[(make_partner("ITVS", logo=logo), "funded_by")],
    )

    for path in ("/films/kestrel-mountain/", "/films/", "/"):
        assert visitor.get(path).status_code == 200, path
    page = soup(visitor.get("/films/kestrel-mountain/"))
    assert text_of(page.find("h1")) == "Kestrel Mountain"
    assert [text_of(caption) for caption in page.select("figure.still figcaption")] == ["Crowd", "Train"]
    # The image whose file is there still renders; the missing ones give way to their text.
    sources = [img["src"] for img in page.find_all("img")]
    assert sources and all(src.startswith("/media/images/other") for src in sources)
    assert "not-found" not in str(page)
    assert text_of(page.select_one("figure.still")) == "A crowd Crowd"
    assert text_of(page.select_one(".partner")) == "ITVS"


def test_the_api_leaves_out_only_the_still_whose_file_is_missing(visitor, make_film, make_image):
    lost, kept = make_image("Lost", "A crowd"), make_image("Kept", "A train")
    default_storage.delete(lost.file.name)  # before any rendition was drawn from it
    film = make_film(
        "Kestrel Mountain",
        slug="kestrel-mountain",
        body=[
            (
                "image",
                {"image": {"image": image.pk, "alt_text": alt, "decorative": False}, "caption": caption},
            )
            for image, alt, caption in ((lost, "A crowd", "Crowd"), (kept, "A train", "Train"))
        ],
    )

    response = visitor.get(f"/api/v2/films/{film.pk}/")

    assert response.status_code == 200
    missing, present = (block["value"] for block in response.json()["body"])
    assert (missing["image"], missing["caption"]) == (None, "Crowd")
    assert present["image"]["url"].startswith("http://localhost/media/images/kept")
    assert (present["image"]["alt"], present["image"]["decorative"]) == ("A train", False)


# Error pages


def test_an_unknown_address_gets_the_sites_404_page(visitor, site_tree):
    response = visitor.get("/films/no-such-film/")
    assert response.status_code == 404
    page = soup(response)
    assert text_of(page.find("h1")) == "Page not found"
    assert page.find("header", class_="site-header")  # the site's own header and style
    assert page.find("a", href="/films/")


def test_an_unexpected_error_gets_the_sites_500_page_without_details(visitor, film, caplog):
    with mock.patch.object(FilmPage, "get_context", side_effect=RuntimeError("secret internals")):
        response = visitor.get("/films/kestrel-mountain/")
    assert response.status_code == 500
    page = soup(response)
    assert text_of(page.find("h1")) == "Something went wrong"
    assert page.find("link", rel="stylesheet")
    assert "secret internals" not in response.content.decode()
    assert any(record.exc_info and "secret internals" in str(record.exc_info[1]) for record in caplog.records)
