"""`make loadtest`: the production configuration under load, with figures.

Starts `scripts/serve.sh` (gunicorn, PostgreSQL, Redis) on 127.0.0.1:LOADTEST_PORT, warms
it up, then drives each target with wrk for LOADTEST_SECONDS (default 60) at
LOADTEST_CONNECTIONS (default 64) while sampling the memory of gunicorn's processes, stops
the server and prints a table. Bounded and loopback-only: wrk stops by itself and only
ever talks to 127.0.0.1. Fails (exit 1) on any error response, socket error or timeout, or
if memory keeps growing (more than LOADTEST_MAX_GROWTH, default 15 %, over a run).
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
PORT = int(os.environ.get("LOADTEST_PORT", "8077"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "64"))
MAX_GROWTH = float(os.environ.get("LOADTEST_MAX_GROWTH", "0.15"))
BASE = f"http://{HOST}:{PORT}"
TARGETS = [("film page", "/films/last-train-home/"), ("search", "/search/?q=train")]
LOG = Path(os.environ.get("LOADTEST_LOG", "/tmp/strand-loadtest-server.log"))


@dataclass
class Result:
    name: str
    path: str
    requests: int = 0
    rate: float = 0.0
    latency: dict[str, str] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    memory: list[float] = field(default_factory=list)  # MB, sampled during the run

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def growth(self) -> float:
        return (self.memory[-1] - self.memory[0]) / self.memory[0] if len(self.memory) > 1 else 0.0


def gunicorn_rss_mb(master: int) -> float:
    """Resident memory of the gunicorn master and its workers, in MB."""
    pids = [master]
    children = Path(f"/proc/{master}/task/{master}/children")
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


def wait_until_healthy(server: subprocess.Popen, timeout: int = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server stopped during start-up; see {LOG}")
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    sys.exit(f"The server did not become healthy in {timeout}s; see {LOG}")


def wrk(path: str, seconds: int, connections: int) -> str:
    url = BASE + path
    assert url.startswith(f"http://{HOST}:"), "loopback only"
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout


def parse(output: str, result: Result) -> None:
    result.requests = int(re.search(r"(\d+) requests in", output).group(1))
    result.rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    for percentile in ("50%", "90%", "99%"):
        result.latency[percentile] = re.search(rf"{percentile}\s+(\S+)", output).group(1)
    result.latency["max"] = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", output).group(1)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sockets:
        for name, count in zip(("connect", "read", "write", "timeout"), sockets.groups(), strict=True):
            result.errors[name] = int(count)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result.errors["non-2xx/3xx"] = int(non_2xx.group(1)) if non_2xx else 0


def run(name: str, path: str, master: int) -> Result:
    result = Result(name, path)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(5):
            result.memory.append(gunicorn_rss_mb(master))

    result.memory.append(gunicorn_rss_mb(master))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = wrk(path, SECONDS, CONNECTIONS)
    done.set()
    sampler.join()
    result.memory.append(gunicorn_rss_mb(master))
    parse(output, result)
    return result


def main() -> int:
    env = {**os.environ, "PORT": str(PORT), "GUNICORN_BIND": f"{HOST}:{PORT}"}
    print(f"Starting the production configuration on {BASE} (server log: {LOG})", flush=True)
    with LOG.open("w") as log:
        server = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "serve.sh")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    try:
        wait_until_healthy(server)
        for _, path in TARGETS:  # warm-up: caches, renditions, lazy imports; not measured
            wrk(path, 10, CONNECTIONS)
        results = []
        for name, path in TARGETS:
            print(f"{name}: {SECONDS}s at {CONNECTIONS} connections on {path}", flush=True)
            results.append(run(name, path, server.pid))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    print()
    print("| target | requests | req/s | p50 | p90 | p99 | max | errors | memory MB (start → peak → end) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        memory = f"{r.memory[0]:.0f} → {max(r.memory):.0f} → {r.memory[-1]:.0f} ({r.growth:+.1%})"
        latency = " | ".join(r.latency[key] for key in ("50%", "90%", "99%", "max"))
        print(
            f"| {r.name} `{r.path}` | {r.requests} | {r.rate:.1f} | {latency} | {r.error_count} | {memory} |"
        )
    failures = [f"{r.name}: {r.error_count} errors {r.errors}" for r in results if r.error_count]
    failures += [f"{r.name}: memory grew {r.growth:.1%}" for r in results if r.growth > MAX_GROWTH]
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
