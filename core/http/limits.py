"""Where the site refuses too much: request bodies over their size, too many tries (sign-ins per
client address, page passwords per page and client), and too much work at once (searches).

django-axes already locks a username out from an address after AXES_FAILURE_LIMIT wrong
passwords; it keys on the username, so guesses spread over many usernames never lock and each
costs a password hash. Here every failed sign-in also counts against the client's address, and
past LOGIN_FAILURE_LIMIT_PER_IP the authentication backend refuses before any hash is computed.
"""

import threading
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from .client import client_ip
from .middleware import admin_path_prefix
from .throttle import Throttle, too_many_attempts
from .views import is_api_request

SIGN_INS = Throttle("sign-in", "LOGIN_FAILURE_LIMIT_PER_IP")
PASSWORDS = Throttle("page-password", "PAGE_PASSWORD_FAILURE_LIMIT")


def count_failed_sign_in(sender, credentials, request: HttpRequest | None = None, **kwargs) -> None:
    """``user_login_failed`` receiver (connected in CoreConfig.ready)."""
    if request is not None:
        SIGN_INS.fail(client_ip(request))


class ClientAddressLimitBackend:
    """First in AUTHENTICATION_BACKENDS: refuses a locked-out address before any backend hashes."""

    def authenticate(self, request: HttpRequest | None, **credentials):
        if request is None:
            return None
        retry_after = SIGN_INS.retry_after(client_ip(request))
        if retry_after:
            request.sign_in_retry_after = retry_after
            raise PermissionDenied  # stops Django trying the other backends
        return None

    # No get_user(): sessions name the backend that signed the user in, and this one never does.


class SignInLimitMiddleware:
    """Turns a refused sign-in into a 429 with Retry-After, django-axes' lockouts included.

    Placed just before axes.middleware.AxesMiddleware, so it sees the lockout page axes makes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        retry_after = getattr(request, "sign_in_retry_after", None)
        if retry_after:
            return too_many_attempts(
                request,
                retry_after,
                "Too many sign-in attempts",
                "Too many sign-ins failed from your network.",
            )
        if getattr(request, "axes_locked_out", False) and response.status_code == 429:
            from axes.helpers import get_cool_off  # axes reads its settings on import

            cool_off = get_cool_off(request)
            if cool_off:
                response["Retry-After"] = str(int(cool_off.total_seconds()))
        return response


def limit_password_guesses(view, scope: str):
    """Wrap Wagtail's password view for page (scope "page") or collection restrictions.

    Counted per restriction (one password) and client, whatever page the form says it is for;
    a right password clears the count.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        restriction_id = kwargs.get("page_view_restriction_id", kwargs.get("restriction_id"))
        key = (scope, restriction_id, client_ip(request))
        retry_after = PASSWORDS.retry_after(*key)
        if retry_after:
            return too_many_attempts(
                request, retry_after, "Too many wrong passwords", "This password was mistyped too many times."
            )
        response = view(request, *args, **kwargs)
        if response.status_code == 200:  # the form again, with its error
            PASSWORDS.fail(*key)
        elif response.status_code == 302:
            PASSWORDS.reset(*key)
        return response

    return wrapped


def body_size_allowed(request: HttpRequest) -> int:
    """REQUEST_BODY_MAX_SIZE, or for admin users in the admin room for the largest upload Wagtail allows."""
    in_admin = request.path_info.startswith(admin_path_prefix())
    if in_admin and request.user.has_perm("wagtailadmin.access_admin"):
        largest_file = max(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
        return largest_file + settings.REQUEST_BODY_MAX_SIZE  # the file and the form around it
    return settings.REQUEST_BODY_MAX_SIZE


class RequestBodyLimitMiddleware:
    """Refuses a body larger than allowed from its Content-Length, before any of it is read.

    Django would otherwise spool an upload of any size to the temporary directory while parsing
    it. After AuthenticationMiddleware (admin users get more); nothing before it reads the body.
    Without a Content-Length Django reads no body at all, so there is nothing to refuse.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_size_allowed(request):
            response = HttpResponse(
                "Request body too large.\n", status=413, content_type="text/plain; charset=utf-8"
            )
            # Close rather than read the rest of the body just to keep the connection.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class Busy(Exception):
    """No slot came free in time: answered with a 503 and Retry-After by ConcurrencyLimitMiddleware."""

    def __init__(self, limit: "ConcurrencyLimit"):
        super().__init__(f"{limit.name}: all {limit.size} slots busy")
        self.limit = limit


class ConcurrencyLimit:
    """At most `size_setting` requests of this worker process doing this work at once.

    A request takes a slot with ``take()`` where the costly part starts (a search), once, and
    holds it until ConcurrencyLimitMiddleware sees it end; past the limit it waits up to
    `wait_setting` seconds and is then refused, so a flood gets quick 503s instead of holding
    every thread of the worker. Outside a request (commands, the shell) nothing is limited.
    """

    def __init__(self, name: str, size_setting: str, wait_setting: str, message: str):
        self.name = name
        self.size_setting = size_setting
        self.wait_setting = wait_setting
        self.message = message
        self._free = threading.Condition()
        self._busy = 0
        self._local = threading.local()

    @property
    def size(self) -> int:
        return getattr(settings, self.size_setting)

    def take(self) -> None:
        """Hold a slot for the rest of this request, or raise Busy once the wait is over."""
        if not getattr(self._local, "in_request", False) or getattr(self._local, "holding", False):
            return
        with self._free:
            if not self._free.wait_for(lambda: self._busy < self.size, getattr(settings, self.wait_setting)):
                raise Busy(self)
            self._busy += 1
        self._local.holding = True

    def begin_request(self) -> None:
        self._local.in_request = True

    def end_request(self) -> None:
        self._local.in_request = False
        if getattr(self._local, "holding", False):
            self._local.holding = False
            with self._free:
                self._busy -= 1
                self._free.notify()


SEARCHES = ConcurrencyLimit(
    "search",
    "SEARCH_MAX_CONCURRENT",
    "SEARCH_QUEUE_SECONDS",
    "Search is busy right now: please try again in a few seconds.",
)
# What a refused request is told to wait: long enough for the burst in front of it to pass.
BUSY_RETRY_AFTER_SECONDS = 5


class ConcurrencyLimitMiddleware:
    """Frees the slots a request took (core.http.limits.SEARCHES) and turns Busy into a quick 503:
    JSON for the API and whoever asks for JSON, the site's 503 page otherwise, with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        SEARCHES.begin_request()
        try:
            return self.get_response(request)
        finally:
            SEARCHES.end_request()

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Busy):
            return None
        message = exception.limit.message
        # The search box's suggestions ask for JSON too.
        wants_json = request.get_preferred_type(["text/html", "application/json"]) == "application/json"
        if is_api_request(request) or wants_json:
            response = JsonResponse({"message": message}, status=503)
        else:
            response = HttpResponse(loader.render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
