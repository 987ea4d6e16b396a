"""FilmPage.objects: the visibility rule of core.visibility and the streaming states of film.streaming."""

import datetime

from wagtail.models import PageManager

from core.visibility import VisiblePageQuerySet

from .streaming import Streaming, streaming_q


class FilmPageQuerySet(VisiblePageQuerySet):
    def streaming(self, wanted: Streaming, today: datetime.date | None = None) -> "FilmPageQuerySet":
        """Films whose streaming window is in state `wanted` on `today` (default: the local date)."""
        return self.filter(streaming_q(wanted, today))


FilmPageManager = PageManager.from_queryset(FilmPageQuerySet)
