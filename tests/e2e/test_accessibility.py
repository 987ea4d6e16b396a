"""WCAG 2.2 AA in a real browser: axe-core finds nothing, pages reflow at 320 CSS pixels,
keyboard-only use works, and the film page prints cleanly.

axe-core is the copy bundled in the pinned PyPI package axe-playwright-python: it is
injected from disk, never fetched. Each test loads the demo site (see conftest.demo_site).
"""

import re

import pytest
from playwright.sync_api import expect

from film.models import FilmIndexPage

from ..every_block import every_block_film
from ..factories import create_document, create_film

pytestmark = pytest.mark.browser

HOME = "/"
FILM_INDEX = "/films/"
FILM = "/films/last-train-home/"
SEASON = "/films/season-24/"
SEARCH = "/search/?q=train"
SCHEDULE = "/schedule/"
NOT_FOUND = "/films/no-such-film/"
# WCAG 2.0/2.1/2.2 A and AA, and axe's best practices (landmarks, heading order, ...).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
WIDTHS = {"desktop": 1280, "phone": 320}


def axe_violations(page) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return results.generate_report() if results.violations_count else ""


def open_page(page, live_server, path: str, status: int = 200):
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == status, (
        f"{path} answered {response and response.status}"
    )
    page.wait_for_load_state("networkidle")


def focused(page) -> dict:
    """What has keyboard focus, whether it shows a focus indicator, and whether it is on screen."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim(),
                href: el.getAttribute("href") || "",
                indicator: el.matches(":focus-visible") && style.outlineStyle !== "none"
                    && parseFloat(style.outlineWidth) >= 2,
                onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
            };
        }"""
    )


def tab_until(page, matches, limit: int = 80) -> dict:
    """Press Tab until the focused element matches; every stop on the way must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        if current["tag"] != "body":
            assert current["indicator"], f"no visible focus indicator on {current}"
            assert current["onScreen"], f"focused element is off screen: {current}"
        if matches(current):
            return current
    raise AssertionError(f"never reached by Tab within {limit} presses")


def sideways_overflow(page) -> list[str]:
    """Elements wider than the viewport: content that would need scrolling in two directions."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map((el) => el.tagName + "." + el.className)
            .slice(0, 5)"""
    )


def test_pages_have_no_axe_violations_and_reflow_at_320_pixels(live_server, page, artifacts_dir):
    every_block = every_block_film().url
    pages = {
        "home": HOME,
        "film index": FILM_INDEX,
        "film page": FILM,
        "season page": SEASON,
        "film page with every block": every_block,
        "search results": SEARCH,
        "schedule": SCHEDULE,
    }
    found = {}
    for width_name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            open_page(page, live_server, path)
            found[f"{name} ({width_name})"] = axe_violations(page)
            if width == 320:  # WCAG 1.4.10 Reflow
                assert not sideways_overflow(page), (
                    f"{path} is wider than 320 pixels: {sideways_overflow(page)}"
                )
        open_page(page, live_server, NOT_FOUND, status=404)
        found[f"404 page ({width_name})"] = axe_violations(page)
    # Film pages with every disclosure open (transcripts, biographies, statements).
    for name, path in (("film page", FILM), ("film page with every block", every_block)):
        open_page(page, live_server, path)
        page.evaluate("() => document.querySelectorAll('details').forEach((d) => (d.open = true))")
        found[f"{name}, disclosures open"] = axe_violations(page)
    page.screenshot(path=artifacts_dir / "film-page-every-block-phone.png", full_page=True)

    problems = {name: report for name, report in found.items() if report}
    assert not problems, "\n\n".join(f"== {name}\n{report}" for name, report in problems.items())


def test_keyboard_reaches_skip_link_menu_search_and_suggestions(live_server, page):
    open_page(page, live_server, FILM_INDEX)

    skip = tab_until(page, lambda el: True)
    assert (skip["text"], skip["href"]) == ("Skip to content", "#main"), "the skip link is not the first stop"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main", "the skip link did not move focus to the content"
    tab_until(page, lambda el: el["tag"] != "body")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")

    open_page(page, live_server, FILM_INDEX)
    order = [tab_until(page, lambda el: True)["text"] for _ in range(5)]
    assert order[:4] == ["Skip to content", "Strand documentaries", "Films", "Schedule"], order
    search = focused(page)
    assert search["id"] == "site-search-q", f"the search box does not follow the menu: {order}"

    # Suggestions: arrow down to one, Enter opens that film.
    box = page.locator("#site-search-q")
    page.keyboard.type("last train")
    expect(page.get_by_role("listbox", name="Suggested films")).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"\S"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(FILM) + "$"))

    # Without choosing a suggestion, Enter searches.
    open_page(page, live_server, FILM_INDEX)
    tab_until(page, lambda el: el["id"] == "site-search-q")
    page.keyboard.type("train")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=train"))
    expect(page.locator("h1")).to_contain_text("train")
    result = tab_until(page, lambda el: el["href"].startswith("/films/"))
    assert result["text"], "search results are not reachable by keyboard"


def test_keyboard_pages_through_the_film_index(live_server, page):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(FilmIndexPage, "page_size", 2)  # the live server runs in this process
        open_page(page, live_server, FILM_INDEX)
        tab_until(page, lambda el: el["text"].startswith("Next"))
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"[?&]page=2"))
        expect(page.locator(".pagination [aria-current=page]")).to_have_text(re.compile(r"Page 2 of \d+"))
        tab_until(page, lambda el: el["text"].startswith("Previous"))
        page.keyboard.press("Enter")
        # The first page is the plain index: one address, one cache entry.
        page.wait_for_url(re.compile(r"/films/\??$"))


def test_keyboard_plays_video_opens_transcript_and_shares(live_server, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_page(page, live_server, FILM)

    copy = tab_until(page, lambda el: el["text"] == "Copy link")
    page.keyboard.press("Enter")
    expect(page.locator("[data-copy-status]")).to_have_text(re.compile(r"\S"))
    assert page.url == live_server.url + FILM, "Copy link navigated away"
    assert copy["href"].endswith(FILM)

    play = tab_until(page, lambda el: el["text"].startswith("Play"))
    assert "video:" in play["text"], "the play control does not name the video"
    page.keyboard.press("Enter")
    player = page.locator("[data-video-facade] iframe").first
    expect(player).to_be_focused()
    expect(player).to_have_attribute("title", re.compile(r"^Video player: \S"))

    open_page(page, live_server, FILM)
    transcript = page.locator("details.video__transcript").first
    expect(transcript).not_to_have_attribute("open", "")
    tab_until(page, lambda el: el["tag"] == "summary" and el["text"].startswith("Transcript"))
    page.keyboard.press("Enter")
    expect(transcript).to_have_attribute("open", "")
    expect(transcript.locator("p").first).to_be_visible()


def test_uploaded_video_plays_with_its_captions_track(live_server, page):
    cue = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n"
    captions = create_document("Station captions", "station.vtt", cue)
    clip = create_document("Station clip", "station.mp4", b"\x00\x00\x00\x18ftypmp42")
    video = {"title": "Station", "file": clip.pk, "captions": captions.pk, "transcript": "<p>Hello.</p>"}
    create_film(FilmIndexPage.objects.get(), "Captioned", slug="captioned", body=[("video", video)])
    open_page(page, live_server, "/films/captioned/")

    tab_until(page, lambda el: el["text"].startswith("Play"))
    page.keyboard.press("Enter")

    player = page.locator("[data-video-facade] video")
    expect(player).to_be_focused()
    expect(player).to_have_attribute("aria-label", "Video player: Station")
    track = player.locator("track")
    expect(track).to_have_attribute("kind", "captions")
    expect(track).to_have_attribute("srclang", "en")
    expect(track).to_have_attribute("src", re.compile(r"station\.vtt$"))
    assert track.evaluate("(track) => track.default")
    expect(page.locator("details.video__transcript summary")).to_have_text("Transcript of Station")


def test_film_page_prints_without_controls_players_or_other_films(live_server, page, artifacts_dir):
    open_page(page, live_server, FILM)
    page.emulate_media(media="print")

    for hidden in (".site-header", ".skip-link", ".share", ".video__player", ".upcoming", ".site-footer"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    for shown in ("h1", ".film__synopsis", ".info-box", ".film__pull-quote", ".video__title", ".partners"):
        expect(page.locator(shown).first).to_be_visible()
    transcript_text = page.locator("details.video__transcript p").first
    expect(transcript_text).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.pdf(path=artifacts_dir / "film-page.pdf", format="A4", print_background=False)
    page.screenshot(path=artifacts_dir / "film-page-print.png", full_page=True)
