"""A lookup Wagtail repeats on every request, kept in the cache under the content version.

Wagtail finds the request's Site (and its root page) with database queries on every
request. It changes only through edits that bump the page-cache version (see signals.py),
so it is cached under that version: a change is seen by the very next request, as with
cached pages. (View restrictions are not cached: see core/visibility.py.)
"""

from contextlib import suppress

from django.db import DatabaseError
from django.http.request import split_domain_port

from wagtail.models import Site

from . import store as page_cache


def site_for_request(request) -> Site | None:
    """The Site serving `request`, its root page already the specific page (no query when cached)."""
    hostname = split_domain_port(request._get_raw_host())[0]

    def find() -> Site | None:
        site = Site.find_for_request(request)
        if site is not None:
            # The router starts from the root page's specific class: keep that, not the base Page.
            site.root_page = site.root_page.specific
        return site

    return page_cache.remember(page_cache.versioned_key("site", hostname, request.get_port()), find)


class SiteMiddleware:
    """Give public requests their Site from the cache, so routing starts without a query.

    The admin is left to Wagtail's own lookup: editors must see the root page as it is now,
    drafts included, not as it was at the last publish.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not page_cache.is_excluded_path(request.path):
            # Views that need no database (/healthz) still answer when it is down; the others
            # meet the error where Wagtail looks the site up itself.
            with suppress(DatabaseError):
                request._wagtail_site = site_for_request(request)
        return self.get_response(request)
