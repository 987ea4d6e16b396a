# The production configuration on this machine, shared by `make serve` and `make cluster`.
#
# Sourced, not run: it exports the environment the production settings need (each value can
# be overridden from the environment, see README "Production") and defines prepare_site.
PYTHON="${PYTHON:-.venv/bin/python}"

export DJANGO_SETTINGS_MODULE=site_config.settings.production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/strand}"
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"
# The address visitors use (Varnish's under `make cluster`): the default Site's root URL, which
# canonical, share, sitemap and feed links are built from (load_demo writes it to the Site).
export SITE_ROOT_URL="${SITE_ROOT_URL:-http://127.0.0.1:${PORT:-8000}}"
# Plain HTTP on loopback: nothing in front terminates TLS, so no redirect to https.
export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-off}"
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
    # A random key made once and kept (readable by this user only) in the git-ignored var/.
    mkdir -p var
    if [ ! -s var/secret_key ]; then
        (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key)
    fi
    DJANGO_SECRET_KEY="$(cat var/secret_key)"
    export DJANGO_SECRET_KEY
fi

# Our own Redis unless REDIS_URL names one, never the machine's shared one: capped, evicting the
# least recently used keys (a full cache then forgets old pages instead of refusing writes),
# nothing on disk. Usage: start_own_redis PIDFILE (its log beside it); the caller stops it.
start_own_redis() {
    [ -z "${REDIS_URL:-}" ] || return 0
    local pidfile="$1"
    REDIS_PORT="${REDIS_PORT:-6380}"
    if (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then
        echo "Port $REDIS_PORT is taken: set REDIS_PORT to a free port, or REDIS_URL to a Redis to use." >&2
        exit 1
    fi
    mkdir -p "$(dirname "$pidfile")"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --maxmemory "${REDIS_MAXMEMORY:-256mb}" \
        --maxmemory-policy allkeys-lru --save '' --appendonly no --daemonize yes \
        --dir "$(dirname "$pidfile")" --pidfile "$pidfile" --logfile "${pidfile%.pid}.log"
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null && break
        sleep 0.1
    done
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
}

# Create the database if it is missing, migrate, collect static files, load the demo content
# and make sure the admin account exists.
prepare_site() {
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
    "$PYTHON" manage.py load_demo --root-url "$SITE_ROOT_URL"
    "$PYTHON" manage.py ensure_admin
}
