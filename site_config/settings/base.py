"""Settings shared by every environment, driven by environment variables.

Defaults are safe: DEBUG is off and no secret key is set here; `dev` and `test`
relax what they need, `production` insists on real values.
"""

import os
import sys
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "home",
    "film",
    "search",
    "core",
    "tools.bench",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.api.v2",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "core.http.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before any middleware that can answer on its own (static files, cached pages).
    "core.http.middleware.ContentSecurityPolicyMiddleware",
    "core.http.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 responses for everything below, cached pages included.
    "django.middleware.http.ConditionalGetMiddleware",
    "core.cache.middleware.PageCacheMiddleware",
    "core.cache.lookups.SiteMiddleware",
    # Before the first query of an admin request (its session).
    "core.http.middleware.AdminStatementTimeoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Oversize bodies refused by their Content-Length before anything reads them.
    "core.http.limits.RequestBodyLimitMiddleware",
    # Frees the request's search slot; past SEARCH_MAX_CONCURRENT, a quick 503 with Retry-After.
    "core.http.limits.ConcurrencyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Refused sign-ins answer 429 with Retry-After (outside axes', so it sees its lockout page).
    "core.http.limits.SignInLimitMiddleware",
    # A 400 for a NUL byte that a view used unchecked (its exception passes here first).
    "core.http.middleware.NulByteMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under the git-ignored var/ unless DATABASE_URL says otherwise
# (e.g. postgres://postgres@127.0.0.1:5432/strand).
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# A PostgreSQL server that stops answering costs seconds, not minutes (core/database/base.py, the
# engine used instead of Django's): statements are cancelled after DATABASE_STATEMENT_TIMEOUT
# seconds for visitors, DATABASE_ADMIN_STATEMENT_TIMEOUT in the admin and
# DATABASE_COMMAND_STATEMENT_TIMEOUT in management commands (0: none, for migrate, backup and
# restore), and the client gives up a second later when the server cannot even cancel. TCP
# keepalives and tcp_user_timeout drop a connection to a server gone from the network.
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "3"))
DATABASE_ADMIN_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_ADMIN_STATEMENT_TIMEOUT", "60"))
DATABASE_COMMAND_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_COMMAND_STATEMENT_TIMEOUT", "0"))
# manage.py's commands, not its development server, which serves visitors.
RUNNING_COMMAND = Path(sys.argv[0]).name in {"manage.py", "django-admin"} and sys.argv[1:2] != ["runserver"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "core.database"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # No JIT compilation: a listing's estimated cost (a subquery per film) passes
            # PostgreSQL's jit_above_cost at 100,000 films, and compiling took 625 ms of an 846 ms
            # query that ran in 259 ms (docs/performance.md, "Growth table").
            "options": "-c jit=off",
            "statement_timeout": (
                DATABASE_COMMAND_STATEMENT_TIMEOUT if RUNNING_COMMAND else DATABASE_STATEMENT_TIMEOUT
            ),
            "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2")),
            "keepalives": 1,
            "keepalives_idle": int(os.environ.get("DATABASE_KEEPALIVES_IDLE", "30")),
            "keepalives_interval": 10,
            "keepalives_count": 3,
            # Milliseconds that sent data may stay unacknowledged before the connection is dropped.
            "tcp_user_timeout": int(float(os.environ.get("DATABASE_TCP_USER_TIMEOUT", "10")) * 1000),
        }
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (an autosave and a manual save, two editors): a write-ahead log lets
    # readers go on while one writes; IMMEDIATE takes the write lock when a transaction begins,
    # so a second writer waits for it (up to the timeout, in seconds) instead of failing with
    # "database is locked" when it upgrades a read to a write.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# After a failed cache call, the cache is not asked again for this many seconds (one
# background probe then checks it): see core/cache/breaker.py.
CACHE_CIRCUIT_SECONDS = float(os.environ.get("CACHE_CIRCUIT_SECONDS", "5"))
if REDIS_URL:
    # The site keeps serving without Redis: failed calls are misses and no-ops, short timeouts
    # bound the first one, and the circuit breaker skips the cache until Redis answers again.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.backend.CircuitBreakerRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "strand",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "strand",
            # Pages, fragments and image renditions share it: the default of 300 entries
            # would evict a page's fragments while it renders.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

AUTHENTICATION_BACKENDS = [
    # Refuses an address with too many failed sign-ins (any usernames) before anything hashes.
    "core.http.limits.ClientAddressLimitBackend",
    # django-axes next: it refuses logins from a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Nothing under MEDIA_ROOT is served as a folder: renditions and documents go through views that
# check who may have them (core/files.py), original images are never served.
# A catalogue uploaded to *Import films* waits here between its dry run and its commit: outside
# MEDIA_ROOT (never served) and, like MEDIA_ROOT, shared by every app server, since the confirm
# may reach another one. `manage.py tidy` deletes uploads never confirmed after a day.
FILM_IMPORT_ROOT = Path(os.environ.get("FILM_IMPORT_ROOT", VAR_DIR / "imports"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with hashed names, served with far-future cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies (core.http.limits.RequestBodyLimitMiddleware): 1 MB is plenty for every public
# form (sign-in, page passwords); admin users in the admin may send the largest upload allowed
# below (WAGTAILDOCS_MAX_UPLOAD_SIZE) plus that. Put the same limit on the proxy.
REQUEST_BODY_MAX_SIZE = 1024 * 1024
# Form fields other than files (a long film's page form is the largest); files larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file while they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Nothing frames the site; Wagtail's preview views opt back in to SAMEORIGIN themselves.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# The admin lives at /<DJANGO_ADMIN_PATH>/ (default "admin"): moving it away from the
# well-known address keeps most credential-stuffing bots off the login form.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin").strip("/") or "admin"

# Content-Security-Policy (django-csp, through core.http.middleware): public pages allow no inline
# script or style and nothing third-party except the two video players, which are framed
# only after a visitor presses play.
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": VIDEO_PLAYER_ORIGINS,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Wagtail's admin still renders inline scripts and style attributes; only its URLs get these.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        # The preview panel frames the page being edited.
        "frame-ancestors": ["'self'"],
        # The editor frames the site's own URLs: that preview, and block previews in the block picker.
        "frame-src": ["'self'", *VIDEO_PLAYER_ORIGINS],
    }
}
# Features the site never uses are switched off; the video players keep what they need.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "browsing-topics": [],
    "autoplay": ["self", *VIDEO_PLAYER_ORIGINS],
    "encrypted-media": ["self", *VIDEO_PLAYER_ORIGINS],
    "fullscreen": ["self", *VIDEO_PLAYER_ORIGINS],
    "picture-in-picture": ["self", *VIDEO_PLAYER_ORIGINS],
}

# django-axes: five wrong passwords for one username from one address lock that pair out for
# an hour (a 429 page); a successful login clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
# Behind the proxy, the client's address from X-Forwarded-For (core.http.client).
AXES_CLIENT_IP_CALLABLE = "core.http.client.client_ip"
# Proxies whose X-Forwarded-For is believed: the proxy in front of gunicorn, on the same machine by
# default (gunicorn binds to loopback). Requests from any other address keep their own address.
TRUSTED_PROXY_IPS = env_list("DJANGO_TRUSTED_PROXY_IPS", "127.0.0.1,::1")
# Beyond axes (per username and address): failed sign-ins per address, whatever the username, and
# wrong page (or collection) passwords per restriction and address; each locks out for 15 minutes.
LOGIN_FAILURE_LIMIT_PER_IP = 30
PAGE_PASSWORD_FAILURE_LIMIT = 10
THROTTLE_LOCKOUT_SECONDS = 15 * 60

# Email (password resets, "Film review" notifications): the SMTP server named in EMAIL_HOST. Without
# one, messages are written to stderr with the log rather than lost against localhost:25. `dev`
# always prints them to the console, tests keep them in memory.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# A mail server that does not answer must not hold up the editor who pressed "Submit".
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Strand <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Whole-page cache for anonymous visitors (core/cache/), in CACHES["default"].
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))
PAGE_CACHE_BROWSER_MAX_AGE = int(os.environ.get("PAGE_CACHE_BROWSER_MAX_AGE", "60"))
PAGE_CACHE_SHARED_MAX_AGE = int(os.environ.get("PAGE_CACHE_SHARED_MAX_AGE", "300"))
# Snippets and settings whose changes show on public pages (pages, images, documents, sites
# and privacy are always watched): saving or deleting one invalidates every cached page.
PAGE_CACHE_INVALIDATING_MODELS = [
    "film.Partner",
    "film.FilmCollection",
    "film.FilmCollectionItem",
    "core.BrandSettings",
    "film.ScheduleSettings",
]
# A search's matches and filter counts, shared until the next content change (0: never kept).
SEARCH_CACHE_TIMEOUT = int(os.environ.get("SEARCH_CACHE_TIMEOUT", "300"))
# Searches (the search page, suggestions, the API's ?search=) running at once in one worker process
# (core.http.limits.SEARCHES): one more waits up to SEARCH_QUEUE_SECONDS, then gets a 503 with
# Retry-After, so a flood of searches cannot hold every thread while pages wait.
SEARCH_MAX_CONCURRENT = int(os.environ.get("SEARCH_MAX_CONCURRENT", "2"))
SEARCH_QUEUE_SECONDS = float(os.environ.get("SEARCH_QUEUE_SECONDS", "0.5"))
# /healthz is no page: SiteMiddleware must not query for its site before it bounds its own wait.
PAGE_CACHE_EXCLUDED_PATHS = [f"/{ADMIN_PATH}/", "/documents/", "/healthz"]

# HTTP caches in front (Varnish: deploy/varnish/, `make cluster`) are emptied on every content
# change by core.cache.frontend through Wagtail's frontend cache. FRONTEND_CACHE_PURGE_URL lists
# each cache's address, comma-separated (e.g. http://10.0.0.5:80,http://10.0.0.6:80).
# Wagtail's frontend_cache app itself stays out of INSTALLED_APPS: its per-page purges on
# publish would only repeat what the site-wide ban already did.
FRONTEND_CACHE_PURGE_URL = env_list("FRONTEND_CACHE_PURGE_URL")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        f"cache{number}": {
            "BACKEND": "core.cache.frontend.TimeoutHTTPBackend",
            "LOCATION": location,
            "TIMEOUT": float(os.environ.get("FRONTEND_CACHE_PURGE_TIMEOUT", "2")),
        }
        for number, location in enumerate(FRONTEND_CACHE_PURGE_URL, start=1)
    }

# dumpdata/loaddata (and so backups) keep datetimes to the microsecond.
SERIALIZATION_MODULES = {"json": "core.backup.serialization"}

# Wagtail
WAGTAIL_SITE_NAME = "Strand"
# The public address `load_demo` gives the default Site (*Settings → Sites*), whose root URL
# every absolute link is built from (core/links.py); at run time the Site record is the rule.
SITE_ROOT_URL = os.environ.get("SITE_ROOT_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_ROOT_URL)
# Restricted pages ask for a password or a sign-in in the site's own design (core/pages.py).
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "access/password_required.html"
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "access/login.html"
# Search: Wagtail's database backend by default (SQLite FTS5, or PostgreSQL full text search with
# ranking when DATABASE_URL is PostgreSQL); an OpenSearch/Elasticsearch cluster when SEARCH_URL is
# set (pip install -r requirements-search.txt, then `manage.py update_index`). See README "Search".
SEARCH_URL = os.environ.get("SEARCH_URL", "")
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # opensearch2, opensearch3, elasticsearch7, elasticsearch8 or elasticsearch9
            "BACKEND": "wagtail.search.backends." + os.environ.get("SEARCH_BACKEND", "opensearch3"),
            "URLS": env_list("SEARCH_URL"),
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "strand_"),
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    # SEARCH_CONFIG only matters on PostgreSQL: stem and drop stop words as English.
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
    }
# Popular queries (Reports > Search terms) keep this many days of daily hit counts.
WAGTAILSEARCH_HITS_MAX_AGE = 30
# Headless API (/api/v2/): rich text as display HTML (links resolved), not Wagtail's database HTML.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 50
# Documents only through /documents/<id>/<name> (Wagtail's serve view), where core.files decides
# who may download them; never a link straight into MEDIA_ROOT.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "txt", "vtt", "mp4", "webm", "zip", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Decompression bombs, and what one image may cost the rendition worker: drawing an image's
# renditions decodes it once per rendition, so time and memory grow with its pixels. At 12 MP
# (a 4000x3000 photo) one call stays under 2 s and 300 MB; 24 MP took 420 MB
# (docs/performance.md, `make bench-renditions`).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 12_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Background tasks (django-tasks). Wagtail's own (reference and search index) run inline, as
# before: core/files.py decides who may download a document from the reference index at once.
# Image renditions are drawn by a worker, `manage.py db_worker --backend renditions` (started
# by `make run` and `make serve`), never in a visitor's request (core/renditions.py).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "renditions": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# Avatars from gravatar.com would tell a third party who uses the admin, and break its CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Wagtail runs its reference-index tasks inline; one line per task is noise.
        "django_tasks": {"level": "WARNING"},
    },
}


def require_secret_key(key: str) -> str:
    """Refuse to run with an empty or throwaway secret key."""
    if len(key) < 32 or key.startswith("django-insecure") or key.startswith("dev-"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 32 characters "
            "in production, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    return key
