from django import template

from wagtail.models import Site

from core.cache import store as page_cache
from film.models import FilmIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def film_index_url(context) -> str:
    """The URL of the site's film index ("" when it has none a visitor may see).

    Found by page type, not by its slug, so renaming or moving it keeps every link; kept
    under the content version, which a publish or move bumps.
    """
    request = context.get("request")
    site = Site.find_for_request(request)
    if site is None:
        return ""

    def find() -> str:
        index = FilmIndexPage.objects.in_site(site).visible().first()
        return index.get_url(request) if index else ""

    return page_cache.remember(page_cache.versioned_key("film-index-url", site.pk), find)


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_links(context, page):
    """Plain share links: no third-party script or request until a visitor clicks."""
    request = context.get("request")
    url = request.build_absolute_uri(page.url) if request else page.full_url
    return {"url": url, "title": page.title}
