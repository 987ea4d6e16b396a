"""Errors where the editor looks: every tab with an error counts it, the first is in view, and a new
page's editor says nothing about autosave until the editor has typed something it cannot save."""

import re

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from film.models import FilmIndexPage
from tests.admin_helpers import CRITIC_MISSING, an_editor

from .editor import add_block, log_in

pytestmark = pytest.mark.browser

PAUSED = "Autosave is paused"


@pytest.fixture
def add_url(demo_site):
    an_editor("edith")
    return reverse("wagtailadmin_pages:add", args=("film", "filmpage", FilmIndexPage.objects.get().pk))


def tab(page, name: str):
    return page.get_by_role("tab", name=re.compile(rf"^{re.escape(name)}"))


def test_each_tab_counts_its_errors_and_the_first_errors_tab_is_open(live_server, add_url, page):
    base = live_server.url
    log_in(page, base, "edith")
    page.goto(base + add_url)
    page.locator("#id_title").fill("The Night Crossing")
    page.locator("#id_synopsis").fill("A ferry, a storm and the families who wait for it.")
    add_block(page, "Quote")
    page.fill("[name=body-0-value-text]", "Tender, patient and quietly furious.")  # no critic
    tab(page, "Film information").click()
    page.fill("#id_year", "2026")
    tab(page, "Promote").click()
    page.fill("#id_slug", "last-train-home")  # a demo film's
    tab(page, "Film information").click()

    page.add_init_script(
        "document.addEventListener('strand:first-error-shown',"
        " () => { document.documentElement.dataset.firstErrorShown = 'yes'; });"
    )
    page.get_by_role("button", name="Save draft").click()

    # A save on a busy machine may take longer than expect's 5 s.
    expect(page.locator(".messages")).to_contain_text("could not be", timeout=60_000)
    # The body's error is drawn in the browser, after Wagtail first counted the tabs.
    expect(tab(page, "Content").locator(".w-tabs__errors")).to_have_text(
        re.compile(r"^\s*1\s*\(1 error\)\s*$")
    )
    expect(tab(page, "Promote").locator(".w-tabs__errors")).to_contain_text("1 error")
    expect(tab(page, "Film information").locator(".w-tabs__errors")).not_to_be_visible()
    expect(tab(page, "Content")).to_have_attribute("aria-selected", "true")
    critic_error = page.locator("[data-contentpath=body] [data-contentpath=critic] .error-message")
    expect(critic_error).to_have_text(CRITIC_MISSING)
    # In view, and kept there while the rich text editors and blocks above it finish drawing.
    expect(page.locator("html")).to_have_attribute("data-first-error-shown", "yes")
    expect(critic_error).to_be_in_viewport(ratio=1)
    page.wait_for_load_state("networkidle")
    expect(critic_error).to_be_in_viewport(ratio=1)


def test_a_new_films_editor_pauses_autosave_only_for_something_typed(live_server, add_url, page):
    base = live_server.url
    log_in(page, base, "edith")
    # Wagtail's unsaved-changes controller announces each snapshot of the form it compares against.
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits',"
        " () => { document.documentElement.dataset.snapshotTaken = 'yes'; });"
    )
    page.goto(base + add_url)
    # Its first snapshot, two seconds after load: typing before it would be taken for the blank form.
    expect(page.locator("html")).to_have_attribute("data-snapshot-taken", "yes", timeout=60_000)
    footer = page.locator(".footer__save-warning")

    def autosave(action):
        with page.expect_response(lambda r: r.request.method == "POST" and add_url in r.url) as answer:
            action()
        return answer.value

    # On a busy machine the browser takes its snapshot of the form before the widgets have drawn
    # their inputs, sees a change and autosaves the untouched form: it says so with this event.
    untouched = autosave(
        lambda: page.locator("[data-edit-form]").dispatch_event(
            "w-unsaved:add", {"bubbles": True, "cancelable": True, "detail": {"type": "edits"}}
        )
    )
    assert untouched.json() == {"success": True}
    indicator = page.locator("#w-autosave-indicator")
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
    expect(footer).not_to_contain_text(PAUSED)

    # Something typed that cannot be saved yet (a film needs its year) pauses autosave, and says so.
    refused = autosave(lambda: page.locator("#id_title").fill("The Night Crossing"))
    assert refused.status == 400
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "paused")
    expect(footer).to_contain_text(PAUSED)
