"""A circuit breaker: after a failure, stop calling a dependency for a while, then probe it.

A hung Redis answers nothing, and each of a page's dozens of cache calls would wait out
its socket timeout. Once a call fails, the breaker is *open*: callers get their fallback
at once for `seconds`; then one background probe (never a visitor's request) asks again,
and the breaker closes when it succeeds. State is per process, shared by its threads
(Django gives each thread its own cache backend object, hence the registry).
"""

import logging
import threading
import time
from collections.abc import Callable

logger = logging.getLogger("strand.cache")


class CircuitBreaker:
    def __init__(self, name: str, seconds: float, probe: Callable[[], object], clock=time.monotonic):
        self.name = name
        self.seconds = seconds
        self.probe = probe
        self.clock = clock
        self.lock = threading.Lock()
        self.opened_at: float | None = None
        self.retry_at = 0.0
        self.probe_thread: threading.Thread | None = None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def allows(self) -> bool:
        """Whether a call may go ahead now; past the open window, starts the one probe."""
        if self.opened_at is None:
            return True
        with self.lock:
            if self.opened_at is None:
                return True
            probing = self.probe_thread is not None and self.probe_thread.is_alive()
            if not probing and self.clock() >= self.retry_at:
                self.probe_thread = threading.Thread(target=self.run_probe, name="cache probe", daemon=True)
                self.probe_thread.start()
        return False

    def failed(self, error: BaseException) -> None:
        with self.lock:
            opening = self.opened_at is None
            if opening:
                self.opened_at = self.clock()
            self.retry_at = self.clock() + self.seconds
        if opening:  # one line per outage, however many calls fail
            logger.error("%s unavailable (%s): not asked again for %g s", self.name, error, self.seconds)

    def run_probe(self) -> None:
        try:
            self.probe()
        except Exception:  # noqa: BLE001 - still down, whatever the error: wait another window
            with self.lock:
                self.retry_at = self.clock() + self.seconds
            return
        with self.lock:
            outage, self.opened_at = self.clock() - self.opened_at, None
        logger.warning("%s available again after %.1f s", self.name, outage)


# One breaker per server and process.
BREAKERS: dict[str, CircuitBreaker] = {}
REGISTRY_LOCK = threading.Lock()


def breaker_for(name: str, seconds: float, probe: Callable[[], object]) -> CircuitBreaker:
    with REGISTRY_LOCK:
        if name not in BREAKERS:
            BREAKERS[name] = CircuitBreaker(name, seconds, probe)
        return BREAKERS[name]
