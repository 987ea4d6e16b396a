"""The header search box in a real browser: a WAI-ARIA combobox of suggested films.

Template contract: the header form has `data-autocomplete-url`; static/js/search.js adds
role=combobox, aria-expanded, aria-controls and aria-activedescendant to its input, a
role=listbox of role=option suggestions, and a role=status region that announces them.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_suggestions_are_a_keyboard_combobox_announced_to_screen_readers(live_server, demo_site, page):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/films/")
    box = page.locator("header input[name=q]")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")

    box.focus()
    page.keyboard.type("last tra")
    listbox = page.get_by_role("listbox", name="Suggested films")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    option = listbox.get_by_role("option", name=re.compile(r"^Last Train Home \(2009\)"))
    expect(option).to_be_visible()
    # Films whose title matches come first; others match words of their pages ("last", "tra…").
    expect(page.locator("header [role=status]")).to_contain_text(re.compile(r"^\d+ suggested films?\."))
    expect(listbox.get_by_role("option").first).to_have_accessible_name(re.compile(r"^Last Train Home"))

    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    expect(box).to_be_focused()  # focus stays in the box; the option is only "active"

    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".+"))

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    # A first render of the film page makes its image renditions: allow for a slow machine.
    expect(page).to_have_url(re.compile(r"/films/last-train-home/$"), timeout=60_000)
    page.wait_for_load_state("load", timeout=60_000)
    assert not errors, errors


def test_enter_without_a_chosen_suggestion_searches(live_server, demo_site, page):
    page.goto(live_server.url + "/")
    box = page.locator("header input[name=q]")
    box.fill("Guangzhou")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Guangzhou$"), timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for “Guangzhou”")
    expect(page.locator(".search-result__title a")).to_have_text(["Last Train Home"])
    expect(page.locator(".search-result mark").first).to_have_text("Guangzhou")


def test_the_search_form_works_without_javascript(live_server, demo_site, page):
    page.context.route("**/*.js", lambda route: route.abort("blockedbyclient"))
    page.goto(live_server.url + "/")
    box = page.locator("header input[name=q]")
    expect(box).not_to_have_attribute("role", "combobox")
    box.fill("Roger Ebert")
    page.locator("header button[type=submit]").click()
    expect(page.locator(".search-result__title a")).to_have_text(["Last Train Home"])
