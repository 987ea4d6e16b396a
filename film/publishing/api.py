"""The read-only films endpoint of the headless API (Wagtail API v2), mounted at /api/v2/films/.

Only live films that anonymous visitors may see are listed or shown: the queryset starts
from Wagtail's public-pages queryset for the request's Site and is restricted to films.
"""

from rest_framework.filters import BaseFilterBackend

from django.db.models import Q
from django.utils import timezone

from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet

from film.models import FilmPage


class FilmFilter(BaseFilterBackend):
    """?topic=<slug>, ?partner=<id or name>, ?streaming_now=true|false.

    ``?year=`` is one of the film's API fields, which Wagtail's field filter handles.
    """

    def filter_queryset(self, request, queryset, view):
        topic = request.GET.get("topic", "").strip()
        if topic:
            queryset = queryset.filter(topics__slug=topic).distinct()
        partner = request.GET.get("partner", "").strip()
        if partner:
            match = Q(film_partners__partner__name__iexact=partner)
            if partner.isdigit():
                match |= Q(film_partners__partner_id=int(partner))
            queryset = queryset.filter(match).distinct()
        if "streaming_now" in request.GET:
            try:
                streaming_now = parse_boolean(request.GET["streaming_now"])
            except ValueError as error:
                raise BadRequestError("streaming_now must be true or false") from error
            window = streaming_now_q(timezone.localdate())
            queryset = queryset.filter(window) if streaming_now else queryset.exclude(window)
        return queryset


def streaming_now_q(today) -> Q:
    """FilmPage.streaming_now as a query: a window that has started and not yet ended."""
    has_window = Q(streaming_start__isnull=False) | Q(streaming_end__isnull=False)
    started = Q(streaming_start__isnull=True) | Q(streaming_start__lte=today)
    not_ended = Q(streaming_end__isnull=True) | Q(streaming_end__gte=today)
    return has_window & started & not_ended


class FilmsAPIViewSet(PagesAPIViewSet):
    model = FilmPage
    name = "films"
    filter_backends = [FilmFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = (PagesAPIViewSet.known_query_parameters - {"type"}) | {
        "topic",
        "partner",
        "streaming_now",
    }
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "synopsis",
        "year",
        "runtime",
        "topics",
        "streaming_status",
    ]

    def get_queryset(self):
        # Always films, whatever ?type= says: this endpoint must not become a window on other pages.
        public = self.get_base_queryset().values_list("pk", flat=True)
        return FilmPage.objects.filter(pk__in=public).order_by("-year", "-premiere_date", "title")
