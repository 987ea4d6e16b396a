"""What search engines and social sites read: sitemap, robots.txt, titles, descriptions,
canonical links, OpenGraph/X cards and the film's schema.org JSON-LD."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest

from wagtail.models import Site

from .factories import create_image, create_partner
from .html import soup, text_of

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XSS = "</script><script>alert(1)</script>"


def sitemap_entries(client) -> dict[str, str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urlset = ET.fromstring(response.content)
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in urlset}


def head_of(client, path, **extra):
    response = client.get(path, **extra)
    return response, soup(response).head


def meta(head, **attrs) -> str | None:
    tag = head.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def json_ld(response) -> list[dict]:
    return [
        json.loads(script.string) for script in soup(response).find_all("script", type="application/ld+json")
    ]


@pytest.fixture
def film(make_film):
    """A film with what the share card and the structured data describe."""
    itvs = create_partner("ITVS", url="https://itvs.org")
    fund = create_partner("Northern Lights Fund")
    return make_film(
        "Last Train Home",
        slug="last-train-home",
        synopsis="A family of migrant workers travels home for the New Year.",
        runtime=90,
        premiere_date=datetime.date(2011, 9, 27),
        hero_image=create_image("hero", description="A crowded platform", size=(1600, 900)),
        filmmakers=[
            {"name": "Lixin Fan", "role": "Director"},
            {"name": "Mila Aung-Thwin", "role": "Producer"},
        ],
        partners=[(itvs, "presented_by"), (fund, "funded_by")],
        pull_quote={
            "text": "A heartbreaking portrait.",
            "critic": "G. Allen Johnson",
            "publication": "SF Chronicle",
        },
        trailer={"title": "Official trailer", "url": "https://vimeo.com/76979871", "duration": "2:11"},
        body=[
            (
                "video",
                {
                    "title": "Guangzhou station",
                    "caption": "Waiting for the train.",
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "duration": "2:35",
                    "poster": create_image("poster", size=(640, 360)).pk,
                    "transcript": "<p>Crowds fill the square.</p><p>Loudspeakers echo.</p>",
                },
            ),
            (
                "quote",
                {
                    "text": "Extraordinary.",
                    "critic": "Roger Ebert",
                    "publication": "Chicago Sun-Times",
                    "url": "https://example.com/review",
                    "date": "2010-09-01",
                },
            ),
        ],
    )


# Sitemap and robots.txt


def test_sitemap_lists_live_public_pages_with_last_modified_dates(client, make_film, restrict):
    make_film("Harbour", slug="harbour")
    make_film("Draft Film", slug="draft-film", publish=False)
    restrict(make_film("Private Film", slug="private-film"))

    entries = sitemap_entries(client)

    assert set(entries) == {
        "http://localhost/",
        "http://localhost/films/",
        "http://localhost/films/harbour/",
    }
    assert datetime.date.fromisoformat(entries["http://localhost/films/harbour/"]) == datetime.date.today()


def test_sitemap_uses_the_site_address_not_the_host_header(client, make_film):
    make_film("Harbour", slug="harbour")

    sitemap = client.get("/sitemap.xml", HTTP_HOST="evil.example").content.decode()

    assert "evil.example" not in sitemap
    assert "<loc>http://localhost/films/harbour/</loc>" in sitemap


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_follows_the_sites_configured_address(client, site_tree):
    Site.objects.filter(pk=site_tree.site.pk).update(hostname="www.strand.example", port=443)

    assert "Sitemap: https://www.strand.example/sitemap.xml" in client.get("/robots.txt").content.decode()


# Titles, descriptions and canonical links


def test_film_page_title_description_and_canonical(client, film):
    response, head = head_of(client, "/films/last-train-home/")

    assert head.title.string == "Last Train Home | Strand"
    assert meta(head, name="description") == "A family of migrant workers travels home for the New Year."
    assert head.find("link", rel="canonical")["href"] == "http://localhost/films/last-train-home/"
    assert meta(head, name="robots") is None


def test_editors_seo_title_and_search_description_win(client, film):
    film.seo_title = "Last Train Home (2009 documentary)"
    film.search_description = "Lixin Fan's portrait of China's migrant workers."
    film.save_revision().publish()

    _, head = head_of(client, "/films/last-train-home/")

    assert head.title.string == "Last Train Home (2009 documentary) | Strand"
    assert meta(head, name="description") == "Lixin Fan's portrait of China's migrant workers."
    assert meta(head, property="og:title") == "Last Train Home (2009 documentary)"
    assert meta(head, property="og:description") == "Lixin Fan's portrait of China's migrant workers."


def test_long_synopsis_is_shortened_for_the_description(client, make_film):
    make_film("Harbour", slug="harbour", synopsis="word " * 100)

    _, head = head_of(client, "/films/harbour/")

    assert len(meta(head, name="description")) <= 160


def test_film_index_is_described_by_its_introduction(client, film_index):
    film_index.intro = "<p>Every film in the strand, <b>newest</b> first.</p>"
    film_index.save_revision().publish()

    _, head = head_of(client, "/films/")

    assert head.title.string == "Films | Strand"
    assert meta(head, name="description") == "Every film in the strand, newest first."


def test_home_page_has_a_meaningful_title_and_description(client, home_page):
    _, head = head_of(client, "/")

    # The home page names the site once: no " | Strand" after "Strand: ...".
    assert head.title.string == "Strand: independent documentaries"
    assert "documentar" in meta(head, name="description")
    assert head.find("link", rel="canonical")["href"] == "http://localhost/"


def test_canonical_keeps_listing_parameters_and_drops_the_rest(client, film):
    _, head = head_of(client, "/films/?utm_source=mail&year=2009&page=1")

    assert head.find("link", rel="canonical")["href"] == "http://localhost/films/?year=2009"


def test_canonical_uses_the_site_address_not_the_host_header(client, film):
    _, head = head_of(client, "/films/last-train-home/", HTTP_HOST="evil.example")

    assert "evil.example" not in str(head)
    assert head.find("link", rel="canonical")["href"] == "http://localhost/films/last-train-home/"
    assert meta(head, property="og:url") == "http://localhost/films/last-train-home/"


def test_search_results_are_described_but_not_indexed(client, film):
    _, head = head_of(client, "/search/?q=train&utm_campaign=x")

    assert meta(head, name="robots") == "noindex"
    assert head.find("link", rel="canonical")["href"] == "http://localhost/search/?q=train"
    assert head.title.string.strip().endswith("| Strand")
    assert meta(head, name="description")


def test_not_found_page_is_not_indexed_and_claims_no_canonical(client, site_tree):
    response, head = head_of(client, "/films/no-such-film/")

    assert response.status_code == 404
    assert meta(head, name="robots") == "noindex"
    assert head.find("link", rel="canonical") is None
    assert head.title.string == "Page not found | Strand"


# Share cards


def test_film_share_card_uses_a_rendition_of_the_hero_image(client, film):
    _, head = head_of(client, "/films/last-train-home/")

    image = meta(head, property="og:image")
    assert image.startswith("http://localhost/media/images/")
    assert "original_images" not in image
    assert image.endswith(".jpg")
    assert (meta(head, property="og:image:width"), meta(head, property="og:image:height")) == ("1200", "630")
    assert meta(head, property="og:image:alt") == "A crowded platform"
    assert meta(head, property="og:type") == "video.movie"
    assert meta(head, property="og:url") == "http://localhost/films/last-train-home/"
    assert meta(head, property="og:title") == "Last Train Home"
    assert meta(head, property="video:duration") == str(90 * 60)
    assert meta(head, name="twitter:card") == "summary_large_image"
    assert meta(head, name="twitter:image") == image
    assert meta(head, name="twitter:image:alt") == "A crowded platform"


def test_pages_without_an_image_get_a_small_card(client, film_index):
    _, head = head_of(client, "/films/")

    assert meta(head, property="og:type") == "website"
    assert meta(head, property="og:image") is None
    assert meta(head, name="twitter:card") == "summary"


# JSON-LD


def test_film_page_describes_the_film_as_a_schema_org_movie(client, film):
    response = client.get("/films/last-train-home/")
    (movie,) = json_ld(response)

    assert movie["@context"] == "https://schema.org"
    assert movie["@type"] == "Movie"
    assert movie["name"] == "Last Train Home"
    assert movie["url"] == "http://localhost/films/last-train-home/"
    assert movie["description"] == film.synopsis
    assert movie["duration"] == "PT1H30M"
    assert movie["datePublished"] == "2011-09-27"
    assert movie["director"] == [{"@type": "Person", "name": "Lixin Fan"}]
    assert movie["producer"] == [{"@type": "Person", "name": "Mila Aung-Thwin"}]
    assert movie["productionCompany"] == [
        {"@type": "Organization", "name": "ITVS", "url": "https://itvs.org"}
    ]
    assert movie["funder"] == [{"@type": "Organization", "name": "Northern Lights Fund"}]
    assert movie["image"]["url"].startswith("http://localhost/media/images/")
    assert "original_images" not in movie["image"]["url"]


def test_clips_and_trailer_are_video_objects(client, film):
    (movie,) = json_ld(client.get("/films/last-train-home/"))

    trailer = movie["trailer"]
    assert trailer["@type"] == "VideoObject"
    assert trailer["name"] == "Official trailer"
    assert trailer["duration"] == "PT2M11S"
    assert trailer["embedUrl"].startswith("https://player.vimeo.com/video/76979871")
    (clip,) = movie["video"]
    assert clip["@type"] == "VideoObject"
    assert clip["name"] == "Guangzhou station"
    assert clip["description"] == "Waiting for the train."
    assert clip["duration"] == "PT2M35S"
    assert clip["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert clip["thumbnailUrl"].startswith("http://localhost/media/images/")
    assert clip["transcript"] == "Crowds fill the square. Loudspeakers echo."


def test_critics_quotes_are_reviews_with_author_and_publisher(client, film):
    (movie,) = json_ld(client.get("/films/last-train-home/"))

    assert movie["review"] == [
        {
            "@type": "Review",
            "reviewBody": "A heartbreaking portrait.",
            "author": {"@type": "Person", "name": "G. Allen Johnson"},
            "publisher": {"@type": "Organization", "name": "SF Chronicle"},
        },
        {
            "@type": "Review",
            "reviewBody": "Extraordinary.",
            "author": {"@type": "Person", "name": "Roger Ebert"},
            "publisher": {"@type": "Organization", "name": "Chicago Sun-Times"},
            "url": "https://example.com/review",
            "datePublished": "2010-09-01",
        },
    ]


def test_structured_data_matches_what_the_page_shows(client, film):
    response = client.get("/films/last-train-home/")
    page = soup(response)
    (movie,) = json_ld(response)

    assert text_of(page.find("h1")) == movie["name"]
    assert text_of(page.find(class_="film__synopsis")) == movie["description"]
    assert "(90 min.)" in text_of(page.find(class_="info-box__title"))
    shown_quotes = {text_of(quote) for quote in page.find_all("blockquote")}
    assert {review["reviewBody"] for review in movie["review"]} == shown_quotes
    shown_videos = {text_of(title) for title in page.find_all(class_="video__title")}
    assert {video["name"] for video in [movie["trailer"], *movie["video"]]} == shown_videos
    sidebar = text_of(page.find(class_="film__sidebar"))
    for person in movie["director"] + movie["producer"]:
        assert person["name"] in sidebar
    for organisation in movie["productionCompany"] + movie["funder"]:
        assert organisation["name"] in sidebar  # these partners have no logo: their names are shown


def test_json_ld_cannot_be_broken_out_of(client, make_film):
    make_film(
        f"Title {XSS}",
        slug="tricky",
        synopsis=f"Synopsis {XSS} & more",
        pull_quote={"text": f"Quote {XSS}", "critic": "<b>Critic</b>"},
    )
    response = client.get("/films/tricky/")
    html = response.content.decode()

    assert "<script>alert(1)</script>" not in html
    scripts = soup(response).find_all("script")
    assert [script.get("type") for script in scripts if not script.get("src")] == ["application/ld+json"]
    (movie,) = json_ld(response)
    assert movie["name"] == f"Title {XSS}"
    assert movie["description"] == f"Synopsis {XSS} & more"
    assert movie["review"][0]["author"]["name"] == "<b>Critic</b>"


def test_only_film_pages_carry_structured_data(client, film):
    for path in ("/", "/films/", "/search/?q=train"):
        assert json_ld(client.get(path)) == [], path
    assert [data["@type"] for data in json_ld(client.get("/films/last-train-home/"))] == ["Movie"]


def test_an_interview_video_is_a_clip_and_a_text_only_interview_adds_none(client, make_film):
    question = [{"question": "Why?", "answer": "<p>Because.</p>"}]
    make_film(
        "Interviews",
        slug="interviews",
        body=[
            (
                "interview",
                {
                    "name": "A. Maker",
                    "video": {"title": "Talking", "url": "https://youtu.be/dQw4w9WgXcQ"},
                    "questions": question,
                },
            ),
            ("interview", {"name": "B. Maker", "video": {"title": "", "url": ""}, "questions": question}),
        ],
    )

    (movie,) = json_ld(client.get("/films/interviews/"))

    assert [(clip["@type"], clip["name"]) for clip in movie["video"]] == [("VideoObject", "Talking")]
