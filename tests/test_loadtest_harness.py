"""The pieces of `make loadtest` that would give wrong figures without saying so.

No gunicorn: a relay, a client, some arithmetic and a table, on 127.0.0.1, and the count of
unfinished background tasks the load test waits on (the test database, on PostgreSQL).
"""

import math
import shutil
import socket
import socketserver
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tasks_db.models import DBTaskResult

from django.db import connection
from django.utils import timezone

from tools.bench import wrk
from tools.bench.loadtest import drain, unfinished_tasks
from tools.bench.measure import (
    ERROR,
    TIMEOUT,
    Outcome,
    Summary,
    fetch,
    flood,
    latency,
    limited,
    markdown_table,
    percentile,
    probe,
    statuses,
)
from tools.bench.proxy import Proxy
from tools.bench.services import HOST, RedisServer, spare_port

WRK_OUTPUT = """Running 15s test @ http://127.0.0.1:8077/films/last-train-home/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    22.10ms   30.02ms   1.20s    91.00%
    Req/Sec   342.50     80.12   520.00     70.00%
  Latency Distribution
     50%   15.31ms
     75%   25.00ms
     90%   40.12ms
     99%  135.70ms
  10273 requests in 15.03s, 250.01MB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 12
Requests/sec:    683.52
Transfer/sec:     16.63MB
"""


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(65536):
            self.request.sendall(data)


class StatusHandler(BaseHTTPRequestHandler):
    """200 on /, 503 on /busy."""

    def do_GET(self):
        self.send_response(503 if self.path == "/busy" else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@contextmanager
def serving(server_class, handler):
    server = server_class((HOST, spare_port()), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_listener():
    """A port that accepts connections and never answers, like a hung server."""
    with socket.socket() as listener:
        listener.bind((HOST, spare_port()))
        listener.listen()
        yield listener.getsockname()[1]


def test_proxy_relays_bytes_holds_them_while_frozen_and_delivers_them_on_resume():
    with serving(socketserver.ThreadingTCPServer, EchoHandler) as echo_port:
        proxy = Proxy(target_port=echo_port)
        proxy.start()
        try:
            with socket.create_connection((HOST, proxy.port), timeout=10) as client:
                client.sendall(b"before")
                assert client.recv(100) == b"before"

                proxy.freeze()
                client.sendall(b"during")
                client.settimeout(0.5)
                with pytest.raises(TimeoutError):
                    client.recv(100)

                proxy.resume()
                client.settimeout(10)
                assert client.recv(100) == b"during"
            proxy.freeze()
        finally:
            proxy.stop()
    assert proxy.process.poll() is not None, "a frozen proxy still stops"


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_own_redis_is_bounded_with_lru_counts_keys_and_stops(tmp_path):
    redis = RedisServer(tmp_path / "redis.log", maxmemory="16mb")
    redis.start()
    try:
        client = redis.client()
        assert client.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
        assert client.config_get("save") == {"save": ""}
        client.set("strand:one", "x")
        keys, used_memory = redis.stats()
        assert keys == 1 and used_memory > 0
        assert redis.answers()
    finally:
        redis.stop()
    assert not redis.answers()


def test_percentile_is_nearest_rank():
    values = list(range(100, 0, -1))  # 100 … 1, unsorted on purpose
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 99) == 7.0
    assert percentile([1, 2], 50) == 1
    assert math.isnan(percentile([], 50))


def test_summary_counts_time_outs_at_the_time_given_up_and_as_failures():
    outcomes = [Outcome("200", 0.010)] * 97 + [
        Outcome("503", 0.020),
        Outcome(TIMEOUT, 10.0),
        Outcome(ERROR, 0.001),
    ]
    summary = Summary.of(outcomes, seconds=10)
    assert summary.count == 100
    assert summary.p50_ms == pytest.approx(10)
    assert summary.p99_ms == pytest.approx(20)
    assert summary.max_ms == pytest.approx(10_000)
    assert summary.rate == pytest.approx(10)
    assert summary.failures == 3
    assert statuses(summary) == "200×97 503×1 error×1 timeout×1"
    assert latency(summary) == "10 / 20"


def test_client_reports_statuses_and_gives_up_on_a_server_that_never_answers():
    with serving(ThreadingHTTPServer, StatusHandler) as port:
        assert fetch(f"http://{HOST}:{port}/", timeout=10).status == "200"
        assert fetch(f"http://{HOST}:{port}/busy", timeout=10).status == "503"
    with silent_listener() as port:
        assert fetch(f"http://{HOST}:{port}/", timeout=0.2).status == TIMEOUT
    assert fetch(f"http://{HOST}:{spare_port()}/", timeout=1).status == ERROR


def test_client_and_wrk_talk_to_loopback_only():
    with pytest.raises(ValueError, match="loopback only"):
        fetch("http://example.com/", timeout=1)
    with pytest.raises(ValueError, match="loopback only"):
        wrk.run("http://example.com/", 1, 1)


def test_a_limited_flood_sends_each_request_once_and_a_probe_stops_at_its_deadline():
    with serving(ThreadingHTTPServer, StatusHandler) as port:
        seen = []
        urls = limited(lambda n: seen.append(n) or f"http://{HOST}:{port}/?n={n}", 25)
        outcomes = flood(urls, connections=4, seconds=60, timeout=10)
        assert [outcome.status for outcome in outcomes] == ["200"] * 25
        assert sorted(seen) == list(range(25))

        assert probe(f"http://{HOST}:{port}/", seconds=0, timeout=10) == []
        assert len(probe(f"http://{HOST}:{port}/", seconds=0.2, timeout=10)) >= 1


def test_wrk_report_is_read_in_milliseconds_with_its_errors():
    summary = wrk.parse(WRK_OUTPUT)
    assert summary.count == 10273
    assert summary.rate == pytest.approx(683.52)
    assert summary.p50_ms == pytest.approx(15.31)
    assert summary.p99_ms == pytest.approx(135.70)
    assert summary.max_ms == pytest.approx(1200)
    assert summary.statuses == {"2xx/3xx": 10261, "other": 12, "socket timeout": 3}
    assert summary.failures == 15
    assert wrk.to_ms("850.00us") == pytest.approx(0.85)


def test_table_has_one_cell_per_column_and_escapes_pipes():
    table = markdown_table(["scenario", "note"], [["search flood", "200 | 503"], ["baseline", ""]])
    assert table.splitlines() == [
        "| scenario | note |",
        "| --- | --- |",
        "| search flood | 200 \\| 503 |",
        "| baseline |  |",
    ]
    with pytest.raises(ValueError, match="one cell per column"):
        markdown_table(["scenario", "note"], [["only one"]])
    assert latency(None) == "–"
    assert latency(Summary.of([Outcome("200", 0.0032), Outcome("200", 12.5)])) == "3.2 / 12,500"


def test_the_load_test_waits_for_the_rendition_queue_to_empty_but_never_longer_than_its_bound():
    counts = iter([3, 1, 0])
    assert drain(lambda: next(counts), seconds=10, interval=0)[0] == 0
    left, waited = drain(lambda: 5, seconds=0.2, interval=0.05)
    assert left == 5 and 0.2 <= waited < 2


@pytest.mark.django_db(transaction=True)
def test_unfinished_tasks_counts_the_queued_and_running_renditions_not_the_finished():
    if connection.vendor != "postgresql":
        pytest.skip("the load test's database is PostgreSQL")
    for status in ("READY", "RUNNING", "SUCCESSFUL", "FAILED", "READY"):
        DBTaskResult.objects.create(
            status=status, args_kwargs={"args": [], "kwargs": {}}, backend_name="renditions",
            task_path="core.renditions.draw_renditions", run_after=timezone.now(),
        )  # fmt: skip
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    assert unfinished_tasks(url) == 3
