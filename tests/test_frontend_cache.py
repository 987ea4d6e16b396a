"""Varnish or a CDN in front is emptied once after each content change commits, and never hangs an editor."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from django.test import override_settings

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purges.append((self.path, self.headers["Host"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def start_varnish():
    """start_varnish() -> a stand-in for Varnish on a free loopback port that records each PURGE."""
    servers = []

    def start():
        server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
        server.purges = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def varnish(start_varnish):
    return start_varnish()


def purging_to(*locations, timeout=2):
    return override_settings(
        WAGTAILFRONTENDCACHE={
            f"cache{number}": {
                "BACKEND": "core.cache.frontend.TimeoutHTTPBackend",
                "LOCATION": location,
                "TIMEOUT": timeout,
            }
            for number, location in enumerate(locations, start=1)
        }
    )


def test_publishing_empties_the_cache_in_front_once_after_the_commit(
    make_film, varnish, django_capture_on_commit_callbacks
):
    film = make_film("Purged Film", slug="purged-film")
    with purging_to(f"http://127.0.0.1:{varnish.server_port}"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            film.title = "Purged Film, renamed"
            film.save_revision().publish()
        assert callbacks and varnish.purges == [], "nothing is purged before the commit"
        for callback in callbacks:  # what the commit does
            callback()
    assert varnish.purges == [("/", "localhost")], "one purge per transaction, however many objects it saved"


def test_every_cache_in_front_is_purged(make_partner, start_varnish, django_capture_on_commit_callbacks):
    first, second = start_varnish(), start_varnish()
    locations = [f"http://127.0.0.1:{server.server_port}" for server in (first, second)]
    with purging_to(*locations), django_capture_on_commit_callbacks(execute=True):
        make_partner("A partner whose logo shows on every film")
    assert first.purges == second.purges == [("/", "localhost")]


def test_a_hung_cache_in_front_costs_the_publish_its_timeout_not_a_hang(
    make_film, caplog, django_capture_on_commit_callbacks
):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    film = make_film("Slow Purge", slug="slow-purge")
    try:
        with purging_to(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.5):
            started = time.monotonic()
            with django_capture_on_commit_callbacks(execute=True):
                film.save_revision().publish()
            assert time.monotonic() - started < 5
    finally:
        silent.close()
    assert "Could not purge http://localhost/" in caplog.text


def test_without_a_cache_in_front_nothing_is_sent(make_film, varnish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_film("Quiet Film", slug="quiet-film")
    assert varnish.purges == []
