"""A new page's saves that meet make one page; SQLite lets concurrent writers wait (core/editing.py).

The saves at the same moment are driven against the live server in tests/e2e/test_editor_saves.py;
here the same key's saves come one after the other, which is what the second of them sees.
"""

import uuid

import pytest

from django.conf import settings
from django.db import connection
from django.urls import reverse

from film.models import FilmPage, Partner

from .admin_helpers import film_form, partners

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def add_url(film_index):
    return reverse("wagtailadmin_pages:add", args=("film", "filmpage", film_index.pk))


def test_the_create_form_carries_a_key_for_its_first_save(admin_client_logged_in, add_url):
    first = admin_client_logged_in.get(add_url).content.decode()
    second = admin_client_logged_in.get(add_url).content.decode()
    assert 'name="creation_key"' in first
    assert (
        first.split('name="creation_key" value="')[1][:36]
        != second.split('name="creation_key" value="')[1][:36]
    )


def test_a_save_draft_after_the_first_autosave_edits_the_page_it_made(admin_client_logged_in, add_url):
    key = str(uuid.uuid4())
    autosave = admin_client_logged_in.post(add_url, film_form(action=None, creation_key=key), **AUTOSAVE)
    assert autosave.json()["success"]

    save = admin_client_logged_in.post(
        add_url, film_form(action=None, creation_key=key, synopsis="Now longer.")
    )

    film = FilmPage.objects.get(slug="the-admin-film")
    assert save.status_code == 302 and save["Location"] == reverse("wagtailadmin_pages:edit", args=(film.pk,))
    assert film.get_latest_revision_as_object().synopsis == "Now longer."
    # A form without a key (or a new key) still creates a page: here it meets the slug rule.
    again = admin_client_logged_in.post(add_url, film_form(action=None, creation_key=str(uuid.uuid4())))
    assert again.status_code == 200 and "could not be created" in again.content.decode()
    assert FilmPage.objects.filter(slug="the-admin-film").count() == 1


def test_a_save_draft_after_the_first_autosave_keeps_the_rows_it_made_once(admin_client_logged_in, add_url):
    """The create form's rows have no IDs; they are the rows the autosave made, not new ones."""
    itvs, pov = Partner.objects.create(name="ITVS"), Partner.objects.create(name="POV")
    key = str(uuid.uuid4())
    admin_client_logged_in.post(
        add_url,
        film_form(action=None, creation_key=key, film_partners=partners((itvs, "presented_by"))),
        **AUTOSAVE,
    )

    rows = partners((itvs, "presented_by"), (pov, "funded_by"))
    save = admin_client_logged_in.post(add_url, film_form(action=None, creation_key=key, film_partners=rows))

    film = FilmPage.objects.get(slug="the-admin-film")
    assert save.status_code == 302 and save["Location"] == reverse("wagtailadmin_pages:edit", args=(film.pk,))
    draft = film.get_latest_revision_as_object()
    assert [(row.partner.name, row.role) for row in draft.film_partners.all()] == [
        ("ITVS", "presented_by"),
        ("POV", "funded_by"),
    ]
    assert film.film_partners.count() == 2


def test_an_autosave_arriving_after_the_save_draft_that_made_the_page_writes_nothing(
    admin_client_logged_in, add_url
):
    key = str(uuid.uuid4())
    admin_client_logged_in.post(add_url, film_form(action=None, creation_key=key, synopsis="Now longer."))
    film = FilmPage.objects.get(slug="the-admin-film")
    revisions = film.revisions.count()

    # Sent before the save draft, with the form as it was then.
    late = admin_client_logged_in.post(add_url, film_form(action=None, creation_key=key), **AUTOSAVE)

    edit_url = reverse("wagtailadmin_pages:edit", args=(film.pk,))
    assert late.status_code == 200
    assert late.json() == {
        "success": True,
        "pk": film.pk,
        "field_updates": {},
        "url": edit_url,
        "hydrate_url": f"{edit_url}?_w_hydrate_create_view=1",
    }
    assert film.revisions.count() == revisions
    assert film.get_latest_revision_as_object().synopsis == "Now longer."


def test_an_autosave_sent_again_after_the_autosave_that_made_the_page_saves_its_content(
    admin_client_logged_in, add_url
):
    """The first answer lost on the way (Wagtail's autosave retries): the retry is newer, so it is saved."""
    key = str(uuid.uuid4())
    admin_client_logged_in.post(add_url, film_form(action=None, creation_key=key), **AUTOSAVE)

    retry = admin_client_logged_in.post(
        add_url, film_form(action=None, creation_key=key, synopsis="Now longer."), **AUTOSAVE
    )

    assert retry.json()["success"]
    film = FilmPage.objects.get(slug="the-admin-film")
    assert film.get_latest_revision_as_object().synopsis == "Now longer."


def test_a_form_with_errors_leaves_its_key_free_for_the_next_save(admin_client_logged_in, add_url):
    key = str(uuid.uuid4())
    refused = admin_client_logged_in.post(add_url, film_form(action=None, creation_key=key, title=""))
    assert refused.status_code == 200 and f'value="{key}"' in refused.content.decode()

    admin_client_logged_in.post(add_url, film_form(action=None, creation_key=key))

    assert FilmPage.objects.filter(slug="the-admin-film").count() == 1


def test_another_persons_key_is_refused(client, admin_client_logged_in, add_url, django_user_model):
    key = str(uuid.uuid4())
    admin_client_logged_in.post(add_url, film_form(action=None, creation_key=key), **AUTOSAVE)
    client.force_login(django_user_model.objects.create_superuser("other", "other@example.com", "x"))

    response = client.post(add_url, film_form(action=None, creation_key=key, synopsis="Not mine."))

    # Wagtail answers a refusal in the admin by sending the user to the dashboard, with a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert FilmPage.objects.get(slug="the-admin-film").get_latest_revision_as_object().synopsis != "Not mine."


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")
def test_sqlite_writers_wait_for_each_other(db):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
