"""A new page's saves that meet make one page; SQLite lets concurrent writers wait (core/editing.py).

The saves at the same moment are driven against the live server in tests/e2e/test_editor_saves.py;
here the same key's saves come one after the other, which is what the second of them sees.
"""

import uuid

import pytest

from django.conf import settings
from django.db import connection
from django.urls import reverse

from film.models import FilmPage

from .admin_helpers import film_form

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
