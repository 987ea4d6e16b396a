"""`make bench-import`: how long `manage.py import_films` takes for 1,000 and 10,000 rows.

Each database is a throwaway one, created afresh: a SQLite file under /tmp (or
BENCH_IMPORT_WORK) and the PostgreSQL database strand_bench_import (skipped, saying so, when no
server answers). Each gets the migrations and the demo content, then for each size a generated
CSV file (no images) is imported three times, each run timed from the command line: the dry run,
the commit (drafts), and the commit again (every row unchanged). Override with
BENCH_IMPORT_SQLITE_URL, BENCH_IMPORT_POSTGRES_URL and BENCH_IMPORT_SIZES (default 1000,10000).
"""

import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .services import fresh_database

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("BENCH_IMPORT_WORK", Path(tempfile.gettempdir()) / "strand-bench-import"))
DATABASES = [
    ("SQLite", os.environ.get("BENCH_IMPORT_SQLITE_URL", f"sqlite:///{WORK / 'bench-import.sqlite3'}")),
    (
        "PostgreSQL",
        os.environ.get("BENCH_IMPORT_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/strand_bench_import"),
    ),
]
SIZES = [int(size) for size in os.environ.get("BENCH_IMPORT_SIZES", "1000,10000").split(",")]
FIELDS = ["legacy_id", "title", "year", "runtime_minutes", "logline", "synopsis", "season", "topics"]
FIELDS += ["filmmakers", "partners", "premiere", "broadcasts", "legacy_url"]
TOPICS = ["Migration", "China", "Family", "Labor", "Music", "Women", "War", "Climate", "Justice", "Art"]
PARTNERS = ["ITVS|In Association With", "American Documentary|Presented by", "Ford Foundation|Funded by"]


def catalogue(path: Path, size: int, prefix: str) -> None:
    """``size`` films in 40 seasons, with topics, two filmmakers, partners and two broadcasts each."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(FIELDS)
        for n in range(size):
            season = 1 + n % 40
            year = 1987 + season
            month, day = 1 + n % 12, 1 + n % 28
            writer.writerow(
                [
                    f"{prefix}-{n}",
                    f"Archive film {n}",
                    year,
                    60 + n % 60,
                    f"Logline of archive film {n}.",
                    f"<p>The synopsis of archive film {n}, with <i>emphasis</i>.</p>",
                    f"{season} ({year})",
                    ";".join(TOPICS[(n + k) % len(TOPICS)] for k in range(3)),
                    f"Director {n}|Director;Producer {n % 97}|Producer",
                    ";".join(PARTNERS[: 1 + n % 3]),
                    "",
                    f"{year}-{month:02}-{day:02}T22:00:00-04:00;{year}-{month:02}-{day:02}T15:00:00+00:00|encore",
                    f"/film/{prefix}-{n}.php",
                ]
            )


def timed(env: dict, *args: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one command: on a busy machine the second
    says what the import costs, the first what the machine made of it."""
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return time.perf_counter() - started, cpu


def main() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for label, url in DATABASES:
        if not fresh_database(url, "bench"):
            continue
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(WORK / f"media-{label.lower()}"),
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run([sys.executable, "manage.py", "load_demo", "-v0"], cwd=ROOT, env=env, check=True)
        for size in SIZES:
            path = WORK / f"catalogue-{size}.csv"
            catalogue(path, size, f"bench{size}")
            for run, options in (
                ("dry run", []),
                ("commit", ["--commit"]),
                ("unchanged re-import", ["--commit"]),
            ):
                wall, cpu = timed(env, "import_films", str(path), *options)
                print(f"{label} {size:>6} rows, {run}: {wall:6.1f} s wall, {cpu:6.1f} s CPU", flush=True)


if __name__ == "__main__":
    main()
