#!/usr/bin/env bash
# `make cluster`: Varnish on 127.0.0.1:PORT in front of APP_SERVERS gunicorn app servers.
#
# The app servers (production settings, ports PORT+1 ... PORT+APP_SERVERS) share PostgreSQL,
# Redis and the media folder, beside one scheduled-publishing loop and one rendition worker.
# Everything started is recorded in var/cluster/PORT/*.pid and stopped on Ctrl-C, or by
# `make cluster-stop PORT=...` (`scripts/cluster.sh stop`). Varnish's Age and Via headers stay on responses, and X-Cache
# says hit or miss. See docs/operations.md, "Several app servers behind Varnish".
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
APP_SERVERS="${APP_SERVERS:-2}"
RUN_DIR="$PWD/var/cluster/$PORT"
# Its own Redis (unless REDIS_URL names one) on the port after the app servers'.
export REDIS_PORT="${REDIS_PORT:-$((PORT + APP_SERVERS + 1))}"

stop_cluster() {
    local pidfile pid
    for pidfile in "$RUN_DIR"/*.pid; do
        [ -e "$pidfile" ] || continue
        pid="$(cat "$pidfile")"
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pidfile in "$RUN_DIR"/*.pid; do
        [ -e "$pidfile" ] || continue
        pid="$(cat "$pidfile")"
        # gunicorn finishes its requests within graceful_timeout; nothing waits longer than 15 s.
        for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$pidfile"
    done
}

# The production environment (scripts/production.sh), pointed at Varnish.
cluster_env() {
    # shellcheck source=production.sh
    source scripts/production.sh
    # An app server started again joins the cluster's own Redis.
    if [ -z "${REDIS_URL:-}" ] && [ -e "$RUN_DIR/redis.pid" ] && kill -0 "$(cat "$RUN_DIR/redis.pid")" 2>/dev/null; then
        export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    fi
    behind_varnish
    export GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}"
}

# App server N of the cluster, in the background, its PID recorded.
start_app() {
    GUNICORN_BIND="127.0.0.1:$((PORT + $1))" "$PYTHON" -m gunicorn --config python:site_config.gunicorn \
        site_config.wsgi >>"$RUN_DIR/app$1.log" 2>&1 &
    echo $! > "$RUN_DIR/app$1.pid"
}

case "${1:-}" in
    stop)
        stop_cluster
        echo "Stopped the cluster on port $PORT."
        exit 0
        ;;
    app)
        # (Re)start one app server of a running cluster, e.g. after stopping it by its PID;
        # Varnish's health probe puts it back in rotation once /healthz answers.
        cluster_env
        start_app "$2"
        exit 0
        ;;
esac

for pidfile in "$RUN_DIR"/*.pid; do
    if [ -e "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "A cluster already runs on port $PORT: make cluster-stop PORT=$PORT" >&2
        exit 1
    fi
done
mkdir -p "$RUN_DIR"
rm -f "$RUN_DIR"/*.pid

cluster_env
ports="$(seq "$PORT" "$((PORT + APP_SERVERS))")"
[ -n "${REDIS_URL:-}" ] || ports="$ports $REDIS_PORT"
# shellcheck disable=SC2086 # one word per port
require_free_ports $ports
trap 'stop_cluster' EXIT
trap 'exit 130' INT TERM
start_own_redis "$RUN_DIR/redis.pid"
# Varnish first, so that the demo content's purges reach it.
addresses=()
for i in $(seq "$APP_SERVERS"); do addresses+=("127.0.0.1:$((PORT + i))"); done
write_backends "$RUN_DIR/backends.vcl" "${addresses[@]}"
start_varnish "$RUN_DIR"
prepare_site

for i in $(seq "$APP_SERVERS"); do start_app "$i"; done
bash scripts/publish-scheduled.sh "$PYTHON" >>"$RUN_DIR/publish-scheduled.log" 2>&1 &
echo $! > "$RUN_DIR/publish-scheduled.pid"
bash scripts/rendition-worker.sh "$PYTHON" >>"$RUN_DIR/rendition-worker.log" 2>&1 &
echo $! > "$RUN_DIR/rendition-worker.pid"
if ! wait_for_varnish "$RUN_DIR"; then
    echo "The cluster did not become ready; logs in $RUN_DIR" >&2
    exit 1
fi
echo "Strand through Varnish: http://127.0.0.1:$PORT/ (admin: http://127.0.0.1:$PORT/${DJANGO_ADMIN_PATH:-admin}/)"
for i in $(seq "$APP_SERVERS"); do echo "  app server $i: http://127.0.0.1:$((PORT + i))/"; done
echo "Logs and PIDs in $RUN_DIR. Ctrl+C, or make cluster-stop PORT=$PORT, stops everything."
# Until Ctrl-C or Varnish ends; an app server that stops is skipped by Varnish meanwhile
# (`scripts/cluster.sh app N` starts it again).
wait "$(cat "$RUN_DIR/varnish.pid")"
