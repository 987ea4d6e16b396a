#!/usr/bin/env bash
# `make serve`: the production settings under gunicorn on 127.0.0.1 with PostgreSQL and Redis.
#
# Creates the database if it is missing, migrates, collects static files, loads the demo
# content and makes sure the admin account exists, then runs gunicorn in the foreground.
# Everything can be overridden from the environment (see README, "Production").
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

export DJANGO_SETTINGS_MODULE=site_config.settings.production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/strand}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"
# Plain HTTP on loopback: nothing in front terminates TLS, so no redirect to https, and
# image renditions come from Django itself (documents always go through /documents/, and
# original images are never served).
export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-off}"
export DJANGO_SERVE_MEDIA="${DJANGO_SERVE_MEDIA:-on}"
export GUNICORN_BIND="${GUNICORN_BIND:-127.0.0.1:${PORT:-8000}}"
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
    # A random key made once and kept (readable by this user only) in the git-ignored var/.
    mkdir -p var
    if [ ! -s var/secret_key ]; then
        (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key)
    fi
    DJANGO_SECRET_KEY="$(cat var/secret_key)"
    export DJANGO_SECRET_KEY
fi

"$PYTHON" - <<'PY'
"""Create the PostgreSQL database named in DATABASE_URL if it does not exist yet."""
import os

import dj_database_url
import psycopg
from psycopg import sql

config = dj_database_url.parse(os.environ["DATABASE_URL"])
if config["ENGINE"] == "django.db.backends.postgresql":
    params = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    if config["PASSWORD"]:
        params["password"] = config["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Created the database {config['NAME']}.")
PY
"$PYTHON" manage.py migrate --noinput -v0
"$PYTHON" manage.py collectstatic --noinput -v0
"$PYTHON" manage.py load_demo
"$PYTHON" manage.py ensure_admin
echo "Serving the production configuration on http://${GUNICORN_BIND} (Ctrl+C stops it)"
# Image renditions are drawn beside gunicorn; the worker stops with it (its parent is this PID).
bash scripts/rendition-worker.sh "$PYTHON" &
exec "$PYTHON" -m gunicorn --config python:site_config.gunicorn site_config.wsgi
