"""Failures counted per client in the cache; past a limit, a 429 with Retry-After until the lockout ends.

Counts live in CACHES["default"] (Redis in production, shared by every worker). If the cache is
down nothing is counted and nothing is refused: a visitor is never locked out by an outage.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class Throttle:
    """At most `limit` failures per key within the lockout period, then a lockout of that period."""

    def __init__(self, name: str, limit_setting: str):
        self.name = name
        self.limit_setting = limit_setting

    @property
    def limit(self) -> int:
        return getattr(settings, self.limit_setting)

    @property
    def period(self) -> int:
        return settings.THROTTLE_LOCKOUT_SECONDS

    def _key(self, kind: str, parts: tuple) -> str:
        return ":".join(["throttle", self.name, kind, *map(str, parts)])

    def retry_after(self, *parts) -> int | None:
        """Seconds until this key may try again, or None if it is not locked out."""
        until = cache.get(self._key("locked", parts))
        if until is None:
            return None
        remaining = math.ceil(until - time.time())
        return remaining if remaining > 0 else None

    def fail(self, *parts) -> None:
        if self.retry_after(*parts):
            return  # already locked: tries while locked out do not count towards the next lockout
        key = self._key("count", parts)
        cache.add(key, 0, self.period)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, count := 1, self.period)
        if count is not None and count >= self.limit:
            cache.set(self._key("locked", parts), time.time() + self.period, self.period)
            cache.delete(key)

    def reset(self, *parts) -> None:
        cache.delete_many([self._key("count", parts), self._key("locked", parts)])


def too_many_attempts(request: HttpRequest, retry_after: int, heading: str, message: str) -> HttpResponse:
    response = render(
        request,
        "throttled.html",
        {"heading": heading, "message": message, "minutes": math.ceil(retry_after / 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
