"""Figures for the benchmarks: a bounded HTTP client, percentiles and a Markdown table.

The client opens one connection per request with a socket timeout, so a hung server costs a
request at most `timeout` seconds and every loop ends at its deadline: nothing here can hang
the harness. It only talks to 127.0.0.1.
"""

import http.client
import math
import multiprocessing
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

HOST = "127.0.0.1"
TIMEOUT = "timeout"
ERROR = "error"


@dataclass(frozen=True)
class Outcome:
    """One request: its status code ("200"), TIMEOUT or ERROR, and how long it took."""

    status: str
    seconds: float


@dataclass(frozen=True)
class Summary:
    count: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    statuses: Counter = field(default_factory=Counter)
    rate: float | None = None  # requests per second, when the run measured it

    @classmethod
    def of(cls, outcomes: list[Outcome], seconds: float | None = None) -> "Summary":
        """Timed-out requests count at the time the client gave up: a p99 at the timeout means "at least"."""
        durations = [outcome.seconds * 1000 for outcome in outcomes]
        return cls(
            count=len(outcomes),
            p50_ms=percentile(durations, 50),
            p99_ms=percentile(durations, 99),
            max_ms=max(durations, default=math.nan),
            statuses=Counter(outcome.status for outcome in outcomes),
            rate=len(outcomes) / seconds if seconds else None,
        )

    @property
    def failures(self) -> int:
        """Requests that got neither a 2xx nor a 3xx (time-outs and socket errors included)."""
        return sum(count for status, count in self.statuses.items() if not status.startswith(("2", "3")))


def percentile(values: Iterable[float], q: float) -> float:
    """The nearest-rank percentile: the smallest value with at least q % of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def fetch(url: str, timeout: float, headers: dict[str, str] | None = None) -> Outcome:
    """GET `url` on a new connection; every socket operation gives up after `timeout` seconds."""
    parts = urlsplit(url)
    if parts.hostname != HOST:
        raise ValueError(f"loopback only, not {url}")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, parts.port, timeout=timeout)
    try:
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        response.read()
        status = str(response.status)
    except TimeoutError:
        status = TIMEOUT
    except (OSError, http.client.HTTPException):
        status = ERROR
    finally:
        connection.close()
    return Outcome(status, time.monotonic() - started)


URL = str | Callable[[], str | None]  # a fixed URL, or the next one to ask for (None: no more)


def probe(url: URL, seconds: float, timeout: float, headers: dict[str, str] | None = None) -> list[Outcome]:
    """One request after another until `seconds` have passed (or `url` runs out)."""
    next_url = url if callable(url) else lambda: url
    deadline = time.monotonic() + seconds
    outcomes = []
    while time.monotonic() < deadline and (current := next_url()) is not None:
        outcomes.append(fetch(current, timeout, headers))
    return outcomes


class Apart:
    """Probes run from a process of their own: a client beside a flood of this process's threads
    would otherwise wait for the interpreter lock among them and measure the harness, not the site."""

    def __enter__(self) -> "Apart":
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self.pool.submit(time.sleep, 0).result()  # started and imported before anything is timed
        return self

    def probe(self, url: str, seconds: float, timeout: float) -> Future:
        return self.pool.submit(probe, url, seconds, timeout)

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(cancel_futures=True)


def flood(
    url: URL, connections: int, seconds: float, timeout: float, headers: dict[str, str] | None = None
) -> list[Outcome]:
    """`connections` clients probing `url` side by side; their outcomes together."""
    results = together({n: lambda: probe(url, seconds, timeout, headers) for n in range(connections)})
    return [outcome for outcomes in results.values() for outcome in outcomes]


def together(calls: dict, bound: float = 600) -> dict:
    """Run each call in its own thread and wait for all of them (each must end by itself, within `bound`)."""
    results: dict = {}

    def run(key, call) -> None:
        results[key] = call()

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in calls.items()]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + bound
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    missing = [key for key in calls if key not in results]
    if missing:
        raise RuntimeError(f"still running after {bound:.0f} s: {missing}")
    return results


def limited(make_url: Callable[[int], str], count: int) -> Callable[[], str | None]:
    """The URLs make_url(0) … make_url(count - 1), one per call from any thread, then None."""
    numbers = iter(range(count))
    lock = threading.Lock()

    def next_url() -> str | None:
        with lock:
            number = next(numbers, None)
        return None if number is None else make_url(number)

    return next_url


def milliseconds(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"


def latency(summary: Summary | None) -> str:
    """ "p50 / p99" in milliseconds; a dash for a phase that was not measured."""
    if summary is None or not summary.count:
        return "–"
    return f"{milliseconds(summary.p50_ms)} / {milliseconds(summary.p99_ms)}"


def statuses(summary: Summary | None) -> str:
    """ "200×58 503×2 timeout×1": codes in order, then the client's own outcomes."""
    if summary is None:
        return "–"
    order = sorted(summary.statuses, key=lambda status: (not status[0].isdigit(), status))
    return " ".join(f"{status}×{summary.statuses[status]}" for status in order) or "none"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; `|` inside a cell is escaped so it cannot shift the columns."""
    if any(len(row) != len(header) for row in rows):
        raise ValueError("every row needs one cell per column")

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *(line(row) for row in rows)])
