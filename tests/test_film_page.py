"""What a visitor sees on a film page at /films/<slug>/."""

import datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from django.test import Client
from django.utils import timezone

from .factories import build_site_tree, create_document, create_film, create_image, create_partner
from .html import soup, text_of

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
XSS = "<script>alert(1)</script>"

LTH_SYNOPSIS = (
    "Every spring, China's cities empty as 130 million migrant workers travel home for the New Year."
)


def build_full_film(index):
    """A film with every fact and block an editor can give it."""
    itvs = create_partner("ITVS", logo=create_image("itvs-logo.png"), url="https://itvs.org")
    caam = create_partner("CAAM", logo=create_image("caam-logo.png"))
    photos = create_document("Last Train Home photos", "photos.zip", b"PK\x03\x04")
    return create_film(
        index,
        "Last Train Home",
        slug="last-train-home",
        synopsis=LTH_SYNOPSIS,
        runtime=90,
        year=2009,
        premiere_date=D(2011, 9, 27),
        streaming_start=D(2013, 8, 5),
        streaming_end=D(2013, 9, 3),
        updated_on=D(2014, 4, 23),
        hero_image=create_image("hero", description="A crowded platform"),
        broadcasts=[D(2013, 8, 5), D(2012, 1, 20)],
        pull_quote={
            "text": "A heartbreaking, intimate portrait.",
            "critic": "G. Allen Johnson",
            "publication": "San Francisco Chronicle",
        },
        trailer={"title": "Last Train Home trailer", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        filmmakers=[
            {
                "name": "Lixin Fan",
                "role": "Director",
                "bio": "<p>Lixin Fan was born in Wuhan.</p>",
                "statement": "<p>I wanted to film my own country.</p>",
            }
        ],
        partners=[(itvs, "in_association"), (caam, "co_presentation")],
        resources=[
            {"kind": "photos", "label": "Download Here", "document": photos},
            {"kind": "press_release", "label": "Press Release", "link": "https://example.com/pr"},
            {"kind": "award", "label": "2012 Emmy Winner Press Release", "link": "https://example.com/emmy"},
        ],
        body=[
            ("heading", {"text": "Additional Video", "level": "h2"}),
            (
                "video",
                {
                    "title": "Guangzhou station",
                    "caption": "Waiting for the train.",
                    "url": "https://vimeo.com/76979871",
                },
            ),
            (
                "interview",
                {
                    "name": "Lixin Fan",
                    "introduction": "<p>Lixin Fan talks about the migrant workers.</p>",
                    "video": {"title": "", "url": ""},
                    "questions": [{"question": "Why this film?", "answer": "<p>Because.</p>"}],
                },
            ),
            ("quote", {"text": "Superb.", "critic": "Roger Ebert", "publication": "Chicago Sun Times"}),
            ("update", {"date": "2012-10-01", "headline": "Emmy win", "body": "<p>It won.</p>"}),
            ("rich_text", "<p>The Zhang family has not been home for three years.</p>"),
        ],
    )


class Rendered:
    def __init__(self, page, photos_url):
        self.page = page
        self.photos_url = photos_url


@pytest.fixture(scope="module")
def rendered(module_db):
    """The full film rendered once for the module (its data is rolled back afterwards)."""
    with module_db():
        film = build_full_film(build_site_tree().index)
        response = Client().get("/films/last-train-home/")
        assert response.status_code == 200
        return Rendered(soup(response), film.photo_resources[0].url)


@pytest.fixture
def page(rendered):
    return rendered.page


def info_box(page):
    return page.find(id="film-info-heading").find_parent("section")


def definition(page, term):
    """The <dd> text(s) for a <dt> in the film-information box."""
    dt = info_box(page).find("dt", string=lambda s: s and s.strip().startswith(term))
    assert dt is not None, f"no {term!r} in the film information box"
    return dt.find_next_siblings("dd")


def test_the_page_has_one_h1_the_title(page):
    (h1,) = page.find_all("h1")
    assert text_of(h1) == "Last Train Home"
    assert page.title.get_text().startswith("Last Train Home")


def test_synopsis_and_editors_updated_date(page):
    assert LTH_SYNOPSIS in text_of(page.find("main"))
    assert "Updated on April 23, 2014" in text_of(page)


def test_updated_date_falls_back_to_the_last_publish_date(client, make_film):
    film = make_film("Undated film", slug="undated")
    published = timezone.localdate(film.last_published_at)
    text = text_of(soup(client.get("/films/undated/")))
    assert f"Updated on {published:%B} {published.day}, {published.year}" in text


def test_hero_image_has_its_alt_text(page):
    hero = page.find("main").find("img")  # the first image on the page
    assert hero["alt"] == "A crowded platform"
    assert hero["src"].startswith("/media/images/")


def test_information_box_facts(page):
    box = text_of(info_box(page))
    assert "Last Train Home (90 min.)" in box
    assert [text_of(dd) for dd in definition(page, "Premiere Date")] == ["September 27, 2011"]
    (encores,) = definition(page, "Encore Broadcast Date")
    assert text_of(encores) == "Jan. 20, 2012; Aug. 5, 2013"  # in date order
    assert [text_of(dd) for dd in definition(page, "Streaming")] == ["Expired"]


def test_streaming_status_is_computed_from_todays_date(client, make_film):
    start, end = TODAY + datetime.timedelta(days=10), TODAY + datetime.timedelta(days=40)
    make_film("Soon", slug="soon", streaming_start=start, streaming_end=end)
    make_film("Now", slug="now", streaming_start=TODAY, streaming_end=end)
    soon = text_of(info_box(soup(client.get("/films/soon/"))))
    now = text_of(info_box(soup(client.get("/films/now/"))))
    ending = f"{end:%B} {end.day}, {end.year}"
    assert f"Streaming from {start:%B} {start.day}, {start.year} to {ending}" in soon
    assert f"Streaming until {ending}" in now


def test_photos_trailer_and_press_links(page, rendered):
    (photos,) = definition(page, "Photos")
    link = photos.find("a")
    assert text_of(link) == "Download Here"
    assert link["href"] == rendered.photos_url

    (trailer,) = definition(page, "Trailer")
    hrefs = [a["href"] for a in trailer.find_all("a")]
    assert hrefs == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "#trailer"]
    assert page.find(id="trailer") is not None
    assert "Last Train Home trailer" in text_of(page.find(id="trailer"))

    (press,) = definition(page, "Press")
    assert [(text_of(a), a["href"]) for a in press.find_all("a")] == [
        ("Press Release", "https://example.com/pr"),
        ("2012 Emmy Winner Press Release", "https://example.com/emmy"),
    ]


def test_filmmaker_bio_interview_and_statement_links_lead_somewhere_on_the_page(page):
    (filmmaker,) = definition(page, "Filmmaker")
    assert "Lixin Fan" in text_of(filmmaker)
    links = {text_of(a).split()[0]: a["href"] for a in filmmaker.find_all("a")}
    assert list(links) == ["Bio", "Interview", "Statement"]
    for label, href in links.items():
        assert href.startswith("#"), label
        target = page.find(id=href[1:])
        assert target is not None, f"{label} link {href} has no target"
    assert "Lixin Fan was born in Wuhan." in text_of(page.find(id=links["Bio"][1:]))
    assert "I wanted to film my own country." in text_of(page.find(id=links["Statement"][1:]))
    assert "Lixin Fan talks about the migrant workers." in text_of(page.find(id=links["Interview"][1:]))


def test_filmmaker_interview_link_can_point_elsewhere(client, make_film):
    make_film(
        "Elsewhere",
        slug="elsewhere",
        filmmakers=[{"name": "Jane Doe", "interview_url": "https://example.com/interview"}],
    )
    page = soup(client.get("/films/elsewhere/"))
    (filmmaker,) = definition(page, "Filmmaker")
    assert filmmaker.find("a", href="https://example.com/interview") is not None


def test_pull_quote_and_body_blocks(page):
    pull = page.find(class_="film__pull-quote")
    assert "A heartbreaking, intimate portrait." in text_of(pull)
    assert "G. Allen Johnson" in text_of(pull)
    assert "San Francisco Chronicle" in text_of(pull)
    main = text_of(page.find("main"))
    for expected in (
        "Additional Video",
        "Guangzhou station",
        "Waiting for the train.",
        "Why this film?",
        "Roger Ebert",
        "Chicago Sun Times",
        "Emmy win",
        "October 1, 2012",
        "The Zhang family has not been home for three years.",
    ):
        assert expected in main


def test_partners_under_role_headings_with_named_logos(page):
    groups = {}
    for section in page.find_all("section", class_="partners"):
        heading = text_of(section.find(["h2", "h3"]))
        groups[heading] = [img["alt"] for img in section.find_all("img")]
    assert groups == {"In Association With": ["ITVS"], "A Co-Presentation with": ["CAAM"]}
    itvs_logo = page.find("img", alt="ITVS")
    assert itvs_logo.find_parent("a")["href"] == "https://itvs.org"


def test_share_links_are_plain_links_carrying_the_page_url(page):
    # The Site's address (the tests' Site is Wagtail's localhost:80), not the request's Host
    # ("testserver"): the same URL as the canonical link (tests/test_site_address.py).
    url = "http://localhost/films/last-train-home/"
    assert page.find("link", rel="canonical")["href"] == url
    share = page.find(id="share-heading").find_parent("section")
    links = {text_of(a).split(" (")[0]: a["href"] for a in share.find_all("a")}
    assert set(links) == {"Email", "Facebook", "X", "Bluesky", "Copy link"}
    assert links["Email"].startswith("mailto:")
    assert parse_qs(urlsplit(links["Email"]).query)["body"] == [url]
    assert links["Facebook"].startswith("https://www.facebook.com/sharer/")
    assert parse_qs(urlsplit(links["Facebook"]).query)["u"] == [url]
    assert urlsplit(links["X"]).hostname in {"x.com", "twitter.com"}
    assert parse_qs(urlsplit(links["X"]).query)["url"] == [url]
    assert urlsplit(links["Bluesky"]).hostname == "bsky.app"
    assert url in unquote(links["Bluesky"])
    assert links["Copy link"] == url
    # No third-party widget code: nothing on the page loads from a social network.
    # (Canonical and feed links name addresses for crawlers and readers; they load nothing.)
    for tag in page.find_all(["script", "iframe", "img", "link"]):
        if tag.name == "link" and {"canonical", "alternate"} & set(tag.get("rel", [])):
            continue
        source = tag.get("src") or tag.get("href") or ""
        assert not source.startswith(("http://", "https://", "//")), source


def test_sidebar_lists_other_upcoming_films_never_itself(client, make_film):
    soon = TODAY + datetime.timedelta(days=3)
    make_film("Next Week", slug="next-week", premiere_date=soon + datetime.timedelta(days=4))
    make_film("This Film", slug="this-film", premiere_date=soon)
    make_film("Encore Soon", slug="encore-soon", broadcasts=[soon + datetime.timedelta(days=1)])
    make_film("Old Film", slug="old-film", premiere_date=TODAY - datetime.timedelta(days=1))
    page = soup(client.get("/films/this-film/"))
    upcoming = page.find(id="upcoming-heading").find_parent("section")
    assert [text_of(h) for h in upcoming.find_all("h3")] == ["Encore Soon", "Next Week"]
    assert upcoming.find("a", href="/films/encore-soon/") is not None


def test_text_an_editor_types_is_escaped_on_the_page(client, make_film):
    make_film(
        XSS,
        slug="escaped",
        synopsis=XSS,
        pull_quote={"text": XSS, "critic": XSS},
        filmmakers=[{"name": XSS}],
    )
    response = client.get("/films/escaped/")
    html = response.content.decode()
    assert XSS not in html
    page = soup(html)
    # No inline script injected: only external scripts and the (inert) JSON-LD data block.
    inline = [script for script in page.find_all("script") if not script.get("src")]
    assert [script["type"] for script in inline] == ["application/ld+json"]
    assert text_of(page.find("h1")) == XSS


def test_a_minimal_film_renders_without_empty_sections(client, make_film):
    make_film("Bare", slug="bare", runtime=None)
    page = soup(client.get("/films/bare/"))
    box = text_of(info_box(page))
    assert "min." not in box
    for term in ("Premiere", "Encore", "Streaming", "Photos", "Trailer", "Press"):
        assert term not in box
    assert page.find("section", class_="partners") is None
    assert page.find(id="trailer") is None
    # What a minimal film does have is still there.
    assert text_of(page.find("h1")) == "Bare"
    assert page.find(id="upcoming-heading") is not None


def test_every_id_on_the_page_is_unique(page):
    ids = [element["id"] for element in page.find_all(id=True)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert {"main", "trailer", "upcoming-heading"} <= set(ids)


def test_a_section_heading_named_like_a_page_landmark_does_not_steal_its_anchor(client, make_film):
    """The info box's "Embed" link goes to #trailer; an editor's "Trailer" heading must not clash."""
    make_film(
        "Clash",
        slug="clash",
        trailer={"title": "Clash trailer", "url": "https://youtu.be/dQw4w9WgXcQ"},
        body=[("heading", {"text": "Trailer", "level": "h2"})],
    )
    page = soup(client.get("/films/clash/"))
    ids = [element["id"] for element in page.find_all(id=True)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    (trailer,) = definition(page, "Trailer")
    (embed,) = [a for a in trailer.find_all("a") if a["href"].startswith("#")]
    assert page.find(id=embed["href"][1:]).find(attrs={"data-video-facade": True}) is not None


def test_the_information_box_links_an_uploaded_trailer_to_its_file(client, make_film, make_document):
    clip = make_document("Trailer", "trailer.mp4", b"\x00\x00\x00\x18ftypmp42")
    make_film("Uploaded", slug="uploaded", trailer={"title": "Trailer", "file": clip.pk})

    page = soup(client.get("/films/uploaded/"))

    (trailer,) = definition(page, "Trailer")
    assert [a["href"] for a in trailer.find_all("a")] == [clip.url, "#trailer"]
    assert page.select_one("#trailer .video__play")["href"] == clip.url
