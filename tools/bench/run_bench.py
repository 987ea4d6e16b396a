"""`make bench`: Strand under gunicorn on 127.0.0.1, loaded by wrk, at 10 and 10,000 films.

Bounded and loopback-only: every wrk run lasts BENCH_SECONDS (default 10) against
http://127.0.0.1:<port>. Uses a throwaway database (BENCH_DATABASE_URL, default a SQLite
file under /tmp) and media folder, production settings with DEBUG off, 2 workers.
Prints, per size, a table of requests/s and p50/p99 latency over HTTP, and the in-process
figures of `manage.py bench_pages` (median render time, queries, bytes).
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8099"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10,10000").split(",")]
WORK = Path(os.environ.get("BENCH_DIR", Path(tempfile.gettempdir()) / "strand-bench"))
BASE = f"http://127.0.0.1:{PORT}"

TARGETS = [
    ("trivial Django view", "/bench/ping/"),
    ("static file (CSS)", None),
    ("home", "/"),
    ("film index", "/films/"),
    ("film page (cached)", "/films/last-train-home/"),
    ("film page (uncached)", "/films/last-train-home/?bench=1"),
    ("search", "/search/?q=guangzhou"),
]


def environment() -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tools.bench.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{WORK / 'db.sqlite3'}"),
        MEDIA_ROOT=str(WORK / "media"),
        STATIC_ROOT=str(WORK / "static"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def draw_renditions(env: dict) -> None:
    """Run the rendition worker until the queue is empty, as `make serve`'s would before visitors came."""
    manage(env, "db_worker", "--backend", "renditions", "--batch", "--no-reload", "--no-startup-delay")


def wrk(url: str) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(percentiles["50"]),
        "p99": to_ms(percentiles["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def serve(env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "site_config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/bench/ping/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start on 127.0.0.1")


def static_css_url() -> str:
    html = urllib.request.urlopen(f"{BASE}/").read().decode()
    return re.search(r'href="(/static/css/strand\.[^"]+\.css)"', html).group(1)


def run_size(env: dict, films: int) -> None:
    print(f"\n## {films:,} films\n")
    print("In-process, one request at a time (manage.py bench_pages):\n")
    print("```\n" + manage(env, "bench_pages", "--runs", "30").rstrip() + "\n```\n")
    server = serve(env)
    try:
        rows = []
        for name, path in TARGETS:
            url = BASE + (path or static_css_url())
            for _ in range(3):  # warm: renditions, caches, worker imports
                urllib.request.urlopen(url).read()
            figures = wrk(url)
            size = len(urllib.request.urlopen(url).read())
            rows.append((name, figures, size))
        ceiling = rows[0][1]["rps"]
        print(
            f"Over HTTP: gunicorn, 2 workers; wrk, 2 threads, {CONNECTIONS} connections, {SECONDS} s each:\n"
        )
        print("| page | requests/s | vs trivial view | p50 ms | p99 ms | bytes | errors |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, figures, size in rows:
            print(
                f"| {name} | {figures['rps']:,.0f} | {figures['rps'] / ceiling:.2f} | {figures['p50']:.2f} "
                f"| {figures['p99']:.2f} | {size:,} | {figures['errors']} |"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `sudo apt-get install wrk` (Debian), then run `make bench` again.")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = environment()
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo")
    draw_renditions(env)
    print(f"# Strand benchmark ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs)")
    print(f"\nSetup (migrate, collectstatic, demo content): {time.monotonic() - started:.0f} s")
    current = 6  # load_demo's films
    for films in SIZES:
        if films > current:
            started = time.monotonic()
            output = manage(env, "generate_films", str(films - current))
            draw_renditions(env)
            current = films
            print(f"\n{output.strip()} ({time.monotonic() - started:.0f} s in all)")
        run_size(env, films)


if __name__ == "__main__":
    main()
