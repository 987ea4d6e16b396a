"""Mistakes in the film editor come back as sentences on the field at fault, and nothing is saved."""

import re

import pytest

from django.urls import reverse

from wagtail.models import Revision
from wagtail.test.utils.form_data import streamfield

from film.admin.panels import DUPLICATE_PARTNER, ROLE_MISSING
from film.models import FilmPage, FilmPartner

from .admin_helpers import CRITIC_MISSING, an_editor, film_form, partners, quote
from .html import soup, text_of


@pytest.fixture
def editor_client(client, film_index):
    client.force_login(an_editor())
    return client


@pytest.fixture
def add_url(film_index):
    return reverse("wagtailadmin_pages:add", args=("film", "filmpage", film_index.pk))


def field_errors(response, contentpath: str) -> list[str]:
    """The error messages shown on the field(s) with this content path, as the editor reads them."""
    return [
        text_of(error)
        for field in soup(response).select(f'[data-contentpath="{contentpath}"]')
        for error in field.select(".error-message")
    ]


def assert_nothing_saved():
    assert FilmPage.objects.count() == 0
    assert FilmPartner.objects.count() == 0
    assert Revision.objects.count() == 0


@pytest.mark.parametrize("action", ["submit", None], ids=["submitted", "saved as a draft"])
def test_a_partner_without_a_role_is_explained_on_its_role_field(
    editor_client, add_url, make_partner, action
):
    itvs = make_partner("ITVS")
    response = editor_client.post(add_url, film_form(action=action, film_partners=partners((itvs, ""))))

    assert response.status_code == 200
    assert ROLE_MISSING in field_errors(response, "role")
    assert_nothing_saved()


def test_the_same_partner_twice_is_explained_on_the_second_row(editor_client, add_url, make_partner):
    itvs, caam = make_partner("ITVS"), make_partner("CAAM")
    response = editor_client.post(
        add_url,
        film_form(
            action="submit",
            film_partners=partners((itvs, "presented_by"), (caam, "co_presentation"), (itvs, "funded_by")),
        ),
    )

    assert response.status_code == 200
    duplicate = DUPLICATE_PARTNER.format(partner="ITVS")
    rows = soup(response).find_all(id=re.compile(r"^inline_child_film_partners-\d+$"))
    errors_by_row = [
        [text_of(error) for error in row.select('[data-contentpath="partner"] .error-message')]
        for row in rows
    ]
    assert errors_by_row == [[], [], [duplicate]]
    assert "Please correct the duplicate" not in response.content.decode()
    assert_nothing_saved()


def test_a_deleted_duplicate_row_is_no_duplicate(editor_client, add_url, make_partner):
    itvs = make_partner("ITVS")
    data = film_form(action=None, film_partners=partners((itvs, "presented_by"), (itvs, "funded_by")))
    data["film_partners-1-DELETE"] = "1"

    response = editor_client.post(add_url, data)

    assert response.status_code == 302
    film = FilmPage.objects.get()
    assert [(link.partner.name, link.role) for link in film.film_partners.all()] == [("ITVS", "presented_by")]


def test_a_duplicate_partner_leaves_a_live_film_and_its_history_untouched(
    editor_client, make_film, make_partner
):
    itvs = make_partner("ITVS")
    film = make_film("Last Train Home", slug="last-train-home", partners=[(itvs, "presented_by")])
    revisions = Revision.objects.count()

    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=(film.pk,)),
        film_form(
            action="submit",
            title="Last Train Home (changed)",
            slug="last-train-home",
            film_partners=partners((itvs, "presented_by"), (itvs, "funded_by")),
        ),
    )

    assert response.status_code == 200
    assert DUPLICATE_PARTNER.format(partner="ITVS") in field_errors(response, "partner")
    film.refresh_from_db()
    assert film.title == "Last Train Home"
    assert [(link.partner.name, link.role) for link in film.film_partners.all()] == [("ITVS", "presented_by")]
    assert Revision.objects.count() == revisions
    assert not film.workflow_in_progress


@pytest.mark.parametrize("action", ["submit", None], ids=["submit", "save-draft"])
@pytest.mark.parametrize("field", ["body", "pull_quote"])
def test_a_quote_without_a_critic_is_explained(editor_client, add_url, field, action):
    """Save draft refuses what Submit and Publish refuse (core/editing.py ChecksEverySave)."""
    response = editor_client.post(
        add_url, film_form(action=action, **{field: streamfield([("quote", quote(critic=""))])})
    )

    assert response.status_code == 200
    assert CRITIC_MISSING in response.content.decode()
    assert "could not be created" in text_of(soup(response))
    assert_nothing_saved()


def test_an_autosave_keeps_an_unfinished_quote_without_showing_an_error(editor_client, add_url):
    response = editor_client.post(
        add_url,
        film_form(action=None, body=streamfield([("quote", quote(critic=""))])),
        HTTP_ACCEPT="application/json",
    )

    assert response.json()["success"]
    assert FilmPage.objects.get().get_latest_revision_as_object().body[0].value["critic"] == ""


def test_a_streaming_window_ending_before_it_starts_is_explained_on_its_end_date(editor_client, add_url):
    response = editor_client.post(
        add_url, film_form(action="submit", streaming_start="2013-09-03", streaming_end="2013-08-05")
    )

    assert field_errors(response, "streaming_end") == [
        "The streaming window must end on or after its start date."
    ]
    assert_nothing_saved()
