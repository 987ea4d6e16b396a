#!/usr/bin/env bash
# `make serve`: the production settings on one machine, as visitors meet them in production:
# Varnish on 127.0.0.1:PORT (deploy/varnish/strand.vcl) in front of gunicorn on PORT+1, with
# PostgreSQL and Redis (its own redis-server on REDIS_PORT, default 6380, unless REDIS_URL names one).
#
# Varnish answers cached pages from memory whatever gunicorn is doing, and lets at most
# SEARCH_BACKEND_CONNECTIONS searches reach it at once (a quick 503 with Retry-After past that):
# docs/operations.md, "What runs where". Prepares the site (scripts/production.sh: database,
# migrations, static files, demo content, admin account), then runs gunicorn in the foreground
# with scheduled publishing, the rendition worker and Varnish beside it, all ending with it.
# Everything can be overridden from the environment (see README, "Production").
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=production.sh
source scripts/production.sh
PORT="${PORT:-8000}"
export GUNICORN_BIND="${GUNICORN_BIND:-127.0.0.1:$((PORT + 1))}"
RUN_DIR="$PWD/var/serve/$PORT"
behind_varnish
require_free_ports "$PORT" "${GUNICORN_BIND##*:}"
mkdir -p "$RUN_DIR"

# Stops what this script started beside gunicorn once gunicorn (which replaces this shell, same
# PID, below) has ended. Usage: stop_with_server PID. The watcher outlives a Ctrl+C, and sends
# SIGTERM again each second for a while: Varnish still starting up may miss it (and the Ctrl+C).
stop_with_server() {
    (
        trap '' INT
        while kill -0 $$ 2>/dev/null; do sleep 1; done
        for _ in $(seq 30); do kill "$1" 2>/dev/null || break; sleep 1; done
    ) &
}

if [ -z "${REDIS_URL:-}" ]; then
    start_own_redis "$PWD/var/redis.pid"
    stop_with_server "$(cat var/redis.pid)"
fi
# Varnish first, so that the demo content's purges reach it.
write_backends "$RUN_DIR/backends.vcl" "$GUNICORN_BIND"
start_varnish "$RUN_DIR"
stop_with_server "$(cat "$RUN_DIR/varnish.pid")"
prepare_site
# Scheduled publishing every minute and the rendition worker, as under `make run`: each watches
# this process, which becomes gunicorn below, and ends with it (Ctrl+C or gunicorn exiting).
bash scripts/publish-scheduled.sh "$PYTHON" &
bash scripts/rendition-worker.sh "$PYTHON" &
echo "Serving the production configuration on http://127.0.0.1:${PORT} through Varnish" \
    "(gunicorn: http://${GUNICORN_BIND}; Varnish's log: $RUN_DIR/varnish.log; Ctrl+C stops it)"
exec "$PYTHON" -m gunicorn --config python:site_config.gunicorn site_config.wsgi
