"""An editor's film goes live only through a moderator: review, scheduling for the premiere, revisions."""

import datetime
from unittest import mock

import pytest

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Revision, TaskState, WorkflowState
from wagtail.test.utils.form_data import rich_text, streamfield

from film.models import FilmPage
from film.roles import TASK, WORKFLOW

from .admin_helpers import a_moderator, an_editor, film_form
from .html import soup, text_of

PUBLIC_URL = "/films/the-admin-film/"


@pytest.fixture
def editor(db):
    return an_editor()


@pytest.fixture
def moderator(db):
    return a_moderator()


@pytest.fixture
def add_url(film_index):
    return reverse("wagtailadmin_pages:add", args=("film", "filmpage", film_index.pk))


@pytest.fixture
def submitted_film(client, editor, add_url):
    """A film the editor has created and submitted to the film review workflow."""

    def submit(**fields) -> FilmPage:
        client.force_login(editor)
        response = client.post(add_url, film_form(action="submit", **fields))
        assert response.status_code == 302, text_of(soup(response).find(class_="messages") or soup(response))
        client.logout()
        return FilmPage.objects.get(slug="the-admin-film")

    return submit


def workflow_action(client, film: FilmPage, action: str, comment: str = ""):
    task_state = TaskState.objects.get(workflow_state__object_id=str(film.pk), status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=(film.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def test_a_submitted_film_waits_for_a_moderator(client, submitted_film, moderator):
    film = submitted_film()

    assert not film.live
    assert film.workflow_in_progress
    assert film.current_workflow_state.workflow.name == WORKFLOW
    assert film.current_workflow_task.name == TASK
    assert client.get(PUBLIC_URL).status_code == 404

    client.force_login(moderator)
    dashboard = text_of(soup(client.get(reverse("wagtailadmin_home"))))
    assert "Awaiting your review" in dashboard
    assert "The Admin Film" in dashboard


def test_a_moderators_approval_publishes_the_film(client, submitted_film, moderator):
    film = submitted_film()
    client.force_login(moderator)

    response = workflow_action(client, film, "approve", comment="Lovely.")

    assert response.status_code == 302
    film.refresh_from_db()
    assert film.live
    assert not film.workflow_in_progress
    assert WorkflowState.objects.get(object_id=str(film.pk)).status == WorkflowState.STATUS_APPROVED
    assert Revision.objects.get(pk=film.live_revision_id).content["title"] == "The Admin Film"
    client.logout()
    assert client.get(PUBLIC_URL).status_code == 200


def approve_in_the_editor(client, film: FilmPage, action: str = "approve", **headers):
    """The editor's review button, posted with the form as Wagtail's workflow-action.js does."""
    data = film_form(action=None, **{"action-workflow-action": "true", "workflow-action-name": action})
    return client.post(reverse("wagtailadmin_pages:edit", args=(film.pk,)), data, **headers)


def test_approving_in_the_editor_says_the_film_was_published(client, submitted_film, moderator):
    film = submitted_film()
    client.force_login(moderator)

    response = approve_in_the_editor(client, film, follow=True)

    assert "Approved and published 'The Admin Film'." in text_of(soup(response).find(class_="messages"))
    film.refresh_from_db()
    assert film.live and not film.workflow_in_progress


def test_requesting_changes_in_the_editor_says_where_the_film_went(client, submitted_film, moderator):
    film = submitted_film()
    client.force_login(moderator)

    response = approve_in_the_editor(client, film, "reject", follow=True)

    messages = text_of(soup(response).find(class_="messages"))
    assert "Changes requested on 'The Admin Film': it is back with its editor." in messages
    film.refresh_from_db()
    assert not film.live


def review_on_the_dashboard(client, action: str, label: str, **data):
    """A button of the dashboard's "Awaiting your review" panel, posted as workflow-action.js does:
    a plain form for Approve, the modal's form (by XMLHttpRequest) for one that asks for a comment.
    Answers the page the moderator lands on."""
    dashboard_url = reverse("wagtailadmin_home")
    panel = soup(client.get(dashboard_url)).find(id="awaiting-review-section")
    (button,) = [b for b in panel.select("button[data-workflow-action-url]") if text_of(b) == label]
    url = button["data-workflow-action-url"]
    assert f"/{action}/" in url
    if "data-launch-modal" not in button.attrs:
        return client.post(url, {"next": dashboard_url, **data}, follow=True)
    answer = client.post(url, {"next": dashboard_url, **data}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert answer.json()["step"] == "success"
    return client.get(answer.json()["redirect"])


def messages_on(response) -> str:
    return text_of(soup(response).find(class_="messages") or "")


def test_approving_on_the_dashboard_says_the_film_was_published(client, submitted_film, moderator):
    film = submitted_film()
    client.force_login(moderator)

    landed = review_on_the_dashboard(client, "approve", "Approve")

    assert landed.request["PATH_INFO"] == reverse("wagtailadmin_home")
    assert "Approved and published 'The Admin Film'." in messages_on(landed)
    film.refresh_from_db()
    assert film.live and not film.workflow_in_progress


def test_approving_with_a_comment_on_the_dashboard_says_the_film_was_published(
    client, submitted_film, moderator
):
    film = submitted_film()
    client.force_login(moderator)

    landed = review_on_the_dashboard(client, "approve", "Approve with comment", comment="Lovely.")

    assert "Approved and published 'The Admin Film'." in messages_on(landed)
    assert TaskState.objects.get(workflow_state__object_id=str(film.pk)).comment == "Lovely."


def test_requesting_changes_on_the_dashboard_says_where_the_film_went(client, submitted_film, moderator):
    film = submitted_film()
    client.force_login(moderator)

    landed = review_on_the_dashboard(client, "reject", "Request changes", comment="Add the premiere.")

    messages = messages_on(landed)
    assert "Changes requested on 'The Admin Film': it is back with its editor." in messages
    assert "Approved" not in messages
    film.refresh_from_db()
    assert not film.live and not film.workflow_in_progress


def test_an_autosave_carrying_the_review_button_does_not_act_on_the_review(client, submitted_film, moderator):
    film = submitted_film()
    client.force_login(moderator)

    # The review button's hidden inputs are in the form while its submit is under way.
    autosave = approve_in_the_editor(client, film, HTTP_ACCEPT="application/json")

    assert autosave.status_code == 200 and autosave.json()["success"]
    film.refresh_from_db()
    assert not film.live and film.workflow_in_progress
    # The submit itself then approves, once.
    approve_in_the_editor(client, film)
    film.refresh_from_db()
    assert film.live and not film.workflow_in_progress


def test_an_editor_cannot_approve_their_own_film(client, submitted_film, editor):
    film = submitted_film()
    client.force_login(editor)

    response = workflow_action(client, film, "approve")

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    messages = messages_on(client.get(response["Location"]))
    assert "permission" in messages
    assert "Approved" not in messages
    film.refresh_from_db()
    assert not film.live
    assert film.workflow_in_progress


def test_a_moderator_can_send_a_film_back_with_a_comment(client, submitted_film, editor, moderator):
    film = submitted_film()
    client.force_login(moderator)

    workflow_action(client, film, "reject", comment="Please add the premiere date.")

    film.refresh_from_db()
    assert not film.live
    assert WorkflowState.objects.get(object_id=str(film.pk)).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert TaskState.objects.get(workflow_state__object_id=str(film.pk)).comment == (
        "Please add the premiere date."
    )
    client.force_login(editor)
    history = text_of(soup(client.get(reverse("wagtailadmin_pages:history", args=(film.pk,)))))
    assert "Please add the premiere date." in history
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=(film.pk,)))
    resubmit = {button["name"] for button in soup(edit_page).select("button[name^=action-]")}
    assert "action-restart-workflow" in resubmit
    assert "action-publish" not in resubmit


class TestScheduledPublishing:
    """Go-live at the premiere: approved ahead of time, published by ``publish_scheduled`` on the night."""

    PREMIERE = timezone.localdate() + datetime.timedelta(days=10)

    @property
    def premiere_evening(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.PREMIERE, datetime.time(20, 0)))

    def test_an_approved_film_goes_live_at_its_premiere(self, client, submitted_film, moderator):
        film = submitted_film(
            premiere_date=self.PREMIERE.isoformat(),
            go_live_at=timezone.localtime(self.premiere_evening).strftime("%Y-%m-%d %H:%M"),
        )
        client.force_login(moderator)
        workflow_action(client, film, "approve")
        client.logout()

        film.refresh_from_db()
        assert not film.live
        assert film.status_string == "scheduled"
        scheduled = Revision.objects.get(approved_go_live_at__isnull=False)
        assert scheduled.approved_go_live_at == self.premiere_evening

        call_command("publish_scheduled")
        film.refresh_from_db()
        assert not film.live, "published before its premiere"

        with mock.patch(
            "django.utils.timezone.now", return_value=self.premiere_evening + datetime.timedelta(minutes=1)
        ):
            call_command("publish_scheduled")
        film.refresh_from_db()
        assert film.live
        assert client.get(PUBLIC_URL).status_code == 200


class TestRevisions:
    @pytest.fixture
    def film(self, client, moderator, add_url) -> FilmPage:
        """A film published twice: first with one synopsis and no body, then revised."""
        client.force_login(moderator)
        client.post(add_url, film_form(synopsis="The first synopsis."))
        film = FilmPage.objects.get(slug="the-admin-film")
        client.post(
            reverse("wagtailadmin_pages:edit", args=(film.pk,)),
            film_form(
                synopsis="The second synopsis.",
                body=streamfield([("rich_text", rich_text("<p>A paragraph added later.</p>"))]),
            ),
        )
        film.refresh_from_db()
        assert film.synopsis == "The second synopsis."
        return film

    def revisions(self, film):
        return list(Revision.objects.filter(object_id=str(film.pk)).order_by("created_at", "pk"))

    def test_two_revisions_can_be_compared(self, client, film):
        first, second = self.revisions(film)

        response = client.get(
            reverse("wagtailadmin_pages:revisions_compare", args=(film.pk, first.pk, second.pk))
        )

        assert response.status_code == 200
        page = soup(response)
        deleted = [text_of(node) for node in page.select(".deletion")]
        added = [text_of(node) for node in page.select(".addition")]
        assert any("first" in text for text in deleted), deleted
        assert any("second" in text for text in added), added
        assert any("A paragraph added later." in text for text in added), added

    def test_a_film_can_be_reverted_to_an_earlier_revision(self, client, film):
        first, _second = self.revisions(film)
        revert_url = reverse("wagtailadmin_pages:revisions_revert", args=(film.pk, first.pk))

        form = client.get(revert_url)
        assert form.status_code == 200
        assert "You are viewing a previous version of this page" in text_of(soup(form))
        assert text_of(soup(form).find("textarea", attrs={"name": "synopsis"})) == "The first synopsis."

        response = client.post(revert_url, film_form(synopsis="The first synopsis."))

        assert response.status_code == 302
        film.refresh_from_db()
        assert film.live
        assert film.synopsis == "The first synopsis."
        assert len(film.body) == 0
        assert len(self.revisions(film)) == 3
        client.logout()
        assert "A paragraph added later." not in client.get(PUBLIC_URL).content.decode()


def test_moderators_get_an_email_when_an_editor_submits_a_film(client, submitted_film, moderator, mailoutbox):
    a_moderator("mona")
    submitted_film()

    to_moderators = [
        message for message in mailoutbox if set(message.to) & {"mo@example.com", "mona@example.com"}
    ]
    assert sorted(address for message in to_moderators for address in message.to) == [
        "mo@example.com",
        "mona@example.com",
    ]
    message = to_moderators[0]
    assert "The Admin Film" in message.subject
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "eddie@example.com" not in [address for message in mailoutbox for address in message.to]
