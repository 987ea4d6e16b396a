"""Uploaded files follow the films that use them: a press kit or a still of a hidden film is not
downloadable by URL, one of a public film is; raw media paths serve image renditions only."""

import pytest

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Collection, CollectionViewRestriction

from film.models import FilmPage

from .admin_helpers import an_editor
from .factories import create_document, create_film_in_state, create_image, create_partner

pytestmark = pytest.mark.django_db

STATES = ["draft", "password", "login", "group", "scheduled", "unpublished", "expired"]


def film_using(index, document, state: str = "public", **fields) -> FilmPage:
    """A film in the given state whose press resources list the document."""
    resources = [{"kind": "press_release", "label": "Press kit", "document": document}]
    return create_film_in_state(
        index, f"Film {state}", state, slug=f"film-{state}", resources=resources, **fields
    )


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_document_of_a_public_film_is_downloadable(client, film_index):
    document = create_document("Public kit", "public-kit.pdf", b"%PDF-1.4 public\n")
    film_using(film_index, document)

    response = client.get(document.url)

    assert document.url == f"/documents/{document.pk}/public-kit.pdf"
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 public\n"
    assert "private" not in cache_control(response)


@pytest.mark.parametrize("state", STATES)
def test_a_document_used_only_by_a_hidden_film_is_not_downloadable(client, film_index, state):
    public = create_document("Public kit", "public-kit.pdf")
    film_using(film_index, public)
    document = create_document(f"Kit {state}", f"kit-{state}.pdf")
    film_using(film_index, document, state)
    assert client.get(public.url).status_code == 200

    response = client.get(document.url)

    assert response.status_code == 404
    assert {"private", "no-store"} <= cache_control(response)


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

    response = client.get(document.url)
    assert response.status_code == 200
    # For this visitor only: no shared cache may keep it for the next one.
    assert {"private", "no-store"} <= cache_control(response)


def test_a_document_in_a_password_collection_is_kept_private_once_the_password_is_given(client, film_index):
    collection = Collection.get_first_root_node().add_child(name="Screeners")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="pw"
    )
    document = create_document("Screener", "screener.pdf")
    document.collection = collection
    document.save()
    film_using(film_index, document)  # public: only the collection's password stands in the way
    form = client.get(document.url)
    assert form.status_code == 200 and b"password" in form.content.lower()
    assert {"private", "no-store"} <= cache_control(form)

    client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": "pw", "return_url": document.url},
    )

    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert {"private", "no-store"} <= cache_control(response)


def test_a_document_no_page_uses_is_downloadable_by_editors_only(client, film_index):
    document = create_document("Unused kit", "unused-kit.pdf")
    assert client.get(document.url).status_code == 404

    client.force_login(an_editor())

    response = client.get(document.url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_publishing_the_film_makes_its_document_downloadable(client, film_index):
    document = create_document("Premiere kit", "premiere-kit.pdf")
    film = film_using(film_index, document, "draft")
    assert client.get(document.url).status_code == 404

    film.save_revision().publish()

    assert client.get(document.url).status_code == 200


# Image renditions: /media/images/<name> follows the pages that show the image


def film_showing(index, image, state: str = "public", **fields) -> FilmPage:
    """A film in the given state with the image as its hero image."""
    fields = {"title": f"Film {state}", "slug": f"film-{state}", "hero_alt": "A still", **fields}
    return create_film_in_state(index, fields.pop("title"), state, hero_image=image, **fields)


def rendition_url(image, spec: str = "fill-40x30|format-webp") -> str:
    return image.get_rendition(spec).url


def test_a_rendition_of_a_public_films_image_is_served_and_may_be_cached_by_anyone(client, film_index):
    image = create_image("Public still")
    film_showing(film_index, image)
    url = rendition_url(image)

    response = client.get(url)

    assert url.startswith("/media/images/public-still.") and url.endswith(".webp")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content)[8:12] == b"WEBP"
    assert cache_control(response) == {"public", "max-age=31536000", "immutable"}


@pytest.mark.parametrize("state", STATES)
def test_a_rendition_of_an_image_used_only_by_a_hidden_film_is_not_served(client, film_index, state):
    public = create_image("Public still")
    film_showing(film_index, public, slug="film-shown")
    image = create_image(f"Still {state}")
    film_showing(film_index, image, state)
    assert client.get(rendition_url(public)).status_code == 200

    response = client.get(rendition_url(image))

    # A 404, as for a name that does not exist, and no shared cache keeps even that.
    assert response.status_code == 404
    assert {"private", "no-store"} <= cache_control(response)
    assert client.get("/media/images/no-such-still.fill-40x30.format-webp.webp").status_code == 404


def test_a_rendition_of_each_format_is_sent_as_its_image_type(client, film_index):
    image = create_image("Formats still")
    film_showing(film_index, image)

    for spec, content_type in (
        ("format-avif", "image/avif"),
        ("format-jpeg", "image/jpeg"),
        ("format-png", "image/png"),
    ):
        assert client.get(rendition_url(image, f"fill-40x30|{spec}"))["Content-Type"] == content_type


def test_a_rendition_whose_file_is_lost_is_a_404(client, film_index):
    image = create_image("Lost still")
    film_showing(film_index, image)
    rendition = image.get_rendition("fill-40x30")
    rendition.file.storage.delete(rendition.file.name)

    response = client.get(rendition.url)

    assert response.status_code == 404
    assert {"private", "no-store"} <= cache_control(response)


def test_a_visitor_who_gave_the_films_password_sees_its_images_privately(client, film_index):
    image = create_image("Screener still")
    film = film_showing(film_index, image, "password")
    restriction = film.get_view_restrictions().get()
    url = rendition_url(image)
    assert client.get(url).status_code == 404

    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{film.pk}/",
        {"password": "pw", "return_url": film.url},
    )

    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_a_signed_in_visitor_sees_the_images_of_a_login_only_film(client, film_index):
    image = create_image("Members still")
    film_showing(film_index, image, "login")
    url = rendition_url(image)
    assert client.get(url).status_code == 404

    client.force_login(User.objects.create_user("viewer", password="x"))

    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_publishing_the_film_makes_its_images_visible_and_unpublishing_hides_them(client, film_index):
    image = create_image("Premiere still")
    film = film_showing(film_index, image, "draft")
    url = rendition_url(image)
    assert client.get(url).status_code == 404

    film.save_revision().publish()
    assert client.get(url).status_code == 200

    FilmPage.objects.get(pk=film.pk).unpublish()
    assert client.get(url).status_code == 404


def test_an_image_in_a_draft_revision_of_a_public_film_stays_hidden_until_published(client, film_index):
    shown, next_still = create_image("Shown still"), create_image("Next still")
    film = film_showing(film_index, shown)
    film.hero_image = next_still
    film.save_revision()  # a draft: the live page still shows the first image
    assert client.get(rendition_url(shown)).status_code == 200
    assert client.get(rendition_url(next_still)).status_code == 404

    FilmPage.objects.get(pk=film.pk).get_latest_revision().publish()

    assert client.get(rendition_url(next_still)).status_code == 200
    assert client.get(rendition_url(shown)).status_code == 404


def test_images_in_blocks_related_rows_and_partner_logos_follow_their_film(client, film_index):
    def images(label):
        return {where: create_image(f"{label} {where}") for where in ("block", "photo", "logo")}

    def film_with(state, found):
        body = [
            ("image", {"image": {"image": found["block"].pk, "alt_text": "A train", "decorative": False}}),
        ]
        return create_film_in_state(
            film_index,
            f"Film {state}",
            state,
            slug=f"film-{state}",
            body=body,
            filmmakers=[{"name": "Lixin Fan", "photo": found["photo"]}],
            partners=[(create_partner(f"Partner {state}", logo=found["logo"]), "presenter")],
        )

    public, hidden = images("Public"), images("Hidden")
    film_with("public", public)
    film_with("draft", hidden)

    for where in public:
        assert client.get(rendition_url(public[where])).status_code == 200, where
        assert client.get(rendition_url(hidden[where])).status_code == 404, where


def test_an_image_no_page_uses_is_shown_to_editors_only_as_the_admin_needs(client, film_index):
    image = create_image("Fresh upload")
    url = rendition_url(image, "max-165x165")  # the thumbnail in the admin's image chooser
    assert client.get(url).status_code == 404

    client.force_login(an_editor())
    chooser = client.get("/admin/images/chooser/")
    assert chooser.status_code == 200 and url.encode() in chooser.content

    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def rendition_queries(client, url: str) -> int:
    client.get(url)  # the site and its root are looked up once, then remembered
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_serving_a_rendition_costs_the_same_few_queries_however_many_films_use_its_image(client, film_index):
    once, often = create_image("Used once"), create_image("Used often")
    film_showing(film_index, once)
    for state in STATES:
        film_showing(film_index, often, state)
    film_showing(film_index, often, "public", slug="film-public-too", title="Film public too")
    hidden_once, hidden_often = create_image("Hidden once"), create_image("Hidden often")
    film_showing(film_index, hidden_once, "password", slug="a", title="A")
    for state in STATES:
        film_showing(film_index, hidden_often, state, slug=f"b-{state}", title=f"B {state}")
    urls = {image: rendition_url(image) for image in (once, often, hidden_once, hidden_often)}

    # The rendition, the pages that use its image, whether one of them is visible: 3 queries.
    assert rendition_queries(client, urls[once]) == rendition_queries(client, urls[often]) == 3
    # Hidden from anonymous visitors: then the live pages' paths, their restrictions with their
    # groups (has this visitor passed them?), and Wagtail's redirects for the 404: 7 queries.
    assert rendition_queries(client, urls[hidden_once]) == rendition_queries(client, urls[hidden_often]) == 7


def test_original_images_and_documents_are_never_served_from_media(client, film_index):
    image = create_image("Embargoed still")
    film_showing(film_index, image)  # public: its renditions are served, the original never
    assert client.get(rendition_url(image)).status_code == 200
    document = create_document("Raw kit", "raw-kit.pdf")
    film_using(film_index, document, "login")  # downloadable by signed-in visitors, through /documents/
    client.force_login(User.objects.create_user("viewer", password="x"))
    assert client.get(document.url).status_code == 200

    for url in (
        f"/media/{image.file.name}",
        f"/media/{document.file.name}",
        f"/media/images/../{image.file.name}",
        f"/media/images/%2e%2e/{document.file.name}",
        "/media/images/",
    ):
        assert client.get(url).status_code in {400, 404}, url


def test_a_rendition_is_found_by_its_name_through_an_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailimages_rendition")

    assert any(about["index"] and about["columns"] == ["file"] for about in constraints.values())
