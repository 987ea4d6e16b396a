"""The read-only films endpoint of the headless API (Wagtail API v2), mounted at /api/v2/films/.

Only visible films (core/visibility.py) are listed, shown or found, and only those of the
request's Site: Wagtail's public-pages queryset scopes the list (and answers ?site=).
"""

from rest_framework.filters import BaseFilterBackend

from django.db.models import Q

from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet

from film.models import FilmPage
from film.streaming import Streaming, streaming_q


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
            now = streaming_q(Streaming.NOW)
            queryset = queryset.filter(now) if streaming_now else queryset.exclude(now)
        return queryset


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
        of_this_site = self.get_base_queryset().values_list("pk", flat=True)
        films = FilmPage.objects.visible().filter(pk__in=of_this_site)
        return films.order_by("-year", "-premiere_date", "title")
