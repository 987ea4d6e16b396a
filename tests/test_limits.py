"""How often: wrong page passwords lock that page for that client, failed sign-ins lock an address
(whatever the usernames) before any password is hashed, and every lockout says when to come back."""

import contextlib
import io
import threading
from unittest import mock

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core.http.client import client_ip
from core.http.limits import SEARCHES

from .factories import ADMIN_PASSWORD
from .html import soup, text_of

pytestmark = pytest.mark.django_db

VISITOR = {"REMOTE_ADDR": "198.51.100.7"}
NEIGHBOUR = {"REMOTE_ADDR": "198.51.100.8"}


def retry_after(response) -> int:
    return int(response["Retry-After"])


# Page passwords


@pytest.fixture
def private_film(make_film):
    film = make_film("Screener", slug="screener")
    restriction = PageViewRestriction.objects.create(
        page=film, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    return film, restriction


def guess(client, film, restriction, password, page_id=None, **extra):
    url = reverse("wagtailcore_authenticate_with_password", args=(restriction.pk, page_id or film.pk))
    return client.post(url, {"password": password, "return_url": film.url}, **extra)


def test_wrong_page_passwords_lock_that_page_for_that_client(client, private_film, settings):
    film, restriction = private_film
    for _ in range(settings.PAGE_PASSWORD_FAILURE_LIMIT):
        assert guess(client, film, restriction, "wrong", **VISITOR).status_code == 200  # the form again

    locked = guess(client, film, restriction, "letmein", **VISITOR)
    assert locked.status_code == 429
    assert 0 < retry_after(locked) <= settings.THROTTLE_LOCKOUT_SECONDS
    assert text_of(soup(locked).find("h1")) == "Too many wrong passwords"
    assert "try again in 15 minutes" in text_of(soup(locked))
    # The same password through another page's address is the same lock.
    assert (
        guess(client, film, restriction, "letmein", page_id=film.get_parent().pk, **VISITOR).status_code
        == 429
    )
    assert film.synopsis not in text_of(soup(client.get(film.url, **VISITOR)))  # still the password form

    # Someone else still gets in with the right password.
    assert guess(client, film, restriction, "letmein", **NEIGHBOUR).status_code == 302


def test_the_right_page_password_clears_the_count(client, private_film, settings):
    film, restriction = private_film
    settings.PAGE_PASSWORD_FAILURE_LIMIT = 3
    for _ in range(2):
        guess(client, film, restriction, "wrong", **VISITOR)
    assert guess(client, film, restriction, "letmein", **VISITOR).status_code == 302
    for _ in range(2):
        assert guess(client, film, restriction, "wrong", **VISITOR).status_code == 200
    assert guess(client, film, restriction, "letmein", **VISITOR).status_code == 302


def test_wrong_collection_passwords_are_limited_the_same_way(client, db, settings):
    root = Collection.get_first_root_node()
    press = root.add_child(instance=Collection(name="Press"))
    restriction = CollectionViewRestriction.objects.create(
        collection=press, restriction_type=CollectionViewRestriction.PASSWORD, password="letmein"
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=(restriction.pk,))
    for _ in range(settings.PAGE_PASSWORD_FAILURE_LIMIT):
        assert client.post(url, {"password": "wrong", "return_url": "/"}, **VISITOR).status_code == 200

    locked = client.post(url, {"password": "letmein", "return_url": "/"}, **VISITOR)
    assert locked.status_code == 429
    assert 0 < retry_after(locked) <= settings.THROTTLE_LOCKOUT_SECONDS
    assert client.post(url, {"password": "letmein", "return_url": "/"}, **NEIGHBOUR).status_code == 302


# Sign-ins


def sign_in(client, username, password="wrong password", **extra):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password}, **extra)


def test_failed_sign_ins_with_any_usernames_lock_the_address_before_hashing(client, superuser, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 5
    for number in range(5):
        assert sign_in(client, f"nobody{number}", **VISITOR).status_code == 200

    with mock.patch("django.contrib.auth.backends.ModelBackend.authenticate") as model_backend:
        locked = sign_in(client, superuser.username, ADMIN_PASSWORD, **VISITOR)
    assert not model_backend.called  # no password was hashed
    assert locked.status_code == 429
    assert 0 < retry_after(locked) <= settings.THROTTLE_LOCKOUT_SECONDS
    assert text_of(soup(locked).find("h1")) == "Too many sign-in attempts"
    assert "_auth_user_id" not in client.session

    assert sign_in(client, superuser.username, ADMIN_PASSWORD, **NEIGHBOUR).status_code == 302


def test_behind_the_proxy_the_limit_is_per_client_not_per_proxy(client, superuser, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 3
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for number in range(3):
        sign_in(client, f"nobody{number}", HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy)
    assert sign_in(client, "x", HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy).status_code == 429
    # A client cannot escape by writing its own X-Forwarded-For: the proxy appends the real address.
    spoofed = sign_in(client, "x", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9", **via_proxy)
    assert spoofed.status_code == 429
    # Everyone else behind the same proxy signs in.
    response = sign_in(
        client, superuser.username, ADMIN_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10", **via_proxy
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("198.51.100.7", "", "198.51.100.7"),
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not our proxy: the header is the client's own
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "203.0.113.9, 127.0.0.1", "203.0.113.9"),  # two proxies of ours
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxy_only(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_locked_account_says_when_to_try_again(client, superuser, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, superuser.username).status_code == 200

    locked = sign_in(client, superuser.username)

    assert locked.status_code == 429
    assert text_of(soup(locked).find("h1")) == "Too many sign-in attempts"
    assert retry_after(locked) == settings.AXES_COOLOFF_TIME * 3600


# Request bodies

MB = 1024 * 1024


def post_claiming(client, url, length: int, **extra):
    """A POST whose Content-Length says `length` bytes; only a few are sent, so reading it would fail."""
    return client.post(
        url,
        data=b"x=1",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
        **extra,
    )


@pytest.mark.parametrize("url", ["/", "/films/", "/search/", "/admin/login/"])
def test_an_oversize_anonymous_body_is_refused_before_it_is_read(client, site_tree, url):
    response = post_claiming(client, url, 300 * MB)

    assert response.status_code == 413
    assert response.content == b"Request body too large.\n"
    assert response["Connection"] == "close"


def test_a_real_oversize_upload_is_refused(client, site_tree, settings):
    upload = SimpleUploadedFile("big.bin", b"\0" * (settings.REQUEST_BODY_MAX_SIZE + 1))
    assert client.post("/search/", {"file": upload}).status_code == 413
    assert client.post("/search/", {"q": "train"}).status_code != 413


def test_admin_users_may_upload_files_up_to_wagtails_limits(client, superuser, settings):
    add_image = reverse("wagtailimages:add")
    assert post_claiming(client, add_image, 3 * MB).status_code == 413  # signed out: the public limit

    client.force_login(superuser)
    allowed = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE + settings.REQUEST_BODY_MAX_SIZE
    assert post_claiming(client, add_image, allowed + 1).status_code == 413
    png = io.BytesIO()
    PILImage.new("RGB", (32, 32)).save(png, "PNG")
    padded_png = png.getvalue() + b"\0" * (3 * MB)  # larger than any public form may send
    big_image = SimpleUploadedFile("big.png", padded_png, content_type="image/png")
    response = client.post(add_image, {"title": "Big", "file": big_image, "collection": "1"})
    assert response.status_code == 302
    assert Image.objects.filter(title="Big").exists()


def test_the_body_limits_are_set(settings):
    import site_config.gunicorn as gunicorn

    assert settings.REQUEST_BODY_MAX_SIZE == 1 * MB
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * MB
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2.5 * MB
    assert (
        gunicorn.limit_request_line,
        gunicorn.limit_request_fields,
        gunicorn.limit_request_field_size,
    ) == (
        4094,
        100,
        8190,
    )


# Searches at once


@contextlib.contextmanager
def search_slots_taken(count: int):
    """`count` requests in other threads of this process, each holding a search slot in the block."""
    holding, finished = threading.Barrier(count + 1), threading.Event()

    def search_elsewhere():
        SEARCHES.begin_request()
        SEARCHES.take()
        holding.wait(timeout=10)
        finished.wait(timeout=30)
        SEARCHES.end_request()

    threads = [threading.Thread(target=search_elsewhere) for _ in range(count)]
    for thread in threads:
        thread.start()
    holding.wait(timeout=10)
    try:
        yield
    finally:
        finished.set()
        for thread in threads:
            thread.join(timeout=10)


def test_a_search_past_the_limit_gets_the_busy_page_with_retry_after(client, make_film, settings):
    make_film("Last Train Home", slug="last-train-home")
    settings.SEARCH_QUEUE_SECONDS = 0
    with search_slots_taken(settings.SEARCH_MAX_CONCURRENT - 1):  # one slot left
        response = client.get("/search/?q=train")
    assert response.status_code == 200
    assert soup(response).find("a", href="/films/last-train-home/")

    with search_slots_taken(settings.SEARCH_MAX_CONCURRENT):
        busy = client.get("/search/?q=train")
    assert busy.status_code == 503
    assert retry_after(busy) == 5
    assert "no-store" in busy["Cache-Control"]
    assert text_of(soup(busy).find("h1")) == "Back soon"
    assert "Search is busy right now" in text_of(soup(busy))
    # The slots are free again once those searches end.
    assert client.get("/search/?q=train").status_code == 200


def test_pages_and_the_search_form_are_served_while_every_search_slot_is_busy(client, make_film, settings):
    make_film("Last Train Home", slug="last-train-home")
    assert client.get("/search/?q=train").status_code == 200  # its matches now in the search cache
    settings.SEARCH_QUEUE_SECONDS = 0
    with search_slots_taken(settings.SEARCH_MAX_CONCURRENT):
        film_page = client.get("/films/last-train-home/")
        form = client.get("/search/")
        cached_search = client.get("/search/?q=train")
    assert film_page.status_code == 200
    assert form.status_code == 200
    assert soup(form).find("input", attrs={"name": "q"})
    # A search costs a slot even when its matches are cached: it still loads and renders its films.
    assert cached_search.status_code == 503


def test_api_searches_and_suggestions_past_the_limit_get_json_with_retry_after(client, make_film, settings):
    make_film("Last Train Home", slug="last-train-home")
    searches = ("/api/v2/films/?search=train", "/search/autocomplete/?q=trai")
    for path in searches:
        response = client.get(path, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, path
        assert "Last Train Home" in response.content.decode(), path
    settings.SEARCH_QUEUE_SECONDS = 0
    with search_slots_taken(settings.SEARCH_MAX_CONCURRENT):
        for path in searches:
            busy = client.get(path, HTTP_ACCEPT="application/json")
            assert busy.status_code == 503, path
            assert retry_after(busy) == 5
            assert busy.json() == {"message": "Search is busy right now: please try again in a few seconds."}
        # Listing films is no search: never limited.
        assert client.get("/api/v2/films/").status_code == 200
