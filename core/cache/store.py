"""A whole-page cache for anonymous visitors, invalidated by a content version.

Every change that can alter a public page (publish, unpublish, move, delete, a partner,
an image, a document, a site or a privacy setting) bumps one version number, and the
version is part of every key: invalidation is one cache write, never a key scan.
Today's date is part of the key too, because pages show date-derived facts (streaming
status, upcoming films), and the version moves on by itself when a live page's expiry
time passes (no publish happens then), so nothing cached outlives what is visible.
"""

import hashlib
import math
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from ..visibility import next_expiry

VERSION_KEY = "pagecache:version"
# When the next live page expires (a timestamp; infinity for never): the version moves on
# then, so no cached page, fragment or search keeps showing an expired page.
EXPIRY_KEY = "pagecache:next-expiry"


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


# What a request has read, while `one_version()` holds (the page-cache middleware, for every
# request): a page is drawn against one content version, read from the cache once instead of for
# each of its keys (a cold film page read it eleven times), and each value of that version it
# `remember`s is read once too (the strand's zone was read three times).
_held: ContextVar[dict | None] = ContextVar("page_cache_held", default=None)
VERSION = object()  # the version's entry among the held values


@contextmanager
def one_version():
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def current_version() -> int:
    held = _held.get()
    if held is None:
        return stored_version()
    if VERSION not in held:
        held[VERSION] = stored_version()
    return held[VERSION]


def stored_version() -> int:
    stored = cache().get_many([VERSION_KEY, EXPIRY_KEY])
    version = stored.get(VERSION_KEY)
    if version is None:
        cache().add(VERSION_KEY, 1, timeout=None)
        version = cache().get(VERSION_KEY, 1)
    expiry = stored.get(EXPIRY_KEY)
    if expiry is None:  # evicted, or a cache that was down: ask the database once
        expiry = remember_next_expiry()
    if expiry <= time.time():
        bump_version()
        version = cache().get(VERSION_KEY, version + 1)
    return version


def remember_next_expiry() -> float:
    try:
        moment = next_expiry()
    except DatabaseError:
        # Kept out of the cache, so the next request asks again; pages meet the error themselves.
        return math.inf
    expiry = moment.timestamp() if moment else math.inf
    cache().set(EXPIRY_KEY, expiry, timeout=None)
    return expiry


def bump_version() -> None:
    """Invalidate every cached page at once."""
    held = _held.get()
    if held:
        held.clear()  # the rest of this request reads the new version and what it keeps
    try:
        cache().incr(VERSION_KEY)
    except ValueError:
        cache().set(VERSION_KEY, 2, timeout=None)
    # A publish may have brought an expiry time nearer.
    remember_next_expiry()


def is_excluded_path(path: str) -> bool:
    """The admin and document downloads: never cached, and left to Wagtail's own lookups."""
    return any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS)


def version_prefix(version: int) -> str:
    """How every key of `version` begins (versioned_key)."""
    return f"pagecache:{version}:"


def versioned_key(*parts) -> str:
    """A cache key that the next content change leaves behind."""
    return version_prefix(current_version()) + ":".join(map(str, parts))


def remember(key: str, compute, timeout: int | None = None):
    """`compute()`, kept under `key` (see versioned_key) for `timeout` seconds, or the page cache's."""
    held = _held.get()
    if held is not None and key in held:
        return held[key]
    value = cache().get(key)
    if value is None:
        value = compute()
        cache().set(key, value, settings.PAGE_CACHE_TIMEOUT if timeout is None else timeout)
    # Only a value of the version the request holds: it cannot change within the request.
    if held is not None and VERSION in held and key.startswith(version_prefix(held[VERSION])):
        held[key] = value
    return value


def reads_key(request, version: int) -> str:
    """Where the query parameters read by the page at this address are remembered (hashed, like
    page_key: a visitor's path may be long or hold characters no cache backend takes in a key)."""
    address = f"{request.get_host()}|{request.path}"
    return f"pagecache:{version}:reads:{hashlib.sha256(address.encode()).hexdigest()}"


def read_query(request, params) -> list[tuple[str, str]]:
    """The values the request gives for the parameters a page reads (empty ones count as absent)."""
    return [(name, request.GET[name]) for name in sorted(params) if request.GET.get(name)]


def page_key(request, version: int, query: list[tuple[str, str]]) -> str:
    """The key of a page: its address and the values of the parameters it reads, nothing else."""
    encoded = "&".join(f"{name}={value}" for name, value in sorted(query))
    raw = f"{request.method}|{request.get_host()}|{request.path}|{encoded}|{timezone.localdate()}"
    return f"pagecache:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def stored_response(request, version: int, query: list[tuple[str, str]]) -> HttpResponse | None:
    """The stored answer for this address with these parameters, if any."""
    stored = cache().get(page_key(request, version, query))
    if stored is None:
        return None
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def seconds_until_stale() -> int:
    """Until the next live page expires or the date changes: no publish tells the caches in front then."""
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    expiry = cache().get(EXPIRY_KEY, math.inf)
    return max(0, math.ceil(min((midnight - now).total_seconds(), expiry - now.timestamp())))


def is_canonical(request, params, canonical: list[tuple[str, str]]) -> bool:
    """Whether the request's parameters are exactly the page's normalised ones (an empty
    value of a parameter it reads, as a filter form sends, counts as absent)."""
    given = [
        (name, value)
        for name, values in request.GET.lists()
        for value in values
        if value or name not in params
    ]
    return sorted(given) == sorted(canonical)


def mark_public(response) -> None:
    """Let browsers keep a page briefly and shared caches (Varnish, a CDN: emptied on every change) longer."""
    fresh_for = seconds_until_stale()
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PAGE_CACHE_BROWSER_MAX_AGE, fresh_for),
        s_maxage=min(settings.PAGE_CACHE_SHARED_MAX_AGE, fresh_for),
    )
    patch_vary_headers(response, ["Cookie"])


def mark_private(response) -> None:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
