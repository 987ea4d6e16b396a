"""Varnish with the repo's VCL (deploy/varnish/strand.vcl, and the backends.vcl that `make serve` and
`make cluster` write with scripts/production.sh) bounds the searches that reach an app server.

In front of a stub app server on 127.0.0.1 whose searches wait until the test lets them finish,
so the bound is full for as long as the test needs; Varnish is stopped by its PID at the end.
"""

import json
import os
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tools.bench.services import HOST, spare_port, wait_for

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("varnishd") is None, reason="varnish is not installed")


class StubApp(BaseHTTPRequestHandler):
    """/healthz and pages answer at once; a search with `q=hold` waits for `release`."""

    release = threading.Event()
    held = threading.Event()
    healthy = True
    searches: list[str] = []

    def do_GET(self):
        if self.path == "/healthz":
            if self.healthy:
                self.answer(b"ok", "no-store")
            else:
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
        elif self.path.startswith(("/search/?", "/search/autocomplete/?")) or "search=" in self.path:
            self.searches.append(self.path)
            if "q=hold" in self.path:
                self.held.set()
                self.release.wait(20)
            self.answer(b"results", "private, no-store")
        else:
            self.answer(b"page", "public, max-age=60, s-maxage=300")

    def answer(self, body: bytes, cache_control: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", cache_control)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes, float]:
    """(status, headers, body, seconds), without raising on a 503."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers or {}), timeout=10
        ) as response:
            return response.status, response.headers, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read(), time.monotonic() - started


@contextmanager
def varnish_in_front_of(app_ports: list[int], run_dir: Path, search_connections: int):
    port = spare_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "SEARCH_BACKEND_CONNECTIONS": str(search_connections),
        "DJANGO_SECRET_KEY": "x" * 50,  # production.sh would otherwise write var/secret_key
    }
    script = 'source scripts/production.sh; write_backends "$1/backends.vcl" "${@:2}"; start_varnish "$1"'
    subprocess.run(
        ["bash", "-c", script, "-", str(run_dir), *(f"{HOST}:{port}" for port in app_ports)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    pid = int((run_dir / "varnish.pid").read_text())
    try:
        base = f"http://{HOST}:{port}"

        def ready() -> bool:  # once the probe finds the stub healthy: /healthz answers through a backend
            try:
                return get(base + "/healthz")[0] == 200
            except OSError:  # not listening yet
                return False

        wait_for(ready, 30, f"Varnish (log: {run_dir / 'varnish.log'})")
        yield base
    finally:
        os.kill(pid, 15)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)


@contextmanager
def stub_apps(count: int):
    """``count`` stub app servers (one StubApp state between them), shut down afterwards."""
    StubApp.release.clear()
    StubApp.held.clear()
    StubApp.searches.clear()
    StubApp.healthy = True
    apps = [ThreadingHTTPServer((HOST, spare_port()), StubApp) for _ in range(count)]
    for app in apps:
        app.daemon_threads = True
        threading.Thread(target=app.serve_forever, daemon=True).start()
    try:
        yield [app.server_address[1] for app in apps]
    finally:
        StubApp.release.set()
        for app in apps:
            app.shutdown()
            app.server_close()


@pytest.fixture
def front(tmp_path):
    with stub_apps(1) as ports, varnish_in_front_of(ports, tmp_path, search_connections=1) as base:
        yield base


def test_past_the_search_bound_varnish_answers_503_with_retry_after_at_once_and_pages_still_answer(front):
    holding = threading.Thread(target=lambda: get(front + "/search/?q=hold"))
    holding.start()
    assert StubApp.held.wait(10), "the first search reached the app server"

    status, headers, body, seconds = get(front + "/search/?q=river")
    assert (status, headers["Retry-After"], headers["Cache-Control"]) == (503, "5", "no-store")
    assert seconds < 1
    assert "text/html" in headers["Content-Type"] and b"Search is busy" in body
    for path, accept in (("/api/v2/pages/?search=river", "*/*"), ("/search/autocomplete/?q=riv", "*/*")):
        status, headers, body, _ = get(front + path, {"Accept": accept})
        assert (status, headers["Retry-After"]) == (503, "5")
        assert json.loads(body) == {"message": "Search is busy right now: please try again in a few seconds."}
    # Pages, the empty search form and the API without a search are not searches: they answer.
    for path in ("/films/last-train-home/", "/search/", "/api/v2/pages/?type=film.FilmPage"):
        status, _, body, _ = get(front + path)
        assert (status, body) == (200, b"page")
    assert StubApp.searches == ["/search/?q=hold"], "refused searches never reached the app server"

    StubApp.release.set()
    holding.join(10)
    # Varnish gives the slot back once it has finished with the backend connection, a moment
    # after the visitor has the answer.
    wait_for(lambda: get(front + "/search/?q=river")[:3:2] == (200, b"results"), 5, "the search slot freed")


def search_connections_open(run_dir: Path) -> int:
    """Varnish's count of connections open to the search backends (varnishstat's VBE.*.search*.conn)."""
    listing = subprocess.run(
        ["varnishstat", "-n", str(run_dir / "varnish"), "-1", "-f", "VBE.*.search*.conn"],
        capture_output=True, text=True, timeout=10,
    ).stdout  # fmt: skip
    return sum(int(line.split()[1]) for line in listing.splitlines() if line.strip())


def test_a_search_refused_by_a_full_lane_is_asked_of_the_next_app_servers(tmp_path):
    """Round robin sends every other search to the app server whose one slot is taken: that
    refusal is retried once, on the other app server, instead of answering "busy"."""
    with stub_apps(2) as ports, varnish_in_front_of(ports, tmp_path, search_connections=1) as base:
        holding = threading.Thread(target=lambda: get(base + "/search/?q=hold"))
        holding.start()
        assert StubApp.held.wait(10), "the first search reached an app server"

        answers = []
        for n in range(4):
            # The previous search's slot is given back a moment after its answer: wait for it.
            wait_for(lambda: search_connections_open(tmp_path) == 1, 5, "Varnish giving the slot back")
            answers.append(get(base + f"/search/?q=river{n}")[:3:2])

        assert answers == [(200, b"results")] * 4
        assert sorted(StubApp.searches) == ["/search/?q=hold"] + [f"/search/?q=river{n}" for n in range(4)]
        StubApp.release.set()
        holding.join(10)


def test_searches_are_never_cached_and_pages_are(front):
    for _ in range(2):
        assert get(front + "/search/?q=river")[:3:2] == (200, b"results")
        assert get(front + "/films/last-train-home/")[:3:2] == (200, b"page")
    assert StubApp.searches == ["/search/?q=river"] * 2
    assert get(front + "/films/last-train-home/")[1]["X-Cache"] == "hit"


def test_with_no_app_server_healthy_a_search_gets_the_back_soon_page_not_search_is_busy(front):
    assert get(front + "/films/last-train-home/")[0] == 200  # cached, for grace
    StubApp.healthy = False
    # Each lane's backend has its own probe: both see the app server sick within a few seconds.
    wait_for(lambda: get(front + "/healthz")[0] == 503, 30, "Varnish marking the page lane sick")
    wait_for(lambda: get(front + "/search/?q=river")[0] == 503, 30, "Varnish marking the search lane sick")
    status, headers, body, _ = get(front + "/search/?q=river")
    assert (status, headers["Retry-After"]) == (503, "30")
    assert b"We will be back soon" in body and b"Search is busy" not in body
    assert get(front + "/films/last-train-home/")[:3:2] == (200, b"page")


def test_the_production_example_backends_compile_with_the_vcl(tmp_path):
    """strand.vcl needs both directors: the example a deployment copies must give them."""
    shutil.copy(ROOT / "deploy" / "varnish" / "backends.example.vcl", tmp_path / "backends.vcl")
    vcl = ROOT / "deploy" / "varnish"
    # -j none: as this user, who can read the private temporary folder (Varnish's own user cannot).
    command = ["varnishd", "-C", "-j", "none", "-n", str(tmp_path / "n"), "-f", str(vcl / "strand.vcl")]
    command += ["-p", f"vcl_path={tmp_path}:{vcl}"]
    compiled = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert compiled.returncode == 0, compiled.stderr[-2000:]
    assert "search.backend()" in (vcl / "strand.vcl").read_text()
