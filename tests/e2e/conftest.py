"""Browser-test fixtures: Playwright's sync API driving Debian's Chromium against ``live_server``.

Nothing here downloads a browser: the tests use /usr/bin/chromium (installed by
scripts/install-chromium.sh) and skip, saying so, when it is absent. Every request
that would leave the machine is aborted, so a test can only ever talk to 127.0.0.1.
"""

import io
from pathlib import Path

import pytest

from django.core.cache import cache
from django.core.management import call_command
from django.db import connections

from .network import is_loopback

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run scripts/install-chromium.sh (CI does) to run browser tests")
    return CHROMIUM


@pytest.fixture(scope="module", autouse=True)
def restore_initial_data(django_db_setup, django_db_blocker):
    """Put back what the migrations created (root page, root collection, default Site)
    once this module's transactional tests have emptied every table.

    pytest-django runs transactional tests after the ``db`` ones but before tests that
    reach the database through ``django_db_blocker`` (module-scoped data), which would
    otherwise find an empty database."""
    yield
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
    cache.clear()  # Wagtail's cached site root paths


@pytest.fixture
def demo_site(transactional_db, django_db_serialized_rollback):
    """The demo content (``manage.py load_demo``) in the live server's database.

    Transactional tests empty every table afterwards, Wagtail's root page and default
    Site included; serialized rollback restores them first, whatever ran before."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def page(chromium, live_server, demo_site):
    """A Chromium page for the seeded live server; requests off the machine are aborted.

    Playwright starts only once the database is ready. While its event loop runs in this
    thread, Django refuses ORM calls (SynchronousOnlyOperation) unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set, and hands out a fresh connection object per
    context, so database setup that relies on the test's own connection (such as
    serialized rollback) has to happen before.
    """
    from playwright.sync_api import sync_playwright

    def keep_on_machine(route):
        if is_loopback(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    with pytest.MonkeyPatch.context() as mp, sync_playwright() as p:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # A page's first render draws its AVIF/WebP renditions: allow for a slow, busy machine.
        context.set_default_timeout(60_000)
        context.route("**/*", keep_on_machine)
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
