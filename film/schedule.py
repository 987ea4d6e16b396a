"""When a broadcast airs: the one rule from a date, a time and a zone to a moment.

A broadcast's `date` and `time` are the wall clock of its own zone, or of the strand's zone
(Settings › Schedule of the default site) when it names none. `broadcast_moment` turns them
into aware datetimes; `FilmBroadcast.save` stores the start as `starts_at`, and whatever
writes broadcasts in bulk (the demo, the benchmark films, an import) calls the same function.
A broadcast whose time is not announced yet starts at midnight of its day (for sorting) and
has no end: calendars show it as an all-day event.
"""

import datetime
import functools
from collections.abc import Iterable
from zoneinfo import ZoneInfo, available_timezones

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.cache import store as page_cache

# Minutes a timed broadcast lasts when neither it nor its film gives a length.
DEFAULT_LENGTH = 60

PREMIERE_TWICE = (
    "A film has one premiere broadcast: make this one an encore, or remove it. "
    "The film's premiere date follows its premiere broadcast."
)
PREMIERES_ON_FILM = (
    "This film has {count} premiere broadcasts: keep one premiere and make the others encores "
    "(Film information › Broadcasts)."
)


@functools.cache
def time_zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_time_zone(name: str) -> None:
    """An IANA zone name (e.g. America/New_York), spelled as the database spells it."""
    if not name or name in time_zone_names():
        return
    close = sorted(zone for zone in time_zone_names() if zone.lower() == name.strip().lower())
    hint = f" Did you mean {close[0]}?" if close else ""
    raise ValidationError(
        "“%(name)s” is not a time zone. Give its IANA name, a region and a city such as "
        "America/New_York, Europe/London or Asia/Kolkata, or leave it blank.%(hint)s",
        code="invalid_time_zone",
        params={"name": name, "hint": hint},
    )


def strand_zone() -> ZoneInfo:
    """The strand's zone, from the default site's schedule settings (settings.TIME_ZONE until
    an editor sets one). One cache read: kept until the next content change, which saving the
    settings is (PAGE_CACHE_INVALIDATING_MODELS)."""

    def lookup() -> str:
        settings_model = apps.get_model("film", "ScheduleSettings")
        chosen = settings_model.objects.filter(site__is_default_site=True).values_list("time_zone", flat=True)
        return chosen.first() or settings.TIME_ZONE

    name = page_cache.remember(page_cache.versioned_key("strand-zone"), lookup)
    return ZoneInfo(name if name in time_zone_names() else settings.TIME_ZONE)


def broadcast_moment(
    date: datetime.date,
    time: datetime.time | None,
    time_zone: str = "",
    length: int | None = None,
    strand: ZoneInfo | None = None,
) -> tuple[datetime.datetime, datetime.datetime | None]:
    """When a broadcast starts and ends, as aware datetimes in its zone.

    `time_zone` blank means the strand's zone (`strand`, or looked up). `length` is in minutes
    (blank: DEFAULT_LENGTH), counted in elapsed time, so a broadcast across a clock change
    ends when it really does. Without a time, it starts at midnight of its day and has no end.
    """
    zone = ZoneInfo(time_zone) if time_zone else (strand or strand_zone())
    starts_at = datetime.datetime.combine(date, time or datetime.time.min, tzinfo=zone)
    if time is None:
        return starts_at, None
    # Through UTC: adding to a local time keeps its wall clock across a daylight-saving change.
    ends_at = (
        starts_at.astimezone(datetime.UTC) + datetime.timedelta(minutes=length or DEFAULT_LENGTH)
    ).astimezone(zone)
    # A wall time that does not exist (skipped by a clock change) becomes the real moment it names.
    return starts_at.astimezone(datetime.UTC).astimezone(zone), ends_at


def wall_clock(moment: datetime.datetime, strand: ZoneInfo | None = None) -> dict:
    """The `date`, `time` and `time_zone` of a FilmBroadcast for an aware moment (e.g. an ISO 8601
    date-time with an offset, as an import reads it): the strand's wall clock, so the row has no
    zone of its own. `broadcast_moment` of the result is `moment` again."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("A broadcast's moment needs its UTC offset or zone, e.g. 2030-01-15T21:00-05:00.")
    local = moment.astimezone(strand or strand_zone())
    return {"date": local.date(), "time": local.time().replace(tzinfo=None), "time_zone": ""}


def upcoming_from(now: datetime.datetime | None = None, strand: ZoneInfo | None = None) -> datetime.datetime:
    """Where upcoming broadcasts begin: midnight today in the strand's zone, so that tonight's
    broadcast stays on the schedule all day, as in printed listings (and cached pages, which
    turn over at midnight, agree with it)."""
    zone = strand or strand_zone()
    today = (now or timezone.now()).astimezone(zone).date()
    return datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week (ISO weeks)."""
    return day - datetime.timedelta(days=day.weekday())


def premiere_of(broadcasts: Iterable) -> tuple[object | None, list]:
    """A film's premiere broadcast, and any further rows marked premiere (each one too many)."""
    premieres = [broadcast for broadcast in broadcasts if broadcast.kind == "premiere"]
    return (premieres[0] if premieres else None), premieres[1:]


def premiere_date(premiere, strand: ZoneInfo | None = None) -> datetime.date:
    """The premiere date a premiere broadcast gives its film: its day in the strand's zone."""
    starts_at, _ = broadcast_moment(premiere.date, premiere.time, premiere.time_zone, strand=strand)
    return starts_at.astimezone(strand or strand_zone()).date()


def strand_zone_changed(sender, instance, **kwargs) -> None:
    """Broadcasts in the strand's zone start at another moment when the zone changes: store it."""
    if not instance.site.is_default_site:
        return
    model = apps.get_model("film", "FilmBroadcast")
    zone = ZoneInfo(instance.time_zone)
    # Zone-less broadcasts are the ones the strand's zone places; the film's runtime is not needed.
    broadcasts = model.objects.filter(time_zone="").only("date", "time", "time_zone", "duration")
    moved = [broadcast for broadcast in broadcasts.iterator(chunk_size=1000) if moved_to(broadcast, zone)]
    model.objects.bulk_update(moved, ["starts_at"], batch_size=1000)


def moved_to(broadcast, zone: ZoneInfo) -> bool:
    starts_at, _ = broadcast_moment(broadcast.date, broadcast.time, broadcast.time_zone, strand=zone)
    moved = broadcast.starts_at != starts_at
    broadcast.starts_at = starts_at
    return moved
