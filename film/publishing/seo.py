"""What search engines and social sites read about a page: title, description, canonical
URL, share card, and a film's schema.org description (JSON-LD)."""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Page, Site

from core.links import absolute_url, public_url, rendition
from core.models import BrandSettings
from core.pages import CachedPageMixin
from core.text import html_text, plain_text
from film.models import FilmPage

DEFAULT_DESCRIPTION = "Strand: independent documentary films, with clips, interviews and reviews."
DESCRIPTION_LENGTH = 160
# Query parameters that change what a listing that is not a page (search) shows; anything else
# (tracking tags and the like) is left out of canonical URLs. Pages say what they read themselves.
LISTING_PARAMETERS = ("q", "topic", "year", "season", "page")
# How a partner's role reads in schema.org terms.
PARTNER_PROPERTIES = {
    "presented_by": "productionCompany",
    "co_presentation": "productionCompany",
    "in_association": "productionCompany",
    "funded_by": "funder",
    "supported_by": "sponsor",
}
# Django's json_script escapes: the JSON can then never close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def canonical_url(request, page: Page | None) -> str:
    """The page's own URL on its Site with the parameters it read, as it understood them (a
    plain view keeps the parameters that change a listing)."""
    if page is not None:
        base = public_url(page)
        params = page.cache_query(request) if isinstance(page, CachedPageMixin) else []
    else:
        base = absolute_url(request, request.path)
        params = [
            (name, request.GET[name].strip())
            for name in LISTING_PARAMETERS
            if request.GET.get(name, "").strip()
        ]
        params = [(name, value) for name, value in params if not (name == "page" and value == "1")]
    return f"{base}?{urlencode(params)}" if params else base


@dataclass
class PageMeta:
    title: str
    description: str
    canonical_url: str
    site_name: str
    # After the title in <title>: the site's own name, never twice.
    title_suffix: str = ""
    og_type: str = "website"
    image: dict | None = None
    image_alt: str = ""
    noindex: bool = False
    video: dict = field(default_factory=dict)


def page_meta(request, page) -> PageMeta:
    """Title, description, canonical URL and share card of a Wagtail page or of a plain view.

    Views that are not Wagtail pages (search results, error pages) are kept out of search
    engines' indexes: they are ways to find content, not content.
    """
    site = Site.find_for_request(request)
    brand = BrandSettings.for_visitors(site)
    if not isinstance(page, Page):
        return PageMeta(
            title=brand.name,
            description=DEFAULT_DESCRIPTION,
            canonical_url=canonical_url(request, None),
            site_name=brand.name,
            title_suffix=brand.title_suffix,
            noindex=True,
        )
    page = page.specific_deferred
    is_site_root = site is not None and site.root_page_id == page.pk
    meta = PageMeta(
        title=page.seo_title or (brand.home_title if is_site_root else page.title),
        description=page_description(page),
        canonical_url=canonical_url(request, page),
        site_name=brand.name,
        # The home page's title already names the site.
        title_suffix="" if is_site_root else brand.title_suffix,
    )
    if isinstance(page, FilmPage):
        meta.og_type = "video.movie"
        meta.image = rendition(page.hero_image, "hero.share", request)
        meta.image_alt = page.hero_alt_text
        meta.video = {
            "duration": page.runtime * 60 if page.runtime else None,
            "release_date": page.premiere_date.isoformat() if page.premiere_date else None,
        }
    return meta


def page_description(page: Page) -> str:
    """The editor's search description, else the synopsis or introduction, else the site's."""
    described = plain_text(page.search_description or getattr(page, "synopsis", ""), DESCRIPTION_LENGTH)
    return described or html_text(getattr(page, "intro", ""), DESCRIPTION_LENGTH) or DEFAULT_DESCRIPTION


def json_ld_script(data: dict) -> SafeString:
    """A JSON-LD data block: inert data (never executed, so a strict CSP allows it), escaped
    like Django's json_script so no value can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def iso_minutes(minutes: int | None) -> str | None:
    if not minutes:
        return None
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def organisation(partner) -> dict:
    data = {"@type": "Organization", "name": partner.name}
    if partner.url:
        data["url"] = partner.url
    return data


def blocks_json_ld(stream, request) -> list[dict]:
    """What the blocks of a StreamField say about the film in schema.org terms, in page order:
    each block that has something to say gives it through its ``json_ld`` method (film/blocks/)."""
    items = []
    for block in stream:
        json_ld = getattr(block.block, "json_ld", None)
        data = json_ld(block.value, request) if json_ld else None
        if data:
            items.append(data)
    return items


def film_structured_data(page: FilmPage, request, filmmakers=None) -> dict:
    """schema.org Movie for a film page, built from the same fields the page shows."""
    url = public_url(page)
    data = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "@id": f"{url}#film",
        "name": page.title,
        "url": url,
        "description": page.synopsis,
        "genre": "Documentary",
    }
    image = rendition(page.hero_image, "hero.share", request)
    if image:
        data["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            **{k: image[k] for k in ("width", "height")},
        }
    if page.runtime:
        data["duration"] = iso_minutes(page.runtime)
    data["datePublished"] = page.premiere_date.isoformat() if page.premiere_date else str(page.year)
    season = page.shown_season
    if season is not None:
        # The strand's season the film premiered in (schema.org partOfSeason/TVSeason).
        data["partOfSeason"] = {
            "@type": "TVSeason",
            "seasonNumber": season.number,
            "name": season.label,
            "url": season.get_full_url(request),
            "startDate": str(season.year),
        }

    people = filmmakers if filmmakers is not None else list(page.filmmakers.all())
    for person in people:
        role = (person.role or "").lower()
        prop = "director" if "director" in role else "producer" if "producer" in role else "contributor"
        data.setdefault(prop, []).append({"@type": "Person", "name": person.name})

    for _heading, links in page.partner_groups:
        for link in links:
            prop = PARTNER_PROPERTIES.get(link.role, "sponsor")
            data.setdefault(prop, []).append(organisation(link.partner))

    trailer = blocks_json_ld(page.trailer, request)
    if trailer:
        data["trailer"] = trailer[0]
    # Clips (interview videos included) and reviews, in page order; the pull quote's review first.
    body = blocks_json_ld(page.body, request)
    clips = [item for item in body if item["@type"] == "VideoObject"]
    if clips:
        data["video"] = clips
    reviews = blocks_json_ld(page.pull_quote, request) + [item for item in body if item["@type"] == "Review"]
    if reviews:
        data["review"] = reviews
    return data
