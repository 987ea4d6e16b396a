from django import template

register = template.Library()


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_links(context, page):
    """Plain share links: no third-party script or request until a visitor clicks."""
    request = context.get("request")
    url = request.build_absolute_uri(page.url) if request else page.full_url
    return {"url": url, "title": page.title}
