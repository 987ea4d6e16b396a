"""sitemap.xml: the request's Site, visible pages only (core/visibility.py)."""

from wagtail.contrib.sitemaps import Sitemap

from .visibility import visible_pages


class VisibleSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        return visible_pages().descendant_of(root, inclusive=True).defer_streamfields().specific()
