"""What a visitor may see: the one rule every channel asks.

A page is visible when it is live, public (no view restriction on it or an ancestor) and
not past its expiry time. ``expire_at`` counts from the moment it passes, not from when
``publish_scheduled`` next runs and unpublishes the page.
"""

import datetime

from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpRequest
from django.utils import timezone

from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet


def not_expired_q(now: datetime.datetime | None = None) -> Q:
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now or timezone.now())


def is_expired(page: Page, now: datetime.datetime | None = None) -> bool:
    """`not_expired_q` for one page already loaded."""
    return page.expire_at is not None and page.expire_at <= (now or timezone.now())


def next_expiry(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the next live page passes its expiry time, and so stops being visible."""
    upcoming = Page.objects.live().filter(expire_at__gt=now or timezone.now())
    return upcoming.aggregate(next=Min("expire_at"))["next"]


def restricted_q() -> Q:
    """Pages under a view restriction (on them or an ancestor), as Wagtail's `private_q()`.

    Wagtail reads every restriction first (a query per listing) and caches nothing; this
    reads them inside the listing's own query, so a restriction however it was written
    (the admin, bulk_create, QuerySet.update, raw SQL) hides its pages from the next query.
    An `id IN (subquery)` rather than a bare EXISTS: search backends accept it as a filter.
    """
    on_self_or_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    # The first condition is asked once per query: a site without restrictions skips the
    # page-by-page check (a scan of every page) altogether.
    any_restriction = Exists(PageViewRestriction.objects.all())
    return Q(id__in=Page.objects.order_by().filter(any_restriction, Exists(on_self_or_ancestor)).values("id"))


class VisiblePageQuerySet(PageQuerySet):
    def visible_q(self, now: datetime.datetime | None = None) -> Q:
        return self.live_q() & ~restricted_q() & not_expired_q(now)

    def visible(self, now: datetime.datetime | None = None) -> "VisiblePageQuerySet":
        """Live, public, not expired: what an anonymous visitor may see."""
        return self.filter(self.visible_q(now))


def visible_pages() -> VisiblePageQuerySet:
    """Every visible page, of any type (for the sitemap and search promotions)."""
    return VisiblePageQuerySet(Page).order_by("path").visible()


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


class ExpiringPageMixin:
    """A page past its expiry time answers 404 at once, as it vanishes from listings."""

    def route(self, request, path_components):
        if not path_components and is_expired(self):
            raise Http404
        return super().route(request, path_components)


def any_visible_to(page_ids: set[int], request: HttpRequest) -> bool:
    """Whether the visitor making ``request`` may see at least one of the pages.

    As `visible()`, except that a view restriction this visitor has passed (the password given,
    signed in, in the group) does not hide a page: Wagtail's own check, for every restriction on
    the pages and their ancestors read at once (three queries however many pages).
    """
    paths = list(Page.objects.live().filter(not_expired_q(), pk__in=page_ids).values_list("path", flat=True))
    if not paths:
        return False
    ancestors = {path[:end] for path in paths for end in range(Page.steplen, len(path) + 1, Page.steplen)}
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=ancestors)
        .select_related("page")
        .prefetch_related("groups")
    )
    return any(
        all(
            restriction.accept_request(request)
            for restriction in restrictions
            if path.startswith(restriction.page.path)
        )
        for path in paths
    )
