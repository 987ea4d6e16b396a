"""RSS and Atom feeds: newly published films, and the dated updates editors add to films.

Only visible films appear (core/visibility.py). Links are absolute URLs on the films' Wagtail Site, the
feed's own on the Site that serves the request (core/links.py).
"""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import slugify

from core.links import absolute_links, absolute_url, public_url, site_root_url
from film.models import FilmIndexPage, FilmPage

FEED_LENGTH = 20
# Films scanned for updates: updates live in page bodies, so they cannot be queried directly.
UPDATE_SCAN = 50


class SiteFeed(Feed):
    """Feeds whose own links come from the request's Wagtail Site."""

    url_name = ""

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self, request):
        index = FilmIndexPage.objects.visible().first()
        return public_url(index) if index else site_root_url(request) + "/"

    def feed_url(self, request):
        return absolute_url(request, reverse(self.url_name))


class NewFilmsFeed(SiteFeed):
    title = "Strand: new films"
    description = "Documentaries newly published on Strand, newest first."
    url_name = "feed-films"

    def items(self, request):
        films = list(
            FilmPage.objects.visible()
            .exclude(first_published_at__isnull=True)
            .prefetch_related("topics")
            .order_by("-first_published_at")[:FEED_LENGTH]
        )
        for film in films:
            film.feed_url = public_url(film)
        return films

    def item_title(self, film: FilmPage) -> str:
        return film.title

    def item_description(self, film: FilmPage) -> str:
        # Readers show RSS <description> and Atom type="html" as HTML; the synopsis is plain text.
        return escape(film.synopsis)

    def item_link(self, film: FilmPage) -> str:
        return film.feed_url

    def item_pubdate(self, film: FilmPage) -> datetime.datetime:
        return film.first_published_at

    def item_updateddate(self, film: FilmPage) -> datetime.datetime:
        return film.last_published_at or film.first_published_at

    def item_categories(self, film: FilmPage) -> list[str]:
        return [topic.name for topic in film.topics.all()]


class NewFilmsAtomFeed(NewFilmsFeed):
    feed_type = Atom1Feed
    subtitle = NewFilmsFeed.description
    url_name = "feed-films-atom"


class FilmUpdate:
    """One update block of a film, with what a feed item needs."""

    def __init__(self, film: FilmPage, value, request):
        film_url = public_url(film)
        self.film = film
        self.date = value["date"]
        self.headline = value["headline"]
        self.body = absolute_links(str(value["body"]), request)
        self.url = film_url
        # Updates have no address of their own: the film, date and headline identify one.
        self.guid = f"{film_url}#update-{self.date:%Y-%m-%d}-{slugify(self.headline)}"


class FilmUpdatesFeed(SiteFeed):
    title = "Strand: film updates"
    description = "News about Strand's films after release: awards, screenings and more."
    url_name = "feed-updates"

    def items(self, request):
        return [
            FilmUpdate(film, value, request)
            for film, value in FilmPage.latest_updates(limit=FEED_LENGTH, scan=UPDATE_SCAN)
        ]

    def item_title(self, update: FilmUpdate) -> str:
        return f"{update.film.title}: {update.headline}"

    def item_description(self, update: FilmUpdate) -> str:
        return update.body

    def item_link(self, update: FilmUpdate) -> str:
        return update.url

    def item_guid(self, update: FilmUpdate) -> str:
        return update.guid

    item_guid_is_permalink = False

    def item_pubdate(self, update: FilmUpdate) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(update.date, datetime.time()))


class FilmUpdatesAtomFeed(FilmUpdatesFeed):
    feed_type = Atom1Feed
    subtitle = FilmUpdatesFeed.description
    url_name = "feed-updates-atom"
