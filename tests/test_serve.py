"""`make serve` (scripts/serve.sh) runs scheduled publishing and Varnish beside gunicorn, and stops
them with the server. Run with a stand-in for Python that logs what it is asked and plays gunicorn,
so no app server, database or migration is involved; Varnish is real (its backend stays sick)."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tools.bench.services import spare_port

ROOT = Path(__file__).resolve().parent.parent
STAND_IN = """#!/usr/bin/env bash
echo "$* timeout=${DATABASE_COMMAND_STATEMENT_TIMEOUT:-}" >> "$CALLS"
case "$1" in
    -) cat > /dev/null ;;  # the script that creates the database
    -m)  # gunicorn: serves until scheduled publishing has run twice, or until interrupted
        for _ in $(seq 200); do
            [ "$(grep -c publish_scheduled "$CALLS")" -ge 2 ] && [ "$SERVER_ENDS" = exit ] && exit 0
            sleep 0.1
        done ;;
esac
"""


def wait_until(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def loop_running(stand_in: Path) -> bool:
    found = subprocess.run(["pgrep", "-f", f"publish-scheduled.sh {stand_in}"], capture_output=True)
    return found.returncode == 0


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's exit may never be collected in a container)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(shutil.which("varnishd") is None, reason="varnish is not installed")
@pytest.mark.parametrize("server_ends", ["exit", "ctrl-c"])
def test_make_serve_publishes_scheduled_pages_every_interval_until_the_server_stops(tmp_path, server_ends):
    stand_in, calls = tmp_path / "python", tmp_path / "calls"
    stand_in.write_text(STAND_IN)
    stand_in.chmod(0o755)
    calls.touch()
    environment = {
        **os.environ,
        "PYTHON": str(stand_in),
        "CALLS": str(calls),
        "SERVER_ENDS": server_ends,
        "PUBLISH_SCHEDULED_INTERVAL": "1",
        "DJANGO_SECRET_KEY": "x" * 50,
        "PORT": str(port := spare_port()),
        # A Redis named, so serve.sh starts none of its own (nothing here talks to it).
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    run_dir = ROOT / "var" / "serve" / str(port)
    serve = subprocess.Popen(["bash", "scripts/serve.sh"], cwd=ROOT, env=environment, start_new_session=True)
    try:
        assert wait_until(lambda: calls.read_text().count("publish_scheduled") >= 2)
        varnish = int((run_dir / "varnish.pid").read_text())
        assert running(varnish)
        if server_ends == "ctrl-c":
            os.killpg(serve.pid, signal.SIGINT)  # what the terminal sends to the whole group
        serve.wait(timeout=30)
        # The loop notices within a second that the server is gone, and ends.
        assert wait_until(lambda: not loop_running(stand_in))
        assert wait_until(lambda: not running(varnish)), "Varnish stops with the server"
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
        backends = (run_dir / "backends.vcl").read_text()
        shutil.rmtree(run_dir, ignore_errors=True)
    lines = calls.read_text().splitlines()
    assert any(line.startswith("-m gunicorn --config python:site_config.gunicorn") for line in lines)
    # Each run may spend a minute in one statement, not forever.
    assert "manage.py publish_scheduled timeout=60" in lines
    # Varnish on PORT sends pages and, at most 2 at once, searches to gunicorn on PORT+1.
    assert f'backend app1 {{ .host = "127.0.0.1"; .port = "{port + 1}";' in backends
    assert (
        f'.port = "{port + 1}"; .probe = healthz; .first_byte_timeout = 10s; .max_connections = 2; }}'
        in backends
    )
