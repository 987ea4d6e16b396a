"""A cache outage costs nothing: after one failed call the cache is left alone for a while
(the circuit breaker is open), then one probe asks again and the breaker closes.

The window is passed with a fake clock, never with sleeps; a real redis-server, started on a
spare port for the test, is hung (SIGSTOP) and killed (SIGTERM) by its PID.
"""

import logging
import signal

import pytest
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError

from django.core.cache import cache
from django.test import Client

from core.cache.backend import CircuitBreakerRedisCache
from core.cache.breaker import CircuitBreaker

from .html import soup, text_of

pytestmark = pytest.mark.django_db


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def passed_window(breaker: CircuitBreaker, clock: FakeClock) -> None:
    """Move past the open window and let the one probe it starts finish."""
    clock.now += breaker.seconds + 0.1
    assert not breaker.allows()  # the caller still gets its fallback: the probe runs aside
    breaker.probe_thread.join(timeout=10)


def test_the_breaker_opens_on_an_error_and_closes_after_its_time(caplog):
    clock, answers = FakeClock(), ["down", "up"]

    def probe():
        if answers.pop(0) == "down":
            raise RedisConnectionError("still down")

    breaker = CircuitBreaker("Redis test", seconds=5, probe=probe, clock=clock)
    assert breaker.allows()
    with caplog.at_level(logging.INFO, logger="strand.cache"):
        for _ in range(3):  # several threads meeting the same outage
            breaker.failed(RedisConnectionError("Connection refused"))
        assert breaker.is_open and not breaker.allows()
        clock.now += 4.9
        assert not breaker.allows()  # nothing asked within the window
        assert answers == ["down", "up"]

        passed_window(breaker, clock)  # the first probe fails: another window
        assert breaker.is_open and answers == ["up"]
        clock.now += 1
        assert not breaker.allows() and answers == ["up"]
        passed_window(breaker, clock)  # the second succeeds
        assert not breaker.is_open and breaker.allows()

    messages = [record.getMessage() for record in caplog.records if record.name == "strand.cache"]
    assert len(messages) == 2  # one when the outage began, one when it ended
    assert "Redis test unavailable (Connection refused): not asked again for 5 s" in messages[0]
    assert "Redis test available again after 16.1 s" in messages[1]


class BrokenRedis:
    """django-redis' client for a server that never answers: every call fails, and is counted."""

    def __init__(self):
        self.calls = 0

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            self.calls += 1
            try:
                raise RedisConnectionError("Connection refused")
            except RedisConnectionError as error:
                raise ConnectionInterrupted(connection=None) from error

        return fail


REDIS_CACHE = {"BACKEND": "core.cache.backend.CircuitBreakerRedisCache"}


def test_a_page_renders_with_every_cache_call_failing_and_one_attempt_per_window(
    make_film, settings, monkeypatch
):
    make_film("Kestrel Mountain", slug="kestrel-mountain", synopsis="A falconer returns to the mountain.")
    settings.CACHES = {"default": {**REDIS_CACHE, "LOCATION": "redis://broken/0"}}
    broken = BrokenRedis()
    monkeypatch.setattr(CircuitBreakerRedisCache, "redis_client", property(lambda self: broken))
    clock = FakeClock()
    cache.breaker.clock = clock
    visitor = Client()

    for path in ("/films/kestrel-mountain/", "/", "/films/", "/films/kestrel-mountain/"):
        assert visitor.get(path).status_code == 200, path
    assert broken.calls == 1  # the call that opened the breaker; the dozens after it were skipped
    response = visitor.get("/films/kestrel-mountain/")
    assert text_of(soup(response).h1) == "Kestrel Mountain"
    assert "A falconer returns to the mountain." in response.content.decode()

    passed_window(cache.breaker, clock)  # one probe, which fails
    assert visitor.get("/films/kestrel-mountain/").status_code == 200
    assert broken.calls == 2 and cache.breaker.is_open


def test_with_a_working_cache_the_breaker_stays_closed(settings, start_redis, make_film, client):
    redis = start_redis()
    settings.CACHES = {"default": {**REDIS_CACHE, "LOCATION": redis.url}}
    make_film("Kestrel Mountain", slug="kestrel-mountain")
    assert client.get("/films/kestrel-mountain/")["X-Page-Cache"] == "miss"
    assert client.get("/films/kestrel-mountain/")["X-Page-Cache"] == "hit"
    assert not cache.breaker.is_open
    assert client.get("/healthz").json()["status"] == "ok"


@pytest.mark.parametrize("fault", [signal.SIGSTOP, signal.SIGTERM], ids=["hung", "down"])
def test_a_real_redis_outage_opens_the_breaker_and_recovery_closes_it(
    fault, settings, start_redis, make_film, client, caplog
):
    redis = start_redis()
    settings.CACHES = {
        "default": {
            **REDIS_CACHE,
            "LOCATION": redis.url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    make_film("Kestrel Mountain", slug="kestrel-mountain")
    assert client.get("/films/kestrel-mountain/")["X-Page-Cache"] == "miss"
    clock = FakeClock()
    cache.breaker.clock = clock

    redis.process.send_signal(fault)
    if fault == signal.SIGTERM:
        redis.process.wait(timeout=10)
    with caplog.at_level(logging.INFO, logger="strand.cache"):
        response = client.get("/films/kestrel-mountain/")
        assert response.status_code == 200
        assert text_of(soup(response).h1) == "Kestrel Mountain"
        assert cache.breaker.is_open  # the rest of the page's cache calls were skipped
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {
            "status": "degraded",
            "database": "ok",
            "cache": "unavailable",
            "cache_circuit": "open",
            "warnings": [],
        }
        if fault == signal.SIGSTOP:
            redis.process.send_signal(signal.SIGCONT)
            passed_window(cache.breaker, clock)
            assert not cache.breaker.is_open
            assert client.get("/films/kestrel-mountain/")["X-Page-Cache"] == "hit"
    messages = [record.getMessage() for record in caplog.records if record.name == "strand.cache"]
    assert len(messages) == (2 if fault == signal.SIGSTOP else 1)
    assert "unavailable" in messages[0] and redis.url.split("//")[1] in messages[0]


def test_healthz_warns_when_redis_is_full_and_refuses_writes(settings, start_redis, client):
    redis = start_redis("--maxmemory-policy", "noeviction")
    settings.CACHES = {"default": {**REDIS_CACHE, "LOCATION": redis.url}}
    assert client.get("/healthz").json()["status"] == "ok"

    redis.client().set("filler", b"x" * 2_000_000)
    redis.client().config_set("maxmemory", "1mb")  # now over its limit, with nothing it may evict
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["cache_circuit"] == "closed"  # Redis answers: reads still work
    (warning,) = body["warnings"]
    assert "Redis refuses writes" in warning and "allkeys-lru" in warning


def test_a_full_redis_with_an_lru_policy_is_not_a_warning(settings, start_redis, client):
    redis = start_redis("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru")
    settings.CACHES = {"default": {**REDIS_CACHE, "LOCATION": redis.url}}
    for number in range(100):  # as much again as the limit: old keys make room
        redis.client().set(f"filler{number}", b"x" * 100_000)
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["warnings"] == []
