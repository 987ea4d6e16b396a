"""Production: secrets and hosts must come from the environment; everything else is safe by default.

Behind a TLS-terminating proxy or load balancer that sets X-Forwarded-Proto. The
environment that `manage.py check --deploy` passes with is documented in README.md
("Production").
"""

from .base import *  # noqa: F403
from .base import LOGGING, SECRET_KEY, env_bool, require_secret_key

DEBUG = False
SECRET_KEY = require_secret_key(SECRET_KEY)

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Load balancers probe over plain HTTP; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# One JSON object per line on stderr; core.http.middleware.RequestLogMiddleware writes one per request.
LOGGING = {
    **LOGGING,
    "formatters": {"json": {"()": "core.http.logging.JSONFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        **LOGGING["loggers"],
        # 4xx responses are already in the request lines; errors (5xx) still come with their traceback.
        "django.request": {"level": "ERROR"},
    },
}
