"""`make run` (the development settings) shows visitors the site's own 404 and 500 pages, and the
traceback only in the terminal; `DJANGO_DEBUG=1` brings back Django's debug pages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
DJANGO_DEBUG_PAGE = "you have <code>DEBUG = True</code>"
# Run under the development settings against this test's database: a missing film, then a
# home page whose rendering fails.
SCRIPT = """
import json, django
django.setup()
from django.test import Client
from home.models import HomePage
visitor = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
missing = visitor.get("/films/no-such-film/")
def fail(*args, **kwargs):
    raise RuntimeError("the home page failed")
HomePage.serve = fail
failed = visitor.get("/")
print(json.dumps({name: [r.status_code, r.content.decode()] for name, r in
                  (("missing", missing), ("failed", failed))}))
"""


def database_url() -> str:
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    return f"postgres://{config['USER']}{password}@{config['HOST']}:{config['PORT'] or 5432}/{config['NAME']}"


def visit_under_dev_settings(**environ: str) -> tuple[dict, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_"))}
    env.update(DJANGO_SETTINGS_MODULE="site_config.settings.dev", DATABASE_URL=database_url(), **environ)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


# The subprocess reads committed rows; the rollback brings back the migrations' pages afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_make_run_shows_visitors_the_sites_own_error_pages_and_the_traceback_in_the_terminal(site_tree):
    pages, terminal = visit_under_dev_settings()

    status, missing = pages["missing"]
    assert status == 404
    assert "<h1>Page not found</h1>" in missing
    assert DJANGO_DEBUG_PAGE not in missing
    status, failed = pages["failed"]
    assert status == 500
    assert "<h1>Something went wrong</h1>" in failed
    assert "RuntimeError" not in failed
    assert "Traceback" in terminal and "RuntimeError: the home page failed" in terminal


# The subprocess reads committed rows; the rollback brings back the migrations' pages afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_django_debug_brings_back_djangos_debug_pages(site_tree):
    pages, _ = visit_under_dev_settings(DJANGO_DEBUG="1")

    assert pages["missing"][0] == 404
    assert DJANGO_DEBUG_PAGE in pages["missing"][1]
    assert pages["failed"][0] == 500
    assert "RuntimeError" in pages["failed"][1]
