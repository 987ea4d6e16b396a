"""What a visitor notices on the demo site at 1366x900 and on a phone (390x844): where things
sit, the order the keyboard reaches them, and whether the focus ring can be seen.

Boxes come from getBoundingClientRect and colours from getComputedStyle, in Chromium.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FILM = "/films/last-train-home/"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_page(page, live_server, path: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    page.wait_for_load_state("networkidle")


def box(page, selector: str) -> dict:
    """The first match's box in page coordinates."""
    return page.evaluate(
        """(selector) => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right};
        }""",
        selector,
    )


def tab_order(page, presses: int) -> list[str]:
    """For each Tab press, which part of the film page holds focus."""
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                """() => {
                    const el = document.activeElement;
                    for (const part of [".share", ".info-box", ".partners", ".film__main", ".film__more"]) {
                        if (el.closest(part)) return part;
                    }
                    return el.tagName.toLowerCase();
                }"""
            )
        )
    return stops


def check_one_play_control_per_clip_with_its_label_below_the_picture(page) -> None:
    facades = page.locator("[data-video-facade]")
    assert facades.count() >= 9, "the demo film shows its trailer and eight clips"
    for facade in facades.all():
        expect(facade.locator("[data-video-play]")).to_have_count(1)
        expect(facade.locator(".video__play-icon")).to_have_count(1)
        play = facade.locator("[data-video-play]")
        expect(play).to_have_accessible_name(re.compile(r"^Play video: \S.* on YouTube$"))
        picture = facade.locator(".video__screen").bounding_box()
        label = facade.locator(".video__play-label").bounding_box()
        assert label["y"] >= picture["y"] + picture["height"] - 0.5, "the play label covers the picture"
        assert label["height"] > 0 and label["width"] >= picture["width"] - 1


def check_bio_and_statement_open_below_the_top_edge(page) -> None:
    for link in ("Bio", "Statement"):
        anchor = page.locator(".info-box a", has_text=re.compile(rf"^{link}\b"))
        href = anchor.get_attribute("href")
        target = page.locator(href)
        expect(target).not_to_have_attribute("open", "")

        anchor.click()

        expect(target).to_have_attribute("open", "")
        expect(target.locator("p").first).to_be_visible()
        # scroll-margin-top: 1.5rem, so the disclosure's top rests 24 px below the window's edge.
        page.wait_for_function(
            "(id) => Math.abs(document.getElementById(id).getBoundingClientRect().top - 24) < 2", arg=href[1:]
        )
        header_bottom = page.evaluate(
            "() => document.querySelector('.site-header').getBoundingClientRect().bottom"
        )
        top = target.bounding_box()["y"]
        assert top >= max(header_bottom, 0) + 8, f"{link} lands at {top:.0f} px, under the header or the edge"
        page.evaluate("() => scrollTo(0, 0)")


def test_film_page_on_a_phone(live_server, page):
    open_page(page, live_server, FILM, PHONE)
    check_one_play_control_per_clip_with_its_label_below_the_picture(page)

    # The information box and partners follow the synopsis and share links, before the body.
    share, info = box(page, ".share"), box(page, ".info-box")
    partners, body = box(page, ".partners"), box(page, ".film__main")
    assert share["bottom"] <= info["top"] < partners["top"] < body["top"], (share, info, partners, body)
    assert info["top"] < 2500, f"the information box starts {info['top']:.0f} px down"
    stops = [stop for stop in tab_order(page, 40) if stop.startswith(".")]
    assert ".info-box" in stops and ".film__main" in stops, stops
    assert stops.index(".share") < stops.index(".info-box") < stops.index(".film__main"), stops
    assert stops.index(".partners") < stops.index(".film__main"), stops

    open_page(page, live_server, FILM, PHONE)
    check_bio_and_statement_open_below_the_top_edge(page)

    # A link to a biography from elsewhere opens it on arrival; without one it stays closed.
    href = page.locator(".info-box a", has_text=re.compile(r"^Bio\b")).get_attribute("href")
    page.goto("about:blank")
    open_page(page, live_server, FILM + href, PHONE)
    expect(page.locator(href)).to_have_attribute("open", "")
    open_page(page, live_server, FILM, PHONE)
    expect(page.locator(href)).not_to_have_attribute("open", "")


def test_film_page_on_a_wide_screen(live_server, page):
    open_page(page, live_server, FILM, DESKTOP)
    check_one_play_control_per_clip_with_its_label_below_the_picture(page)

    synopsis, info = box(page, ".film__synopsis"), box(page, ".info-box")
    body, upcoming = box(page, ".film__main"), box(page, ".film__more")
    assert info["left"] >= synopsis["right"], (synopsis, info)
    assert info["top"] < synopsis["bottom"], "the information box does not start beside the synopsis"
    # The upcoming films follow the partners in the right column, not the end of the long body.
    partners = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.partners')]"
        ".map((p) => p.getBoundingClientRect().bottom + scrollY))"
    )
    assert upcoming["left"] >= body["right"] and upcoming["top"] - partners < 100, (partners, upcoming)

    # The filmmaker's portrait is a picture that loads.
    photo = page.locator(".filmmaker__photo").first
    photo.scroll_into_view_if_needed()
    expect(photo).to_be_visible()
    assert photo.evaluate("(img) => img.complete && img.naturalWidth > 0"), "the portrait did not load"

    check_bio_and_statement_open_below_the_top_edge(page)
