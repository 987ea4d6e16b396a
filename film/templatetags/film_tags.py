from django import template

from wagtail.models import Site

from core.cache import store as page_cache
from core.links import public_url
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


@register.inclusion_tag("includes/share.html")
def share_links(page):
    """Plain share links: no third-party script or request until a visitor clicks.

    The page's URL on its Site, as its canonical link: never the request's Host (core/links.py).
    """
    return {"url": public_url(page), "title": page.title}
