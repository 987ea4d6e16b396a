from django.conf import settings

from . import cache as page_cache


class CachedPageMixin:
    """Pages that anonymous visitors may be served from the page cache and a CDN."""

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
