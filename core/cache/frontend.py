"""The HTTP caches in front of the app servers (Varnish, a CDN), emptied on every content change.

One change shows on many pages (every film page lists upcoming films and its partners; the
home page, the film index, feeds and the sitemap list films), and the app's own page cache
already answers that with one version number for the whole site (store.bump_version). The
caches in front follow the same rule: a purge of the site's root, which deploy/varnish/strand.vcl
turns into a ban of every object. Delivery is Wagtail's frontend cache (its purge task and
backends, configured by FRONTEND_CACHE_PURGE_URL); this backend adds the timeout Wagtail's
HTTP backend lacks, so a hung Varnish costs an editor's publish two seconds, not a hang.
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import purge_url_from_cache
from wagtail.models import Site

logger = logging.getLogger("strand.cache")


class TimeoutHTTPBackend(HTTPBackend):
    """Wagtail's HTTP purge backend (PURGE <path> with the page's Host), bounded by TIMEOUT seconds."""

    def __init__(self, params):
        self.timeout = params.pop("TIMEOUT", 2)
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""]),
            headers={"Host": parts.netloc, "User-Agent": f"Wagtail-frontendcache/{__version__}"},
        )
        try:
            urlopen(request, timeout=self.timeout)  # noqa: S310 - the configured purge URL
        except (URLError, OSError) as error:
            logger.error("Could not purge %s from %s: %s", url, self.cache_netloc, error)


def purge_site() -> None:
    """Empty the caches in front, if any are configured."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        purge_url_from_cache(site.root_url + "/")
