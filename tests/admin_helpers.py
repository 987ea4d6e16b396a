"""What the admin tests share: form data as Wagtail's page editor posts it, and users in the groups."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from film.roles import EDITORS, MODERATORS

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
FORMSETS = ("broadcasts", "filmmakers", "film_partners", "resources")
PASSWORD = "correct horse battery staple"
CRITIC_MISSING = "Name the critic: a quote needs the person who wrote it."


def member_of(group_name: str, username: str):
    """An active user in one of the groups the data migration created."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def an_editor(username: str = "eddie"):
    return member_of(EDITORS, username)


def a_moderator(username: str = "mo"):
    return member_of(MODERATORS, username)


def video(title="", url="", caption="", duration="", file="", poster="", captions=""):
    return {
        "title": title,
        "caption": caption,
        "poster": poster,
        "duration": duration,
        "url": url,
        "file": file,
        "captions": captions,
        "transcript": rich_text(""),
    }


def quote(text="Superb.", critic="Roger Ebert", publication="Chicago Sun Times", url="", date=""):
    return {"text": text, "critic": critic, "publication": publication, "url": url, "date": date}


def list_block(items):
    """Form data for a ListBlock (the interview's questions)."""
    data = {str(i): {"value": item, "deleted": "", "order": str(i), "id": ""} for i, item in enumerate(items)}
    data["count"] = str(len(items))
    return data


def film_form(action="publish", **fields):
    """The page form as the browser would post it: every panel's fields, empty formsets.

    ``action`` is the button pressed: "publish", "submit" (to the workflow) or None (save draft).
    """
    data = {
        "title": "The Admin Film",
        "slug": "the-admin-film",
        "synopsis": "A film made through the admin.",
        "hero_image": "",
        "hero_alt": "",
        "year": "2011",
        "runtime": "90",
        "topics": "",
        "premiere_date": "",
        "streaming_start": "",
        "streaming_end": "",
        "updated_on": "",
        "pull_quote": streamfield([]),
        "trailer": streamfield([]),
        "body": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        **{name: inline_formset([]) for name in FORMSETS},
    }
    data.update(fields)
    if action:
        data[f"action-{action}"] = f"action-{action}"
    return nested_form_data(data)


def partners(*rows):
    """Form data for the partners formset from (partner, role) pairs."""
    return inline_formset([{"partner": str(partner.pk), "role": role} for partner, role in rows])
