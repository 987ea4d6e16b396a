from django import template

from film.publishing import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context) -> seo.PageMeta:
    """``{% page_meta as meta %}``: title, description, canonical URL and share card for this page."""
    return seo.page_meta(context["request"], context.get("page"))


@register.simple_tag(takes_context=True)
def film_json_ld(context, page):
    """The film's schema.org Movie as a JSON-LD data block."""
    data = seo.film_structured_data(page, context["request"], filmmakers=context.get("filmmakers"))
    return seo.json_ld_script(data)
