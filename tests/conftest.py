"""Shared fixtures: a small site tree, film factories, generated media and an admin client."""

import contextlib
import shutil
from pathlib import Path

import pytest

from django.core.cache import cache
from django.db import connection, transaction
from django.db.utils import load_backend
from django.urls import reverse

from wagtail.models import PageViewRestriction

from core.cache import breaker
from tools.bench.proxy import Proxy
from tools.bench.services import RedisServer

from .factories import (
    ADMIN_PASSWORD,
    SiteTree,
    build_site_tree,
    create_document,
    create_film,
    create_image,
    create_partner,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with no other session left on it when it is dropped.

    A browser test's live-server thread can still hold a PostgreSQL connection when the run
    ends, and DROP DATABASE then fails with "being accessed by other users".
    """
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 120) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for pid, *about in cursor.fetchall():
            print(f"\nEnding a session left on the test database: {pid} {about}")
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (cached pages must never leak between tests), and
    with no cache outage remembered from another test."""
    cache.clear()
    breaker.BREAKERS.clear()


@pytest.fixture
def rendition_queue(db, settings):
    """Renditions go to the database queue, as in production, instead of being drawn at once.

    ``tests/queues.py`` reads the queue (``queued()``) and runs the worker over it (``drain()``).
    """
    settings.TASKS = {**settings.TASKS, "renditions": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


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
                name = Path(str(connection.settings_dict["NAME"])).name
                if not (name.startswith("test_") or "memory" in name):
                    raise RuntimeError(f"Refusing to use {name!r}: it is not a test database.")
                # Nothing cached for rows an earlier test rolled back: their ids come round again
                # (e.g. Wagtail's cached renditions of "image 1" would pass for this module's).
                cache.clear()
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
    """The Django test client, logged into the Wagtail admin as a superuser through its sign-in
    form, as a browser is (that sets the marker that keeps editors out of the page cache)."""
    response = client.post(reverse("wagtailadmin_login"), {"username": "editor", "password": ADMIN_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def database_proxy(db):
    """The test database through a TCP proxy of the test's own (tools/bench/proxy.py), to freeze.

    Yields (connection, proxy): a connection through the proxy with a 1 s statement timeout, and
    the proxy (``proxy.freeze()`` stops it as a hung server would be). PostgreSQL only; the proxy
    is stopped by its PID at the end.
    """
    if connection.vendor != "postgresql":
        pytest.skip("a database server to freeze needs PostgreSQL")
    proxy = Proxy(int(connection.settings_dict["PORT"] or 5432))
    try:
        proxy.start()
        settings_dict = {
            **connection.settings_dict,
            "PORT": str(proxy.port),
            "OPTIONS": {**connection.settings_dict["OPTIONS"], "statement_timeout": 1},
        }
        through_proxy = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="proxied")
        yield through_proxy, proxy
        through_proxy.close()
    finally:
        proxy.stop()


@pytest.fixture
def start_redis(tmp_path):
    """start_redis(*options) -> a throwaway redis-server (tools/bench/services.py) on a spare
    loopback port, never the machine's shared one; stopped by its PID when the test ends."""
    if not shutil.which("redis-server"):
        pytest.skip("no redis-server on this machine")
    started = []

    def start(*options):
        server = RedisServer(tmp_path / f"redis-{len(started)}.log", options=options)
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()
