"""Shared fixtures: a small site tree, film factories, generated media and an admin client."""

import contextlib
import io
import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.utils.text import slugify

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Site

from film.models import (
    FilmBroadcast,
    FilmIndexPage,
    Filmmaker,
    FilmPage,
    FilmPartner,
    FilmResource,
    Partner,
)
from home.models import HomePage

ADMIN_PASSWORD = "correct horse battery staple"


def soup(response_or_html) -> BeautifulSoup:
    """Parse a response (or an HTML string) with the same parser Wagtail uses."""
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    return BeautifulSoup(html, "html.parser")


def text_of(node) -> str:
    """Visible text of a node with whitespace collapsed, roughly as a reader would see it."""
    text = " ".join(node.get_text(" ").split())
    return re.sub(r" ([.,;:!?)])", r"\1", text)


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
    film.broadcasts = [FilmBroadcast(date=date, sort_order=i) for i, date in enumerate(broadcasts)]
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


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: cached pages must never leak between tests."""
    cache.clear()


@pytest.fixture
def site_tree(db) -> SiteTree:
    return build_site_tree()


@pytest.fixture
def home_page(site_tree):
    return site_tree.home


@pytest.fixture
def film_index(site_tree):
    return site_tree.index


@pytest.fixture
def make_image(db):
    """make_image(title, description="") -> a Pillow-generated Wagtail image."""
    return create_image


@pytest.fixture
def make_document(db):
    """make_document(title, filename, content) -> a Wagtail document stored on disk."""
    return create_document


@pytest.fixture
def make_partner(db):
    return create_partner


@pytest.fixture
def make_film(film_index):
    """make_film(title, publish=True, body=[(type, value)], broadcasts=[dates], ...fields) -> FilmPage."""

    def factory(title="Last Train Home", **kwargs):
        return create_film(film_index, title, **kwargs)

    return factory


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """Build data once for a module and throw it away afterwards.

    Usage: ``with module_db():`` inside a module-scoped fixture; everything created inside
    is rolled back when the block ends, so other tests never see it. The module must be
    marked ``pytestmark = pytest.mark.django_db`` so that the test database exists.
    """

    @contextlib.contextmanager
    def rolled_back():
        try:
            with django_db_blocker.unblock(), transaction.atomic():
                # pytest-django only creates the test database when some collected test asks for
                # it (the module using this fixture must have ``pytestmark = pytest.mark.django_db``);
                # never build throwaway data in the development database.
                name = str(connection.settings_dict["NAME"])
                if not (name.startswith("test_") or "memory" in name):
                    raise RuntimeError(f"Refusing to use {name!r}: it is not a test database.")
                yield
                transaction.set_rollback(True)
        finally:
            cache.clear()  # e.g. Wagtail's cached site root paths of the rolled-back site

    return rolled_back


@pytest.fixture
def restrict(db):
    """restrict(page) -> make a page private (password-protected) for anonymous visitors."""

    def factory(page):
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )

    return factory


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.com", password=ADMIN_PASSWORD
    )


@pytest.fixture
def admin_client_logged_in(client, superuser):
    """The Django test client, logged into the Wagtail admin as a superuser."""
    client.force_login(superuser)
    return client
