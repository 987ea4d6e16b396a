from django.conf import settings

from . import signed_in
from . import store as page_cache

# Responses are stored with the headers a browser or CDN needs, nothing per-visitor.
STORED_HEADERS = {
    "cache-control",
    "content-language",
    "content-disposition",
    "content-type",
    "etag",
    "last-modified",
    "vary",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "content-security-policy",
    "permissions-policy",
}


class PageCacheMiddleware:
    """Serve GET/HEAD requests for public pages from the cache to everyone not signed in.

    Only responses that pages mark `Cache-Control: public` (see `CachedPageMixin`) are
    stored, so previews, private pages, search results and forms never are. The cache is
    skipped only for people signed in (a signed marker cookie, checked without the database:
    see signed_in.py); any other cookie, a made-up session included, gets the stored page.

    A page's entry is keyed by the query parameters the page reads (`cache_query_params`,
    remembered per path under the content version) and stored only from a request whose
    parameters are the page's own normalised ones (`cache_query()`): made-up values and
    parameters no page reads are answered, or served the page they amount to, but never
    stored, so they cannot fill the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with page_cache.one_version():
            return self.respond(request)

    def respond(self, request):
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            signed_in.update_marker(request, response)
            return response
        version = page_cache.current_version()
        reads_key = page_cache.reads_key(request, version)
        reads = page_cache.cache().get(reads_key)
        if reads is not None:
            stored = page_cache.stored_response(request, version, page_cache.read_query(request, reads))
            if stored is not None:
                return stored
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            reads = response.page_cache_params
            entries = {reads_key: reads}
            if page_cache.is_canonical(request, reads, response.page_cache_query):
                headers = [
                    (name, value) for name, value in response.items() if name.lower() in STORED_HEADERS
                ]
                entries[page_cache.page_key(request, version, response.page_cache_query)] = (
                    response.status_code,
                    headers,
                    response.content,
                )
            page_cache.cache().set_many(entries, settings.PAGE_CACHE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def is_cacheable_request(request) -> bool:
        if request.method not in ("GET", "HEAD") or signed_in.is_signed_in(request):
            return False
        # Previews are served under the admin's address.
        return not page_cache.is_excluded_path(request.path)

    @staticmethod
    def is_cacheable_response(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and hasattr(response, "page_cache_query")
            and all(is_stale_session_cookie(name, morsel) for name, morsel in response.cookies.items())
            and "public" in response.get("Cache-Control", "")
        )


def is_stale_session_cookie(name: str, morsel) -> bool:
    """Django deleting a session cookie that named no session (made up or expired): nothing
    per-visitor is in that response, and the stored copy keeps no Set-Cookie anyway."""
    return name == settings.SESSION_COOKIE_NAME and morsel["max-age"] == 0
