from django.apps import AppConfig
from django.db.models.signals import post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from wagtail.signals import page_published

        from film.models import Partner

        from . import checks  # noqa: F401 (registers the search index tuning check)
        from .signals import reindex_partner_films, reindex_published_page

        page_published.connect(reindex_published_page, dispatch_uid="search.reindex_published_page")
        post_save.connect(reindex_partner_films, sender=Partner, dispatch_uid="search.reindex_partner_films")
