"""Who may do what in the admin: Editors write films, Moderators publish them, strangers see nothing."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from film.models import FilmPage, Partner
from film.roles import EDITORS, MODERATORS, TASK, WORKFLOW

from .admin_helpers import a_moderator, an_editor, film_form
from .html import soup, text_of


@pytest.fixture
def add_url(film_index):
    return reverse("wagtailadmin_pages:add", args=("film", "filmpage", film_index.pk))


def action_buttons(response) -> set[str]:
    """The names of the editor's save/publish/submit buttons on a page form."""
    page = soup(response)
    return {button["name"] for button in page.select("form#page-edit-form button[name^=action-]")}


def test_the_film_index_sends_films_to_moderators_for_review(film_index):
    workflow = film_index.get_workflow()
    assert workflow.name == WORKFLOW
    (task,) = workflow.tasks.specific()
    assert task.name == TASK
    assert [group.name for group in task.groups.all()] == [MODERATORS]
    assert {group.name for group in Group.objects.all()} >= {EDITORS, MODERATORS}


def test_an_editor_can_create_a_film_but_publish_only_saves_a_draft(client, add_url):
    client.force_login(an_editor())

    response = client.post(add_url, film_form(action="publish"))

    assert response.status_code == 302
    film = FilmPage.objects.get(slug="the-admin-film")
    assert not film.live
    assert client.get("/films/the-admin-film/").status_code == 404


def test_an_editor_is_offered_submit_for_review_and_never_publish(client, make_film):
    client.force_login(an_editor())
    film = make_film("Draft film", publish=False)

    response = client.get(reverse("wagtailadmin_pages:edit", args=(film.pk,)))

    assert response.status_code == 200
    assert "action-publish" not in action_buttons(response)
    assert "action-submit" in action_buttons(response)
    assert f"Submit to {WORKFLOW}" in text_of(soup(response))


def test_a_moderator_can_publish_directly(client, add_url):
    client.force_login(a_moderator())

    response = client.post(add_url, film_form(action="publish"))

    assert response.status_code == 302
    assert FilmPage.objects.get(slug="the-admin-film").live
    assert client.get("/films/the-admin-film/").status_code == 200


def test_editors_work_on_films_only(client, home_page, film_index):
    client.force_login(an_editor())

    for url in (
        reverse("wagtailadmin_pages:edit", args=(home_page.pk,)),
        reverse("wagtailadmin_pages:add", args=("film", "filmindexpage", home_page.pk)),
    ):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)], url
        assert "Sorry, you do not have permission" in text_of(soup(response)), url


def test_editors_add_and_edit_partners_and_only_moderators_delete_them(client, make_partner):
    itvs = make_partner("ITVS")
    delete_url = reverse("wagtailsnippets_film_partner:delete", args=(itvs.pk,))
    client.force_login(an_editor())

    response = client.post(
        reverse("wagtailsnippets_film_partner:add"),
        {"name": "CAAM", "logo": "", "url": "https://caamedia.org", "description": ""},
    )
    assert response.status_code == 302
    assert Partner.objects.filter(name="CAAM").exists()
    assert client.get(reverse("wagtailsnippets_film_partner:edit", args=(itvs.pk,))).status_code == 200
    assert client.post(delete_url)["Location"] == reverse("wagtailadmin_home")  # "Sorry, you do not…"
    assert Partner.objects.filter(pk=itvs.pk).exists()

    client.force_login(a_moderator())
    assert client.post(delete_url).status_code == 302
    assert not Partner.objects.filter(pk=itvs.pk).exists()


@pytest.mark.parametrize("kind", ["image", "document"])
def test_editors_manage_their_own_files_and_moderators_everyones(kind, make_image, make_document):
    editor, other_editor, moderator = an_editor(), an_editor("edna"), a_moderator()
    if kind == "image":
        policy, theirs = policy_registry.get_by_type(get_image_model()), make_image("Someone's still")
    else:
        policy, theirs = policy_registry.get_by_type(get_document_model()), make_document("Press kit")
    theirs.uploaded_by_user = other_editor
    theirs.save()

    assert policy.user_has_permission(editor, "add")
    assert policy.user_has_permission(editor, "choose")
    assert policy.user_has_permission_for_instance(other_editor, "change", theirs)
    assert policy.user_has_permission_for_instance(other_editor, "delete", theirs)
    assert not policy.user_has_permission_for_instance(editor, "change", theirs)
    assert not policy.user_has_permission_for_instance(editor, "delete", theirs)
    assert policy.user_has_permission_for_instance(moderator, "change", theirs)
    assert policy.user_has_permission_for_instance(moderator, "delete", theirs)


def test_an_editor_cannot_open_someone_elses_document(client, make_document):
    document = make_document("Press kit")
    document.uploaded_by_user = a_moderator()
    document.save()
    client.force_login(an_editor())

    response = client.get(reverse("wagtaildocs:edit", args=(document.pk,)))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert get_document_model().objects.get(pk=document.pk).title == "Press kit"


def admin_urls(film, partner, image, document):
    """A sample of every kind of admin view this site has, each needing a login."""
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=(film.get_parent().pk,)),
        reverse("wagtailadmin_pages:add", args=("film", "filmpage", film.get_parent().pk)),
        reverse("wagtailadmin_pages:edit", args=(film.pk,)),
        reverse("wagtailadmin_pages:preview_on_edit", args=(film.pk,)),
        reverse("wagtailadmin_pages:history", args=(film.pk,)),
        reverse("wagtailadmin_pages:revisions_revert", args=(film.pk, film.latest_revision_id)),
        reverse("wagtailadmin_pages:revisions_compare", args=(film.pk, "earliest", "latest")),
        reverse("wagtailadmin_block_preview") + "?id=blockdef-1",
        "/admin/film/filmpage/",
        "/admin/film/filmpage/?export=csv",
        "/admin/film/filmpage/?export=xlsx",
        reverse("wagtailsnippets_film_partner:list"),
        reverse("wagtailsnippets_film_partner:edit", args=(partner.pk,)),
        reverse("wagtailsnippets_film_partner:usage", args=(partner.pk,)),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=(image.pk,)),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:edit", args=(document.pk,)),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailusers_groups:index"),
    ]


@pytest.fixture
def every_admin_url(make_film, make_partner, make_image, make_document):
    partner = make_partner("ITVS")
    return admin_urls(make_film(partners=[(partner, "presented_by")]), partner, make_image(), make_document())


def assert_sent_to_login(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url


def test_an_anonymous_visitor_reaches_no_admin_view(client, every_admin_url):
    assert_sent_to_login(client, every_admin_url)


def test_a_signed_in_user_outside_the_groups_reaches_no_admin_view(
    client, django_user_model, every_admin_url
):
    client.force_login(django_user_model.objects.create_user("visitor", password="x" * 20))
    assert_sent_to_login(client, every_admin_url)


def test_editors_cannot_edit_the_film_index_but_moderators_can(client, film_index):
    edit_url = reverse("wagtailadmin_pages:edit", args=(film_index.pk,))
    client.force_login(an_editor())

    response = client.get(edit_url, follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "Sorry, you do not have permission" in text_of(soup(response))
    client.post(edit_url, {"title": "Editor's index", "slug": "mine", "action-submit": "action-submit"})
    film_index.refresh_from_db()
    assert (film_index.title, film_index.slug, film_index.get_latest_revision()) == ("Films", "films", None)
    assert not film_index.permissions_for_user(an_editor("edna")).can_edit()

    client.force_login(a_moderator())
    assert client.get(edit_url).status_code == 200


def test_editors_add_films_to_the_index_and_edit_anyones_films(client, film_index, make_film, add_url):
    theirs = make_film("Someone Else's Film", slug="someone-elses-film")
    editor = an_editor()
    client.force_login(editor)

    assert film_index.permissions_for_user(editor).can_add_subpage()
    assert client.get(add_url).status_code == 200
    edit_url = reverse("wagtailadmin_pages:edit", args=(theirs.pk,))
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, film_form(action=None, title="Retitled", slug="someone-elses-film"))
    assert response.status_code == 302
    assert FilmPage.objects.get(pk=theirs.pk).get_latest_revision().content["title"] == "Retitled"
