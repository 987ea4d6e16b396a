"""The film page's video facade, in a real browser.

Before the visitor presses play, the page talks to nobody but our own server and holds
no iframe; pressing the play control with the keyboard swaps in the provider's
privacy-enhanced player and moves focus to it. Template contract: a container
``[data-video-facade]`` holding a play control ``[data-video-play]``.
"""

import re

import pytest
from playwright.sync_api import expect

from .network import is_loopback, is_player

pytestmark = pytest.mark.browser

FILM_PATH = "/films/last-train-home/"
PLAYER_SRC = re.compile(r"^https://(www\.youtube-nocookie\.com|player\.vimeo\.com)/")


def test_player_loads_only_after_keyboard_press(live_server, demo_site, page, artifacts_dir):
    requests: list[str] = []
    responses: dict[str, int] = {}
    console_errors: list[str] = []
    page_errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: responses.setdefault(response.url, response.status))
    page.on(
        "console",
        lambda msg: msg.type == "error" and console_errors.append(f"{msg.text} ({msg.location.get('url')})"),
    )
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    # The demo Site is localhost:80; on 127.0.0.1:<port> Wagtail falls back to the default site.
    response = page.goto(live_server.url + FILM_PATH)
    assert response is not None and response.status == 200, f"{FILM_PATH} answered {response}"
    page.wait_for_load_state("networkidle")

    # Our CSS and JS were served by the live server (staticfiles) and parsed.
    assets = page.evaluate(
        """() => ({
            sheets: [...document.querySelectorAll('link[rel="stylesheet"]')]
                .map((link) => [link.href, link.sheet ? link.sheet.cssRules.length : 0]),
            scripts: [...document.querySelectorAll("script[src]")].map((script) => script.src),
        })"""
    )
    assert assets["sheets"] and assets["scripts"], assets
    for href, rule_count in assets["sheets"]:
        assert responses.get(href) == 200 and rule_count > 0, f"stylesheet {href} did not load"
    for src in assets["scripts"]:
        assert responses.get(src) == 200, f"script {src} did not load"

    # Before any press: only our own server, no iframe, no errors.
    offsite = [url for url in requests if not is_loopback(url)]
    assert not offsite, f"requests left the machine before play was pressed: {offsite}"
    expect(page.locator("iframe")).to_have_count(0)
    assert not console_errors, f"console errors before play was pressed: {console_errors}"
    page.screenshot(path=artifacts_dir / "film-page.png", full_page=True)

    facade = page.locator("[data-video-facade]").first
    play = facade.locator("[data-video-play]").first
    expect(play).to_be_visible()
    play.focus()
    expect(play).to_be_focused()
    pressed_at = len(requests)
    with page.expect_request(lambda request: is_player(request.url)) as player_request:
        page.keyboard.press("Enter")

    player = facade.locator("iframe")
    expect(player).to_have_count(1)
    expect(player).to_have_attribute("src", PLAYER_SRC)
    expect(player).to_have_attribute("title", re.compile(r"\S"))
    expect(player).to_be_focused()
    assert player_request.value.url == player.get_attribute("src")
    assert page.url == live_server.url + FILM_PATH, "pressing play navigated away from the page"

    # The only requests off the machine are the player's, all made after the press.
    offsite = [url for url in requests if not is_loopback(url)]
    assert offsite and all(is_player(url) for url in offsite), offsite
    assert all(is_loopback(url) for url in requests[:pressed_at])
    assert not page_errors, f"uncaught script errors: {page_errors}"
    page.screenshot(path=artifacts_dir / "film-page-playing.png", full_page=True)
