"""A Server-Timing header on every response, for `make bench-editor`.

The browser shows it beside its own timings (DevTools, Playwright), so server time and browser
time are read from one run: ``app`` is the whole Django request (every middleware and the view),
``db`` the SQL it ran (time and count).
"""

import time

from django.db import connection


class QueryTimer:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = QueryTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        app_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'app;dur={app_ms:.1f}, db;dur={queries.seconds * 1000:.1f};desc="{queries.count} queries"'
        )
        return response
