"""Autosave writes a revision only when the editor changed something (core/editing.py)."""

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import rich_text, streamfield

from film.models import FilmPage

from .admin_helpers import film_form, quote

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}
QUOTE_ID = "5e0c3f4e-2d7b-4a43-9d0e-6f1f3b1c2a01"
UPDATE_ID = "5e0c3f4e-2d7b-4a43-9d0e-6f1f3b1c2a02"


def the_film_as_posted(**changes):
    """The editor's form for the film below, as the browser posts it (no action: a save).

    As in the browser, blocks keep their ids and paragraphs their keys from one save to the next.
    """
    update = {
        "date": "2012-10-01",
        "headline": "An Emmy",
        "body": rich_text('<p data-block-key="k1">It won.</p>'),
    }
    body = streamfield([("quote", quote(date="")), ("update", update)])
    body["0"]["id"], body["1"]["id"] = QUOTE_ID, UPDATE_ID
    fields = {
        "title": "Last Train Home",
        "slug": "last-train-home",
        "synopsis": "Migrant workers go home for the New Year.",
        "topics": "China, Labor, Migration",
        # A quote without a review date and an update with one: the values Wagtail's own
        # change test misreads (an empty optional date, a date read back from a revision).
        "body": body,
        **changes,
    }
    return film_form(action=None, **fields)


@pytest.fixture
def film(admin_client_logged_in, make_film):
    film = make_film("Last Train Home", slug="last-train-home")
    response = admin_client_logged_in.post(
        reverse("wagtailadmin_pages:edit", args=(film.pk,)), the_film_as_posted(), **AUTOSAVE
    )
    assert response.json()["success"], response.content
    film.refresh_from_db()
    film.latest_revision.publish()  # live, with no draft: as the demo films are
    return FilmPage.objects.get(pk=film.pk)


def autosave(client, film, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=(film.pk,)), data, **AUTOSAVE)


def test_an_autosave_that_changes_nothing_saves_no_revision(admin_client_logged_in, film):
    revisions = film.revisions.count()

    response = autosave(admin_client_logged_in, film, the_film_as_posted())

    assert response.status_code == 200
    assert response.json() == {"success": True, "pk": film.pk}
    assert film.revisions.count() == revisions
    film.refresh_from_db()
    assert film.live and not film.has_unpublished_changes


def test_an_autosave_with_a_change_saves_a_draft(admin_client_logged_in, film):
    revisions = film.revisions.count()

    response = autosave(admin_client_logged_in, film, the_film_as_posted(synopsis="A new synopsis."))

    assert response.json()["revision_id"]
    assert film.revisions.count() == revisions + 1
    film.refresh_from_db()
    assert film.has_unpublished_changes
    assert film.get_latest_revision_as_object().synopsis == "A new synopsis."


def test_topics_are_stored_in_the_order_the_tag_widget_shows_them(admin_client_logged_in, make_film):
    film = make_film("Last Train Home")
    film.topics.set(["Migration", "China", "Labor"])
    film.save_revision()

    stored = [item["tag"] for item in film.latest_revision.content["tagged_items"]]
    names = dict(film.topics.values_list("id", "name"))
    assert [names[pk] for pk in stored] == ["China", "Labor", "Migration"]
    page = admin_client_logged_in.get(reverse("wagtailadmin_pages:edit", args=(film.pk,)))
    assert 'name="topics" value="China, Labor, Migration"' in page.content.decode()


# The add form as the browser posts it before anything is typed (comment notifications start on).
BLANK_FILM = {
    "title": "",
    "slug": "",
    "synopsis": "",
    "year": "",
    "runtime": "",
    "comment_notifications": "on",
}


def autosave_new(client, film_index, **fields):
    add_url = reverse("wagtailadmin_pages:add", args=("film", "filmpage", film_index.pk))
    return client.post(add_url, film_form(action=None, **fields), **AUTOSAVE)


def test_an_autosave_of_an_untouched_new_film_is_neither_saved_nor_refused(
    admin_client_logged_in, film_index
):
    # What the browser sends when it takes the form for changed before the editor typed a key.
    untouched = autosave_new(admin_client_logged_in, film_index, **BLANK_FILM)

    assert untouched.status_code == 200 and untouched.json() == {"success": True}
    assert not FilmPage.objects.exists()
    # Something typed that cannot be saved yet is still refused, so the header says autosave is paused.
    refused = autosave_new(admin_client_logged_in, film_index, **{**BLANK_FILM, "runtime": "0"})
    assert refused.status_code == 400 and refused.json()["error_code"] == "validation_error"
    # A title (the browser fills the slug from it) and a year are enough for the first autosave's draft.
    typed = {"title": "Night Ferry", "slug": "night-ferry", "year": "2026"}
    saved = autosave_new(admin_client_logged_in, film_index, **{**BLANK_FILM, **typed})
    assert saved.json()["success"] and saved.json()["pk"] == FilmPage.objects.get(title="Night Ferry").pk


# *Save draft* as static/js/editor-save.js sends it: the autosave's request, marked.
IN_PLACE = {"strand_save_in_place": "draft"}


def test_save_draft_in_place_keeps_a_revision_of_its_own_and_says_so(admin_client_logged_in, film):
    revisions = film.revisions.count()

    # Pressed without a change, it saves all the same, as Wagtail's Save draft does.
    response = autosave(admin_client_logged_in, film, {**the_film_as_posted(), **IN_PLACE})

    answer = response.json()
    assert answer["success"] and answer["message"] == "Page 'Last Train Home' has been updated."
    assert film.revisions.count() == revisions + 1
    assert film.revisions.order_by("-created_at", "-pk").first().pk == answer["revision_id"]
    assert "html" in answer  # the header's new status, drawn in place


def test_save_draft_in_place_refuses_what_publish_refuses_but_autosave_keeps(admin_client_logged_in, film):
    no_critic = the_film_as_posted(body=streamfield([("quote", quote(critic=""))]))
    revisions = film.revisions.count()

    refused = autosave(admin_client_logged_in, film, {**no_critic, **IN_PLACE})

    assert refused.status_code == 400 and refused.json()["error_code"] == "validation_error"
    assert film.revisions.count() == revisions
    # The same form autosaved is kept while the editor types (required fields are deferred).
    kept = autosave(admin_client_logged_in, film, no_critic)
    assert kept.json()["success"]
    assert film.revisions.count() == revisions + 1


# *Publish* as static/js/editor-save.js sends it: the autosave's request, with the button's name.
PUBLISH_IN_PLACE = {"strand_save_in_place": "publish", "action-publish": "action-publish"}


def test_publish_in_place_publishes_a_live_page_and_says_so_once(admin_client_logged_in, film):
    changed = the_film_as_posted(synopsis="Published without leaving the editor.")

    answer = autosave(admin_client_logged_in, film, {**changed, **PUBLISH_IN_PLACE}).json()

    assert answer["success"] and answer["message"] == "Page 'Last Train Home' has been published."
    film.refresh_from_db()
    assert film.live_revision_id == answer["revision_id"] and not film.has_unpublished_changes
    assert film.synopsis == "Published without leaving the editor."
    assert "html" in answer  # the header's new status, drawn in place
    # Wagtail's message went into the answer, not to the next page the editor opens.
    assert (
        "has been published" not in admin_client_logged_in.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_publish_in_place_leaves_a_first_publication_and_refused_forms_to_the_editor(
    admin_client_logged_in, make_film, film
):
    draft = make_film("Never Published", slug="never-published", publish=False)
    revisions = draft.revisions.count()
    first = autosave(
        admin_client_logged_in, draft, {**the_film_as_posted(slug="never-published"), **PUBLISH_IN_PLACE}
    )
    assert first.status_code == 400 and first.json()["error_code"] == "not_in_place"
    draft.refresh_from_db()
    assert not draft.live and draft.revisions.count() == revisions

    live_revision = film.live_revision_id
    no_critic = the_film_as_posted(body=streamfield([("quote", quote(critic=""))]))
    refused = autosave(admin_client_logged_in, film, {**no_critic, **PUBLISH_IN_PLACE})
    assert refused.status_code == 400 and refused.json()["error_code"] == "validation_error"
    film.refresh_from_db()
    assert film.live_revision_id == live_revision
