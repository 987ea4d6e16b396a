"""Latency of the search page and suggestions at given catalogue sizes, in-process.

For each size: top the catalogue up with `generate_films`, rebuild the films' search index from
scratch (timed), then request a fixed mix of searches through Django's test client, one at a
time, a bounded number of rounds, and print p50/p95 per kind of search with its SQL query count:
computed afresh (the search cache off) and repeated (the cache on, as for a popular search).
Renditions and caches are warmed by one untimed round first, as they would be in production.

Run by `make bench-search` (scripts/bench_search.py) on throwaway databases only: it refuses a
database whose name does not contain "bench".
"""

import json
import os
import statistics
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from wagtail.search.models import IndexEntry

from film import indexing
from film.models import FilmPage
from tools.bench.management.commands.generate_films import PREFIX

MIX = [
    ("single word", "/search/?q=harbor"),
    ("phrase", '/search/?q="golden+harvest"'),
    ("person", "/search/?q=Priya+Nair"),
    ("filter only", "/search/?topic=music&streaming=now"),
    ("word + filter", "/search/?q=lagos&year=2022"),
    ("no match", "/search/?q=zyzzyva+quokka"),
    ("autocomplete", "/search/autocomplete/?q=gold"),
]


class QueryCounter:
    """Counts the SQL statements run, without relying on the debug query log."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Print p50/p95 latency of a fixed mix of searches at each catalogue size (throwaway databases only)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", default="1000,10000", help="Comma-separated numbers of generated films."
        )
        parser.add_argument("--rounds", type=int, default=30, help="Timed requests per kind of search.")
        parser.add_argument("--json", dest="as_json", action="store_true")
        parser.add_argument(
            "--keep-index", action="store_true", help="Measure with the index as it is (no timed rebuild)."
        )

    def handle(self, *args, sizes: str, rounds: int, as_json: bool, keep_index: bool, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name:
            raise CommandError(f"Refusing to benchmark {name!r}: use a throwaway database named *bench*.")
        for size in [int(size) for size in sizes.split(",")]:
            self.top_up(size)
            build = None if keep_index else self.rebuild_index()
            entry = {"films": size, "index_build_s": build, "mix": self.measure(rounds)}
            if as_json:
                self.stdout.write(json.dumps({"database": connection.vendor, **entry}))
                continue
            built = "index kept" if build is None else f"index built in {build:.1f} s"
            self.stdout.write(
                f"\n{connection.vendor}, {size:,} generated films ({built}; "
                f"load average {os.getloadavg()[0]:.1f})"
            )
            self.stdout.write(
                f"{'search':<16}{'p50 ms':>9}{'p95 ms':>9}{'CPU p50':>9}{'queries':>9}"
                f"{'repeat p50':>12}{'repeat p95':>12}"
            )
            for row in entry["mix"]:
                self.stdout.write(
                    f"{row['kind']:<16}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
                    f"{row['cpu_p50_ms']:>9.1f}{row['queries']:>9}"
                    f"{row['repeated_p50_ms']:>12.1f}{row['repeated_p95_ms']:>12.1f}"
                )

    def top_up(self, size: int) -> None:
        missing = size - FilmPage.objects.filter(slug__startswith=PREFIX).count()
        if missing > 0:
            call_command("generate_films", missing, seed=size, stdout=self.stdout)
        if connection.vendor == "postgresql":
            # As autovacuum would soon after a bulk load: the planner needs the new row counts.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def rebuild_index(self) -> float:
        """Seconds to index every film from an empty index."""
        IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(FilmPage)).delete()
        started = time.perf_counter()
        indexing.add_bulk(FilmPage.get_indexed_objects(), norms="all")
        return time.perf_counter() - started

    def measure(self, rounds: int) -> list[dict]:
        client = Client(HTTP_HOST="localhost")
        for _kind, url in MIX:  # warm: renditions, site root paths, query plans
            assert client.get(url).status_code == 200, url
        rows = []
        for kind, url in MIX:
            # Computed: the search cache off, so every request matches, ranks and counts afresh
            # (a search nobody made since the last publish). Repeated: the cache on.
            with override_settings(SEARCH_CACHE_TIMEOUT=0):
                queries = QueryCounter()
                with connection.execute_wrapper(queries):
                    client.get(url)
                timings, cpu = self.time(client, url, rounds)
            repeated, _cpu = self.time(client, url, rounds)
            rows.append(
                {
                    "kind": kind,
                    "url": url,
                    "p50_ms": statistics.median(timings),
                    "p95_ms": percentile(timings, 0.95),
                    # This process's CPU time: what a request costs here when the machine is busy.
                    "cpu_p50_ms": statistics.median(cpu),
                    "queries": queries.count,
                    "repeated_p50_ms": statistics.median(repeated),
                    "repeated_p95_ms": percentile(repeated, 0.95),
                }
            )
        return rows

    @staticmethod
    def time(client: Client, url: str, rounds: int) -> tuple[list[float], list[float]]:
        timings, cpu = [], []
        for _ in range(rounds):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        return timings, cpu
