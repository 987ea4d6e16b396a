"""Keep the search index in step with what visitors can see.

Wagtail indexes a page on `post_save`, which fires before modelcluster saves the page's
child relations (topics, filmmakers, partners): on its own, publishing a film with a new topic
would index the old topics. Reindexing on `page_published`, sent once everything is saved,
makes a publish searchable at once. A renamed partner reindexes the films it is linked to.
"""

from wagtail.search import index
from wagtail.search.backends import get_search_backends

from film.models import FilmPage


def reindex_published_page(sender, instance, **kwargs):
    if index.class_is_indexed(type(instance)):
        index.insert_or_update_object(instance)


def reindex_partner_films(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        return
    films = FilmPage.get_indexed_objects().filter(film_partners__partner=instance).distinct()
    if films.exists():
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(FilmPage, films)
