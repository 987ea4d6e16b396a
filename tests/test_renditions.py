"""Renditions are drawn by the worker, never in a visitor's request (core/renditions.py)."""

import io

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Template, TemplateSyntaxError
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage, Rendition

from core import renditions
from core.cache.store import bump_version
from film.models import FilmPage

from . import queues
from .factories import _png_bytes, create_image
from .html import soup

pytestmark = pytest.mark.django_db

STATION = "A train station at night"


def drawn(image) -> set[str]:
    return set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))


def every_spec(*roles: str) -> set[str]:
    return {f.spec for role in roles for f in renditions.role_filters(role)}


def hero(response):
    assert response.status_code == 200
    return soup(response).select_one(".film__hero")


def refuse_to_draw(monkeypatch) -> None:
    """From here on, drawing a rendition fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a rendition was drawn")

    monkeypatch.setattr(AbstractImage, "generate_rendition_file", refuse)


def test_publishing_a_film_queues_its_renditions_and_the_worker_draws_them(
    rendition_queue, make_film, client
):
    still, poster, portrait = create_image("Still"), create_image("Poster"), create_image("Portrait")
    film = make_film(
        hero_image=create_image("Hero", description=STATION),
        body=[
            ("image", {"image": {"image": still.pk, "decorative": True, "alt_text": ""}, "caption": ""}),
            ("video", {"title": "Clip", "url": "https://vimeo.com/76979871", "poster": poster.pk}),
        ],
        filmmakers=[{"name": "Lixin Fan", "bio": "<p>Bio</p>", "photo": portrait}],
    )
    assert queues.queued() == {
        (film.hero_image.pk, "hero"),
        (still.pk, "still"),
        (poster.pk, "poster"),
        (portrait.pk, "portrait"),
    }
    assert not Rendition.objects.exists()

    assert queues.drain() == 1
    assert drawn(film.hero_image) == every_spec("hero")
    assert drawn(still) == every_spec("still")
    assert drawn(poster) == every_spec("poster")
    assert drawn(portrait) == every_spec("portrait")
    assert not queues.queued()
    picture = hero(client.get(film.url)).parent
    assert [source["type"] for source in picture.select("source")] == ["image/avif", "image/webp"]


def test_uploading_an_image_queues_its_renditions_in_every_role(
    rendition_queue, admin_client_logged_in, django_capture_on_commit_callbacks
):
    png = _png_bytes((120, 80), (10, 120, 200))
    upload = SimpleUploadedFile("station.png", png, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_logged_in.post(
            reverse("wagtailimages:add"), {"title": "Station", "file": upload, "collection": "1"}
        )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Station")
    assert queues.queued() == {(image.pk, role) for role in renditions.ROLES}
    assert not drawn(image)

    queues.drain()
    assert drawn(image) == every_spec(*renditions.ROLES)


def test_a_published_films_page_draws_no_rendition_and_queues_the_missing_ones(
    rendition_queue, make_film, client, monkeypatch
):
    film = make_film(hero_image=create_image("Hero", description=STATION))
    DBTaskResult.objects.all().delete()  # what publishing queued: the worker has not run
    refuse_to_draw(monkeypatch)
    response = client.get(film.url)
    assert not Rendition.objects.exists()
    # Until the worker has drawn it, the hero reads as its text alternative.
    assert hero(response) is None
    assert STATION in soup(response).select_one(".film").get_text()
    assert (film.hero_image.pk, "hero") in queues.queued()


def test_a_burst_of_visitors_queues_a_missing_rendition_once(rendition_queue, make_film, client, monkeypatch):
    film = make_film(hero_image=create_image("Hero", description=STATION))
    DBTaskResult.objects.all().delete()
    refuse_to_draw(monkeypatch)
    for _ in range(3):
        bump_version()  # each visitor renders the page afresh
        assert client.get(film.url).status_code == 200
    waiting = [
        r for r in DBTaskResult.objects.all() if [film.hero_image.pk, "hero"] in r.args_kwargs["args"][0]
    ]
    assert len(waiting) == 1
    assert (film.hero_image.pk, "hero") in queues.queued()


def test_once_drawn_a_published_page_shows_the_renditions_and_draws_none(
    rendition_queue, make_film, client, monkeypatch
):
    film = make_film(hero_image=create_image("Hero", description=STATION))
    queues.drain()
    bump_version()
    refuse_to_draw(monkeypatch)
    before = Rendition.objects.count()
    img = hero(client.get(film.url))
    assert img["alt"] == STATION
    assert [source["type"] for source in img.parent.select("source")] == ["image/avif", "image/webp"]
    assert Rendition.objects.count() == before
    assert not queues.queued()


def test_a_cold_film_page_reads_only_the_renditions_it_shows_and_misses_none(
    rendition_queue, client, monkeypatch
):
    """The page's ``image_variants()`` names every variant its templates show (the share card and
    JSON-LD's thumbnails included): one it left out would be taken for missing, queued, and stood
    in for by another size."""
    call_command("load_demo", stdout=io.StringIO())
    queues.drain()  # every variant of every role exists, as once the worker has run
    bump_version()
    refuse_to_draw(monkeypatch)
    backend, asked = Rendition.cache_backend, []
    get_many = backend.get_many

    def reading(keys, *args, **kwargs):
        asked.extend(keys)
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", reading)

    response = client.get("/films/last-train-home/")

    html = soup(response)
    images = html.select("main img")
    assert len(images) >= 10 and all(img["src"].startswith("/media/images/") for img in images)
    assert html.select_one("meta[property='og:image']")["content"].endswith(".jpg")
    assert not queues.queued()
    # The page's variants only: of the hero's 32 renditions, the 10 of hero.page and hero.share.
    hero = FilmPage.objects.get(slug="last-train-home").hero_image
    hero_specs = {key.split("-", 5)[5] for key in asked if key.startswith(f"wagtail-rendition-{hero.pk}-")}
    assert hero_specs == set(renditions.specs("hero.page") + renditions.specs("hero.share"))
    assert len(every_spec("hero")) == 32


def test_a_missing_size_falls_back_to_an_existing_one_and_is_queued(
    rendition_queue, make_film, client, monkeypatch
):
    image = create_image("Hero", description=STATION, size=(1200, 600))
    film = make_film(hero_image=image)
    # A film card's sizes exist (e.g. the image was shown in a listing), the film page's not yet.
    image.get_renditions(*renditions.filters("hero.card"))
    DBTaskResult.objects.all().delete()
    refuse_to_draw(monkeypatch)

    img = hero(client.get(film.url))
    assert img["alt"] == STATION
    assert "fill-800x450" in img["src"]
    assert (img["width"], img["height"]) == ("800", "450")
    assert drawn(image) == set(renditions.specs("hero.card"))
    assert (image.pk, "hero") in queues.queued()


def test_an_editors_preview_draws_what_it_needs(rendition_queue, make_film, admin_client_logged_in):
    film = make_film(hero_image=create_image("Hero", description=STATION), publish=False)
    response = admin_client_logged_in.get(reverse("wagtailadmin_pages:view_draft", args=[film.pk]))
    assert hero(response)["alt"] == STATION
    assert drawn(film.hero_image) >= set(renditions.specs("hero.page"))


def test_templates_name_a_rendition_variant_not_filter_specs():
    assert Template("{% load strand_images %}{% picture image hero.page %}")
    with pytest.raises(TemplateSyntaxError, match="core/renditions.py"):
        Template("{% load strand_images %}{% picture image format-webp width-100 %}")
    with pytest.raises(TemplateSyntaxError, match="hero.page"):
        Template("{% load strand_images %}{% picture image hero.poster %}")
