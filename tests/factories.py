"""Factories for test data: a small site tree, films with their blocks and relations, generated media."""

import datetime
import io

from PIL import Image as PILImage

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Site

from film.models import (
    FilmBroadcast,
    FilmCollection,
    FilmCollectionItem,
    FilmIndexPage,
    Filmmaker,
    FilmPage,
    FilmPartner,
    FilmResource,
    Partner,
    SeasonPage,
)
from home.models import HomePage

ADMIN_PASSWORD = "correct horse battery staple"


def streamdata(items):
    """[(block_type, json_value), ...] -> the JSON form a StreamField stores."""
    return [{"type": block_type, "value": value} for block_type, value in items]


class SiteTree:
    def __init__(self, site, home, index):
        self.site = site
        self.home = home
        self.index = index


def build_site_tree() -> SiteTree:
    """HomePage as the default site's root (replacing Wagtail's welcome page), Films at /films/."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Strand", slug="strand-home"))
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = home
    site.save()
    if welcome.pk != home.pk:
        welcome.delete()
    index = home.add_child(instance=FilmIndexPage(title="Films", slug="films"))
    home.refresh_from_db()
    return SiteTree(site=site, home=home, index=index)


def _png_bytes(size=(64, 48), color=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def create_image(title="Test still", description="", size=(64, 48), color=(200, 40, 40)) -> Image:
    """A real, Pillow-generated Wagtail image."""
    name = f"{slugify(title)[:40] or 'image'}.png"
    file = ImageFile(io.BytesIO(_png_bytes(size, color)), name=name)
    return Image.objects.create(title=title, description=description, file=file)


def create_document(title="Press kit", filename="press-kit.pdf", content=b"%PDF-1.4 test\n") -> Document:
    return Document.objects.create(title=title, file=ContentFile(content, name=filename))


def create_partner(name="ITVS", logo=None, url="") -> Partner:
    return Partner.objects.create(name=name, logo=logo, url=url)


def create_season(index, number=24, year=2011, *, publish=True, **fields) -> SeasonPage:
    """A SeasonPage under the film index, "Season 24 (2011)" by default, published unless asked not to."""
    season = SeasonPage(
        title=fields.pop("title", f"Season {number} ({year})"),
        slug=fields.pop("slug", f"season-{number}"),
        number=number,
        year=year,
        live=False,
        **fields,
    )
    index.add_child(instance=season)
    revision = season.save_revision()
    if publish:
        revision.publish()
    return SeasonPage.objects.get(pk=season.pk)


def create_collection(
    title="Stories of migration", films=(), *, feature_on_home=True, intro=""
) -> FilmCollection:
    """A curated collection of `films`, in that order, saved as the snippet editor saves it."""
    collection = FilmCollection(title=title, intro=intro, feature_on_home=feature_on_home)
    collection.items = [FilmCollectionItem(film=film, sort_order=i) for i, film in enumerate(films)]
    collection.save()
    return collection


FILM_DEFAULTS = {
    "synopsis": "A family of migrant workers travels home for the New Year.",
    "year": 2009,
}


def create_film(
    index,
    title="Last Train Home",
    *,
    publish=True,
    body=None,
    pull_quote=None,
    trailer=None,
    broadcasts=(),
    filmmakers=(),
    partners=(),
    resources=(),
    **fields,
) -> FilmPage:
    """A FilmPage under ``index`` with the given fields, blocks and related objects.

    Published films go through a revision and publish(), as an editor's "Publish" would,
    so ``live``, ``first_published_at`` and ``last_published_at`` are real. Drafts are
    saved as a revision of a never-published page.
    """
    film = FilmPage(title=title, live=False, **{**FILM_DEFAULTS, **fields})
    if body is not None:
        film.body = streamdata(body)
    if pull_quote is not None:
        film.pull_quote = streamdata([("quote", pull_quote)])
    if trailer is not None:
        film.trailer = streamdata([("video", trailer)])
    # Child objects are held in memory by modelcluster and saved with the page. They get a
    # sort_order as the admin's inline panels give them: without one, their order is whatever
    # the database returns (PostgreSQL moves rewritten rows on each publish).
    # A broadcast is a date (an untimed encore) or a dict of FilmBroadcast fields.
    film.broadcasts = [
        FilmBroadcast(sort_order=i, **(row if isinstance(row, dict) else {"date": row}))
        for i, row in enumerate(broadcasts)
    ]
    film.filmmakers = [Filmmaker(sort_order=i, **kwargs) for i, kwargs in enumerate(filmmakers)]
    film.film_partners = [
        FilmPartner(partner=partner, role=role, sort_order=i) for i, (partner, role) in enumerate(partners)
    ]
    film.resources = [FilmResource(sort_order=i, **kwargs) for i, kwargs in enumerate(resources)]
    index.add_child(instance=film)
    revision = film.save_revision()
    if publish:
        revision.publish()
    return FilmPage.objects.get(pk=film.pk)


def create_film_in_state(index, title: str, state: str = "public", *, topics=(), **kwargs) -> FilmPage:
    """A film as a visitor may meet it: "public", or hidden in one way.

    The hidden states: "draft", "scheduled" (to go live in three days), "unpublished",
    "expired" (past its expiry time, still live: `publish_scheduled` has not run yet),
    "password", "login" and "group" (view restrictions).
    """
    film = create_film(index, title, publish=False, **kwargs)
    film.topics.add(*topics)
    if state == "scheduled":
        film.go_live_at = timezone.now() + datetime.timedelta(days=3)
    revision = film.save_revision()
    if state != "draft":
        revision.publish()
    film = FilmPage.objects.get(pk=film.pk)
    if state == "unpublished":
        film.unpublish()
    elif state == "expired":
        FilmPage.objects.filter(pk=film.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=5))
    elif state == "password":
        PageViewRestriction.objects.create(
            page=film, restriction_type=PageViewRestriction.PASSWORD, password="pw"
        )
    elif state == "login":
        PageViewRestriction.objects.create(page=film, restriction_type=PageViewRestriction.LOGIN)
    elif state == "group":
        restriction = PageViewRestriction.objects.create(
            page=film, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.get_or_create(name="Press")[0])
    return FilmPage.objects.get(pk=film.pk)
