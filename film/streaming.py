"""The streaming window: where a film stands between `streaming_start` and `streaming_end`.

The rule is written here once, twice over: `state()` for a film already loaded and
`state_expression()` for the database (tests/test_streaming.py holds them to the same
answer on every combination). The page's label, the API's `streaming_now`, the search
facet and the catalogue filter all derive from `Streaming`.
"""

import datetime

from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.lookups import Exact
from django.utils import timezone


class Streaming(models.TextChoices):
    """A film's streaming state on a given day; the values are the catalogue filter's."""

    NOW = "now", "Streaming now"
    UPCOMING = "later", "Streaming later"
    EXPIRED = "expired", "Expired"
    NONE = "none", "Not streaming"


def state(start: datetime.date | None, end: datetime.date | None, today: datetime.date) -> Streaming:
    # In this order: no window wins over any date, and a window that has ended over one not begun.
    if not start and not end:
        return Streaming.NONE
    if end and end < today:
        return Streaming.EXPIRED
    if start and start > today:
        return Streaming.UPCOMING
    return Streaming.NOW


def state_expression(today: datetime.date) -> Case:
    """`state()` in SQL, over a film's `streaming_start` and `streaming_end`."""
    return Case(
        When(streaming_start__isnull=True, streaming_end__isnull=True, then=Value(Streaming.NONE.value)),
        When(streaming_end__lt=today, then=Value(Streaming.EXPIRED.value)),
        When(streaming_start__gt=today, then=Value(Streaming.UPCOMING.value)),
        default=Value(Streaming.NOW.value),
        output_field=models.CharField(),
    )


def streaming_q(wanted: Streaming, today: datetime.date | None = None) -> Q:
    """Films in state `wanted` on `today` (default: the local date)."""
    return Q(Exact(state_expression(today or timezone.localdate()), wanted.value))


def long_date(day: datetime.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def label(start: datetime.date | None, end: datetime.date | None, today: datetime.date) -> str:
    """What the film page says, e.g. "Streaming until December 1, 2026" or "Streaming from
    November 1, 2026 to December 1, 2026": the end date the editor entered is always shown
    while it is to come. Blank without a window."""
    current = state(start, end, today)
    if current == Streaming.NONE:
        return ""
    if current == Streaming.UPCOMING:
        until = f" to {long_date(end)}" if end else ""
        return f"Streaming from {long_date(start)}{until}"
    if current == Streaming.NOW and end:
        return f"Streaming until {long_date(end)}"
    return current.label
