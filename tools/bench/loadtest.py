"""`make loadtest`: the production stack under floods and faults, printed as one table.

Starts everything it measures, on 127.0.0.1 only: its own redis-server (spare port, no
persistence, maxmemory with allkeys-lru), a fresh PostgreSQL database (LOADTEST_DATABASE_URL,
default strand_loadtest on 127.0.0.1:5432) reached through a TCP proxy it can freeze, and
`scripts/serve.sh` (Varnish in front of gunicorn with site_config/gunicorn.py and production
settings) on spare ports. The search flood comes through Varnish, as visitors do; every other
scenario asks gunicorn itself, since what it measures (the page cache, Redis and database
faults) is the app's own behaviour, which Varnish's copies would hide. Then it runs the scenarios
of issue #13, each measuring before, during and after for LOADTEST_SECONDS (default 15) at most,
prints the table and the targets, and stops and drops all of it by PID and by name, on Ctrl+C or
an error too. Exits 1 when a target is missed.
"""

import itertools
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlparse

import psycopg

from . import wrk
from .measure import (
    ERROR,
    TIMEOUT,
    URL,
    Apart,
    Summary,
    fetch,
    flood,
    latency,
    limited,
    markdown_table,
    probe,
    statuses,
    together,
)
from .proxy import Proxy
from .services import HOST, RedisServer, drop_database, fresh_database, spare_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(tempfile.gettempdir()) / "strand-loadtest"
DATABASE_URL = os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/strand_loadtest")
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "15"))  # each "during"
CALM = min(5, SECONDS)  # each "before" and "after"
TIMEOUT_SECONDS = 10  # per request: a hung server costs at most this
CONNECTIONS = 16  # wrk's, as in `make bench`
SEARCHERS = 64
FILLING_REQUESTS = 100  # per URL: 200 in all
FILLING_SECONDS = 60  # at most, for each 100
OUTAGE_FACTOR = 1.5  # a cache outage may cost a page this much over having nothing cached
# After the warm-up the rendition worker draws what load_demo and the first visits queued (several
# seconds of CPU per image); measured meanwhile, every figure would be the worker's, not the site's.
QUEUE_SECONDS = int(os.environ.get("LOADTEST_QUEUE_SECONDS", "900"))

FILM = "/films/last-train-home/"
HEALTH = "/healthz"
PAGES = [FILM, "/", "/films/", HEALTH]
BOGUS_COOKIE = {"Cookie": "sessionid=bogus"}
# Words from the demo films; pairs of them make searches that the search cache has not seen.
WORDS = [
    *("train", "home", "river", "sea", "salt", "night", "ward", "seam", "chair", "water", "city"),
    *("factory", "family", "music", "archive", "war", "school", "mother", "border", "island"),
    *("winter", "workers", "harvest", "migrant"),
]


@dataclass
class Row:
    scenario: str
    url: str
    before: Summary | None = None
    during: Summary | None = None
    after: Summary | None = None
    note: str = ""

    def cells(self) -> list[str]:
        phases = [latency(self.before), latency(self.during), latency(self.after)]
        return [self.scenario, f"`{self.url}`", *phases, statuses(self.during), self.note]


HEADER = ["scenario", "URL", "before p50 / p99 ms", "during", "after", "status counts (during)", "note"]


class Site:
    """`scripts/serve.sh` in its own session, so that it and everything it starts stop together:
    Varnish on `front_port`, gunicorn on `port`."""

    def __init__(self, database_url: str, redis_url: str, log: Path):
        self.port = spare_port()
        self.front_port = spare_port()
        self.base = f"http://{HOST}:{self.port}"
        self.front_base = f"http://{HOST}:{self.front_port}"
        self.log = log
        self.env = {
            **os.environ,
            "PYTHON": sys.executable,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "PORT": str(self.front_port),
            "GUNICORN_BIND": f"{HOST}:{self.port}",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "MEDIA_ROOT": str(WORK / "media"),
            "STATIC_ROOT": str(WORK / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        self.process: subprocess.Popen | None = None

    def url(self, path: str) -> str:
        """Straight to gunicorn."""
        return self.base + path

    def front(self, path: str) -> str:
        """Through Varnish."""
        return self.front_base + path

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                ["bash", "scripts/serve.sh"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        wait_for(self.healthy, 600, f"the site (log: {self.log})")

    def healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"the site stopped; see {self.log}")
        return all(fetch(url, timeout=5).status == "200" for url in (self.url(HEALTH), self.front(HEALTH)))

    def memory_mb(self) -> float:
        """Resident memory of gunicorn's master (serve.sh execs into it) and its workers."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(pid) for pid in children.read_text().split()]
        total_kb = 0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            total_kb += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        return total_kb / 1024

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=45)  # gunicorn lets requests finish for graceful_timeout (30 s)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        shutil.rmtree(ROOT / "var" / "serve" / str(self.front_port), ignore_errors=True)  # Varnish's files


@dataclass
class Stack:
    site: Site
    redis: RedisServer
    proxy: Proxy

    def searches(self, url: Callable[[str], str]) -> Callable[[], str]:
        """A new search each call (word pairs in turn), so the search cache cannot answer it."""
        pairs = itertools.cycle(itertools.product(WORDS, WORDS))
        return lambda: url("/search/?" + urlencode({"q": " ".join(next(pairs))}))

    def wait_until_healthy(self) -> None:
        wait_for(self.site.healthy, 60, "the site after the fault")


@dataclass
class Result:
    rows: list[Row]
    checks: list[tuple[str, bool]]  # issue #13's targets that the figures decide: (target, met)


def unfinished_tasks(database_url: str) -> int:
    """Background tasks (renditions) queued or running, from django-tasks' database table."""
    with psycopg.connect(database_url, connect_timeout=3) as connection:
        query = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
        return connection.execute(query).fetchone()[0]


def drain(unfinished: Callable[[], int], seconds: float, interval: float = 2) -> tuple[int, float]:
    """Wait until unfinished() is 0, for `seconds` at most: (tasks left, seconds waited)."""
    started = time.monotonic()
    while (left := unfinished()) and time.monotonic() - started < seconds:
        time.sleep(interval)
    return left, time.monotonic() - started


def measure(targets: dict[str, URL], seconds: float, extra: dict | None = None) -> dict[str, Summary]:
    """Each target probed by one client, side by side (with `extra` calls alongside); a Summary each."""
    calls = {label: lambda url=url: probe(url, seconds, TIMEOUT_SECONDS) for label, url in targets.items()}
    results = together({**calls, **(extra or {})})
    return {label: Summary.of(results[label], seconds) for label in targets}


def only(summary: Summary, *codes: str) -> bool:
    return summary.count > 0 and set(summary.statuses) <= set(codes)


def within(summary: Summary, ms: float, *codes: str) -> bool:
    """Every request got one of `codes` and the p99 stayed under `ms`."""
    return only(summary, *codes) and summary.p99_ms < ms


def under_fault(
    stack: Stack, scenario: str, paths: dict[str, URL], begin: Callable[[], None], end: Callable[[], None]
) -> list[Row]:
    """Before / during / after a fault that begin() starts and end() takes away."""
    before = measure(paths, CALM)
    begin()
    try:
        during = measure(paths, SECONDS)
    finally:
        end()
    stack.wait_until_healthy()
    after = measure(paths, CALM)
    return [Row(scenario, label, before[label], during[label], after[label]) for label in paths]


def recovered(rows: list[Row]) -> tuple[str, bool]:
    return "afterwards every URL answers as well as before", all(
        row.after.failures <= row.before.failures for row in rows
    )


def baseline(stack: Stack) -> Result:
    rows = []
    for path in (FILM, HEALTH):
        alone = measure({path: stack.site.url(path)}, CALM)[path]
        loaded = wrk.run(stack.site.url(path), SECONDS, CONNECTIONS)
        note = (
            f"one client: {alone.rate:.0f} req/s; wrk at {CONNECTIONS} connections: {loaded.rate:,.0f} req/s"
        )
        rows.append(Row("1 baseline", path, before=alone, during=loaded, note=note))
    return Result(rows, [("no errors", all(row.during.failures == 0 for row in rows))])


def search_flood(stack: Stack) -> Result:
    """Through Varnish: it answers the cached page and bounds the searches that reach gunicorn."""
    search = stack.searches(stack.site.front)
    targets = {FILM: stack.site.front(FILM), "search": search}
    before = measure(targets, CALM)
    with Apart() as apart:
        film = apart.probe(targets[FILM], SECONDS, TIMEOUT_SECONDS)
        outcomes = flood(search, SEARCHERS, SECONDS, TIMEOUT_SECONDS)
        during = {FILM: Summary.of(film.result(), SECONDS), "search": Summary.of(outcomes, SECONDS)}
    after = measure(targets, CALM)
    searches = during["search"]
    note = f"{searches.rate:.1f} req/s; longest wait {searches.max_ms / 1000:.1f} s"
    rows = [
        Row("2 search flood", FILM, before[FILM], during[FILM], after[FILM], "one client beside the flood"),
        Row(
            "2 search flood", f"/search/?q=… ×{SEARCHERS}", before["search"], searches, after["search"], note
        ),
    ]
    checks = [
        ("cached film page p99 under 100 ms", within(during[FILM], 100, "200")),
        ("no search waits 2 s or more (200 or 503)", searches.max_ms < 2000 and only(searches, "200", "503")),
    ]
    return Result(rows, checks)


def bogus_cookie(stack: Stack) -> Result:
    plain = wrk.run(stack.site.url(FILM), SECONDS, CONNECTIONS)
    bogus = wrk.run(stack.site.url(FILM), SECONDS, CONNECTIONS, headers=BOGUS_COOKIE)
    share = bogus.rate / plain.rate if plain.rate else 0
    rows = [
        Row("3 bogus cookie", f"{FILM} (no cookie)", during=plain, note=f"{plain.rate:,.0f} req/s (wrk)"),
        Row(
            "3 bogus cookie",
            f"{FILM} Cookie: sessionid=bogus",
            during=bogus,
            note=f"{bogus.rate:,.0f} req/s ({share:.0%} of no cookie)",
        ),
    ]
    return Result(rows, [("at least half the requests/s of no cookie", share >= 0.5)])


def cache_filling(stack: Stack) -> Result:
    made_up = {
        f"{FILM}?page=<n>x": lambda n: stack.site.url(f"{FILM}?page={n}x"),
        "/films/?topic=nosuch<n>": lambda n: stack.site.url(f"/films/?topic=nosuch{n}"),
    }
    rows, added = [], 0
    for label, make_url in made_up.items():
        # The page they amount to is in the cache, as on a site that has had visitors (a
        # rendition drawn since the warm-up may have moved the content version on).
        probe(make_url(0).split("?")[0], 1, TIMEOUT_SECONDS)
        keys, used = stack.redis.stats()
        outcomes = flood(limited(make_url, FILLING_REQUESTS), 4, FILLING_SECONDS, TIMEOUT_SECONDS)
        keys_after, used_after = stack.redis.stats()
        added += keys_after - keys
        note = f"Redis keys {keys} → {keys_after} ({keys_after - keys:+}), "
        note += f"used_memory {mb(used)} → {mb(used_after)}"
        rows.append(Row("4 cache-filling parameters", label, during=Summary.of(outcomes), note=note))
    requests = sum(row.during.count for row in rows)
    return Result(rows, [(f"fewer than 10 new Redis keys for {requests} requests", added < 10)])


def nothing_cached(stack: Stack, paths: dict[str, URL]) -> dict[str, Summary]:
    """The same clients with Redis answering but emptied every few milliseconds: each page's
    time with nothing cached, what an outage is measured against in the same run."""

    def keep_flushing() -> None:
        client, deadline = stack.redis.client(), time.monotonic() + CALM
        while time.monotonic() < deadline:
            client.flushall()
            time.sleep(0.005)

    return measure(paths, CALM, extra={"flush": keep_flushing})


def cache_outage(stack: Stack, scenario: str, begin: Callable[[], None], end: Callable[[], None]) -> Result:
    paths = {path: stack.site.url(path) for path in PAGES}
    cold = nothing_cached(stack, paths)
    rows = under_fault(stack, scenario, paths, begin, end)
    for row in rows:
        row.note = f"nothing cached: {latency(cold[row.url])}"
    pages = [row for row in rows if row.url != HEALTH]
    health = next(row.during for row in rows if row.url == HEALTH)
    checks = [
        (
            f"every page's p50 within {OUTAGE_FACTOR}× its p50 with nothing cached",
            all(row.during.p50_ms <= OUTAGE_FACTOR * cold[row.url].p50_ms for row in pages),
        ),
        ("every page 200 with p99 under 1 s", all(within(row.during, 1000, "200") for row in pages)),
        ("/healthz 200 under 1 s", within(health, 1000, "200")),
        recovered(rows),
    ]
    return Result(rows, checks)


def redis_hung(stack: Stack) -> Result:
    return cache_outage(stack, "5 Redis hung (SIGSTOP)", stack.redis.freeze, stack.redis.resume)


def redis_down(stack: Stack) -> Result:
    return cache_outage(stack, "6 Redis down (SIGTERM)", stack.redis.stop, stack.redis.start)


def database_frozen(stack: Stack) -> Result:
    uncached = "/search/?q=… (uncached)"
    paths = {
        FILM: stack.site.url(FILM),
        uncached: stack.searches(stack.site.url),
        HEALTH: stack.site.url(HEALTH),
    }
    rows = under_fault(
        stack, "7 database frozen (SIGSTOP proxy)", paths, stack.proxy.freeze, stack.proxy.resume
    )
    during = {row.url: row.during for row in rows}
    checks = [
        ("cached film page 200 under 500 ms", within(during[FILM], 500, "200")),
        ("uncached page 503 within 5 s", within(during[uncached], 5000, "503")),
        ("/healthz 503 within 3 s", within(during[HEALTH], 3000, "503")),
        recovered(rows),
    ]
    return Result(rows, checks)


SCENARIOS = [baseline, search_flood, bogus_cookie, cache_filling, redis_hung, redis_down, database_frozen]
# LOADTEST_SCENARIOS=cache_filling,redis_hung runs only those (a quicker loop while fixing one).
CHOSEN = [name for name in os.environ.get("LOADTEST_SCENARIOS", "").split(",") if name]


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def main() -> int:
    wrk.require()
    started = time.monotonic()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    log = WORK / "server.log"
    if not fresh_database(DATABASE_URL, "loadtest"):
        return 1
    redis = RedisServer(log)
    database = urlparse(DATABASE_URL)
    proxy = Proxy(target_port=database.port or 5432)
    through_proxy = database._replace(netloc=f"{database.username}@{HOST}:{proxy.port}").geturl()
    site = Site(through_proxy, redis.url, log)
    stack = Stack(site, redis, proxy)
    results: list[Result] = []
    try:
        redis.start()
        proxy.start()
        print(f"Starting the production stack on {site.front_base} and {site.base} (log: {log})", flush=True)
        site.start()
        for path in PAGES:  # warm-up: caches, renditions, lazy imports; not measured
            probe(site.url(path), 1, TIMEOUT_SECONDS)
            probe(site.front(path), 1, TIMEOUT_SECONDS)
        print(f"Waiting for the rendition worker to empty its queue ({QUEUE_SECONDS} s at most)", flush=True)
        left, waited = drain(lambda: unfinished_tasks(DATABASE_URL), QUEUE_SECONDS)
        queue = f"rendition queue empty after {waited:.0f} s" if not left else f"{left} tasks still queued"
        memory_before = site.memory_mb()
        load_average = " ".join(f"{load:.2f}" for load in os.getloadavg())
        for scenario in [s for s in SCENARIOS if not CHOSEN or s.__name__ in CHOSEN]:
            print(f"{scenario.__name__.replace('_', ' ')} …", flush=True)
            results.append(scenario(stack))
        memory_after = site.memory_mb()
    finally:
        proxy.stop()  # first: requests stuck on a frozen database end, so gunicorn stops at once
        redis.stop()
        site.stop()
        drop_database(DATABASE_URL, "loadtest")
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
        f"{time.monotonic() - started:.0f} s in all; {queue}; load average {load_average}; "
        f"gunicorn {memory_before:.0f} → {memory_after:.0f} MB\n"
    )
    print(markdown_table(HEADER, [row.cells() for result in results for row in result.rows]))
    print(
        f"\n{TIMEOUT}: no answer within {TIMEOUT_SECONDS} s (counted as {TIMEOUT_SECONDS} s); "
        f"{ERROR}: the connection failed.\n"
    )
    missed = 0
    for result in results:
        for target, met in result.checks:
            missed += not met
            print(f"{'met   ' if met else 'MISSED'} {result.rows[0].scenario}: {target}")
    return 1 if missed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("Interrupted: everything the load test started is stopped and its database dropped.")
