from django.conf import settings
from django.utils import timezone

from .cache import store as page_cache
from .visibility import ExpiringPageMixin


class CachedPageMixin(ExpiringPageMixin):
    """Pages that anonymous visitors may be served from the page cache and a CDN.

    Privacy is Wagtail's own check on every uncached request (two queries: the page's
    ancestors and their view restrictions), so no cached answer can outlive a restriction.

    Templates may also keep expensive fragments with `{% cache fragment_timeout name ...
    page_cache_version today request.is_preview %}`: the content version and the date
    invalidate them like whole pages, and previews never store one.
    """

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        preview = getattr(request, "is_preview", False)
        context["page_cache_version"] = page_cache.current_version()
        context["fragment_timeout"] = 0 if preview else settings.PAGE_CACHE_TIMEOUT
        context["today"] = timezone.localdate()
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
