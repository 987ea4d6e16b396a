"""`make bench`: production settings on plain HTTP at 127.0.0.1, plus a trivial view.

The trivial view (/bench/ping/) is the ceiling the cached film page is compared with:
same process, same middleware, no template and no database.
"""

from site_config.settings.production import *  # noqa: F403

ROOT_URLCONF = "tools.bench.urls"
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
