"""*Save draft* on a page that exists, and *Publish* on a live one, save without reloading the
editor (static/js/editor-save.js).

A draft keeps a revision of its own, which later autosaves do not overwrite; a save the server
refuses is submitted as before, so the editor sees the errors where Wagtail shows them.
"""

import time

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from film.models import FilmPage
from tests.admin_helpers import PASSWORD

from .editor import log_in

pytestmark = pytest.mark.browser

SAVE_TIMEOUT = 60_000  # ms: a save on a loaded machine
SAVED = "Page 'Last Train Home' has been updated."
SAME_EDITOR = "window.strandSameEditor === true"  # set once after load: gone if the page reloads
WATCHING_EDITS = """() => !!window.wagtail.app.getControllerForElementAndIdentifier(
    document.querySelector("[data-edit-form]"), "w-unsaved").initialFormData"""


@pytest.fixture
def film(demo_site, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    return FilmPage.objects.get(slug="last-train-home")


def open_editor(page, base: str, film) -> None:
    log_in(page, base, "admin")
    page.goto(base + reverse("wagtailadmin_pages:edit", args=(film.pk,)))
    page.locator("#body-root [data-contentpath]").first.wait_for()
    # Wagtail takes its picture of the unchanged form 2 s after load; what is typed before is no edit.
    page.wait_for_function(WATCHING_EDITS)
    page.evaluate("window.strandSameEditor = true")


def synopses(film) -> list[str]:
    """Each revision's synopsis, oldest first."""
    return [revision.content["synopsis"] for revision in film.revisions.order_by("created_at", "pk")]


def wait_for(page, condition, seconds: float = 60) -> None:
    # page.wait_for_timeout, not time.sleep: every browser request waits on the conftest route
    # handler, which runs only while Playwright has control.
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(200)


def test_save_draft_keeps_the_editor_open_and_its_revision_outlives_later_autosaves(live_server, film, page):
    before = synopses(film)
    open_editor(page, live_server.url, film)

    page.locator("#id_synopsis").fill("Saved in place.")
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messages")).to_contain_text(SAVED, timeout=SAVE_TIMEOUT)
    assert page.evaluate(SAME_EDITOR)  # no reload
    expect(page.get_by_role("button", name="Save draft")).to_be_enabled()
    assert synopses(film) == [*before, "Saved in place."]

    # The next change autosaves into a revision of its own, after the saved draft.
    page.locator("#id_synopsis").fill("Typed after saving.")
    wait_for(page, lambda: len(synopses(film)) == len(before) + 2)
    assert synopses(film) == [*before, "Saved in place.", "Typed after saving."]
    assert page.evaluate(SAME_EDITOR)


def test_a_save_draft_the_server_refuses_shows_its_errors_as_before(live_server, film, page):
    open_editor(page, live_server.url, film)

    page.locator("#id_title").fill("")
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messages")).to_contain_text("could not be saved", timeout=SAVE_TIMEOUT)
    assert not page.evaluate(SAME_EDITOR)  # the form was submitted and drawn again with its errors
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    assert FilmPage.objects.get(pk=film.pk).title == "Last Train Home"


def test_publish_keeps_the_editor_open_and_the_change_is_live(live_server, film, page):
    open_editor(page, live_server.url, film)

    page.locator("#id_synopsis").fill("Published in place.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()

    expect(page.locator(".messages")).to_contain_text(
        "Page 'Last Train Home' has been published.", timeout=SAVE_TIMEOUT
    )
    assert page.evaluate(SAME_EDITOR)  # no page list, no reload
    published = FilmPage.objects.get(pk=film.pk)
    assert published.synopsis == "Published in place." and not published.has_unpublished_changes
    # Nothing is left unsaved (leaving would ask nothing), and the visitor sees the change.
    has_edits = """() => window.wagtail.app.getControllerForElementAndIdentifier(
        document.querySelector("[data-edit-form]"), "w-unsaved").hasEditsValue"""
    assert page.evaluate(has_edits) is False
    page.goto(live_server.url + "/films/last-train-home/")
    expect(page.locator("body")).to_contain_text("Published in place.")
