"""No markup an editor types reaches visitors as live markup.

The matrix walks every block of every StreamField (so a block added later is covered
without touching this file), every text field of the film page, its inline objects, the
home and index pages and the Partner snippet, and fills each with a script, an event
handler, a ``javascript:`` URL or broken markup. Values go in the way the admin stores
them: plain text as typed, rich text through the editor's own converter (the server-side
sanitiser a crafted POST also goes through). The pages visitors see must then hold the
payloads only as text.

Fields that hold URLs must refuse dangerous schemes instead (the admin shows the error):
that is tested for every URLBlock found and every model URLField.
"""

import json
import re

import pytest

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.models import Revision

from core.richtext import sanitise
from film.models import Filmmaker, FilmPage, FilmResource, Partner
from home.models import HomeFeaturedFilm

from .admin_helpers import a_moderator
from .factories import create_film
from .html import soup, text_of

TEXT_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "event-handler": "<img src=x onerror=alert(1)>",
    "javascript-url": '<a href="javascript:alert(1)">x</a>',
    "broken-markup": '"><svg onload=alert(1)><!--',
    "unclosed": "</textarea></title><script>alert(1)",
}
URL_PAYLOADS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "javascript://%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]
SAFE_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
# The site's own scripts: files under STATIC_URL, never inline.
STATIC_SCRIPT = re.compile(r"^/static/js/[\w.-]+\.js$")
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
ACTIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "svg", "math", "base", "style", "textarea"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "cite", "poster", "srcset", "data", "xlink:href"}
# Values that must be valid for the block to be saved at all; any text works elsewhere.
VALID_VALUES = {"duration": "2:35"}


def editor_html(widget, text: str, link_url: str) -> str:
    """What the rich text editor stores for a paragraph of ``text`` linked to ``link_url``."""
    contentstate = {
        "blocks": [
            {
                "key": "a1b2c",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link_url}}},
    }
    return widget.value_from_datadict({"field": json.dumps(contentstate)}, {}, "field")


class Payloads:
    """Hands out the payload with a short marker per field, and remembers which field got which."""

    def __init__(self, payload: str, link_url: str, image):
        self.payload, self.link_url, self.image = payload, link_url, image
        self.fields: dict[str, str] = {}

    def text(self, path: str) -> str:
        marker = f"m{len(self.fields):02d}"
        self.fields[path] = marker
        return f"{marker}{self.payload}"

    def rich_text(self, widget, path: str) -> str:
        return editor_html(widget, self.text(path), self.link_url)

    def block_value(self, block, path: str):
        """A stored (JSON) value for ``block`` with the payload in every text field."""
        name = path.rsplit(".", 1)[-1]
        if isinstance(block, ImageBlock):
            return {"image": self.image.pk, "alt_text": self.text(f"{path}.alt_text"), "decorative": False}
        if isinstance(block, blocks.StructBlock):
            return {child: self.block_value(b, f"{path}.{child}") for child, b in block.child_blocks.items()}
        if isinstance(block, blocks.ListBlock):
            return [self.block_value(block.child_block, f"{path}.0")]
        if isinstance(block, blocks.StreamBlock):
            return [
                {"type": child, "value": self.block_value(b, f"{path}.{child}")}
                for child, b in block.child_blocks.items()
            ]
        if isinstance(block, ImageChooserBlock):
            return self.image.pk
        if isinstance(block, DocumentChooserBlock):
            return None
        if isinstance(block, blocks.URLBlock):
            return SAFE_URL
        if isinstance(block, blocks.DateBlock):
            return "2030-01-02"
        if isinstance(block, blocks.ChoiceBlock):
            return block.field.choices[-1][0]
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text(block.field.widget, path)
        if isinstance(block, blocks.CharBlock | blocks.TextBlock):
            return VALID_VALUES.get(name) or self.text(path)
        raise AssertionError(f"{path}: teach this test what to put in a {type(block).__name__}")

    def stream_value(self, field_name: str):
        stream_block = FilmPage._meta.get_field(field_name).stream_block
        value = self.block_value(stream_block, field_name)
        # Everything here is what the admin accepts: nothing is refused on the way in.
        stream_block.clean(stream_block.to_python(value))
        return value

    def model_rich_text(self, model, field_name: str) -> str:
        widget = model._meta.get_field(field_name).formfield().widget
        return self.rich_text(widget, f"{model.__name__}.{field_name}")


def live_markup(html: str) -> list[str]:
    """What in ``html`` a browser would run or load at an attacker's choice."""
    page = soup(html)
    found = []
    legit_scripts = 0
    for tag in page.find_all(True):
        own_script = STATIC_SCRIPT.match(tag.get("src") or "") and not tag.string
        if tag.name == "script" and (own_script or tag.get("type") in DATA_SCRIPT_TYPES):
            legit_scripts += 1
            if tag.get("type") in DATA_SCRIPT_TYPES:
                json.loads(tag.string or "null")  # a payload that broke out would not be JSON
        elif tag.name in ACTIVE_TAGS:
            found.append(str(tag)[:100])
        for name, value in tag.attrs.items():
            if name.startswith("on"):
                found.append(f"{name}= on {str(tag)[:100]}")
            if name in URL_ATTRIBUTES or name.endswith(("-src", "-url")):
                url = re.sub(
                    r"[\x00-\x20]", "", " ".join(value) if isinstance(value, list) else value
                ).lower()
                if url.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"{name}={value!r} on <{tag.name}>")
    # The parser's view must match the raw text: no script element it failed to see.
    if len(re.findall(r"<script", html, re.IGNORECASE)) != legit_scripts:
        found.append("a <script> the parser did not count")
    return found


@pytest.fixture
def neighbour(make_film):
    """Another film, on whose page the payload film appears under "Upcoming films"."""
    return make_film("Neighbour", slug="neighbour")


@pytest.mark.parametrize("payload", TEXT_PAYLOADS.values(), ids=TEXT_PAYLOADS.keys())
def test_no_payload_in_any_field_reaches_a_page_as_live_markup(
    client, site_tree, neighbour, make_image, payload
):
    # Every rich text link points at a script URL too.
    fill = Payloads(payload, URL_PAYLOADS[0], make_image("Still", description="A still"))
    partner = Partner.objects.create(
        name=fill.text("Partner.name"), description=fill.text("Partner.description"), url=SAFE_URL
    )
    site_tree.home.intro = fill.model_rich_text(type(site_tree.home), "intro")
    site_tree.home.save_revision().publish()
    site_tree.index.intro = fill.model_rich_text(type(site_tree.index), "intro")
    site_tree.index.save_revision().publish()
    film = create_film(
        site_tree.index,
        f"Kestrel {fill.text('FilmPage.title')}",
        slug="kestrel",
        synopsis=fill.text("FilmPage.synopsis"),
        hero_image=fill.image,
        hero_alt=fill.text("FilmPage.hero_alt"),
        seo_title=fill.text("FilmPage.seo_title"),
        search_description=fill.text("FilmPage.search_description"),
        premiere_date=timezone.localdate() + timezone.timedelta(days=5),
        body=[(item["type"], item["value"]) for item in fill.stream_value("body")],
        pull_quote=fill.stream_value("pull_quote")[0]["value"],
        trailer=fill.stream_value("trailer")[0]["value"],
        filmmakers=[
            {
                "name": fill.text("Filmmaker.name"),
                "role": fill.text("Filmmaker.role"),
                "bio": fill.model_rich_text(Filmmaker, "bio"),
                "statement": fill.model_rich_text(Filmmaker, "statement"),
            }
        ],
        resources=[{"kind": "press_release", "label": fill.text("FilmResource.label"), "link": SAFE_URL}],
        partners=[(partner, "funded_by")],
    )
    HomeFeaturedFilm.objects.create(page=site_tree.home, film=film)

    pages = {
        url: client.get(url)
        for url in ("/films/kestrel/", "/films/", "/", "/search/?q=Kestrel", f"/films/{neighbour.slug}/")
    }
    shown = set()
    for url, response in pages.items():
        assert response.status_code == 200, url
        html = response.content.decode()
        assert live_markup(html) == [], url
        page = soup(html)
        visible = text_of(page) + " ".join(
            str(value) for tag in page.find_all(True) for value in tag.attrs.values()
        )
        shown |= {path for path, marker in fill.fields.items() if f"{marker}{payload}" in visible}
    # The payloads did reach the pages, as text: every field that is shown at all.
    not_shown = set(fill.fields) - shown
    assert not_shown <= {"Partner.description"}, f"never shown as text: {sorted(not_shown)}"


def url_blocks(block, path=""):
    """Every URLBlock inside ``block``, with where it is."""
    if isinstance(block, blocks.URLBlock):
        yield path, block
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from url_blocks(child, f"{path}.{name}")
    if isinstance(block, blocks.ListBlock):
        yield from url_blocks(block.child_block, f"{path}.0")


STREAM_URL_BLOCKS = [
    (f"{field.name}{path}", block)
    for field in FilmPage._meta.get_fields()
    if isinstance(field, StreamField)
    for path, block in url_blocks(field.stream_block)
]
MODEL_URL_FIELDS = [
    (f"{model.__name__}.{field.name}", field)
    for model in (FilmPage, Filmmaker, FilmResource, Partner)
    for field in model._meta.get_fields()
    if isinstance(field, models.URLField)
]


def test_the_matrix_found_the_url_fields():
    assert {path for path, _ in STREAM_URL_BLOCKS} >= {
        "body.video.url",
        "body.quote.url",
        "trailer.video.url",
    }
    assert {path for path, _ in MODEL_URL_FIELDS} == {
        "Filmmaker.interview_url",
        "FilmResource.link",
        "Partner.url",
    }


@pytest.mark.parametrize("url", URL_PAYLOADS)
@pytest.mark.parametrize(("path", "block"), STREAM_URL_BLOCKS, ids=[path for path, _ in STREAM_URL_BLOCKS])
def test_every_url_block_refuses_script_urls(path, block, url):
    with pytest.raises(ValidationError):
        block.clean(url)


@pytest.mark.parametrize("url", URL_PAYLOADS)
@pytest.mark.parametrize(("path", "field"), MODEL_URL_FIELDS, ids=[path for path, _ in MODEL_URL_FIELDS])
def test_every_url_field_refuses_script_urls(path, field, url):
    with pytest.raises(ValidationError):
        field.clean(url, None)


@pytest.mark.parametrize("url", URL_PAYLOADS)
def test_rich_text_links_to_script_urls_are_dropped_by_the_editor(url):
    widget = FilmPage._meta.get_field("body").stream_block.child_blocks["rich_text"].field.widget
    html = editor_html(widget, "click me", url)
    assert "click me" in html
    assert live_markup(f"<p>{html}</p>") == []
    assert "script" not in html.lower()


@pytest.mark.parametrize("field_name", ["bio", "statement"])
def test_rich_text_fields_of_models_drop_script_urls_too(field_name):
    widget = Filmmaker._meta.get_field(field_name).formfield().widget
    assert isinstance(Filmmaker._meta.get_field(field_name), RichTextField)
    for url in URL_PAYLOADS:
        assert live_markup(f"<div>{editor_html(widget, 'bio', url)}</div>") == []


ORM_PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def test_rich_text_saved_through_the_orm_reaches_the_page_without_live_markup(
    make_film, make_document, client
):
    """Rich text set by code (import, restore, API, shell) is cleaned on save, as the editor's would be."""
    press = make_document("Press kit", "press.pdf")
    film = make_film("Clean Film", slug="clean-film")
    kept = f'<p>See <a linktype="document" id="{press.pk}">the press kit</a> and <b>more</b>.</p>'
    film.body = [
        (
            "video",
            {
                "title": "Clip",
                "url": "https://vimeo.com/76979871",
                "transcript": f"<p>Said.</p>{ORM_PAYLOAD}",
            },
        ),
        (
            "interview",
            {
                "name": "Lixin Fan",
                "introduction": f'<p>We <a href="https://example.com/a">spoke</a>.</p>{ORM_PAYLOAD}',
                "video": {"title": "", "url": ""},
                "questions": [{"question": "Why?", "answer": f"<p>Because.</p>{ORM_PAYLOAD}"}],
            },
        ),
        ("update", {"date": "2026-05-01", "headline": "News", "body": kept + ORM_PAYLOAD}),
    ]
    film.filmmakers.create(name="Lixin Fan", bio=f"<p>Born in <i>Wuhan</i>.</p>{ORM_PAYLOAD}", sort_order=0)
    film.save_revision().publish()
    index = film.get_parent().specific
    index.intro = f'<p>All <a href="https://example.com/films">our films</a>.</p>{ORM_PAYLOAD}'
    index.save_revision().publish()

    page = client.get("/films/clean-film/")
    assert page.status_code == 200
    assert live_markup(page.content.decode()) == []
    shown = soup(page)
    assert shown.find("a", href="https://example.com/a", string="spoke")
    assert shown.find("a", href=press.url, string="the press kit")
    assert "Said." in text_of(shown) and "Because." in text_of(shown)
    assert shown.find("i", string="Wuhan")
    listing = client.get("/films/")
    assert live_markup(listing.content.decode()) == []
    assert soup(listing).find("a", href="https://example.com/films", string="our films")


def test_rich_text_in_a_draft_revision_is_clean_before_it_is_published(make_film, client):
    """A draft saved by code (save_revision without publish) is what moderators review and preview."""
    film = make_film("Draft Film", slug="draft-film")
    film.body = [
        (
            "video",
            {
                "title": "Clip",
                "url": "https://vimeo.com/76979871",
                "transcript": f"<p>Said.</p>{ORM_PAYLOAD}",
            },
        ),
        ("rich_text", f"<p>About <b>the film</b>.</p>{ORM_PAYLOAD}"),
    ]
    film.filmmakers.add(Filmmaker(name="Lixin Fan", bio=f"<p>Born in <i>Wuhan</i>.</p>{ORM_PAYLOAD}"))
    revision = film.save_revision()

    stored = Revision.objects.get(pk=revision.pk).content
    assert "Said." in stored["body"] and "<b>the film</b>" in stored["body"]
    assert "<i>Wuhan</i>" in stored["filmmakers"][0]["bio"]
    for text in (stored["body"], stored["filmmakers"][0]["bio"]):
        assert "<script" not in text and "onerror" not in text and "<img" not in text
    client.force_login(a_moderator())
    preview = client.get(f"/admin/pages/{film.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200
    assert "Said." in text_of(soup(preview)) and soup(preview).find("i", string="Wuhan")
    # The page as the moderator sees it (the admin's userbar around it carries its own icons).
    assert live_markup(str(soup(preview).find("main"))) == []
    assert "alert(1)" not in preview.content.decode()


def test_the_rich_text_allowlist_follows_the_editor_features():
    image = '<embed embedtype="image" id="1" format="left" alt="A">'
    html = f'<h3 data-block-key="k1">H</h3><p><a href="javascript:alert(1)">x</a><b>b</b>{image}</p>'
    assert sanitise(html, ["bold"]) == "H<p>x<b>b</b></p>"
    assert sanitise(html, ["h3", "bold", "link", "image"]) == (
        f'<h3 data-block-key="k1">H</h3><p><a>x</a><b>b</b>{image}</p>'
    )
