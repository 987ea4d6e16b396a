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


def test_header_suggestions_on_a_phone(live_server, page):
    open_page(page, live_server, "/", PHONE)
    box = page.locator("header input[name=q]")
    for typed, reason in (("lix", "Filmmaker: Lixin Fan"), ("gua", "Named in the film: Guangzhou")):
        box.fill(typed)
        option = page.get_by_role("option", name=re.compile(r"^Last Train Home \(2009\)"))
        expect(option).to_be_visible()
        expect(option.locator(".site-search__reason")).to_have_text(reason)
        listbox = page.get_by_role("listbox", name="Suggested films").bounding_box()
        assert listbox["x"] >= 0 and listbox["x"] + listbox["width"] <= PHONE["width"], listbox
        assert listbox["y"] + listbox["height"] <= PHONE["height"], listbox

    box.fill("zzqx")
    none = page.locator("header [role=status]")
    expect(none).to_have_text(re.compile(r"^No suggestions"))
    expect(none).to_be_visible()
    expect(none).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("listbox", name="Suggested films")).to_be_hidden()
    shown = none.bounding_box()
    assert shown["x"] >= 0 and shown["x"] + shown["width"] <= PHONE["width"], shown

    # The results page: one search box above the first result, not two.
    open_page(page, live_server, "/search/?q=train", PHONE)
    first = page.locator(".search-result").first.bounding_box()
    boxes = [b for b in page.locator("input[type=search]").all() if b.is_visible()]
    assert len(boxes) == 1 and boxes[0].bounding_box()["y"] < first["y"], len(boxes)


# WCAG relative luminance and contrast, in the page, from computed styles. The ring's
# background is what lies just outside it on each side (the focused element excluded).
RING_CONTRAST = """() => {
    const el = document.activeElement;
    if (el === document.body) return {element: "body", lowest: Infinity};  // Tab left the page
    const style = getComputedStyle(el);
    if (style.outlineStyle === "none") return {missing: el.outerHTML.slice(0, 80)};
    const rgb = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
        const c = [r, g, b].map((v) => v / 255)
            .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const ratio = (a, b) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
    };
    const ring = rgb(style.outlineColor);
    const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) + 2;
    const r = el.getBoundingClientRect();
    const points = [[r.left - reach, (r.top + r.bottom) / 2], [r.right + reach, (r.top + r.bottom) / 2],
        [(r.left + r.right) / 2, r.top - reach], [(r.left + r.right) / 2, r.bottom + reach]];
    const found = [];
    for (const [x, y] of points) {
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
        const under = document.elementsFromPoint(x, y).find((node) => !el.contains(node)
            && (node.tagName === "IMG" || rgb(getComputedStyle(node).backgroundColor)[3] !== 0
                && getComputedStyle(node).backgroundColor !== "rgba(0, 0, 0, 0)"));
        if (under && under.tagName === "IMG") { found.push(0); continue; }  // a ring over a picture
        found.push(ratio(ring, under ? rgb(getComputedStyle(under).backgroundColor) : [255, 255, 255]));
    }
    return {element: el.outerHTML.slice(0, 80), lowest: Math.min(...found)};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_focus_ring_has_3_to_1_contrast_wherever_it_sits(live_server, page, viewport):
    measured = []
    for path in ("/", FILM):
        open_page(page, live_server, path, viewport)
        for _ in range(30):
            page.keyboard.press("Tab")
            result = page.evaluate(RING_CONTRAST)
            assert "missing" not in result, f"no focus ring on {result}"
            measured.append(result)
    header = [m for m in measured if "site-title" in m["element"] or "site-search-q" in m["element"]]
    assert header, "the header's links were not reached"
    low = [m for m in measured if m["lowest"] < 3]
    assert not low, low
