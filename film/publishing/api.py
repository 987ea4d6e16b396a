"""The read-only films endpoint of the headless API (Wagtail API v2), mounted at /api/v2/films/.

Only visible films (core/visibility.py) are listed, shown or found, and only those of the
request's Site: Wagtail's public-pages queryset scopes the list (and answers ?site=).
"""

import re

from rest_framework.filters import BaseFilterBackend

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.http import Http404, QueryDict

from taggit.managers import TaggableManager
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.fields import StreamField

from core.http import params
from core.http.limits import SEARCHES
from film.models import FilmPage
from film.models.pages import visible_seasons
from film.streaming import Streaming, streaming_q

# Page ids, where "root" is also allowed (Wagtail's tree filters and ?id= of find/).
PAGE_ID_PARAMETERS = ("id", "child_of", "descendant_of", "ancestor_of", "translation_of")


def check_parameters(query: QueryDict, model: type[models.Model], field_names: list[str]) -> None:
    """One rule per parameter of the films endpoint, so that only a JSON 400 answers bad values.

    Wagtail's filters call int() or the database on what they get, and a NUL, an id beyond
    64 bits or an unknown search operator reached the database or the search backend as a 500.
    """
    params.free_of_control_characters(query)
    params.integer(query, "offset")
    params.integer(query, "limit")
    params.search_terms(query, "search")
    params.choice(query, "search_operator", ("and", "or"))
    params.slug(query, "topic")
    params.integer(query, "season", minimum=1, maximum=32767)  # a PositiveSmallIntegerField
    params.text(query, "partner")
    params.text(query, "html_path", max_length=2000)
    for name in PAGE_ID_PARAMETERS:
        if query.get(name) != "root":
            params.integer(query, name, minimum=1)
    # Field filters (?year=, ?premiere_date=, ...): a value the field could not hold.
    for name in set(field_names) & set(query) - {"locale", *PAGE_ID_PARAMETERS}:
        field = model._meta.get_field(name)
        if isinstance(field, StreamField):
            raise params.BadParameter(name, "cannot be filtered by")
        if isinstance(field, TaggableManager):  # tag names, any text
            continue
        column = getattr(field, "target_field", field)  # a relation is matched by its target's values
        try:
            column.to_python(query[name])
        except ValidationError as error:
            raise params.BadParameter(name, f"is not a valid value ({' '.join(error.messages)})") from error
        bounds = connection.ops.integer_field_ranges.get(column.get_internal_type())
        if bounds:
            params.integer(query, name, *bounds)


class FilmFilter(BaseFilterBackend):
    """?topic=<slug>, ?season=<number>, ?partner=<id or name>, ?streaming_now=true|false.

    ``?year=`` is one of the film's API fields, which Wagtail's field filter handles.
    """

    def filter_queryset(self, request, queryset, view):
        topic = request.GET.get("topic", "").strip()
        if topic:
            queryset = queryset.filter(topics__slug=topic).distinct()
        season = request.GET.get("season", "").strip()
        if season:  # checked by check_parameters; a season a visitor may see, as the "season" field
            queryset = queryset.filter(season__in=visible_seasons().filter(number=int(season)))
        partner = request.GET.get("partner", "").strip()
        if partner:
            match = Q(film_partners__partner__name__iexact=partner)
            if re.fullmatch(r"[0-9]{1,18}", partner):  # str.isdigit() also takes "²"
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
        "season",
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

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        # ?season= is the season's number (FilmFilter), not Wagtail's filter on the page id it holds.
        return [name for name in fields if not (db_fields_only and name == "season")]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if int(kwargs.get("pk", 0)) > params.MAX_INTEGER:  # the URL's <int:pk> takes any digits
            raise Http404("not found")
        fields = self.get_available_fields(self.model, db_fields_only=True)
        try:
            check_parameters(request.GET, self.model, fields)
        except params.BadParameter as error:
            raise BadRequestError(str(error)) from error
        if request.GET.get("search"):
            SEARCHES.take()  # nothing of the API is cached: every search is a search

    def get_queryset(self):
        # Always films, whatever ?type= says: this endpoint must not become a window on other pages.
        of_this_site = self.get_base_queryset().values_list("pk", flat=True)
        films = FilmPage.with_season(FilmPage.objects.visible().filter(pk__in=of_this_site))
        return films.order_by("-year", "-premiere_date", "title")
