"""A database that stops answering costs seconds: PostgreSQL connections carry a statement timeout
(short for visitors, longer for the admin and management commands), TCP keepalives and a user
timeout, and a client-side deadline that holds even when the server is frozen (a TCP proxy of the
test's own, stopped with SIGSTOP). /healthz reports such a database as unavailable.

Everything here needs a PostgreSQL server; on SQLite (a local file) the bounds are no-ops and these
tests are skipped.
"""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.conf import settings
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import RequestFactory

from core.http.middleware import AdminStatementTimeoutMiddleware

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement timeouts are PostgreSQL's"
)
ROOT = Path(__file__).resolve().parent.parent


def show_statement_timeout(using=connection) -> str:
    with using.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def during(path: str, *, raises: bool = False) -> str:
    """The statement timeout a request for `path` runs with, read back inside it."""
    seen = {}

    def view(request):
        seen["timeout"] = show_statement_timeout()
        if raises:
            raise RuntimeError("the view failed")
        return HttpResponse("ok")

    middleware = AdminStatementTimeoutMiddleware(view)
    request = RequestFactory().get(path)
    if raises:
        with pytest.raises(RuntimeError):
            middleware(request)
    else:
        middleware(request)
    return seen["timeout"]


@on_postgresql
def test_visitors_requests_have_a_short_statement_timeout():
    assert settings.DATABASE_STATEMENT_TIMEOUT == 3
    assert show_statement_timeout() == "3s"
    assert during("/films/") == "3s"


@on_postgresql
def test_admin_requests_have_a_longer_statement_timeout_that_never_outlives_them():
    assert during("/admin/pages/") == "1min"
    # Reset on the same (persistent) connection: the next visitor is back to the short one.
    assert show_statement_timeout() == "3s"
    assert during("/admin/pages/", raises=True) == "1min"
    assert show_statement_timeout() == "3s"


def run_command_printing_statement_timeout(**environment: str) -> str:
    script = (
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.test",
            "DATABASE_URL": database_url(),
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def database_url() -> str:
    config = connection.settings_dict
    return f"postgres://{config['USER']}@{config['HOST']}:{config['PORT'] or 5432}/{config['NAME']}"


@on_postgresql
def test_management_commands_have_no_statement_timeout_unless_told():
    assert run_command_printing_statement_timeout() == "0"
    # scripts/publish-scheduled.sh gives each of its runs a minute.
    assert run_command_printing_statement_timeout(DATABASE_COMMAND_STATEMENT_TIMEOUT="60") == "1min"


@on_postgresql
def test_connections_use_tcp_keepalives_and_a_user_timeout():
    connection.ensure_connection()
    parameters = connection.connection.info.get_parameters()
    assert parameters["keepalives"] == "1"
    assert int(parameters["keepalives_idle"]) == 30
    assert int(parameters["tcp_user_timeout"]) == 10_000
    assert int(parameters["connect_timeout"]) == 2


def test_a_query_to_a_frozen_server_fails_within_its_deadline(database_proxy):
    through_proxy, proxy = database_proxy
    assert show_statement_timeout(through_proxy) == "1s"  # a server that answers: the timeout is set

    proxy.freeze()
    # 1 s of statement timeout and 1 s for the server to cancel it, then the client gives up.
    with pytest.raises(OperationalError, match="PostgreSQL did not answer within 2.0 s"):
        show_statement_timeout(through_proxy)
    # The connection is closed, not left mid-conversation for the next request.
    assert not through_proxy.is_usable()


def test_healthz_reports_a_frozen_database_within_its_bound(client, database_proxy, monkeypatch, caplog):
    through_proxy, proxy = database_proxy
    through_proxy.settings_dict["OPTIONS"]["statement_timeout"] = 5  # a visitor's: 6 s to give up
    monkeypatch.setattr("core.http.views.connection", through_proxy)
    monkeypatch.setattr("core.database.connection", through_proxy)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"

    proxy.freeze()
    with caplog.at_level(logging.WARNING, logger="strand.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    expected = {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    assert expected.items() <= response.json().items()
    # Its own bound (HEALTH_CHECK_DATABASE_SECONDS), shorter than a load balancer's probe timeout.
    [logged] = [record for record in caplog.records if record.name == "strand.health"]
    assert "PostgreSQL did not answer within 2.5 s" in str(logged.exc_info[1])
