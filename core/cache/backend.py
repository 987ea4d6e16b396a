"""django-redis' RedisCache behind a circuit breaker (see breaker.py).

While the breaker is open every call gets django-redis' own fallback for a failed call (a
miss for reads, a no-op for writes) without touching the network, so a Redis that is down
or hung costs a page nothing once the first call has failed.
"""

import functools
import re

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import OutOfMemoryError, RedisError, ResponseError

from django.conf import settings

from .breaker import breaker_for

# "redis://:password@host:6379/0" -> "redis://host:6379/0": the name goes into log lines.
CREDENTIALS = re.compile(r"//[^/@]*@")


class GuardedClient:
    """The django-redis client, its calls refused while the breaker is open."""

    def __init__(self, client, breaker):
        self.client = client
        self.breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self.client, name)
        if not callable(attribute):
            return attribute

        @functools.wraps(attribute)
        def guarded(*args, **kwargs):
            if not self.breaker.allows():
                raise ConnectionInterrupted(connection=None)
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                # An error reply ("OOM", "WRONGTYPE") is a fast answer from a server that is
                # there; only timeouts and lost connections open the breaker.
                if not isinstance(error.__cause__, ResponseError):
                    self.breaker.failed(error.__cause__)
                raise

        return guarded


class CircuitBreakerRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        # Failed calls always fall back (IGNORE_EXCEPTIONS); the breaker logs once per outage.
        self._ignore_exceptions = True
        self._log_ignored_exceptions = False
        name = f"Redis {CREDENTIALS.sub('//', str(server))}"
        self.breaker = breaker_for(name, settings.CACHE_CIRCUIT_SECONDS, self.ping)

    @property
    def client(self):
        return GuardedClient(self.redis_client, self.breaker)

    @property
    def redis_client(self):
        """django-redis' own client, unguarded: for the probe and the health check."""
        return RedisCache.client.fget(self)

    def ping(self) -> None:
        self.redis_client.get_client(write=True).ping()

    def write_refusal(self) -> str:
        """Why Redis refuses writes (full, with maxmemory-policy noeviction), or "" if it takes them.

        A raw write, so the error is seen rather than turned into a no-op.
        """
        if not self.breaker.allows():
            return ""
        try:
            self.redis_client.get_client(write=True).set(self.make_key("healthz:write"), b"1", ex=10)
        except OutOfMemoryError as error:
            return f"Redis refuses writes ({error}): set maxmemory-policy allkeys-lru (docs/operations.md)"
        except ResponseError:
            return ""
        except RedisError as error:
            self.breaker.failed(error)
        return ""
