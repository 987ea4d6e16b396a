import functools

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import timezone

from .cache import store as page_cache
from .links import public_url
from .visibility import ExpiringPageMixin


class CachedPageMixin(ExpiringPageMixin):
    """Pages that anonymous visitors may be served from the page cache and a CDN.

    Privacy is Wagtail's own check on every uncached request (two queries: the page's
    ancestors and their view restrictions), so no cached answer can outlive a restriction.

    Templates may also keep expensive fragments with `{% wagtailpagecache fragment_timeout
    name %}`: the page's cache key carries the content version and the date, so they are
    invalidated like whole pages, and Wagtail never stores one from a preview.
    """

    # The query parameters the page reads; the page cache keys its entries by these alone.
    cache_query_params: tuple[str, ...] = ()

    def cache_query(self, request) -> list[tuple[str, str]]:
        """The parameters of `request` as the page understood them: valid values only, defaults
        left out. The page cache stores only the answer to exactly these; it is the canonical URL's
        query too. Pages that read parameters override it."""
        return []

    def get_cache_key_components(self) -> list:
        # Fragments show other content (partners, images, upcoming films): any publish
        # changes them. The date changes what they derive from it (streaming status).
        return [*super().get_cache_key_components(), page_cache.current_version(), timezone.localdate()]

    def get_sitemap_urls(self, request=None):
        # The sitemap names the page by the URL its canonical link and share links use.
        return [
            {
                "location": public_url(self),
                "lastmod": self.last_published_at or self.latest_revision_created_at,
            }
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["fragment_timeout"] = settings.PAGE_CACHE_TIMEOUT
        return context

    def serve_password_required_response(self, request, form, action_url):
        # Wagtail passes the page's whole context: its title, synopsis and image would reach
        # the form's <head> (share card, description). The form is all this response shows.
        template = getattr(
            settings, "WAGTAIL_PASSWORD_REQUIRED_TEMPLATE", "wagtailcore/password_required.html"
        )
        return TemplateResponse(request, template, {"form": form, "action_url": action_url})

    def serve(self, request, *args, **kwargs):
        if not is_shared(request):
            response = super().serve(request, *args, **kwargs)
            page_cache.mark_private(response)
            return response
        canonical = self.cache_query(request)
        if not page_cache.is_canonical(request, self.cache_query_params, canonical):
            # Made-up values (`?topic=nosuch<n>`) amount to the canonical page: serve its stored
            # answer rather than render it again for every new value.
            stored = page_cache.stored_response(request, page_cache.current_version(), canonical)
            if stored is not None:
                return stored
        response = super().serve(request, *args, **kwargs)
        return mark_for_page_cache(request, response, self.cache_query_params, canonical)


def is_shared(request) -> bool:
    """Whether the request sees what everyone sees.

    Editors, and visitors whose session holds something (a private page they unlocked), do not.
    A session cookie that names no session (made up, expired) holds nothing: that visitor does.
    """
    holds_session = settings.SESSION_COOKIE_NAME in request.COOKIES and bool(request.session.keys())
    return not (getattr(request, "is_preview", False) or request.user.is_authenticated or holds_session)


def mark_for_page_cache(request, response, params: tuple[str, ...] = (), query: list | None = None):
    """Public for everyone who sees what everyone sees, so the page cache and a CDN keep it;
    private for everyone else."""
    if is_shared(request):
        page_cache.mark_public(response)
        response.page_cache_params = params
        response.page_cache_query = query or []
    else:
        page_cache.mark_private(response)
    return response


def cached_view(view):
    """A plain view (no query parameters read) whose answer the page cache keeps like a page's."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            mark_for_page_cache(request, response)
        return response

    return wrapped
