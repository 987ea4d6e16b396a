"""gunicorn settings for `make serve` and production deployments.

Loopback by default: a TLS-terminating proxy or load balancer sits in front and sets
X-Forwarded-Proto. Each request is logged once, as JSON, by core.http.middleware, so gunicorn's
own access log stays off.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads let a worker serve pages while other requests wait on PostgreSQL or Redis; every such
# wait is bounded (core.database: 3-4 s; the cache's short socket timeouts) and searches hold at
# most SEARCH_MAX_CONCURRENT of the threads, so one stuck dependency leaves threads for cached pages.
# Python runs one thread at a time per process: CPU comes from the processes, not the threads.
# Why and the figures: docs/operations.md, "gunicorn".
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Load Django once in the master: workers share its memory and start faster.
preload_app = True
# A listening socket per worker (SO_REUSEPORT): the kernel spreads new connections over the workers.
# With one shared socket the worker that wakes first accepts every connection of a burst and keeps
# them while they are kept alive (measured: one worker doing all the work, half the throughput).
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "on") == "on"
# Restarts a worker whose main loop stops answering; single requests are cut short by the
# database's deadline and the search limit, not here.
timeout = 30
graceful_timeout = 30
keepalive = 5
# A burst of connections waits in the queue rather than being refused.
backlog = 2048
accesslog = None
errorlog = "-"
loglevel = "warning"
# Which proxies may tell gunicorn the original scheme and client address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request size: gunicorn's defaults, stated so they stay; a longer line or more or larger headers
# get a 400 before Django sees them. Bodies are limited in Django (core.http.limits).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
