"""Local development: debug on, a throwaway key, everything else from base."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DJANGO_DEBUG", "1").lower() in {"1", "true", "yes", "on"}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-not-for-production"
# Emails (review notifications, password resets) are printed where `make run` shows its log.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
