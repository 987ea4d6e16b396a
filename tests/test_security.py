"""Secure by default: deploy checks, security headers and CSP, login brute-force protection,
a movable admin, and uploads limited to the expected types and sizes."""

import importlib
import io
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image

from .factories import ADMIN_PASSWORD
from .html import soup, text_of

ROOT = Path(__file__).resolve().parent.parent
# The site's own scripts: files under STATIC_URL, never inline.
STATIC_SCRIPT = re.compile(r"^/static/js/[\w.-]+\.js$")
# Data blocks (JSON-LD) are never executed, so script-src does not apply to them.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def production_env(**overrides) -> dict[str, str]:
    """The environment README.md ("Production") documents for a deployment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "MEDIA_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="strand.example.org",
        DATABASE_URL="postgres://strand@127.0.0.1:5432/strand",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


# Deploy checks


def test_check_deploy_reports_no_issue_with_the_documented_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("key", ["", "dev-only-insecure-key-not-for-production", "short"])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = manage("check", env=production_env(DJANGO_SECRET_KEY=key))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.fixture
def production_security_settings(monkeypatch):
    """The security settings of site_config.settings.production, applied to the test client."""
    for key, value in production_env().items():
        monkeypatch.setenv(key, value)
    # Re-read base too: it took DJANGO_SECRET_KEY from the environment when the test settings loaded.
    importlib.reload(importlib.import_module("site_config.settings.base"))
    production = importlib.reload(importlib.import_module("site_config.settings.production"))
    names = [
        name
        for name in vars(production)
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")) or name == "X_FRAME_OPTIONS"
    ]
    with override_settings(**{name: getattr(production, name) for name in names}):
        yield


def test_production_sends_hsts_and_marks_cookies_secure_and_http_only(
    client, site_tree, superuser, production_security_settings
):
    https = {"secure": True, "headers": {"host": "strand.example.org"}}
    assert client.get("/", headers={"host": "strand.example.org"}).status_code == 301  # to https

    home = client.get("/", **https)
    assert home.status_code == 200
    assert home["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    login_url = reverse("wagtailadmin_login")
    client.get(login_url, **https)
    client.post(login_url, {"username": "editor", "password": ADMIN_PASSWORD}, **https)
    for name in ("csrftoken", "sessionid"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name


def test_load_balancers_can_probe_healthz_over_plain_http(client, db, production_security_settings):
    response = client.get("/healthz", headers={"host": "strand.example.org"})
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


# Headers and Content-Security-Policy


@pytest.mark.parametrize("path", ["/", "/films/", "/films/last-train-home/", "/search/?q=train", "/nowhere/"])
def test_public_pages_send_the_security_headers(client, make_film, path):
    make_film("Last Train Home", slug="last-train-home")
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions
    assert "geolocation=()" in permissions
    assert 'autoplay=(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")' in permissions
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def test_public_pages_need_no_inline_script_or_style(client, make_film, make_image):
    """What the strict policy would block: inline scripts, event handlers, style attributes."""
    make_film(
        "Last Train Home",
        slug="last-train-home",
        hero_image=make_image("Hero", description="Platform"),
        trailer={"title": "Trailer", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
    )
    for path in ("/", "/films/", "/films/last-train-home/", "/search/?q=train"):
        page = soup(client.get(path))
        scripts = [
            script for script in page.find_all("script") if script.get("type") not in DATA_SCRIPT_TYPES
        ]
        assert scripts, path
        for script in scripts:
            assert STATIC_SCRIPT.match(script.get("src", "")) and not script.string, (path, str(script)[:120])
        for tag in page.find_all(True):
            assert not [name for name in tag.attrs if name.startswith("on")], (path, str(tag)[:120])
            assert "style" not in tag.attrs, (path, str(tag)[:120])
        assert not page.find("style"), path


def test_the_admin_gets_its_own_looser_policy_and_still_loads(admin_client_logged_in, make_film):
    film = make_film("Last Train Home")
    response = admin_client_logged_in.get(reverse("wagtailadmin_pages:edit", args=(film.pk,)))
    assert response.status_code == 200
    assert soup(response).find("form", attrs={"data-edit-form": True}) or soup(response).find("form")
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the preview panel


# Brute-force protection


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


def attempt_login(client, password, username="editor"):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_out_of_the_admin_login(client, superuser, axes_on):
    for _ in range(4):
        response = attempt_login(client, "wrong password")
        assert response.status_code == 200  # the login form again, with its error
    locked = attempt_login(client, "wrong password")
    assert locked.status_code == 429
    assert text_of(soup(locked).find("h1")) == "Too many sign-in attempts"

    # Even the right password is refused now.
    response = attempt_login(client, ADMIN_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_clears_the_failure_count(client, superuser, axes_on):
    for _ in range(4):
        attempt_login(client, "wrong password")
    assert attempt_login(client, ADMIN_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt_login(client, "wrong password").status_code == 200


# The admin's address


@pytest.fixture
def admin_at_backstage():
    """The URLconf as built with DJANGO_ADMIN_PATH=backstage."""
    import site_config.urls

    with override_settings(ADMIN_PATH="backstage"):
        importlib.reload(site_config.urls)
        clear_url_caches()
        yield
    importlib.reload(site_config.urls)
    clear_url_caches()


def test_the_admin_path_is_configurable(client, site_tree, admin_at_backstage, superuser):
    assert reverse("wagtailadmin_login") == "/backstage/login/"
    assert client.get("/admin/login/").status_code == 404
    login = client.get("/backstage/login/")
    assert login.status_code == 200
    assert "'unsafe-inline'" in directives(login)["script-src"]  # the admin policy follows it
    client.force_login(superuser)
    assert client.get("/backstage/").status_code == 200


# Uploads


def png_bytes(size=(32, 32)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(client, name, content, content_type="image/png"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": "1",
        },
    )


def upload_document(client, name, content, content_type="application/octet-stream"):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": "1",
        },
    )


def form_errors(response) -> str:
    return " ".join(text_of(error) for error in soup(response).select(".error-message"))


def test_an_expected_image_uploads(admin_client_logged_in):
    response = upload_image(admin_client_logged_in, "still.png", png_bytes())
    assert response.status_code == 302
    assert Image.objects.filter(title="still.png").exists()


NOT_SUPPORTED = "Not a supported image format. Supported formats: AVIF, GIF, JPG, JPEG, PNG, WEBP."
NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image/svg+xml",
            NOT_SUPPORTED,
        ),
        ("page.html", b"<script>alert(1)</script>", "text/html", NOT_SUPPORTED),
        ("tool.exe", b"MZ\x90\x00", "application/octet-stream", NOT_AN_IMAGE),
        # Markup that only pretends to be an image by its name.
        (
            "still.png",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image/png",
            "Not a valid",
        ),
    ],
)
def test_an_unexpected_image_type_is_refused_with_a_message(
    admin_client_logged_in, name, content, content_type, message
):
    response = upload_image(admin_client_logged_in, name, content, content_type)
    assert response.status_code == 200
    assert message in form_errors(response)
    assert not Image.objects.exists()


def test_an_image_over_the_size_limit_is_refused_with_a_message(admin_client_logged_in, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024  # the real limit is 10 MB; same code path
    response = upload_image(admin_client_logged_in, "big.png", png_bytes((400, 400)) + b"\0" * 2048)
    assert response.status_code == 200
    assert "This file is too big" in form_errors(response)
    assert not Image.objects.exists()


def test_an_image_with_too_many_pixels_is_refused_with_a_message(admin_client_logged_in, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100
    response = upload_image(admin_client_logged_in, "wide.png", png_bytes((200, 200)))
    assert response.status_code == 200
    assert "This file has too many pixels" in form_errors(response)


def test_a_photo_over_the_real_pixel_limit_is_refused_and_one_under_it_is_accepted(admin_client_logged_in):
    # 12 MP: what one image may cost the rendition worker (docs/performance.md).
    response = upload_image(admin_client_logged_in, "over.png", png_bytes((4000, 3001)))
    assert response.status_code == 200
    assert "This file has too many pixels (12004000). Maximum pixels 12000000." in form_errors(response)
    assert not Image.objects.exists()
    response = upload_image(admin_client_logged_in, "under.png", png_bytes((4000, 3000)))
    assert response.status_code == 302
    assert Image.objects.get().width == 4000


def test_the_upload_limits_are_set(settings):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 12_000_000
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 200 * 1024 * 1024
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_an_expected_document_uploads(admin_client_logged_in):
    response = upload_document(admin_client_logged_in, "press-kit.pdf", b"%PDF-1.4\n", "application/pdf")
    assert response.status_code == 302
    assert Document.objects.filter(title="press-kit.pdf").exists()


@pytest.mark.parametrize("name", ["page.html", "script.js", "logo.svg", "tool.exe", "macro.docm"])
def test_an_unexpected_document_type_is_refused_with_a_message(admin_client_logged_in, name):
    response = upload_document(admin_client_logged_in, name, b"<script>alert(1)</script>")
    assert response.status_code == 200
    extension = name.rsplit(".", 1)[1]
    assert f"File extension “{extension}” is not allowed. Allowed extensions are: csv, docx, pdf" in (
        form_errors(response)
    )
    assert not Document.objects.exists()


def test_a_document_over_the_size_limit_is_refused_with_a_message(admin_client_logged_in, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024  # the real limit is 200 MB (video files); same code path
    response = upload_document(admin_client_logged_in, "press-kit.pdf", b"%PDF-1.4\n" + b"0" * 4096)
    assert response.status_code == 200
    assert "This file is too big" in form_errors(response)
    assert not Document.objects.exists()
