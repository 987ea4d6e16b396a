from django.conf import settings
from django.http import HttpResponse

from . import store as page_cache

# Responses are stored with the headers a browser or CDN needs, nothing per-visitor.
STORED_HEADERS = {
    "cache-control",
    "content-language",
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
    """Serve anonymous GET/HEAD requests for public pages from the cache.

    Only responses that pages mark `Cache-Control: public` (see `CachedPageMixin`) are
    stored, so previews, private pages, search results, forms and anything with a
    cookie are never cached. Visitors who carry a session cookie (editors, people who
    unlocked a private page) always get a fresh render.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        key = page_cache.page_key(request, page_cache.current_version())
        stored = page_cache.cache().get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            headers = [(name, value) for name, value in response.items() if name.lower() in STORED_HEADERS]
            page_cache.cache().set(
                key, (response.status_code, headers, response.content), settings.PAGE_CACHE_TIMEOUT
            )
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def is_cacheable_request(request) -> bool:
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        if page_cache.is_excluded_path(request.path):
            return False
        # Unknown parameters would let anyone fill the cache with variants of one page.
        return set(request.GET) <= settings.PAGE_CACHE_QUERY_PARAMS

    @staticmethod
    def is_cacheable_response(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "public" in response.get("Cache-Control", "")
        )
