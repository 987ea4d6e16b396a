#!/usr/bin/env bash
# Publish and unpublish scheduled pages every minute while the server runs.
#
# Wagtail's "go-live" and "expiry" dates only take effect when `manage.py publish_scheduled`
# runs. `make run` starts this script beside runserver and `make serve` beside gunicorn
# (scripts/serve.sh); production may run the same command from cron (see README, "Editing").
# The loop ends by itself once the process that started it is gone.
#
# Usage: scripts/publish-scheduled.sh [python] (default .venv/bin/python);
# PUBLISH_SCHEDULED_INTERVAL sets the seconds between runs (default 60). Each run may spend at most
# 60 s in one statement (DATABASE_COMMAND_STATEMENT_TIMEOUT), so a hung database cannot stop the loop.
# Every 60th run (hourly by default) it also runs `manage.py tidy`: old rendition task results and
# page create keys are forgotten rather than kept for ever.
set -u

python=${1:-.venv/bin/python}
interval=${PUBLISH_SCHEDULED_INTERVAL:-60}
parent=$PPID
runs=0

while kill -0 "$parent" 2>/dev/null; do
    DATABASE_COMMAND_STATEMENT_TIMEOUT="${DATABASE_COMMAND_STATEMENT_TIMEOUT:-60}" \
        "$python" manage.py publish_scheduled || echo "publish_scheduled failed; trying again in ${interval}s" >&2
    if [ $((runs % 60)) -eq 0 ]; then
        DATABASE_COMMAND_STATEMENT_TIMEOUT="${DATABASE_COMMAND_STATEMENT_TIMEOUT:-60}" \
            "$python" manage.py tidy -v0 || echo "tidy failed; trying again in an hour" >&2
    fi
    runs=$((runs + 1))
    # Look for the parent every second so that stopping the server stops this loop promptly.
    for _ in $(seq "$interval"); do
        kill -0 "$parent" 2>/dev/null || exit 0
        sleep 1
    done
done
