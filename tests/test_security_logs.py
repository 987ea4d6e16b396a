"""Logs are structured (one JSON line per request, with status and duration) and hold no
secrets: no passwords, tokens in query strings, or credentials from connection URLs."""

import io
import json
import logging

import pytest

from django.test import Client, override_settings

from core.http.logging import JSONFormatter

from .factories import ADMIN_PASSWORD
from .test_faults import REDIS_DOWN, database_outage

LOGIN_PASSWORD = "hunter2-not-for-logs"
QUERY_TOKEN = "tok-3c1f9d0a-not-for-logs"
DATABASE_PASSWORD = "pg-pass-not-for-logs"
REDIS_PASSWORD = "redis-pass-not-for-logs"


@pytest.fixture
def json_log():
    """Everything logged while the test runs, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def entries(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


def request_entries(stream) -> list[dict]:
    return [entry for entry in entries(stream) if entry["logger"] == "strand.request"]


def test_each_request_is_one_json_line_with_status_and_duration(client, make_film, json_log):
    make_film("Kestrel Mountain", slug="kestrel-mountain")
    client.get("/films/kestrel-mountain/")
    client.get("/films/no-such-film/")
    lines = json_log.getvalue().splitlines()
    assert all(line.startswith("{") for line in lines)  # tracebacks included: still one line each
    requests = request_entries(json_log)
    assert [(entry["method"], entry["path"], entry["status"]) for entry in requests] == [
        ("GET", "/films/kestrel-mountain/", 200),
        ("GET", "/films/no-such-film/", 404),
    ]
    for entry in requests:
        assert entry["level"] == "INFO"
        assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
        assert entry["time"].endswith("+00:00")


def test_an_exception_is_logged_on_one_line_with_its_traceback(json_log):
    try:
        raise ValueError("broken")
    except ValueError:
        logging.getLogger("strand.test").exception("It broke")
    (entry,) = [entry for entry in entries(json_log) if entry["logger"] == "strand.test"]
    assert entry["message"] == "It broke"
    assert "Traceback" in entry["exception"] and "ValueError: broken" in entry["exception"]


def test_no_secret_reaches_the_logs(client, make_film, superuser, settings, json_log):
    settings.AXES_ENABLED = True  # its failure records are logged too
    make_film("Kestrel Mountain", slug="kestrel-mountain")
    visitor = Client(raise_request_exception=False)

    # Passwords in login forms, right and wrong.
    client.post("/admin/login/", {"username": "editor", "password": LOGIN_PASSWORD})
    client.post("/admin/login/", {"username": "editor", "password": ADMIN_PASSWORD})
    # A token in a query string (e.g. a link someone shared).
    visitor.get(f"/films/kestrel-mountain/?token={QUERY_TOKEN}")
    visitor.get(f"/no-such-page/?token={QUERY_TOKEN}")
    # Connection failures with credentials in their URLs.
    with database_outage(password=DATABASE_PASSWORD):
        assert visitor.get(f"/films/kestrel-mountain/?token={QUERY_TOKEN}").status_code == 503
    redis_with_password = {
        **REDIS_DOWN.options["CACHES"]["default"],
        "LOCATION": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6390/0",
    }
    with REDIS_DOWN, override_settings(CACHES={"default": redis_with_password}):
        assert visitor.get("/films/kestrel-mountain/").status_code == 200

    output = json_log.getvalue()
    assert "Connection refused" in output or "Error 111" in output  # the failures were logged...
    assert [entry["status"] for entry in request_entries(json_log)] == [200, 302, 200, 404, 503, 200]
    for secret in (LOGIN_PASSWORD, ADMIN_PASSWORD, QUERY_TOKEN, DATABASE_PASSWORD, REDIS_PASSWORD):
        assert secret not in output  # ...without what must stay secret
