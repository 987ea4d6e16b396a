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

# Varnish (deploy/varnish/strand.vcl) in front of the app servers, shared by `make serve` (one app
# server) and `make cluster` (several). Every content change bans Varnish's copies
# (core.cache.frontend), and e-mailed links go through it.
behind_varnish() {
    export FRONTEND_CACHE_PURGE_URL="${FRONTEND_CACHE_PURGE_URL:-http://127.0.0.1:$PORT}"
    export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$PORT}"
    if ! command -v varnishd >/dev/null; then
        echo "Installing Debian's varnish"
        $([ "$(id -u)" = 0 ] || echo sudo) apt-get install -y -q varnish >/dev/null
    fi
}

# Usage: require_free_ports PORT...: exits with a message naming the first one in use.
require_free_ports() {
    local port
    for port in "$@"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "Port $port is in use: choose another PORT (make serve/cluster PORT=...)" >&2
            exit 1
        fi
    done
}

# Usage: write_backends FILE HOST:PORT... Writes the topology half of strand.vcl: for each app
# server a backend for pages (`app` director) and one for searches (`search` director) with at
# most SEARCH_BACKEND_CONNECTIONS at once, past which Varnish answers a quick 503 itself. The
# default, 2, is one gunicorn worker's search slots (SEARCH_MAX_CONCURRENT): wherever the kernel
# hands those connections, no search waits for a slot inside the app, and on two CPUs more
# searches at once would only share them.
write_backends() {
    local file="$1" address i=0
    shift
    {
        echo "# Written by scripts/production.sh for the app servers it starts; see backends.example.vcl."
        echo "import directors;"
        echo 'probe healthz { .request = "GET /healthz HTTP/1.1" "Host: 127.0.0.1" "Connection: close"; .interval = 1s; .timeout = 1s; .window = 3; .threshold = 2; }'
        for address in "$@"; do
            i=$((i + 1))
            echo "backend app$i { .host = \"${address%:*}\"; .port = \"${address##*:}\"; .probe = healthz; .first_byte_timeout = 10s; }"
            echo "backend search$i { .host = \"${address%:*}\"; .port = \"${address##*:}\"; .probe = healthz; .first_byte_timeout = 10s; .max_connections = ${SEARCH_BACKEND_CONNECTIONS:-2}; }"
        done
        echo 'acl purgers { "127.0.0.1"; }'
        echo "sub vcl_init {"
        echo "    new app = directors.round_robin();"
        echo "    new search = directors.round_robin();"
        for i in $(seq "$#"); do echo "    app.add_backend(app$i);"; echo "    search.add_backend(search$i);"; done
        echo "}"
    } > "$file"
}

# Usage: start_varnish RUN_DIR (with RUN_DIR/backends.vcl written). Varnish on 127.0.0.1:PORT in
# the background, its PID in RUN_DIR/varnish.pid and its log beside it.
start_varnish() {
    local run_dir="$1"
    # -j none: run as the invoking user (no privilege separation needed on loopback);
    # -F: in the foreground of its own process, so its PID is the one recorded.
    varnishd -F -j none -n "$run_dir/varnish" -a "127.0.0.1:$PORT" -T 127.0.0.1:0 \
        -f "$PWD/deploy/varnish/strand.vcl" -p vcl_path="$run_dir:$PWD/deploy/varnish" \
        -s "malloc,${VARNISH_MEMORY:-256m}" >>"$run_dir/varnish.log" 2>&1 &
    echo $! > "$run_dir/varnish.pid"
}

# Usage: wait_for_varnish RUN_DIR. True once Varnish answers /healthz through a backend (60 s at most).
wait_for_varnish() {
    for _ in $(seq 120); do
        kill -0 "$(cat "$1/varnish.pid")" 2>/dev/null || return 1
        curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && return 0
        sleep 0.5
    done
    return 1
}
