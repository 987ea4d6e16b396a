"""PostgreSQL that gives up in seconds when the server stops answering.

``ENGINE = "core.database"`` (site_config/settings/base.py sets it for PostgreSQL). On top of
Django's backend:

* ``OPTIONS["statement_timeout"]`` (seconds, 0 for none) is sent in the connection's startup
  packet (``-c statement_timeout=``), so the server cancels a slow statement at no extra round trip.
* Every wait on the server (queries, commits, Django's health check) has a client-side deadline:
  that timeout plus a second. A server that cannot cancel anything (frozen, or a proxy in front of
  it stopped) leaves TCP acknowledging bytes that nobody reads, which neither keepalives nor
  ``tcp_user_timeout`` notice; the deadline closes the connection and raises OperationalError,
  which handler500 turns into the 503 page.
* ``within(seconds)`` bounds everything in a block, reconnecting included (the health check).
"""

import math
import time
from contextlib import contextmanager

import psycopg

from django.db import DatabaseError
from django.db.backends.postgresql import base

# The server's own cancellation comes first; the client gives up this much later.
CLIENT_GRACE_SECONDS = 1.0
# Django's health check of a reused connection (SELECT 1) is never slow on a server that answers.
HEALTH_CHECK_SECONDS = 1.0
# libpq's floor for connect_timeout.
MIN_CONNECT_TIMEOUT = 2


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection that asks its Django wrapper how long any wait on the server may last."""

    wrapper: "DatabaseWrapper"

    def wait(self, gen, interval=0.1, timeout=None):
        if timeout is None:
            timeout = self.wrapper.time_left()
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except psycopg.errors._WaitTimeout:  # psycopg's own, raised only for the timeout given above
            # Mid-conversation with a server that does not answer: the connection cannot be reused.
            self.close()
            raise psycopg.OperationalError(f"PostgreSQL did not answer within {timeout:.1f} s") from None


class DatabaseWrapper(base.DatabaseWrapper):
    statement_timeout: float = 0.0  # seconds; 0 means none
    _deadline: float | None = None  # time.monotonic() by which the current within() block must end

    def get_connection_params(self):
        params = super().get_connection_params()
        self.statement_timeout = float(params.pop("statement_timeout", 0) or 0)
        if self.statement_timeout:
            milliseconds = round(self.statement_timeout * 1000)
            params["options"] = f"{params.get('options', '')} -c statement_timeout={milliseconds}".strip()
        return params

    def get_new_connection(self, conn_params):
        if self._deadline is not None:
            left = self._deadline - time.monotonic()
            if left < MIN_CONNECT_TIMEOUT:
                raise psycopg.OperationalError("no time left to connect to PostgreSQL")
            configured = conn_params.get("connect_timeout") or left
            conn_params = {**conn_params, "connect_timeout": math.floor(min(configured, left))}
        connection = super().get_new_connection(conn_params)
        # Django's connect() cannot be told which class to build; this subclass adds no state.
        connection.__class__ = DeadlineConnection
        connection.wrapper = self
        return connection

    def time_left(self) -> float | None:
        """Seconds any one wait on the server may last now: None when unbounded."""
        bounds = []
        if self.statement_timeout:
            bounds.append(self.statement_timeout + CLIENT_GRACE_SECONDS)
        if self._deadline is not None:
            bounds.append(max(self._deadline - time.monotonic(), 0.001))
        return min(bounds) if bounds else None

    @contextmanager
    def within(self, seconds: float):
        """Every wait on the server in the block, connecting included, ends within `seconds` in all."""
        outer = self._deadline
        deadline = time.monotonic() + seconds
        self._deadline = deadline if outer is None else min(outer, deadline)
        try:
            yield
        finally:
            self._deadline = outer

    @contextmanager
    def statement_timeout_of(self, seconds: float):
        """The block's statements may run `seconds` (0: no limit); the connection's own timeout after.

        SET, then RESET (back to the startup packet's value) even if the block fails; a connection
        that cannot be reset is closed, so a longer timeout never reaches the next request.
        """
        default = self.statement_timeout
        with self.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {round(seconds * 1000)}")
        self.statement_timeout = seconds
        try:
            yield
        finally:
            self.statement_timeout = default
            try:
                with self.cursor() as cursor:
                    cursor.execute("RESET statement_timeout")
            except DatabaseError:
                self.close()

    def is_usable(self):
        with self.within(HEALTH_CHECK_SECONDS):
            return super().is_usable()
