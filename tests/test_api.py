"""The read-only headless API for films at /api/v2/films/ (Wagtail API v2)."""

import datetime
import json

import pytest

from django.utils import timezone

from .factories import create_film, create_image, create_partner

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
LIST = "/api/v2/films/"


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def titles(data) -> list[str]:
    return [item["title"] for item in data["items"]]


def tagged(film, *topics):
    """Give a published film topics, as an editor would: edit, then publish again."""
    film.topics.add(*topics)
    film.save_revision().publish()
    return film


@pytest.fixture
def full_film(film_index, make_document):
    """A film with every fact, relation and block type the API serialises."""
    itvs = create_partner("ITVS", logo=create_image("itvs logo"), url="https://itvs.org")
    caam = create_partner("CAAM")
    press = make_document("Press release", "press.pdf")
    film = create_film(
        film_index,
        "Last Train Home",
        slug="last-train-home",
        runtime=90,
        year=2009,
        premiere_date=D(2011, 9, 27),
        streaming_start=TODAY - datetime.timedelta(days=3),
        streaming_end=TODAY + datetime.timedelta(days=30),
        hero_image=create_image("hero", description="A crowded platform", size=(320, 200)),
        hero_alt="Passengers crowd a platform",
        broadcasts=[D(2012, 1, 20)],
        filmmakers=[{"name": "Lixin Fan", "role": "Director", "bio": "<p>Born in <b>Wuhan</b>.</p>"}],
        partners=[(caam, "co_presentation"), (itvs, "presented_by")],
        resources=[{"kind": "press_release", "label": "Press release", "document": press}],
        pull_quote={"text": "A heartbreaking portrait.", "critic": "G. Allen Johnson"},
        trailer={"title": "Trailer", "url": "https://vimeo.com/76979871", "duration": "2:11"},
        body=[
            ("heading", {"text": "Additional Video", "level": "h2"}),
            (
                "video",
                {
                    "title": "Guangzhou station",
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "poster": create_image("poster", size=(400, 300)).pk,
                    "duration": "2:35",
                },
            ),
            (
                "image",
                {
                    "image": {
                        "image": create_image("still", size=(300, 200)).pk,
                        "alt_text": "A train at dusk",
                    },
                    "caption": "Home at last",
                },
            ),
            (
                "update",
                {
                    "date": "2012-10-01",
                    "headline": "Emmy win",
                    "body": f'<p>Read the <a linktype="document" id="{press.pk}">press release</a>.</p>',
                },
            ),
        ],
    )
    return tagged(film, "Migration", "Labor")


def test_list_shows_only_live_public_films(client, make_film, restrict, full_film):
    make_film("Draft Film", slug="draft-film", publish=False)
    restrict(make_film("Private Film", slug="private-film"))

    data = get_json(client, LIST)

    assert titles(data) == ["Last Train Home"]
    assert data["meta"]["total_count"] == 1


def test_draft_and_private_films_have_no_detail(client, make_film, restrict):
    draft = make_film("Draft Film", slug="draft-film", publish=False)
    private = make_film("Private Film", slug="private-film")
    restrict(private)

    assert client.get(f"{LIST}{draft.pk}/").status_code == 404
    assert client.get(f"{LIST}{private.pk}/").status_code == 404


def test_a_film_published_then_unpublished_leaves_the_api(client, make_film):
    film = make_film("Withdrawn", slug="withdrawn")
    film.unpublish()

    assert titles(get_json(client, LIST)) == []
    assert client.get(f"{LIST}{film.pk}/").status_code == 404


def test_films_endpoint_cannot_be_turned_into_other_pages(client, home_page):
    response = client.get(LIST, {"type": "home.HomePage"})

    assert response.status_code == 400
    assert client.get(f"{LIST}{home_page.pk}/").status_code == 404


def test_list_filters_by_topic_slug(client, make_film):
    tagged(make_film("Harvest", slug="harvest"), "Farming Life")
    tagged(make_film("Station", slug="station"), "Migration")

    assert titles(get_json(client, LIST, topic="farming-life")) == ["Harvest"]


def test_list_filters_by_year(client, make_film):
    make_film("Old", slug="old", year=2001)
    make_film("New", slug="new", year=2020)

    assert titles(get_json(client, LIST, year=2001)) == ["Old"]
    assert client.get(LIST, {"year": "soon"}).status_code == 400


def test_list_filters_by_partner_name_or_id(client, make_film):
    itvs = create_partner("ITVS")
    make_film("Presented", slug="presented", partners=[(itvs, "presented_by")])
    make_film("Alone", slug="alone")

    assert titles(get_json(client, LIST, partner="itvs")) == ["Presented"]
    assert titles(get_json(client, LIST, partner=str(itvs.pk))) == ["Presented"]


def test_list_filters_films_streaming_now(client, make_film):
    days = datetime.timedelta
    make_film("Streaming", slug="streaming", streaming_start=TODAY - days(1), streaming_end=TODAY + days(1))
    make_film("Open ended", slug="open-ended", streaming_start=TODAY)
    make_film("Expired", slug="expired", streaming_start=TODAY - days(9), streaming_end=TODAY - days(1))
    make_film("Later", slug="later", streaming_start=TODAY + days(3))
    make_film("Never", slug="never")

    assert sorted(titles(get_json(client, LIST, streaming_now="true"))) == ["Open ended", "Streaming"]
    assert sorted(titles(get_json(client, LIST, streaming_now="false"))) == ["Expired", "Later", "Never"]
    assert client.get(LIST, {"streaming_now": "maybe"}).status_code == 400


def test_list_items_carry_the_facts_a_listing_needs(client, full_film):
    (item,) = get_json(client, LIST)["items"]

    assert item["meta"]["html_url"] == "http://localhost/films/last-train-home/"
    assert item["year"] == 2009
    assert item["runtime"] == 90
    assert item["synopsis"] == full_film.synopsis
    assert item["streaming_status"] == full_film.streaming_status()
    assert {topic["slug"] for topic in item["topics"]} == {"migration", "labor"}


def test_detail_has_the_structured_facts_of_the_page(client, full_film):
    data = get_json(client, f"{LIST}{full_film.pk}/")

    assert data["premiere_date"] == "2011-09-27"
    assert [b["date"] for b in data["broadcasts"]] == ["2012-01-20"]
    assert data["streaming_now"] is True
    assert data["filmmakers"][0]["name"] == "Lixin Fan"
    assert data["filmmakers"][0]["role"] == "Director"
    assert data["filmmakers"][0]["bio"] == "<p>Born in <b>Wuhan</b>.</p>"
    (resource,) = data["resources"]
    assert resource["kind"] == "press_release"
    assert resource["url"].startswith("http://localhost/documents/")


def test_detail_lists_partners_with_their_roles_in_page_order(client, full_film):
    partners = get_json(client, f"{LIST}{full_film.pk}/")["partners"]

    assert [(p["name"], p["role"], p["role_label"]) for p in partners] == [
        ("CAAM", "co_presentation", "A Co-Presentation with"),
        ("ITVS", "presented_by", "Presented by"),
    ]
    assert partners[1]["url"] == "https://itvs.org"
    assert partners[1]["logo"]["alt"] == "ITVS"


def test_images_are_renditions_with_absolute_urls_not_originals(client, full_film):
    data = get_json(client, f"{LIST}{full_film.pk}/")
    hero = data["hero_image"]
    video = next(block for block in data["body"] if block["type"] == "video")["value"]
    still = next(block for block in data["body"] if block["type"] == "image")["value"]["image"]

    for image in (hero, video["poster"], still):
        assert image["url"].startswith("http://localhost/media/images/"), image
        assert "original_images" not in image["url"]
        assert image["width"] > 0 and image["height"] > 0
    assert hero["alt"] == "Passengers crowd a platform"
    assert (hero["width"], hero["height"]) == (320, 138)  # cropped to the hero's 21:9, never upscaled
    assert still["alt"] == "A train at dusk"
    assert still["decorative"] is False


def test_stream_blocks_are_clean_json(client, full_film):
    data = get_json(client, f"{LIST}{full_film.pk}/")
    body = {block["type"]: block for block in data["body"]}

    assert body["heading"]["value"] == {"text": "Additional Video", "level": "h2"}
    assert body["heading"]["id"]
    video = body["video"]["value"]
    assert video["provider"] == "YouTube"
    assert video["watch_url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert video["embed_url"].startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert video["duration_iso"] == "PT2M35S"
    update = body["update"]["value"]
    assert update["date"] == "2012-10-01"
    assert 'href="http://localhost/documents/' in update["body"]
    assert data["trailer"][0]["value"]["provider"] == "Vimeo"
    assert data["pull_quote"][0]["value"]["critic"] == "G. Allen Johnson"
    # Nothing of Wagtail's storage format leaks: no database rich text, no bare ids for images.
    assert "linktype" not in json.dumps(data)


def test_absolute_urls_come_from_the_site_not_the_host_header(client, full_film):
    response = client.get(f"{LIST}{full_film.pk}/", HTTP_HOST="evil.example")

    assert response.status_code == 200
    assert "evil.example" not in response.content.decode()


def test_api_is_read_only(client, full_film):
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(f"{LIST}{full_film.pk}/").status_code == 405, method.__name__
    assert client.post(LIST, {"title": "New"}).status_code == 405


def test_unknown_fields_and_parameters_are_refused_with_a_message(client, full_film):
    for params in ({"fields": "owner"}, {"owner": "1"}):
        response = client.get(LIST, params)
        assert response.status_code == 400, params
        assert response.json()["message"]
