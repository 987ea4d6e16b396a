"""Absolute URLs for things shown outside the site: canonical links, share cards and share
links, structured data, feeds, the sitemap, robots.txt, the API.

The rule, in one place: an absolute URL is a Wagtail Site record's ``root_url`` (its hostname
and port, *Settings → Sites*) followed by the path. A page's URL is on the page's own Site
(``public_url``), any other path on the Site that serves the request (``absolute_url``). The
request's Host header at most chooses among the configured Sites (Wagtail falls back to the
default one); it never becomes part of a URL, so a forged Host cannot end up in a canonical
link, a share link, a feed, the sitemap or the page cache.
"""

import re
from urllib.parse import urlsplit

from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from . import renditions

# href="/..." and src="/..." (site-relative, not protocol-relative "//host/...").
RELATIVE_LINK = re.compile(r'(\b(?:href|src)=")(/(?!/)[^"]*)"')


def site_root_url(request) -> str:
    """The root URL ("http://127.0.0.1:8000", no trailing slash) of the Site serving ``request``."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def site_address(root_url: str) -> tuple[str, int]:
    """The Site hostname and port whose ``root_url`` is ``root_url`` ("https://films.example.org").

    Wagtail derives the scheme from the port (443 is https, any other http), so an https
    address on another port, a path or a query cannot be a Site's root URL: ValueError.
    """
    parts = urlsplit(root_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"{root_url!r} is not an http:// or https:// address.")
    if parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{root_url!r} must be a scheme, a host and a port only.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if (parts.scheme == "https") != (port == 443):
        raise ValueError(f"{root_url!r}: a Wagtail Site is https exactly when its port is 443.")
    return parts.hostname, port


def public_url(page) -> str:
    """The page's absolute URL on its own Site ("" for a page outside every Site).

    Wagtail's ``full_url`` (what the API's ``html_url`` shows): its Site's ``root_url`` and the
    page's path, read from the Site records (cached), never from a request.
    """
    return page.full_url or ""


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


def live_url(page) -> str:
    """The address visitors can use for ``page`` now: its ``public_url``, "" while it is not live
    (``full_url`` gives a draft an address too, which leads nowhere)."""
    return public_url(page) if page.live else ""
