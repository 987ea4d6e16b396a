"""What a visitor may see."""

from django.http import HttpRequest
from django.utils import timezone

from wagtail.models import Page

from .cache.lookups import private_q


def live_and_public(queryset):
    """Like `.live().public()`, without Wagtail's query for the view restrictions.

    The restricted pages' paths come from the cache (core.cache.lookups): with none, the
    privacy check adds nothing to the SQL; with some, it is a few path prefixes.
    """
    return queryset.live().exclude(private_q())


def page_is_visible(page: Page, request: HttpRequest | None = None) -> bool:
    """Whether a visitor may see this one page: live, not expired, no view restriction on it or above.

    With a request, a restriction that visitor has passed (the password given, signed in, in
    the group) does not hide the page; without one, the answer is for an anonymous visitor.
    """
    if not page.live or (page.expire_at is not None and page.expire_at <= timezone.now()):
        return False
    restrictions = page.get_view_restrictions()
    if request is None:
        return not restrictions.exists()
    return all(restriction.accept_request(request) for restriction in restrictions)
