"""Where email goes: printed to the console in development, the SMTP server from the environment
in production (the review notification is tested in test_workflow.py)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EMAIL_NAMES = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL",
]


def email_settings(module: str, **environ: str) -> dict:
    """The email settings that `module` gives under this environment, read in a fresh process."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "EMAIL_"))}
    env.update(DJANGO_SETTINGS_MODULE=module, DJANGO_SECRET_KEY=secrets.token_urlsafe(50), **environ)
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {EMAIL_NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_prints_email_to_the_console():
    assert email_settings("site_config.settings.dev")["EMAIL_BACKEND"] == (
        "django.core.mail.backends.console.EmailBackend"
    )


@pytest.mark.parametrize("tls", ["on", "off"])
def test_production_sends_email_through_the_smtp_server_in_the_environment(tls):
    found = email_settings(
        "site_config.settings.production",
        DJANGO_ALLOWED_HOSTS="strand.example.org",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="strand",
        EMAIL_HOST_PASSWORD="s3cret",
        EMAIL_USE_TLS=tls,
        DEFAULT_FROM_EMAIL="Strand <films@example.org>",
    )

    assert found == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "strand",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": tls == "on",
        "DEFAULT_FROM_EMAIL": "Strand <films@example.org>",
        "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL": "Strand <films@example.org>",
    }


def test_production_without_a_mail_server_writes_email_to_the_log():
    found = email_settings("site_config.settings.production", DJANGO_ALLOWED_HOSTS="strand.example.org")
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_tests_keep_email_in_memory(settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
