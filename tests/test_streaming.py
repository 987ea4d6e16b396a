"""The streaming rule (film/streaming.py) gives the same state in Python and in SQL."""

import datetime
import itertools

import pytest

from film.models import FilmPage
from film.streaming import Streaming, state, state_expression

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
DAY = datetime.timedelta(days=1)
DATES = [None, TODAY - DAY, TODAY, TODAY + DAY]


def test_every_window_has_the_same_state_in_python_and_in_the_database(make_film):
    windows = [
        (start, end) for start, end in itertools.product(DATES, DATES) if not (start and end and end < start)
    ]
    for n, (start, end) in enumerate(windows):
        make_film(f"Window {n}", slug=f"window-{n}", publish=False, streaming_start=start, streaming_end=end)
    for today in (TODAY - 2 * DAY, TODAY, TODAY + 2 * DAY):
        in_sql = dict(FilmPage.objects.annotate(state=state_expression(today)).values_list("slug", "state"))
        in_python = {f"window-{n}": state(start, end, today).value for n, (start, end) in enumerate(windows)}
        assert in_sql == in_python, today
    # Every state occurs, so the comparison covers each branch.
    assert {state(start, end, TODAY) for start, end in windows} == set(Streaming)


def test_each_state_filters_the_films_in_it(make_film):
    make_film("Open", slug="open", publish=False, streaming_start=TODAY - DAY)
    make_film("Later", slug="later", publish=False, streaming_start=TODAY + DAY)
    make_film("Ended", slug="ended", publish=False, streaming_end=TODAY - DAY)
    make_film("Never", slug="never", publish=False)
    expected = {Streaming.NOW: "open", Streaming.UPCOMING: "later", Streaming.EXPIRED: "ended"}
    expected[Streaming.NONE] = "never"
    for wanted, slug in expected.items():
        assert list(FilmPage.objects.streaming(wanted, TODAY).values_list("slug", flat=True)) == [slug]
