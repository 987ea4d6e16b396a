"""The broadcast schedule page, /schedule/: upcoming broadcasts week by week, in the strand's zone."""

import datetime
from itertools import groupby

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from core.pages import cached_view
from film import schedule
from film.models import FilmBroadcast
from film.publishing.calendars import with_films

# Weeks the page shows from this one; the calendar (/schedule.ics) holds every upcoming broadcast.
WEEKS_SHOWN = 13


@require_safe
@cached_view
def schedule_page(request):
    zone = schedule.strand_zone()
    since = schedule.upcoming_from(strand=zone)
    until = since + datetime.timedelta(weeks=WEEKS_SHOWN)
    broadcasts = list(
        with_films(FilmBroadcast.objects.of_visible_films().upcoming()).filter(starts_at__lt=until)
    )
    for broadcast in broadcasts:
        broadcast.local_start = broadcast.moment(zone)[0].astimezone(zone)
        broadcast.film_url = broadcast.film.get_url(request)
    weeks = [
        {"monday": monday, "broadcasts": list(rows)}
        for monday, rows in groupby(broadcasts, key=lambda b: schedule.week_start(b.local_start.date()))
    ]
    context = {"weeks": weeks, "strand_zone": zone, "weeks_shown": WEEKS_SHOWN}
    return TemplateResponse(request, "film/schedule.html", context)
