"""What the editor saves, in a real browser: opening and leaving a page saves nothing.

Wagtail's autosave posts the form whenever the browser thinks it changed (core/editing.py);
here every demo page's editor is opened, left open past the autosave interval, autosaved once
more by hand with the form exactly as the browser holds it, and left: no page has a new revision.
"""

import pytest

from django.urls import reverse

from wagtail.models import Page

from tests.admin_helpers import PASSWORD

from .editor import log_in

pytestmark = pytest.mark.browser

# Past Wagtail's snapshot of the form (2 s after load), its change check and the autosave interval.
PAST_AUTOSAVE = 4_000  # ms
AUTOSAVE_THE_FORM = """async () => {
  const form = document.getElementById('page-edit-form');
  const response = await fetch(form.action, {
    method: 'POST',
    body: new FormData(form),
    headers: {Accept: 'application/json', 'X-CSRFToken': form.elements.csrfmiddlewaretoken.value},
  });
  return await response.json();
}"""


def revisions_per_page() -> dict[str, int]:
    return {page.title: page.revisions.count() for page in Page.objects.filter(depth__gt=1).specific()}


@pytest.fixture
def demo_pages(demo_site, django_user_model):
    """Every demo page (films, the home page, the film index) and its revisions, before the browser starts."""
    django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    return {page.pk: page.title for page in Page.objects.filter(depth__gt=1)}, revisions_per_page()


def test_opening_and_leaving_each_demo_page_saves_no_revision(live_server, demo_pages, page):
    pages, revisions_before = demo_pages
    assert {"Home", "Films", "Last Train Home"} <= set(pages.values())
    base = live_server.url
    autosaves = []
    page.on(
        "response",
        lambda response: (
            response.request.method == "POST"
            and "/edit/" in response.url
            and "/preview/" not in response.url
            and autosaves.append(response.json())
        ),
    )
    log_in(page, base, "admin")

    for pk in pages:
        page.goto(base + reverse("wagtailadmin_pages:edit", args=(pk,)))
        page.wait_for_timeout(PAST_AUTOSAVE)
        assert page.evaluate(AUTOSAVE_THE_FORM) == {"success": True, "pk": pk}
        page.goto(base + reverse("wagtailadmin_home"))

    assert revisions_per_page() == revisions_before
    # Every autosave the browser sent (its own, and the one above) was answered without a revision.
    assert len(autosaves) >= len(pages)
    assert all(answer == {"success": True, "pk": answer["pk"]} for answer in autosaves), autosaves
