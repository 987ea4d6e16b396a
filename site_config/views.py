"""Plain views that belong to the whole site rather than to an app."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.links import absolute_url

# Endless search-result and API permutations are no use to crawlers. The admin is left out
# on purpose: naming its address here would advertise it (it answers crawlers with a login).
DISALLOWED_PATHS = ("/search/", "/api/")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED_PATHS)]
    lines += ["", f"Sitemap: {absolute_url(request, reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
