"""Several app servers behind Varnish (`make cluster`), as visitors, editors and operators meet them."""

import http.cookies
import io
import os
import re
import signal
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from PIL import Image

from tools.bench.services import HOST, wait_for

from .conftest import ADMIN

pytestmark = pytest.mark.cluster

FILM = "/films/last-train-home/"


def get(url: str, headers: dict | None = None, timeout: float = 10):
    """(status, headers, body) without raising on 4xx/5xx and without following redirects."""
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Editor:
    """An editor signed in on one app server (or Varnish), cookies kept by hand: the production
    cookies are Secure, which urllib's cookie jar would not send over loopback's plain HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers = {**(headers or {}), "Cookie": cookie, "Referer": self.base + path}
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.getcode(), response.headers, response.read()

    def csrf(self, path: str) -> str:
        _, _, body = self.request(path)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()

    def post(self, path: str, fields: dict, files: dict | None = None):
        fields = {"csrfmiddlewaretoken": self.csrf(path), **fields}
        if not files:
            return self.request(path, urllib.parse.urlencode(fields).encode())
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            body.write(f"{value}\r\n".encode())
        for name, (filename, content, content_type) in files.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n".encode()
            )
            body.write(content + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request(path, body.getvalue(), {"Content-Type": content_type})

    def sign_in(self) -> "Editor":
        status, headers, _ = self.post("/admin/login/", {"username": ADMIN[0], "password": ADMIN[1]})
        assert status == 302, "the sign-in was refused"
        return self


def test_a_second_anonymous_visit_is_a_varnish_hit_and_the_admin_never_is(cluster):
    get(cluster.url(FILM))
    status, headers, body = get(cluster.url(FILM))
    assert status == 200 and b"Last Train Home" in body
    assert headers["X-Cache"] == "hit"
    assert "varnish" in headers["Via"].lower()

    editor = Editor(cluster.url("")).sign_in()
    for _ in range(2):
        status, headers, body = editor.request("/admin/")
        assert status == 200 and b"Dashboard" in body
        assert headers["X-Cache"] == "miss" and headers["Age"] == "0"


def test_visitor_cookies_do_not_split_or_bypass_the_cache(cluster):
    get(cluster.url("/films/"))
    for cookie in ("_ga=GA1.2.3", "sessionid=bogus", "csrftoken=abc; _ga=1"):
        status, headers, _ = get(cluster.url("/films/"), {"Cookie": cookie})
        assert status == 200 and headers["X-Cache"] == "hit", cookie


def test_a_change_published_through_one_app_server_shows_through_varnish_and_on_the_other(cluster):
    get(cluster.url(FILM))
    assert get(cluster.url(FILM))[1]["X-Cache"] == "hit"
    # A draft made beside the cluster, published by an editor through app server 1's admin.
    page_id = cluster.manage(
        "shell", "-c",
        "from film.models import FilmPage; page = FilmPage.objects.get(slug='last-train-home'); "
        "page.title = 'Last Train Home, restored'; page.save_revision(); print(page.pk)",
    ).split()[-1]  # fmt: skip
    editor = Editor(cluster.url("", app=1)).sign_in()
    status, _, body = editor.post(f"/admin/bulk/wagtailcore/page/publish/?id={page_id}", {})
    assert status in (200, 302), body[:500]

    # The very next request through Varnish shows it: no waiting for the copy to go stale.
    status, headers, body = get(cluster.url(FILM))
    assert status == 200 and b"Last Train Home, restored" in body
    assert headers["X-Cache"] == "miss"
    assert b"Last Train Home, restored" in get(cluster.url(FILM, app=2))[2]


def refuses_connections(port: int) -> bool:
    try:
        socket.create_connection((HOST, port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def test_an_app_server_that_stops_costs_visitors_nothing_and_rejoins(cluster):
    os.kill(cluster.pid("app1"), signal.SIGTERM)
    wait_for(lambda: refuses_connections(cluster.port + 1), 30, "app1 to stop listening")
    # Before Varnish's probes notice (a second or two), searches are still sent to app1 in
    # turn; each is refused at once and asked of app2 instead (vcl_backend_error).
    for n in range(4):
        status, _, _ = get(cluster.url(f"/search/?q=train&n={n}"))
        assert status == 200, n
    stopped = {"app1": "sick", "search1": "sick"}
    wait_for(lambda: stopped.items() <= cluster.backend_health().items(), 30, "Varnish noticing app1 stopped")
    for path in (FILM, "/films/", "/search/?q=train", "/", "/healthz"):
        status, _, _ = get(cluster.url(path))
        assert status == 200, path
    cluster.script("app", "1")
    back = {"app1": "healthy", "search1": "healthy"}
    wait_for(lambda: back.items() <= cluster.backend_health().items(), 60, "app1 back in rotation")
    assert get(cluster.url("/healthz", app=1))[0] == 200


def test_while_the_database_is_frozen_cached_pages_answer_from_grace_and_others_fail_fast(cluster):
    for path in (FILM, "/"):
        get(cluster.url(path))
    time.sleep(2.5)  # past their 2 s s-maxage: only grace can answer now
    cluster.database.freeze()
    try:
        wait_for(lambda: set(cluster.backend_health().values()) == {"sick"}, 30, "Varnish marking both sick")
        for path in (FILM, "/"):
            status, headers, body = get(cluster.url(path), timeout=5)
            assert status == 200 and b"Strand" in body, path
        status, headers, body = get(cluster.url("/search/?q=frozen"), timeout=5)
        assert status == 503 and headers["Retry-After"]
        assert b"back soon" in body.lower()
    finally:
        cluster.database.resume()
    wait_for(lambda: set(cluster.backend_health().values()) == {"healthy"}, 60, "both healthy again")


def test_an_image_uploaded_through_one_app_server_is_served_by_the_other(cluster):
    picture = io.BytesIO()
    Image.new("RGB", (640, 360), (30, 90, 120)).save(picture, "PNG")
    uploader = Editor(cluster.url("", app=1)).sign_in()
    status, headers, body = uploader.post(
        "/admin/images/add/",
        {"title": "Uploaded on app1", "collection": "1", "description": "A teal test card"},
        files={"file": ("uploaded-on-app1.png", picture.getvalue(), "image/png")},
    )
    assert status == 302, body[:2000]

    viewer = Editor(cluster.url("", app=2)).sign_in()
    _, _, listing = viewer.request("/admin/images/?q=Uploaded+on+app1")
    source = re.search(rb'<img[^>]+src="(/media/images/uploaded-on-app1[^"]+)"', listing)
    assert source, "app2 lists the image uploaded through app1"
    status, headers, content = viewer.request(source.group(1).decode())
    assert status == 200 and headers["Content-Type"].startswith("image/")
    assert Image.open(io.BytesIO(content)).width > 0
