"""Site search across live, public films."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from film.models import FilmPage

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    results = FilmPage.objects.none()
    if query:
        results = FilmPage.objects.live().public().select_related("hero_image").search(query)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"search_query": query, "results": page})
