"""Local development (`make run`): a throwaway key, console email, everything else from base.

Visitors see the site's own 404 and 500 pages, as in production, and tracebacks go to the
terminal (the log); `DJANGO_DEBUG=1` brings back Django's debug pages.
"""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DJANGO_DEBUG", "0").lower() in {"1", "true", "yes", "on"}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-not-for-production"
# Emails (review notifications, password resets) are printed where `make run` shows its log.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Static files straight from the app folders, edits seen at once, no collectstatic (WhiteNoise
# does this by itself only under DEBUG; the hashed-name storage needs a collected manifest).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
