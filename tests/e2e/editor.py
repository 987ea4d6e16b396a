"""What the editor's browser tests share: signing in, adding a block."""

from playwright.sync_api import expect

from django.urls import reverse

from tests.admin_helpers import PASSWORD


def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + reverse("wagtailadmin_login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + reverse("wagtailadmin_home"))


def add_block(page, name: str) -> None:
    """Open the body's last "+" and pick a block by its label."""
    page.locator("[data-contentpath=body] button.c-sf-add-button").last.click()
    page.get_by_role("option", name=name, exact=True).click()
