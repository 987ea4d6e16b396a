#!/usr/bin/env bash
# `make serve`: the production settings under gunicorn on 127.0.0.1 with PostgreSQL and Redis
# (its own redis-server on REDIS_PORT, default 6380, unless REDIS_URL names one).
#
# Prepares the site (scripts/production.sh: database, migrations, static files, demo content,
# admin account), then runs gunicorn in the foreground with scheduled publishing beside it.
# Everything can be overridden from the environment (see README, "Production").
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=production.sh
source scripts/production.sh
export GUNICORN_BIND="${GUNICORN_BIND:-127.0.0.1:${PORT:-8000}}"

if [ -z "${REDIS_URL:-}" ]; then
    start_own_redis "$PWD/var/redis.pid"
    # It lives as long as gunicorn, which replaces this shell (same PID) below.
    REDIS_PID="$(cat var/redis.pid)"
    (while kill -0 $$ 2>/dev/null; do sleep 1; done; kill "$REDIS_PID" 2>/dev/null) &
fi
prepare_site
# Scheduled publishing every minute, as under `make run`: the loop watches this process, which
# becomes gunicorn below, and ends with it (Ctrl+C or gunicorn exiting).
bash scripts/publish-scheduled.sh "$PYTHON" &
echo "Serving the production configuration on http://${GUNICORN_BIND} (Ctrl+C stops it)"
# Image renditions are drawn beside gunicorn; the worker stops with it (its parent is this PID).
bash scripts/rendition-worker.sh "$PYTHON" &
exec "$PYTHON" -m gunicorn --config python:site_config.gunicorn site_config.wsgi
