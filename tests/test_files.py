"""Uploaded files follow the films that use them: a press kit or a still of a hidden film is not
downloadable by URL, one of a public film is; raw media paths serve image renditions only."""

import importlib

import pytest

from django.test import override_settings
from django.urls import clear_url_caches

from film.models import FilmPage

from .admin_helpers import an_editor
from .factories import create_document, create_film_in_state, create_image

pytestmark = pytest.mark.django_db

STATES = ["draft", "password", "login", "group", "scheduled", "unpublished", "expired"]


def film_using(index, document, state: str = "public", **fields) -> FilmPage:
    """A film in the given state whose press resources list the document."""
    resources = [{"kind": "press_release", "label": "Press kit", "document": document}]
    return create_film_in_state(
        index, f"Film {state}", state, slug=f"film-{state}", resources=resources, **fields
    )


def test_a_document_of_a_public_film_is_downloadable(client, film_index):
    document = create_document("Public kit", "public-kit.pdf", b"%PDF-1.4 public\n")
    film_using(film_index, document)

    response = client.get(document.url)

    assert document.url == f"/documents/{document.pk}/public-kit.pdf"
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 public\n"


@pytest.mark.parametrize("state", STATES)
def test_a_document_used_only_by_a_hidden_film_is_not_downloadable(client, film_index, state):
    document = create_document(f"Kit {state}", f"kit-{state}.pdf")
    film_using(film_index, document, state)

    assert client.get(document.url).status_code == 404


def test_a_document_used_by_a_hidden_and_a_public_film_is_downloadable(client, film_index):
    document = create_document("Shared kit", "shared-kit.pdf")
    film_using(film_index, document, "draft")
    assert client.get(document.url).status_code == 404
    film_using(film_index, document, "public")

    assert client.get(document.url).status_code == 200


def test_a_visitor_who_gave_the_films_password_may_download_its_document(client, film_index):
    document = create_document("Screener notes", "screener-notes.pdf")
    film = film_using(film_index, document, "password")
    restriction = film.get_view_restrictions().get()
    assert client.get(document.url).status_code == 404

    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{film.pk}/",
        {"password": "pw", "return_url": film.url},
    )

    assert client.get(document.url).status_code == 200


def test_a_document_no_page_uses_is_downloadable_by_editors_only(client, film_index):
    document = create_document("Unused kit", "unused-kit.pdf")
    assert client.get(document.url).status_code == 404

    client.force_login(an_editor())

    assert client.get(document.url).status_code == 200


def test_publishing_the_film_makes_its_document_downloadable(client, film_index):
    document = create_document("Premiere kit", "premiere-kit.pdf")
    film = film_using(film_index, document, "draft")
    assert client.get(document.url).status_code == 404

    film.save_revision().publish()

    assert client.get(document.url).status_code == 200


# Raw media paths, as `make serve` (DJANGO_SERVE_MEDIA=on) serves them


@pytest.fixture
def media_served():
    """The URLconf as built with DJANGO_SERVE_MEDIA=on."""
    import site_config.urls

    with override_settings(SERVE_MEDIA=True):
        importlib.reload(site_config.urls)
        clear_url_caches()
        yield
    importlib.reload(site_config.urls)
    clear_url_caches()


def test_image_renditions_are_served_from_media(client, film_index, media_served):
    image = create_image("Public still")
    rendition = image.get_rendition("fill-40x30")

    response = client.get(rendition.url)

    assert rendition.url.startswith("/media/images/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_original_images_and_documents_are_never_served_from_media(client, film_index, media_served):
    image = create_image("Embargoed still")
    image.get_rendition("fill-40x30")  # the folder beside it exists and is served
    document = create_document("Raw kit", "raw-kit.pdf")
    film_using(film_index, document)  # public: downloadable, but only through /documents/
    assert client.get(document.url).status_code == 200

    for url in (
        f"/media/{image.file.name}",
        f"/media/{document.file.name}",
        f"/media/images/../{image.file.name}",
        f"/media/images/%2e%2e/{document.file.name}",
    ):
        assert client.get(url).status_code in {400, 404}, url
