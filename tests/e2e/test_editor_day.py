"""The editor's day in a real browser, under the site's real Content-Security-Policy.

An editor signs in, composes a film from blocks (video, quote, interview, update) with a partner,
looks at block previews and the page preview, and submits the film for review; a moderator
approves it from the dashboard; a visitor reads the published page with every block; the editor
opens it again and leaves without a change, which saves nothing.

The race: the new film's first autosave is held on the way (a slow network) while the editor
fills the form and presses *Save draft*; the save makes the page, the autosave arrives after it
with the form as it was, and the editor's content is what the page keeps.
Screenshots of the editor and the published page are saved under test-artifacts/.
"""

import re

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from film.models import FilmIndexPage, FilmPage
from tests.admin_helpers import CRITIC_MISSING, a_moderator, an_editor

from .editor import add_block, log_in

pytestmark = pytest.mark.browser

TITLE = "The Night Crossing"
SLUG = "the-night-crossing"
ANSWER = "Because my grandmother made it every week."
SYNOPSIS = "A ferry, a storm and the families who wait for it."
ADD_FILM = re.compile(r"/pages/add/film/filmpage/\d+/(\?.*)?$")
RENDITIONS_TIMEOUT = 60_000  # ms
SAVE_TIMEOUT = 60_000  # ms: an autosave or a save under a loaded machine
# Past Wagtail's snapshot of the form (2 s after load), its change check and the autosave interval.
PAST_AUTOSAVE = 4_000  # ms
WATCHING_EDITS = """() => {
    const form = document.querySelector("[data-edit-form]");
    const unsaved = form && window.wagtail.app.getControllerForElementAndIdentifier(form, "w-unsaved");
    return !!(unsaved && unsaved.initialFormData);
}"""


@pytest.fixture
def people(demo_site):
    """An editor and a moderator, made before the browser starts (no ORM calls inside it)."""
    return {
        "editor": an_editor("edith"),
        "moderator": a_moderator("mohan"),
        "index": FilmIndexPage.objects.get().pk,
    }


def is_autosave(request) -> bool:
    return request.method == "POST" and "application/json" in (request.headers.get("accept") or "")


def wait_until(page, condition, timeout: int = 60_000) -> None:
    """Let the browser's events (and the routes above) run until ``condition()`` holds."""
    for _ in range(timeout // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("timed out")


def type_rich_text(page, hidden_input_name: str, text: str) -> None:
    """Type into the Draftail editor that writes to the given hidden input."""
    page.locator(f"[name='{hidden_input_name}']").locator("xpath=..").locator(
        "[contenteditable=true]"
    ).click()
    page.keyboard.type(text)


def test_an_editors_film_is_reviewed_approved_and_read(live_server, people, page, artifacts_dir):
    base = live_server.url
    csp_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and csp_violations.append(message.text),
    )

    # The editor starts from the Film catalogue.
    log_in(page, base, "edith")
    page.get_by_role("link", name="Film catalogue").click()
    expect(page.get_by_role("heading", name="Film catalogue")).to_be_visible()
    page.get_by_role("link", name="Add film").click()
    expect(page).to_have_url(ADD_FILM)

    # Every save of the create form is held on its way to the server, to be let go in a set order.
    held = {"autosaves": [], "saves": []}
    page.route(
        ADD_FILM,
        lambda route: (
            held["autosaves" if is_autosave(route.request) else "saves"].append(route)
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    page.wait_for_function(WATCHING_EDITS)

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_synopsis").fill(SYNOPSIS)

    # The block picker groups the blocks and previews them with the site's own template.
    page.locator("[data-contentpath=body] button.c-sf-add-button").last.click()
    expect(page.locator(".w-combobox__optgroup-label")).to_have_text(["Structure", "Media", "Film"])
    quote_option = page.get_by_role("option", name="Quote", exact=True)
    quote_option.locator("xpath=following-sibling::button[1]").click()
    block_preview = page.frame_locator("iframe[src*='block-preview']")
    expect(block_preview.locator(".quote__critic")).to_have_text("Ty Burr")
    expect(page.get_by_text("A critic's quote with name and publication.")).to_be_visible()
    page.screenshot(path=artifacts_dir / "editor-block-picker.png")
    page.get_by_role("option", name="Video", exact=True).click()

    page.fill("[name=body-0-value-title]", "The last ferry")
    page.fill("[name=body-0-value-url]", "https://vimeo.com/76979871")
    page.fill("[name=body-0-value-duration]", "2:41")
    add_block(page, "Quote")
    page.fill("[name=body-1-value-text]", "Tender, patient and quietly furious.")
    page.fill("[name=body-1-value-critic]", "Ann Hornaday")
    page.fill("[name=body-1-value-publication]", "The Washington Post")
    add_block(page, "Interview")
    page.fill("[name=body-2-value-name]", "Mira Patel")
    page.fill("[name=body-2-value-role]", "Director")
    page.fill("[name=body-2-value-questions-0-value-question]", "Why this crossing?")
    type_rich_text(
        page, "body-2-value-questions-0-value-answer", "Because my grandmother made it every week."
    )
    add_block(page, "Film update")
    page.fill("[name=body-3-value-date]", "2026-11-20")
    page.keyboard.press("Escape")
    page.fill("[name=body-3-value-headline]", "Opening night at the harbour")
    type_rich_text(page, "body-3-value-body", "The film opens the winter season.")

    page.get_by_role("tab", name="Film information").click()
    page.fill("#id_year", "2026")
    page.fill("#id_runtime", "84")
    page.get_by_role("tab", name="Partners & resources").click()
    page.locator("#id_film_partners-OPEN_MODAL").click()
    chooser = page.locator(".modal-content")
    chooser.get_by_label("ITVS").check()
    chooser.get_by_role("button", name=re.compile("Confirm")).click()
    page.select_option("#id_film_partners-0-role", "presented_by")
    page.get_by_role("tab", name="Content").click()

    # The first autosave, sent with the title, is still on its way when the editor saves.
    wait_until(page, lambda: held["autosaves"])
    page.get_by_role("button", name="Save draft").click(no_wait_after=True)
    wait_until(page, lambda: held["saves"])
    save = held["saves"][0]
    made = save.fetch(max_redirects=0)  # the save reaches the server first and makes the page
    assert made.status == 302, made.text()[:2000]
    (autosave,) = held["autosaves"]  # Wagtail sends one autosave at a time
    late = autosave.fetch()  # then the autosave, with the form as it was
    autosave.fulfill(response=late)
    save.fulfill(response=made)
    page.unroute(ADD_FILM)

    # The late autosave wrote nothing; the editor's draft is what the editor sees.
    assert late.json()["success"] and "revision_id" not in late.json(), late.text()
    expect(page.locator(".messages")).to_contain_text(f"Page '{TITLE}' created.", timeout=SAVE_TIMEOUT)
    expect(page).to_have_url(re.compile(r"/pages/\d+/edit/"))
    expect(page.locator("[name=body-1-value-critic]")).to_have_value("Ann Hornaday")
    expect(page.locator("#id_synopsis")).to_have_value(SYNOPSIS)

    # The preview is the public template, sidebar included.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[src*='/preview/']")
    # The first render makes every image rendition the page needs (sidebar films included).
    expect(preview.locator("h1")).to_have_text(TITLE, timeout=RENDITIONS_TIMEOUT)
    for selector in ("[data-video-facade]", ".quote", "#interview-mira-patel", ".film-update"):
        expect(preview.locator(selector).first).to_be_attached()
    for landmark in ("#film-info-heading", "#upcoming-heading", "section.partners"):
        expect(preview.locator(landmark).first).to_be_attached()
    expect(preview.locator("section.partners img[alt='ITVS']")).to_be_attached()
    page.screenshot(path=artifacts_dir / "editor-preview.png")

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Film review").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Page '{TITLE}' has been submitted for moderation.", timeout=SAVE_TIMEOUT
    )

    # Not public until a moderator approves it.
    page.context.clear_cookies()
    assert page.goto(f"{base}/films/{SLUG}/").status == 404

    log_in(page, base, "mohan")
    expect(page.get_by_role("heading", name="Awaiting your review")).to_be_visible()
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.locator("#id_title")).to_have_value(TITLE)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        f"Approved and published '{TITLE}'.", timeout=SAVE_TIMEOUT
    )

    # A visitor reads every block.
    page.context.clear_cookies()
    response = page.goto(f"{base}/films/{SLUG}/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("[data-video-facade] [data-video-play]")).to_have_count(1)
    expect(page.locator(".quote__critic")).to_have_text("Ann Hornaday")
    expect(page.locator("#interview-mira-patel")).to_contain_text(
        "Because my grandmother made it every week."
    )
    expect(page.locator(".film-update__headline")).to_have_text("Opening night at the harbour")
    expect(page.locator("section.partners")).to_contain_text("Presented by")
    expect(page.locator("#film-info-heading")).to_be_visible()
    page.screenshot(path=artifacts_dir / "published-film.png", full_page=True)

    # The no-change visit: opening the published film's editor and leaving it saves nothing.
    film = FilmPage.objects.get(slug=SLUG)
    revisions = film.revisions.count()
    log_in(page, base, "edith")
    page.goto(base + reverse("wagtailadmin_pages:edit", args=(film.pk,)))
    page.locator("#body-root [data-contentpath]").first.wait_for()
    page.wait_for_function(WATCHING_EDITS)
    page.wait_for_timeout(PAST_AUTOSAVE)
    page.goto(base + reverse("wagtailadmin_home"))
    assert film.revisions.count() == revisions
    assert not FilmPage.objects.get(pk=film.pk).has_unpublished_changes

    assert not csp_violations, csp_violations


def test_a_quote_without_a_critic_is_flagged_on_the_critic_field(live_server, people, page):
    base = live_server.url
    log_in(page, base, "edith")
    page.goto(base + reverse("wagtailadmin_pages:add", args=("film", "filmpage", people["index"])))
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_synopsis").fill(SYNOPSIS)
    add_block(page, "Quote")
    page.fill("[name=body-0-value-text]", "Tender, patient and quietly furious.")

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Film review").click()

    expect(page.locator(".messages")).to_contain_text("could not be", timeout=SAVE_TIMEOUT)
    critic = page.locator("[data-contentpath=body] [data-contentpath=critic]")
    expect(critic.locator(".error-message")).to_have_text(CRITIC_MISSING)
    expect(page.locator("[name=body-0-value-text]")).to_have_value("Tender, patient and quietly furious.")
