"""`make bench-search`: search latency at 1,000 and 10,000 films on SQLite and PostgreSQL.

Each database is a throwaway one, created afresh: a SQLite file under /tmp and the PostgreSQL
database strand_bench_search (skipped, saying so, when no server answers). Each gets the
migrations, the demo content and `manage.py bench_search`, which generates the films, times the
index build and prints p50/p95 per kind of search, in-process (Django's test client, no
network), with DEBUG off. Override with BENCH_SEARCH_SQLITE_URL, BENCH_SEARCH_POSTGRES_URL,
BENCH_SEARCH_SIZES (default 1000,10000) and BENCH_SEARCH_ROUNDS (default 30).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .services import fresh_database

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(tempfile.gettempdir()) / "strand-bench-search"
DATABASES = [
    ("SQLite", os.environ.get("BENCH_SEARCH_SQLITE_URL", f"sqlite:///{WORK / 'bench-search.sqlite3'}")),
    (
        "PostgreSQL",
        os.environ.get("BENCH_SEARCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/strand_bench_search"),
    ),
]
SIZES = os.environ.get("BENCH_SEARCH_SIZES", "1000,10000")
ROUNDS = os.environ.get("BENCH_SEARCH_ROUNDS", "30")


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for label, url in DATABASES:
        print(f"== {label}: {url}", flush=True)
        if not fresh_database(url, "bench"):
            continue
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(WORK / f"media-{label.lower()}"),
            "STATIC_ROOT": str(WORK / "static"),
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "load_demo", "-v0")
        manage(env, "bench_search", f"--sizes={SIZES}", f"--rounds={ROUNDS}")


if __name__ == "__main__":
    main()
