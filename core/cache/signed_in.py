"""Who skips the page cache: people signed in, known without asking the database.

A session cookie proves nothing (anyone can send `sessionid=bogus`), and looking the session
up would cost a query on every cached page, stalling all of them when the database stalls.
So signing in also sets a marker cookie signed with SECRET_KEY (django.core.signing) and
signing out deletes it: checking it is one HMAC. It is never trusted for more than skipping
the cache: a forged-looking or stale marker only costs its sender a fresh render, and what
that render shows is still decided by the real session.
"""

from django.conf import settings
from django.core import signing

COOKIE_NAME = "strand_signed_in"
SALT = "strand.page-cache.signed-in"


def is_signed_in(request) -> bool:
    value = request.COOKIES.get(COOKIE_NAME)
    if not value:
        return False
    try:
        signing.loads(value, salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
    except signing.BadSignature:
        return False
    return True


def marker(user) -> str:
    return signing.dumps(user.pk, salt=SALT)


def signed_in(sender, request, user, **kwargs) -> None:
    if request is not None:
        request.signed_in_marker = marker(user)


def signed_out(sender, request, user, **kwargs) -> None:
    if request is not None:
        request.signed_in_marker = ""


def update_marker(request, response) -> None:
    """Set or delete the marker on the response to a sign-in or a sign-out."""
    marker = getattr(request, "signed_in_marker", None)
    if marker:
        response.set_cookie(
            COOKIE_NAME,
            marker,
            max_age=None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
    elif marker == "":
        response.delete_cookie(
            COOKIE_NAME,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
