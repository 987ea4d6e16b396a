"""What editors see before publishing: block previews in the block picker, and the page preview."""

import datetime
import re
from urllib.parse import urlsplit

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from film.models import FilmPage

from .admin_helpers import an_editor, film_form, list_block, quote, video
from .html import soup, text_of

BODY_BLOCKS = FilmPage._meta.get_field("body").stream_block.child_blocks
GROUPS = {"Structure", "Media", "Film"}


@pytest.fixture
def editor_client(client, db):
    client.force_login(an_editor())
    return client


def block_preview(client, block):
    return client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})


def assert_loads_nothing_from_elsewhere(page):
    """Previews render offline: every image, script, frame and stylesheet comes from this site."""
    for tag, attribute in (("img", "src"), ("script", "src"), ("iframe", "src"), ("link", "href")):
        for element in page.find_all(tag):
            url = element.get(attribute)
            if url:
                assert not urlsplit(url).netloc, f"<{tag} {attribute}={url}> would load from elsewhere"
    for img in page.find_all("img"):
        for candidate in re.split(r",\s*", img.get("srcset", "")):
            assert not urlsplit(candidate.split(" ")[0]).netloc, candidate


@pytest.mark.parametrize("name", list(BODY_BLOCKS))
def test_every_body_block_is_described_grouped_and_previewable(name):
    block = BODY_BLOCKS[name]

    assert block.meta.icon not in ("", "placeholder"), name
    assert block.label, name
    assert block.get_description(), name
    assert block.meta.group in GROUPS, name
    assert block.is_previewable, name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("heading", "Critical Acclaim"),
        ("rich_text", "130 million migrant workers"),
        ("video", "Guangzhou station"),
        ("image", "A still from the film."),
        ("interview", "Why this story?"),
        ("quote", "Ty Burr, The Boston Globe, September 10, 2010"),
        ("update", "October 1, 2012"),
    ],
)
def test_each_block_preview_renders_the_public_template_with_realistic_content(editor_client, name, expected):
    response = block_preview(editor_client, BODY_BLOCKS[name])

    assert response.status_code == 200
    page = soup(response)
    assert expected in text_of(page.find("main"))
    assert page.find("link", rel="stylesheet", href=re.compile(r"css/strand\.css$"))
    assert_loads_nothing_from_elsewhere(page)


def test_the_image_block_preview_shows_a_described_image_from_the_library(editor_client, make_image):
    make_image("A portrait", description="Not a still", size=(40, 60))
    make_image("Platform", description="Crowds on the platform at Guangzhou", size=(160, 90))

    page = soup(block_preview(editor_client, BODY_BLOCKS["image"]))

    (img,) = page.select("main img")
    assert img["alt"] == "Crowds on the platform at Guangzhou"
    assert_loads_nothing_from_elsewhere(page)


def test_the_image_block_preview_works_with_an_empty_library(editor_client):
    page = soup(block_preview(editor_client, BODY_BLOCKS["image"]))

    assert page.select("main img") == []
    assert "A still from the film." in text_of(page.find("main"))


class TestPagePreview:
    """The preview is the public page, sidebar and all, before anything is published."""

    @pytest.fixture
    def film(self, make_film, make_partner):
        itvs = make_partner("ITVS")
        make_film(
            "Coming Soon",
            slug="coming-soon",
            premiere_date=timezone.localdate() + datetime.timedelta(days=5),
        )
        return make_film(
            "The Admin Film",
            slug="the-admin-film",
            synopsis="A film made through the admin.",
            year=2011,
            runtime=90,
            premiere_date=datetime.date(2011, 9, 27),
            broadcasts=[datetime.date(2012, 1, 20)],
            partners=[(itvs, "presented_by")],
            pull_quote=quote(),
            body=[("heading", {"text": "Critical Acclaim", "level": "h2"})],
        )

    def form_data(self, film, **changes):
        """The edit form as the browser posts it for this film, with ``changes``."""
        broadcast = film.broadcasts.get()
        fields = {
            "runtime": "90",
            "premiere_date": "2011-09-27",
            "broadcasts": inline_formset(
                [{"id": str(broadcast.pk), "date": "2012-01-20", "kind": "encore"}], initial=1
            ),
            "film_partners": inline_formset(
                [
                    {"id": str(link.pk), "partner": str(link.partner_id), "role": link.role}
                    for link in film.film_partners.all()
                ],
                initial=1,
            ),
            "pull_quote": streamfield([("quote", quote())]),
            "body": streamfield([("heading", {"text": "Critical Acclaim", "level": "h2"})]),
        }
        return film_form(action=None, **{**fields, **changes})

    def preview(self, client, film, data):
        url = reverse("wagtailadmin_pages:preview_on_edit", args=(film.pk,))
        state = client.post(url, data).json()
        assert state["is_valid"], state
        return client.get(url)

    def test_the_preview_of_unchanged_content_is_the_public_page(self, client, editor_client, film):
        preview = soup(self.preview(editor_client, film, self.form_data(film)))
        public = soup(client.get("/films/the-admin-film/"))

        assert preview.find("article", class_="film") == public.find("article", class_="film")
        for landmark in ("film-info-heading", "upcoming-heading"):
            assert preview.find(id=landmark), landmark
        assert preview.select("section.partners")
        assert "Coming Soon" in text_of(preview.find(id="upcoming-heading").find_parent("section"))

    def test_the_preview_shows_unsaved_changes_and_publishes_nothing(self, client, editor_client, film):
        data = self.form_data(
            film,
            title="The Admin Film, revised",
            body=streamfield(
                [
                    ("video", video("Guangzhou station", "https://vimeo.com/76979871")),
                    (
                        "interview",
                        {
                            "name": "Lixin Fan",
                            "role": "",
                            "photo": "",
                            "introduction": rich_text(""),
                            "video": video(),
                            "questions": list_block(
                                [{"question": "Why?", "answer": rich_text("<p>Because.</p>")}]
                            ),
                        },
                    ),
                ]
            ),
            film_partners=inline_formset(
                [
                    {"id": str(link.pk), "partner": str(link.partner_id), "role": link.role, "DELETE": "1"}
                    for link in film.film_partners.all()
                ],
                initial=1,
            ),
        )

        preview = soup(self.preview(editor_client, film, data))

        assert text_of(preview.find("h1")) == "The Admin Film, revised"
        assert preview.select("[data-video-facade] [data-video-play]")
        assert "Interview: Lixin Fan" in text_of(preview)
        assert not preview.select("section.partners")
        assert preview.find(id="film-info-heading")
        public = text_of(soup(client.get("/films/the-admin-film/")))
        assert "revised" not in public
        assert "Interview: Lixin Fan" not in public


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


class TestPreviewsUnderTheContentSecurityPolicy:
    """The editor frames its own previews; the public site stays unframeable."""

    def test_the_editor_may_frame_the_sites_own_urls(self, editor_client, make_film):
        film = make_film()

        edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=(film.pk,)))

        assert "'self'" in csp_directives(edit)["frame-src"]

    def test_block_previews_may_be_framed_by_the_editor(self, editor_client):
        response = block_preview(editor_client, BODY_BLOCKS["quote"])

        assert csp_directives(response)["frame-ancestors"] == ["'self'"]

    def test_the_page_preview_may_be_framed_by_the_editor_unlike_the_public_page(
        self, client, editor_client, make_film
    ):
        film = make_film("The Admin Film", slug="the-admin-film")
        url = reverse("wagtailadmin_pages:preview_on_edit", args=(film.pk,))
        assert editor_client.post(url, film_form(action=None)).json()["is_valid"]

        preview = editor_client.get(url)

        assert "The Admin Film" in text_of(soup(preview).find("h1"))
        assert csp_directives(preview)["frame-ancestors"] == ["'self'"]
        assert csp_directives(client.get("/films/the-admin-film/"))["frame-ancestors"] == ["'none'"]
