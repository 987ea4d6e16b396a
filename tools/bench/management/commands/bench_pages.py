"""In-process page timings: median render time, SQL queries and bytes per public page.

One request at a time through Django's test client (no network). Three states:
- "cold": right after a content change (the cache version is bumped before each
  request), so the page and all its cached fragments are rendered from scratch;
- "uncached": the page cache is bypassed (an unknown query parameter, as for a visitor
  with a session) but fragments cached since the last change are reused;
- "cached": served from the page cache.
Image renditions exist in every state, as in production once a page has been seen.
"""

import json
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.cache.store import bump_version

PAGES = {
    "home": "/",
    "film index": "/films/",
    "film page": "/films/last-train-home/",
    "search": "/search/?q=guangzhou",
}


class Command(BaseCommand):
    help = "Print median render time, queries and bytes for the main public pages."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print one JSON object instead of a table."
        )

    def handle(self, *args, runs: int, as_json: bool, **options):
        client = Client(HTTP_HOST="127.0.0.1")
        results = {}
        for name, url in PAGES.items():
            results[f"{name} (cold)"] = self.measure(client, url, runs, state="cold")
            if name != "search":  # search is never page-cached
                results[f"{name} (uncached)"] = self.measure(client, url, runs, state="uncached")
        results["film page (cached)"] = self.measure(client, PAGES["film page"], runs, state="cached")
        if as_json:
            self.stdout.write(json.dumps(results))
            return
        self.stdout.write(f"{'page':<26}{'median ms':>10}{'p95 ms':>8}{'queries':>9}{'bytes':>9}")
        for name, figures in results.items():
            self.stdout.write(
                f"{name:<26}{figures['median_ms']:>10.2f}{figures['p95_ms']:>8.2f}"
                f"{figures['queries']:>9}{figures['bytes']:>9}"
            )

    @staticmethod
    def measure(client: Client, url: str, runs: int, state: str) -> dict:
        if state == "uncached":
            url += ("&" if "?" in url else "?") + "bench=1"
        assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(runs + 1):
            if state == "cold":
                bump_version()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        return {
            "median_ms": statistics.median(timings),
            "p95_ms": statistics.quantiles(timings, n=20)[-1],
            "queries": len(queries),
            "bytes": len(response.content),
        }
