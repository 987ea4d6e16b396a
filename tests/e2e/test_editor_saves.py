"""What the editor saves, against a real server (core/editing.py).

Opening and leaving a page saves nothing: Wagtail's autosave posts the form whenever the browser
thinks it changed; every demo page's editor is opened in Chromium, left open past the autosave
interval, autosaved once more by hand with the form exactly as the browser holds it, and left.

A manual save during the first autosave of a new page makes one page: two threads post the
create form to the live server at the same moment, as the autosave and *Save draft* (or
*Submit*) do, on whichever database the tests run on.
"""

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from django.urls import reverse

from wagtail.models import Page

from film.models import FilmIndexPage, FilmPage
from tests.admin_helpers import PASSWORD, an_editor, film_form

from .editor import log_in

pytestmark = pytest.mark.browser

# Past Wagtail's snapshot of the form (2 s after load), its change check and the autosave interval.
PAST_AUTOSAVE = 4_000  # ms
TITLE, SLUG = "The Night Crossing", "the-night-crossing"
SYNOPSIS = "A ferry, a storm and the families who wait for it."
CSRF_FIELD, CSRF_TOKEN = "csrfmiddlewaretoken", "a" * 32
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


def post_form(base: str, path: str, cookies: str, data: dict, accept: str) -> tuple[int, str, str]:
    """POST the form as the browser would; (status, Location, body), redirects not followed."""

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(
        base + path,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Cookie": cookies, "Accept": accept, "X-CSRFToken": CSRF_TOKEN, "Referer": base + path},
    )
    try:
        with urllib.request.build_opener(NoRedirects).open(request, timeout=60) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), error.read().decode()


@pytest.fixture
def signed_in_editor(demo_site, client):
    """An editor's session cookie for the live server, and the film index to add films to."""
    client.force_login(an_editor("edith"))
    cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF_TOKEN}"
    return cookies, FilmIndexPage.objects.get().pk


@pytest.mark.parametrize("action", [None, "submit"], ids=["save-draft", "submit"])
def test_a_manual_save_during_the_first_autosave_makes_one_page_with_the_editors_content(
    live_server, signed_in_editor, action
):
    cookies, index = signed_in_editor
    add_path = reverse("wagtailadmin_pages:add", args=("film", "filmpage", index))
    form = film_form(action=None, title=TITLE, slug=SLUG, synopsis=SYNOPSIS, creation_key=str(uuid.uuid4()))
    form[CSRF_FIELD] = CSRF_TOKEN
    manual = {**form, f"action-{action}": f"action-{action}"} if action else form
    both_at_once = threading.Barrier(2)
    answers = {}

    def send(name, data, accept):
        both_at_once.wait()
        answers[name] = post_form(live_server.url, add_path, cookies, data, accept)

    threads = [
        threading.Thread(target=send, args=("autosave", form, "application/json")),
        threading.Thread(target=send, args=("manual", manual, "text/html")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    films = FilmPage.objects.filter(slug=SLUG)
    assert films.count() == 1
    film = films.get()
    assert film.get_latest_revision_as_object().synopsis == SYNOPSIS
    status, body = answers["autosave"][0], answers["autosave"][2]
    assert status == 200 and json.loads(body)["success"], body
    status, location, body = answers["manual"]
    assert status == 302, body[:2000]
    if action == "submit":
        assert film.current_workflow_state is not None  # submitted to Film review
        assert location == reverse("wagtailadmin_explore", args=(index,))
    else:
        assert location == reverse("wagtailadmin_pages:edit", args=(film.pk,))
