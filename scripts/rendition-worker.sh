#!/usr/bin/env bash
# Draw image renditions in the background while the site runs (core/renditions.py).
#
# `make run` and `make serve` start this beside the web server. It runs django-tasks' database
# worker for the "renditions" backend, starts it again if it stops, and stops it once the
# process that started this script is gone. Production runs the same `db_worker` command under
# its process supervisor (docs/operations.md, "Rendition worker").
#
# Usage: scripts/rendition-worker.sh [python] (default .venv/bin/python)
set -u

python=${1:-.venv/bin/python}
parent=$PPID
worker=

start() {
    "$python" manage.py db_worker --backend renditions --no-reload --no-startup-delay &
    worker=$!
}

trap 'kill "$worker" 2>/dev/null; exit 0' INT TERM EXIT
start
# Look for the parent every second so that stopping the server stops the worker promptly.
while kill -0 "$parent" 2>/dev/null; do
    if ! kill -0 "$worker" 2>/dev/null; then
        echo "The rendition worker stopped; starting it again in 5s" >&2
        sleep 5
        start
    fi
    sleep 1
done
