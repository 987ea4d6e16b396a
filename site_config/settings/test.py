"""Test settings: fast hashing, isolated media, plain static storage."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "dev-test-key-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Sent mail lands in django.core.mail.outbox; nothing leaves the machine.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Brute-force protection off: client.login() passes no request, which django-axes needs.
# tests/test_security.py switches it back on to test it.
AXES_ENABLED = False
MEDIA_ROOT = tempfile.mkdtemp(prefix="strand-test-media-")
FILM_IMPORT_ROOT = Path(tempfile.mkdtemp(prefix="strand-test-imports-"))
# Tests render templates without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = tempfile.mkdtemp(prefix="strand-test-static-")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: the browser tests' live server then gives
    # each request thread its own connection, as a real server does, so saves that race really
    # meet in SQLite's locks (the in-memory database shares one connection between threads).
    _DB_DIR = tempfile.mkdtemp(prefix="strand-test-db-")
    DATABASES["default"]["TEST"] = {"NAME": f"{_DB_DIR}/test_strand.sqlite3"}  # noqa: F405
else:
    _DB_DIR = None
# Gone with the process that made them (each test run, each `manage.py` under these settings).
for _folder in filter(None, (MEDIA_ROOT, FILM_IMPORT_ROOT, STATIC_ROOT, _DB_DIR)):
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
# The browser tests' live server serves static files straight from the app folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each request closes its connection: the browser tests' live-server threads would otherwise
# keep a PostgreSQL session open after the run, and the test database could not be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Renditions are drawn as soon as they are queued (on publish, upload or a visitor's miss), so
# tests see a page's images; the `rendition_queue` fixture puts back the database queue.
TASKS = {**TASKS, "renditions": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # noqa: F405
