"""The cluster tests' fixture: `scripts/cluster.sh` for real, with processes the test owns.

Varnish in front of two gunicorn app servers (production settings), sharing a throwaway
PostgreSQL database reached through a TCP proxy the test can freeze, and a redis-server of
its own on a spare port. Everything is on 127.0.0.1, and stopped by PID at the end.
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.bench.proxy import Proxy
from tools.bench.services import HOST, RedisServer, drop_database, fresh_database, spare_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
ADMIN = ("cluster-admin", "cluster-admin-password-1")


@dataclass
class Cluster:
    port: int
    env: dict
    run_dir: Path
    database: Proxy

    def url(self, path: str, app: int | None = None) -> str:
        """Through Varnish, or straight to app server `app` (1, 2)."""
        return f"http://{HOST}:{self.port + (app or 0)}{path}"

    def manage(self, *args: str) -> str:
        """A management command in the cluster's environment (its database, its Redis)."""
        command = [sys.executable, "manage.py", *args]
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def script(self, *args: str) -> None:
        subprocess.run(["bash", "scripts/cluster.sh", *args], cwd=ROOT, env=self.env, check=True, timeout=60)

    def pid(self, name: str) -> int:
        return int((self.run_dir / f"{name}.pid").read_text())

    def backend_health(self) -> dict[str, str]:
        """Varnish's own view of each app server, page and search backends: {"app1": "healthy",
        "search1": "healthy", ...}. Each is probed on its own, so they notice a change apart."""
        listing = subprocess.run(
            ["varnishadm", "-n", str(self.run_dir / "varnish"), "backend.list"],
            capture_output=True, text=True, timeout=10,
        ).stdout  # fmt: skip
        health = {}
        for line in listing.splitlines():
            fields = line.split()
            if (
                fields
                and fields[0].startswith(("boot.app", "boot.search"))
                and fields[0] not in ("boot.app", "boot.search")
            ):
                health[fields[0].removeprefix("boot.")] = "healthy" if "healthy" in fields else "sick"
        return health


def spare_ports(count: int) -> int:
    """The first of `count` consecutive free ports."""
    for _ in range(50):
        first = spare_port()
        if all(is_free(first + offset) for offset in range(1, count)):
            return first
    raise RuntimeError(f"no {count} consecutive free ports")


def is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return False


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    # The cluster brings its own PostgreSQL database, whatever the suite's: run it once, with the
    # suite's PostgreSQL run (CI runs both), not again beside SQLite.
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the cluster tests run with the suite on PostgreSQL (DATABASE_URL=postgres://...)")
    if shutil.which("varnishd") is None:
        pytest.skip("varnish is not installed: .ci/run (and `make cluster`) install it with apt")
    workdir = tmp_path_factory.mktemp("cluster")
    # Another name (it must contain "cluster") keeps runs side by side on one server apart.
    database_url = os.environ.get(
        "CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/strand_cluster_test"
    )
    database_name = database_url.rpartition("/")[2]
    if not fresh_database(database_url, "cluster"):
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is needed for the cluster tests")
    redis = RedisServer(workdir / "redis.log")
    database = Proxy(5432)
    port = spare_ports(3)  # Varnish, then the two app servers
    env = {
        **os.environ,
        "PORT": str(port),
        "PYTHON": sys.executable,
        "DATABASE_URL": f"postgres://postgres@{HOST}:{database.port}/{database_name}",
        "REDIS_URL": "",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "DJANGO_SECRET_KEY": "cluster-test-secret-key-that-is-long-enough-0123456789",
        # Pages go stale in Varnish after 2 s, so grace (not freshness) answers while the database is frozen.
        "PAGE_CACHE_SHARED_MAX_AGE": "2",
        # For the management commands the tests run beside the app servers (cluster.sh sets both too).
        "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
        "FRONTEND_CACHE_PURGE_URL": f"http://{HOST}:{port}",
    }
    process = None
    try:
        redis.start()
        database.start()
        env["REDIS_URL"] = redis.url
        log = (workdir / "cluster.log").open("w")
        process = subprocess.Popen(["bash", "scripts/cluster.sh"], cwd=ROOT, env=env, stdout=log, stderr=log)
        cluster = Cluster(port, env, ROOT / "var" / "cluster" / str(port), database)

        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError(
                    f"scripts/cluster.sh ended: {(workdir / 'cluster.log').read_text()[-2000:]}"
                )
            return answers(cluster.url("/healthz"))

        wait_for(ready, 300, "the cluster")
        wait_for(lambda: set(cluster.backend_health().values()) == {"healthy"}, 30, "both app servers")
        # As a deploy would: the first renders (and their image renditions) before visitors come.
        for app in (1, 2):
            for path in ("/", "/films/", "/films/last-train-home/"):
                urllib.request.urlopen(cluster.url(path, app=app), timeout=120).close()
        cluster.manage(
            "shell", "-c",
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser({ADMIN[0]!r}, 'cluster@example.org', {ADMIN[1]!r})",
        )  # fmt: skip
        yield cluster
    finally:
        if process is not None:
            process.terminate()  # cluster.sh stops everything it started, by PID
            process.wait(timeout=60)
            subprocess.run(["bash", "scripts/cluster.sh", "stop"], cwd=ROOT, env=env, timeout=60)
            shutil.rmtree(ROOT / "var" / "cluster" / str(port), ignore_errors=True)
        database.stop()
        redis.stop()
        drop_database(database_url, "cluster")
