"""What the benchmarks start for themselves: spare ports, a throwaway database, their own Redis.

Nothing here touches the shared services beyond creating and dropping a database whose name
carries the caller's marker (`bench`, `loadtest`).
"""

import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

HOST = "127.0.0.1"


def port_range() -> tuple[int, int]:
    """BENCH_PORTS ("8600-8699": a range of one's own on a shared machine), else 20000-60000."""
    low, _, high = os.environ.get("BENCH_PORTS", "20000-60000").partition("-")
    return int(low), int(high or low)


def spare_port() -> int:
    """A free port on 127.0.0.1 in port_range()."""
    low, high = port_range()
    for _ in range(100):
        port = random.randint(low, high)
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}-{high}")


def wait_for(ready: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} was not ready after {seconds:.0f} s")
        time.sleep(0.2)


def fresh_database(url: str, marker: str) -> bool:
    """Create the database empty; False when its server cannot be reached."""
    name = database_name(url, marker)
    parsed = urlparse(url)
    if parsed.scheme.startswith("sqlite"):
        Path(parsed.path).unlink(missing_ok=True)
        return True
    try:
        admin = psycopg.connect(url.replace(f"/{name}", "/postgres"), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL skipped: {error}".strip())
        return False
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return True


def drop_database(url: str, marker: str) -> None:
    """Drop a PostgreSQL database made by fresh_database, ending any session still on it."""
    name = database_name(url, marker)
    with psycopg.connect(url.replace(f"/{name}", "/postgres"), autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_name(url: str, marker: str) -> str:
    name = Path(urlparse(url).path.lstrip("/")).name
    if marker not in name:
        sys.exit(f"Refusing to recreate {name!r}: these throwaway databases must be named *{marker}*.")
    return name


class Child:
    """A process of ours that can be frozen (SIGSTOP), resumed (SIGCONT) and stopped, by its PID."""

    process: subprocess.Popen | None = None

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        """SIGTERM (after SIGCONT: a frozen process would not act on it) and wait; SIGKILL if it stays."""
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class RedisServer(Child):
    """A `redis-server` of our own on a spare port: no persistence, and bounded like production's."""

    def __init__(self, log: Path, maxmemory: str = "256mb", options: tuple[str, ...] = ()):
        self.port = spare_port()
        self.log = log
        self.maxmemory = maxmemory
        self.options = options  # more redis-server options; a later one wins over the defaults

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server",
            "--bind", HOST,
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "no",
            "--maxmemory", self.maxmemory,
            "--maxmemory-policy", "allkeys-lru",
            "--dir", str(self.log.parent),
            *self.options,
        ]  # fmt: skip
        with self.log.open("a") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=log)
        wait_for(self.answers, 10, f"redis-server on port {self.port}")

    def client(self) -> redis.Redis:
        # No retries: redis-py's default (3, with back-off) would take seconds to say "down".
        return redis.Redis(
            host=HOST, port=self.port, socket_timeout=2, socket_connect_timeout=2, retry=Retry(NoBackoff(), 0)
        )

    def answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def stats(self) -> tuple[int, int]:
        """(keys, used_memory in bytes)."""
        client = self.client()
        return client.dbsize(), client.info("memory")["used_memory"]
