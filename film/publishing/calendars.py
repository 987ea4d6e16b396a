"""iCalendar (RFC 5545) for the schedule: every upcoming broadcast, one film's, or one broadcast.

A broadcast's UID is `broadcast-<pk>@<host of the Site's root URL>`: the same in every
download and every refresh of a subscription, so a calendar app updates the event it has
instead of adding another. Times carry the zone they were given in (TZID, with its
VTIMEZONE); a broadcast without an announced time is an all-day event on its day. Only films
a visitor may see appear (core/visibility.py); a hidden film's calendars answer 404.
"""

import datetime
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.links import absolute_url, site_root_url
from core.pages import cached_view
from film import schedule
from film.models import FilmBroadcast, FilmPage

PRODUCT_ID = "-//Strand//Broadcast schedule//EN"


def broadcast_uid(broadcast: FilmBroadcast, host: str) -> str:
    return f"broadcast-{broadcast.pk}@{host}"


def summary(broadcast: FilmBroadcast) -> str:
    return f"{broadcast.film.title} ({broadcast.get_kind_display()})"


def event(broadcast: FilmBroadcast, request, host: str) -> Event:
    film = broadcast.film
    url = absolute_url(request, film.get_url(request))
    entry = Event()
    entry.add("uid", broadcast_uid(broadcast, host))
    # Without a METHOD, DTSTAMP is when the event last changed: the film's last publish.
    entry.add("dtstamp", (film.last_published_at or timezone.now()).astimezone(datetime.UTC))
    starts_at, ends_at = broadcast.moment(schedule.strand_zone())
    if ends_at is None:
        entry.add("dtstart", broadcast.date)
        entry.add("dtend", broadcast.date + datetime.timedelta(days=1))
    else:
        entry.add("dtstart", starts_at)
        entry.add("dtend", ends_at)
    entry.add("summary", summary(broadcast))
    entry.add("url", url)
    entry.add("categories", [broadcast.get_kind_display()])
    description = [
        broadcast.note,
        f"Programme code: {broadcast.programme_code}" if broadcast.programme_code else "",
    ]
    entry.add("description", "\n".join([line for line in description if line] + [url]))
    return entry


def calendar(broadcasts, request, name: str) -> bytes:
    """A VCALENDAR of `broadcasts` (films selected with them), with a VTIMEZONE for every TZID.

    The strand's zone is always described, so even an empty schedule holds a component, as
    RFC 5545 requires."""
    host = urlsplit(site_root_url(request)).hostname or "strand"
    document = Calendar()
    document.add("prodid", PRODUCT_ID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("x-wr-calname", name)
    document.add_component(Timezone.from_tzid(schedule.strand_zone().key))
    for broadcast in broadcasts:
        document.add_component(event(broadcast, request, host))
    document.add_missing_timezones()
    return document.to_ical()


def ics_response(content: bytes, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def with_films(broadcasts):
    """Broadcasts with the few facts of their films an event or a listing needs, in one query."""
    return broadcasts.select_related("film").defer(*(f"film__{name}" for name in HEAVY_FILM_FIELDS))


# Film fields no event or listing reads: the StreamFields and the long texts.
HEAVY_FILM_FIELDS = ("body", "pull_quote", "trailer", "synopsis", "search_description")


@require_safe
@cached_view
def schedule_ics(request):
    """Every upcoming broadcast: the address a calendar app subscribes to."""
    broadcasts = with_films(FilmBroadcast.objects.of_visible_films().upcoming())
    return ics_response(calendar(broadcasts, request, "Strand broadcast schedule"))


@require_safe
@cached_view
def film_ics(request, slug: str):
    """One film's upcoming broadcasts, for "Add to calendar" on its page."""
    film = FilmPage.objects.visible().defer_streamfields().filter(slug=slug).first()
    if film is None:
        raise Http404("No such film")
    broadcasts = list(film.broadcasts.upcoming())
    for broadcast in broadcasts:
        broadcast.film = film
    return ics_response(calendar(broadcasts, request, film.title), f"{film.slug}.ics")


@require_safe
@cached_view
def broadcast_ics(request, pk: int):
    """One broadcast, for its own "Add to calendar" link."""
    broadcast = with_films(FilmBroadcast.objects.of_visible_films()).filter(pk=pk).first()
    if broadcast is None:
        raise Http404("No such broadcast")
    filename = f"{broadcast.film.slug}-{broadcast.date:%Y-%m-%d}-{broadcast.kind}.ics"
    return ics_response(calendar([broadcast], request, broadcast.film.title), filename)
