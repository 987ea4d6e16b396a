"""Site search across live, public films: the results page and the header box's suggestions.

Both responses are per query and must never be stored by the page cache or a CDN, so they are
`never_cache` (Cache-Control: private, no-cache, no-store).
"""

import logging

from django.db import DatabaseError
from django.db.models import F, Q
from django.http import JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import normalise_query_string

from core.http.limits import SEARCHES
from core.visibility import visible_pages

from .forms import SearchForm
from .query import ParsedQuery
from .service import SORTS, Facets, FilmSearch, Filters, SearchUnavailable, suggest

logger = logging.getLogger(__name__)

NO_RESULTS_FILMS = 3


def promotions(query: ParsedQuery) -> list[SearchPromotion]:
    """Editors' picks for this query: external links, and pages a visitor may see."""
    picks = SearchPromotion.objects.filter(query__query_string=normalise_query_string(query.text))
    return list(picks.filter(Q(page__isnull=True) | Q(page__in=visible_pages())).select_related("page"))


def log_search(query: ParsedQuery) -> None:
    """Count a hit for the admin's "Search terms" report (Reports menu).

    A counter must never cost a visitor their results (e.g. SQLite busy with another writer).
    Today's counter is incremented in place (one query); `add_hit` creates it on the first hit.
    """
    try:
        logged, today = Query.get(query.text), timezone.now().date()  # the date add_hit uses
        if not logged.daily_hits.filter(date=today).update(hits=F("hits") + 1):
            logged.add_hit(today)
    except DatabaseError:
        logger.warning("Could not count a hit for a search", exc_info=True)


def link(params: QueryDict, **changes: str | None) -> str:
    """This page's query string with some parameters changed (None removes one), back on page 1."""
    params = params.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return f"?{params.urlencode()}" if params else "?"


def add_links(params: QueryDict, facets: Facets, filters: Filters) -> list[tuple[str, str]]:
    """Give every filter option its link; return the active filters as (label, link removing it)."""
    active = []
    choices = [("topic", facets.topics), ("year", facets.years), ("season", facets.seasons)]
    for name, options in (*choices, ("partner", facets.partners)):
        for option in options:
            option.url = link(params, **{name: None if option.selected else option.value})
    if filters.topic:
        active.append((f"Topic: {filters.topic.name}", link(params, topic=None)))
    if filters.year:
        active.append((f"Year: {filters.year}", link(params, year=None)))
    if filters.season:
        active.append((filters.season.label, link(params, season=None)))
    if filters.partner:
        active.append((f"Partner: {filters.partner.name}", link(params, partner=None)))
    if filters.streaming:
        active.append(("Streaming now", link(params, streaming=None)))
    return active


@never_cache
def search(request):
    form = SearchForm(request.GET)
    query = form.parsed_query()
    filters = form.filters()
    film_search = FilmSearch(query, filters, form.sort_order(query))
    context = {
        "search_query": query.text,
        "query": query,
        "filters": filters,
        "film_search": film_search,
        "sorts": SORTS,
        "notices": form.notices,
    }
    searching = bool(query) or filters.active()
    if searching:
        # Even with its matches and counts cached a search costs thirty times a cached page (its
        # films, promotions, the hit counter): each one waits for a slot, so a flood cannot hold
        # every thread while pages wait.
        SEARCHES.take()
    status = 200
    try:
        status = run_search(request, form, film_search, context) if searching else status
    except SearchUnavailable:
        status = 503
        context["page_problem"] = "Search is not available right now: please try again in a few minutes."
    return TemplateResponse(request, "search/search.html", context, status=status)


def run_search(request, form: SearchForm, film_search: FilmSearch, context: dict) -> int:
    """Fill `context` with results, filters, promotions and suggestions; return the status."""
    query, filters = film_search.query, film_search.filters
    status = 200
    if form.page_error:
        status = 400
        context["page_problem"] = f"“{form.raw('page')}” is not a page number."
    else:
        paginator = film_search.paginator()
        number = form.page_number()
        if number > paginator.num_pages:
            status = 404
            context["page_problem"] = (
                f"There is no page {number}: these results have {paginator.num_pages} "
                f"page{'s' if paginator.num_pages != 1 else ''}."
            )
            context["last_page"] = paginator.num_pages
        else:
            results = film_search.page(paginator, number)
            facets = film_search.facets()
            first_page = number == 1 and not filters.active()
            context.update(
                results=results,
                facets=facets,
                active_filters=add_links(request.GET, facets, filters),
                streaming_url=link(request.GET, streaming=None if filters.streaming else "now"),
                sort_links=[
                    (label, link(request.GET, sort=key), key == film_search.sort)
                    for key, label in SORTS.items()
                ],
                clear_filters_url=link(
                    request.GET, topic=None, year=None, season=None, partner=None, streaming=None
                ),
                promotions=promotions(query) if query and first_page else [],
            )
            if query and first_page:
                log_search(query)
            if not paginator.count:
                titles = suggest(query.prefix_text(), limit=3) if query else []
                context["suggestions"] = [suggestion.film for suggestion in titles]
                context["latest_films"] = film_search.newest(NO_RESULTS_FILMS)
    return status


@never_cache
def autocomplete(request):
    """Up to eight films for what has been typed so far, as JSON: title, url, year and why it matched."""
    query = ParsedQuery.parse(request.GET.get("q", ""))
    try:
        suggestions = suggest(query.prefix_text())
    except SearchUnavailable:
        return JsonResponse({"query": query.text, "results": []}, status=503)
    return JsonResponse(
        {
            "query": query.text,
            "results": [
                {"title": film.title, "url": film.get_url(request), "year": film.year, "reason": reason}
                for film, reason in ((s.film, s.reason) for s in suggestions)
            ],
        }
    )
