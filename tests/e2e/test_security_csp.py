"""The Content-Security-Policy in a real browser: public pages work under the strict policy
(no inline script) with no violation, the video player may still be framed after play,
and the Wagtail admin works under its own policy (login, page editor, preview)."""

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from film.models import FilmPage

from .network import is_player

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
# Every violation the page reports, collected from the moment the document starts.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


@pytest.fixture
def edit_path(demo_site) -> str:
    """An editor's account, and the admin address of the demo film's editor (the ORM is only
    usable before the browser starts)."""
    get_user_model().objects.create_superuser("csp-editor", "csp@example.com", PASSWORD)
    film = FilmPage.objects.get(slug="last-train-home")
    return reverse("wagtailadmin_pages:edit", args=(film.pk,))


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH_VIOLATIONS)
    return page


def test_public_pages_run_under_the_strict_policy_without_violations(live_server, watched):
    page = watched
    for path in ("/", "/films/", "/films/last-train-home/", "/search/?q=train"):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path

    # The facade's script ran (it is our own file) and may frame the player after play.
    page.goto(live_server.url + "/films/last-train-home/")
    page.locator("[data-video-play]").first.click()
    frame = page.locator("iframe.video__frame").first
    frame.wait_for(state="attached")
    assert is_player(frame.get_attribute("src"))
    assert violations(page) == []


def test_the_admin_works_under_its_policy(live_server, edit_path, watched):
    page = watched
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    assert violations(page) == []

    page.goto(live_server.url + edit_path)
    page.wait_for_load_state("networkidle")
    assert page.locator("form[data-edit-form], #page-edit-form").count() == 1
    # Panels are built by script: they only appear if the admin's scripts were allowed to run.
    assert page.locator("[data-streamfield-stream-container], .w-panel").first.is_visible()
    assert violations(page) == []

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[id*=preview]")
    # The first preview renders every image size of the page: slow on a busy machine.
    preview.locator("h1").first.wait_for(timeout=60_000)
    assert violations(page) == []
