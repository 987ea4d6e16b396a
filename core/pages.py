from django.conf import settings
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

    def get_cache_key_components(self) -> list:
        # Fragments show other content (partners, images, upcoming films): any publish
        # changes them. The date changes what they derive from it (streaming status).
        return [*super().get_cache_key_components(), page_cache.current_version(), timezone.localdate()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["fragment_timeout"] = settings.PAGE_CACHE_TIMEOUT
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Anyone with a session (editors, visitors who unlocked a private page) gets a
        # response no shared cache may keep.
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if getattr(request, "is_preview", False) or has_session or request.user.is_authenticated:
            page_cache.mark_private(response)
        else:
            page_cache.mark_public(response)
        return response
