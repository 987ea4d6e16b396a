"""Request logging, the Permissions-Policy header, the admin's Content-Security-Policy and statement
timeout, and a 400 for the NUL bytes that no view checked."""

import logging
import time

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from core.database import statement_timeout

from .views import bad_request

request_logger = logging.getLogger("strand.request")


class RequestLogMiddleware:
    """One log line per request: method, path, status and duration.

    The query string and the body are left out: they can carry tokens and passwords.
    Placed first so that it also times and records what later middleware answers
    (static files, redirects, 503 pages).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        request_logger.info(
            "%s %s %s %sms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response


def admin_path_prefix() -> str:
    return f"/{settings.ADMIN_PATH}/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy for the site, and a looser one (CONTENT_SECURITY_POLICY_ADMIN) for the admin.

    Wagtail's admin still renders inline scripts and style attributes (date pickers, inline
    panels), so only its URLs get 'unsafe-inline'; public pages keep the strict policy.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        # Wagtail renders a preview through a dummy request for the page's public URL, inside the
        # admin view that the preview panel frames: it is part of the admin, and must be frameable.
        is_admin = request.path_info.startswith(admin_path_prefix()) or getattr(request, "is_dummy", False)
        if not report_only and parts.config is None and is_admin:
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


class AdminStatementTimeoutMiddleware:
    """Admin requests may run statements for DATABASE_ADMIN_STATEMENT_TIMEOUT seconds (reports,
    bulk actions, publishing a large tree); every other request keeps the connection's short one.

    Set and reset around the response (core.database), on the same persistent connection; a
    streamed response's body is read after the reset, under the short timeout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(admin_path_prefix()):
            return self.get_response(request)
        with statement_timeout(settings.DATABASE_ADMIN_STATEMENT_TIMEOUT):
            return self.get_response(request)


def allowlist_item(origin: str) -> str:
    return origin if origin in {"self", "*"} else f'"{origin}"'


class PermissionsPolicyMiddleware:
    """Sends PERMISSIONS_POLICY (feature -> allowed origins) as the Permissions-Policy header.

    An empty list switches the feature off; "self" means this site; other origins are quoted
    as the header's syntax wants.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowlist_item(origin) for origin in origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def holds_nul(request: HttpRequest) -> bool:
    return "\x00" in request.path or any(
        "\x00" in name or any("\x00" in value for value in values) for name, values in request.GET.lists()
    )


class NulByteMiddleware:
    """The last line of defence for NUL bytes in an address: a 400 instead of a 500.

    Parameters are checked where they are read (core.http.params); a view that forgets one
    fails when PostgreSQL refuses the NUL (DataError) or SQLite's full-text syntax chokes on it
    (OperationalError), or on a ValueError. Other failures, and requests without a NUL, still
    reach handler500, so real bugs stay visible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ValueError | DatabaseError) or not holds_nul(request):
            return None
        request_logger.warning("NUL byte in %s not checked before use", request.path, exc_info=exception)
        return bad_request(request, BadRequest("the address must not contain NUL characters"))
