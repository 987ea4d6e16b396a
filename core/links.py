"""Absolute URLs for things shown outside the site: feeds, share cards, structured data, the API.

They are built from the Wagtail Site that serves the request (its configured hostname),
never from the request's Host header, so a forged Host cannot end up in a canonical link,
a share card, a feed or an API response.
"""

import re
from urllib.parse import urlsplit

from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from . import renditions

# href="/..." and src="/..." (site-relative, not protocol-relative "//host/...").
RELATIVE_LINK = re.compile(r'(\b(?:href|src)=")(/(?!/)[^"]*)"')


def site_root_url(request) -> str:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def absolute_url(request, url: str) -> str:
    """``url`` made absolute against the site's root URL; absolute URLs are returned as they are."""
    if not url or urlsplit(url).scheme:
        return url
    return site_root_url(request) + ("" if url.startswith("/") else "/") + url


def rendition(image, variant: str, request) -> dict | None:
    """URL (absolute) and size of ``image``'s rendition ``variant`` (core/renditions.py), or None.

    None when there is no image, when a visitor asks before any rendition of it is drawn
    (it is queued), or when the original file is missing (e.g. media not copied to this
    server): the image is left out rather than failing the page, as the image tags do.
    """
    if image is None:
        return None
    try:
        found = renditions.renditions(image, variant, request)
    except SourceImageIOError:
        return None
    if not found:
        return None
    rendered = next(iter(found.values()))
    return {"url": absolute_url(request, rendered.url), "width": rendered.width, "height": rendered.height}


def absolute_links(html: str, request) -> str:
    """Rich text links are site-relative; read anywhere else (a feed reader, an app) they must be absolute."""
    root_url = site_root_url(request)
    return RELATIVE_LINK.sub(lambda match: f'{match[1]}{root_url}{match[2]}"', html)


def image_json(image, variant: str, request, alt: str | None = None) -> dict | None:
    """An image as the API shows it: a rendition (absolute URL, size) with its alt text.

    ``alt`` defaults to the image's own description; pass "" for decorative images.
    """
    data = rendition(image, variant, request)
    if data is not None:
        data["alt"] = image.description if alt is None else alt
    return data


def document_json(document, request) -> dict | None:
    """A document as the API shows it: a link, never a database id."""
    if document is None:
        return None
    return {
        "title": document.title,
        "url": absolute_url(request, document.url),
        "file_extension": document.file_extension,
    }


def public_url(page) -> str:
    """The address visitors use for ``page``, from its Site's root URL; "" while it is not live.

    ``page.full_url`` gives a draft an address too, which leads nowhere.
    """
    if not page.live:
        return ""
    parts = page.get_url_parts()
    if parts is None:  # not under any Site's root page
        return ""
    _, root_url, path = parts
    return root_url + path
