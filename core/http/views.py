"""The load balancers' health check, and error pages that never need the database."""

import logging
import sys
import uuid

from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache

from core.database import within

logger = logging.getLogger("strand.health")

# Load balancers give up on a probe after a few seconds: the database's answer comes sooner.
HEALTH_CHECK_DATABASE_SECONDS = 2.5
# How long visitors and crawlers are asked to wait while the database is unreachable.
RETRY_AFTER_SECONDS = 30


def database_status() -> str:
    """ "ok" or "unavailable" within HEALTH_CHECK_DATABASE_SECONDS, even from a server that never answers."""
    try:
        with within(HEALTH_CHECK_DATABASE_SECONDS), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database is unavailable", exc_info=True)
        return "unavailable"
    return "ok"


def cache_status() -> dict:
    """The cache's state, its circuit breaker's, and warnings; never waits on a cache known to be down.

    A write and a read of a throwaway key (the Redis backend turns errors into misses, so
    compare); Redis that is full under maxmemory-policy noeviction is reported as a warning.
    """
    breaker = getattr(cache, "breaker", None)
    if breaker is not None and breaker.is_open:
        return {"cache": "unavailable", "cache_circuit": "open", "warnings": []}
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        healthy = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:  # noqa: BLE001 - any backend failure means "unavailable", never a 500
        logger.warning("Health check: the cache is unavailable", exc_info=True)
        healthy = False
    refusal = cache.write_refusal() if hasattr(cache, "write_refusal") else ""
    if refusal:
        logger.warning("Health check: %s", refusal)
    elif not healthy:
        logger.warning("Health check: the cache did not return what was just stored")
    return {
        "cache": "ok" if healthy else "unavailable",
        "cache_circuit": "none" if breaker is None else "open" if breaker.is_open else "closed",
        "warnings": [refusal] if refusal else [],
    }


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the site can serve pages (the cache is optional: "degraded"); 503 without the database.

    With Redis down or hung it answers at once (the circuit breaker is open) or after one
    socket timeout (the call that opens it).
    """
    checks = {"database": database_status(), **cache_status()}
    if checks["database"] != "ok":
        status, code = "unavailable", 503
    elif checks["cache"] != "ok" or checks["warnings"]:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: JSON from the API, the site's page elsewhere.

    Only the site's own ``BadRequest`` messages (which parameter, what it must be) are shown;
    Django's other 400s (e.g. a disallowed host) say nothing about their cause.
    """
    message = str(exception) if type(exception) is BadRequest else ""
    if is_api_request(request):
        response = JsonResponse({"message": message or "bad request"}, status=400)
    else:
        response = HttpResponse(loader.render_to_string("400.html", {"message": message}), status=400)
    add_never_cache_headers(response)
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: JSON for an address under the API that matches no endpoint, else the site's page."""
    if is_api_request(request):
        return JsonResponse({"message": "not found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: "Something went wrong", or 503 "back soon" while the database is unreachable.

    Django calls it inside its ``except`` block, so the exception is still in ``sys.exc_info()``.
    The templates are rendered without the request: context processors could touch the database.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponse(loader.render_to_string("500.html"), status=500)
    add_never_cache_headers(response)
    return response
