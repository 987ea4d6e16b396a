"""`make bench-editor`: the settings of `make run` (site_config.settings.dev), timed.

Server-Timing is added outermost, so it covers every middleware as well as the view.
"""

from site_config.settings.dev import *  # noqa: F403
from site_config.settings.dev import MIDDLEWARE

MIDDLEWARE = ["tools.bench.timing.ServerTimingMiddleware", *MIDDLEWARE]
