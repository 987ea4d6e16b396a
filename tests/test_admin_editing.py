"""Editors create films through the real Wagtail admin form, and mistakes come back explained."""

import pytest

from django.urls import reverse

from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from film.models import FilmPage

from .admin_helpers import YOUTUBE, film_form, list_block, video
from .html import soup, text_of


@pytest.fixture
def add_url(film_index):
    return reverse("wagtailadmin_pages:add", args=("film", "filmpage", film_index.pk))


@pytest.fixture
def post(admin_client_logged_in, add_url):
    def submit(data):
        return admin_client_logged_in.post(add_url, data)

    return submit


def test_an_editor_can_create_a_film_with_every_block_and_a_partner(
    post, client, make_image, make_partner, make_document
):
    still = make_image("Station still", description="Crowds at the station")
    portrait = make_image("Lixin Fan portrait")
    itvs = make_partner("ITVS", logo=make_image("ITVS logo"))
    press = make_document("Press release", "press-release.pdf")

    response = post(
        film_form(
            premiere_date="2011-09-27",
            streaming_start="2013-08-05",
            streaming_end="2013-09-03",
            updated_on="2014-04-23",
            broadcasts=inline_formset([{"date": "2013-08-05", "kind": "encore"}]),
            filmmakers=inline_formset(
                [
                    {
                        "name": "Lixin Fan",
                        "role": "Director",
                        "photo": "",
                        "bio": rich_text("<p>Born in Wuhan.</p>"),
                        "statement": rich_text("<p>My statement.</p>"),
                        "interview_url": "",
                    }
                ]
            ),
            film_partners=inline_formset([{"partner": str(itvs.pk), "role": "in_association"}]),
            resources=inline_formset(
                [{"kind": "press_release", "label": "Press Release", "document": str(press.pk), "link": ""}]
            ),
            pull_quote=streamfield(
                [
                    (
                        "quote",
                        {
                            "text": "Heartbreaking.",
                            "critic": "G. Allen Johnson",
                            "publication": "San Francisco Chronicle",
                            "url": "",
                            "date": "",
                        },
                    )
                ]
            ),
            trailer=streamfield([("video", video("Trailer", YOUTUBE, duration="2:05"))]),
            body=streamfield(
                [
                    ("heading", {"text": "Additional Video", "level": "h2"}),
                    ("rich_text", rich_text("<p>Every spring the cities empty.</p>")),
                    ("video", video("Guangzhou station", "https://vimeo.com/76979871", "Waiting.", "2:35")),
                    (
                        "image",
                        {
                            "image": {"image": str(still.pk), "alt_text": "Crowds on a platform"},
                            "caption": "The station",
                            "credit": "Lixin Fan",
                        },
                    ),
                    (
                        "interview",
                        {
                            "name": "Lixin Fan",
                            "role": "Director",
                            "photo": str(portrait.pk),
                            "introduction": rich_text("<p>Lixin Fan talks about migrant workers.</p>"),
                            "video": video(),
                            "questions": list_block(
                                [{"question": "Why this film?", "answer": rich_text("<p>Because.</p>")}]
                            ),
                        },
                    ),
                    (
                        "quote",
                        {
                            "text": "Superb.",
                            "critic": "Roger Ebert",
                            "publication": "Chicago Sun Times",
                            "url": "",
                            "date": "2010-09-10",
                        },
                    ),
                    (
                        "update",
                        {"date": "2012-10-01", "headline": "Emmy win", "body": rich_text("<p>It won.</p>")},
                    ),
                ]
            ),
        )
    )

    assert response.status_code == 302, text_of(soup(response).find(class_="messages") or soup(response))
    film = FilmPage.objects.get(slug="the-admin-film")
    assert film.live
    assert [block.block_type for block in film.body] == [
        "heading",
        "rich_text",
        "video",
        "image",
        "interview",
        "quote",
        "update",
    ]
    assert film.body[2].value.link.video_id == "76979871"
    assert film.body[3].value["image"].contextual_alt_text == "Crowds on a platform"
    interview = film.body[4].value
    assert interview["photo"] == portrait
    assert interview["questions"][0]["question"] == "Why this film?"
    assert film.trailer_video.link.video_id == "dQw4w9WgXcQ"
    assert [(link.partner.name, link.role) for link in film.film_partners.all()] == [
        ("ITVS", "in_association")
    ]
    assert [b.date.isoformat() for b in film.broadcasts.all()] == ["2013-08-05"]
    assert film.filmmakers.get().name == "Lixin Fan"
    assert film.resources.get().document == press

    # What the editor made is what visitors see.
    page = soup(client.get("/films/the-admin-film/"))
    text = text_of(page)
    for expected in (
        "The Admin Film",
        "Updated on April 23, 2014",
        "(90 min.)",
        "Every spring the cities empty.",
        "Guangzhou station",
        "Crowds on a platform",
        "Lixin Fan talks about migrant workers.",
        "Roger Ebert",
        "Emmy win",
        "In Association With",
        "G. Allen Johnson",
    ):
        assert expected in text or page.find(alt=expected), expected


def assert_rejected(response, message):
    """The form comes back with the editor's input and an actionable message; nothing is saved."""
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, f"{message!r} not shown to the editor"
    page = soup(html)
    assert page.find("form", id="page-edit-form") is not None
    assert "could not be created" in text_of(page)
    assert FilmPage.objects.count() == 0
    assert Revision.objects.count() == 0


def test_a_malformed_video_link_is_explained_and_nothing_is_saved(post):
    url = "https://www.youtube.com/watch?v=tooshort"
    response = post(film_form(body=streamfield([("video", video("Clip", url))])))
    assert_rejected(response, "This is not a YouTube or Vimeo video link.")
    assert "https://www.youtube.com/watch?v=abcdefghijk" in response.content.decode()


def test_a_malformed_interview_video_link_is_explained(post):
    interview = {
        "name": "Lixin Fan",
        "role": "",
        "photo": "",
        "introduction": rich_text(""),
        "video": video("Interview clip", "https://example.com/x"),
        "questions": list_block([{"question": "Why?", "answer": rich_text("<p>Because.</p>")}]),
    }
    response = post(film_form(body=streamfield([("interview", interview)])))
    assert_rejected(response, "This is not a YouTube or Vimeo video link.")


def test_a_streaming_window_ending_before_it_starts_is_explained(post):
    response = post(film_form(streaming_start="2013-09-03", streaming_end="2013-08-05"))
    assert_rejected(response, "The streaming window must end on or after its start date.")


@pytest.mark.parametrize("runtime", ["0", "-5"])
def test_a_runtime_below_one_minute_is_explained(post, runtime):
    response = post(film_form(runtime=runtime))
    assert_rejected(response, "Give the runtime in whole minutes, e.g. 90, or leave it blank.")


def test_saving_a_draft_is_validated_too(post):
    response = post(film_form(action=None, streaming_start="2013-09-03", streaming_end="2013-08-05"))
    assert_rejected(response, "The streaming window must end on or after its start date.")


def test_a_resource_needs_a_document_or_a_link(post):
    response = post(
        film_form(
            resources=inline_formset([{"kind": "other", "label": "Nothing", "document": "", "link": ""}])
        )
    )
    assert_rejected(response, "Choose a document or enter a link (one of the two).")


def test_a_valid_draft_is_saved_but_not_published(post, client):
    response = post(film_form(action=None))
    assert response.status_code == 302
    film = FilmPage.objects.get(slug="the-admin-film")
    assert not film.live
    assert Revision.objects.filter(object_id=str(film.pk)).count() == 1
    assert client.get("/films/the-admin-film/").status_code == 404
