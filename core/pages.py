import functools

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import timezone

from .cache import store as page_cache
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
        response = super().serve(request, *args, **kwargs)
        return mark_for_page_cache(request, response, self.cache_query_params, self.cache_query(request))


def mark_for_page_cache(request, response, params: tuple[str, ...] = (), query: list | None = None):
    """Public for everyone who sees what everyone sees, so the page cache and a CDN keep it.

    Editors, and visitors whose session holds something (a private page they unlocked), get a
    response no shared cache may keep. A session cookie that names no session (made up,
    expired) holds nothing: that visitor sees what everyone sees.
    """
    holds_session = settings.SESSION_COOKIE_NAME in request.COOKIES and bool(request.session.keys())
    if getattr(request, "is_preview", False) or request.user.is_authenticated or holds_session:
        page_cache.mark_private(response)
    else:
        page_cache.mark_public(response)
        response.page_cache_params = params
        response.page_cache_query = query or []
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
