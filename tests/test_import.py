"""Importing the back catalogue (docs/import.md): `manage.py import_films` and *Import films* in the admin."""

import datetime
import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Revision

from film.admin.panels import RUNTIME_TOO_SHORT
from film.models import FilmBroadcast, FilmPage, Partner, SeasonPage

from .admin_helpers import a_moderator, an_editor
from .html import soup, text_of

HEADER = (
    "legacy_id,title,year,runtime_minutes,logline,synopsis,season,topics,filmmakers,partners,"
    "premiere,broadcasts,legacy_url,image,image_alt"
)
LAST_TRAIN = (
    'pov-1,Last Train Home,2009,87,A family travels home for the New Year.,"Every spring, 130 million '
    'workers travel home.\n\n<b>Bold</b> and <script>alert(1)</script>a click <a href=""javascript:x"" '
    'onclick=""x"">here</a>",24 (2011),Migration;China,Lixin Fan|Director;Mei Ling|Producer,'
    "ITVS|In Association With;American Documentary|presented_by,,"
    "2011-10-05T02:00:00Z;2011-10-09T15:00:00-04:00|encore,/film/last-train-home.php,,"
)
SALT = "pov-2,Salt Road,2012,,A caravan crosses the desert.,,24,Migration,Ana Ruiz,,,,,,"


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def csv_file(tmp_path, *rows: str, name: str = "films.csv"):
    return write(tmp_path, name, "\n".join([HEADER, *rows]) + "\n")


def run(path, *options: str) -> str:
    out = io.StringIO()
    call_command("import_films", str(path), *options, stdout=out)
    return out.getvalue()


def png(path, color=(10, 120, 200)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (40, 30), color).save(path, "PNG")


# -- the dry run, the commit, again -------------------------------------------------------------


def test_a_dry_run_reports_every_row_and_saves_nothing(film_index, tmp_path):
    path = csv_file(tmp_path, LAST_TRAIN, SALT)

    output = run(path)

    assert "line 2: created pov-1 Last Train Home" in output
    assert "line 5: created pov-2 Salt Road" in output  # the quoted synopsis runs over three lines
    assert "season: Season 24 (2011) added." in output
    assert "partners: ITVS added." in output
    assert "Dry run, nothing was saved: created 2, updated 0, unchanged 0, refused 0." in output
    assert not FilmPage.objects.exists()
    assert not Partner.objects.exists() and not SeasonPage.objects.exists()
    assert not Redirect.objects.exists() and not Tag.objects.exists()
    assert not Revision.objects.exists()


def test_commit_creates_a_draft_film_with_every_field(film_index, tmp_path, client):
    output = run(csv_file(tmp_path, LAST_TRAIN, SALT), "--commit")

    assert "Imported (as drafts): created 2, updated 0, unchanged 0, refused 0." in output
    film = FilmPage.objects.get(legacy_id="pov-1")
    assert not film.live and film.has_unpublished_changes
    assert (film.title, film.year, film.runtime) == ("Last Train Home", 2009, 87)
    assert film.synopsis == "A family travels home for the New Year."
    (intro,) = film.body.raw_data
    assert intro["type"] == "rich_text"
    # Paragraphs at the blank line; what the editor's rich text does not allow is gone.
    assert intro["value"].startswith("<p>Every spring, 130 million workers travel home.</p><p><b>Bold</b>")
    assert "script" not in intro["value"] and "alert" not in intro["value"]
    assert "onclick" not in intro["value"] and "javascript" not in intro["value"]
    assert film.season.label == "Season 24 (2011)"
    assert sorted(film.topics.names()) == ["China", "Migration"]
    assert [(m.name, m.role) for m in film.filmmakers.order_by("sort_order")] == [
        ("Lixin Fan", "Director"),
        ("Mei Ling", "Producer"),
    ]
    assert [(p.partner.name, p.role) for p in film.film_partners.order_by("sort_order")] == [
        ("ITVS", "in_association"),
        ("American Documentary", "presented_by"),
    ]
    # The instant kept, on the strand's wall clock (America/New_York in tests; no zone of its own).
    assert [(b.kind, b.date, b.time, b.time_zone) for b in film.broadcasts.order_by("date")] == [
        (FilmBroadcast.PREMIERE, datetime.date(2011, 10, 4), datetime.time(22, 0), ""),
        (FilmBroadcast.ENCORE, datetime.date(2011, 10, 9), datetime.time(15, 0), ""),
    ]
    assert film.broadcasts.order_by("date").first().starts_at == datetime.datetime(
        2011, 10, 5, 2, tzinfo=datetime.UTC
    )
    assert film.premiere_date == datetime.date(2011, 10, 4)
    # One season, one Migration topic, for both films.
    salt = FilmPage.objects.get(legacy_id="pov-2")
    assert salt.season == film.season and SeasonPage.objects.count() == 1
    assert Tag.objects.filter(name__iexact="migration").count() == 1
    assert [(m.name, m.role) for m in salt.filmmakers.all()] == [("Ana Ruiz", "Filmmaker")]
    # A draft: not on the site.
    assert client.get(film.url).status_code == 404
    assert client.get(film_index.url).status_code == 200


def test_publish_puts_the_films_on_the_site(film_index, tmp_path, client):
    run(csv_file(tmp_path, LAST_TRAIN), "--commit", "--publish")

    film = FilmPage.objects.get(legacy_id="pov-1")
    assert film.live
    response = client.get(film.url)
    assert response.status_code == 200
    assert "Last Train Home" in text_of(soup(response).h1)


def test_json_reads_arrays_and_counts_items_from_one(film_index, tmp_path):
    items = [
        {
            "legacy_id": "pov-1",
            "title": "Last Train Home",
            "year": 2009,
            "runtime_minutes": 87,
            "logline": "A family travels home.",
            "season": "Season 24 (2011)",
            "topics": ["Migration", "China"],
            "filmmakers": ["Lixin Fan|Director"],
            "partners": ["ITVS|In Association With"],
            "broadcasts": ["2011-10-04T22:00:00-04:00", "2011-10-09T15:00:00-04:00"],
        },
        {"legacy_id": "pov-2", "title": "No Year", "logline": "x", "topics": "Migration"},
    ]
    path = write(tmp_path, "films.json", json.dumps(items))

    output = run(path, "--commit")

    assert "item 1: created pov-1 Last Train Home" in output
    assert "item 2: refused pov-2 No Year" in output
    assert "topics: Give an array of texts" in output
    assert "year: It is required, and empty in this row." in output
    film = FilmPage.objects.get(legacy_id="pov-1")
    assert sorted(film.topics.names()) == ["China", "Migration"]
    # Without a kind, the first broadcast is the premiere and the others encores.
    assert [b.kind for b in film.broadcasts.order_by("date")] == [
        FilmBroadcast.PREMIERE,
        FilmBroadcast.ENCORE,
    ]
    assert not FilmPage.objects.filter(legacy_id="pov-2").exists()


def test_importing_the_same_file_again_changes_nothing(film_index, tmp_path):
    path = csv_file(tmp_path, LAST_TRAIN, SALT)
    run(path, "--commit")
    revisions = Revision.objects.count()
    partners = Partner.objects.count()

    output = run(path, "--commit")

    assert "line 2: unchanged pov-1" in output and "line 5: unchanged pov-2" in output
    assert "created 0, updated 0, unchanged 2, refused 0" in output
    assert Revision.objects.count() == revisions
    assert Partner.objects.count() == partners == 2
    assert FilmPage.objects.count() == 2 and SeasonPage.objects.count() == 1
    assert Redirect.objects.count() == 1


def test_a_changed_row_updates_the_film_as_a_new_revision(film_index, tmp_path):
    run(csv_file(tmp_path, LAST_TRAIN), "--commit", "--publish")
    film = FilmPage.objects.get(legacy_id="pov-1")
    revisions = film.revisions.count()

    output = run(csv_file(tmp_path, LAST_TRAIN.replace(",87,", ",90,")), "--commit")

    assert "line 2: updated pov-1 Last Train Home" in output
    film.refresh_from_db()
    assert film.revisions.count() == revisions + 1
    assert film.get_latest_revision_as_object().runtime == 90
    # Without --publish the change waits as a draft; the live page still says 87.
    assert film.runtime == 87 and film.has_unpublished_changes
    assert FilmPage.objects.count() == 1


def test_a_column_left_out_leaves_that_part_of_the_film_alone(film_index, tmp_path):
    run(csv_file(tmp_path, LAST_TRAIN), "--commit")
    path = write(tmp_path, "runtime.csv", "legacy_id,runtime_minutes\npov-1,91\n")

    output = run(path, "--commit")

    assert "line 2: updated pov-1" in output
    film = FilmPage.objects.get().get_latest_revision_as_object()
    assert film.runtime == 91
    assert film.title == "Last Train Home" and sorted(film.topics.names()) == ["China", "Migration"]
    assert [m.name for m in film.filmmakers.all()] == ["Lixin Fan", "Mei Ling"]
    assert len(film.broadcasts.all()) == 2


# -- refused rows ----------------------------------------------------------------------------------


def test_a_refused_row_names_its_line_and_leaves_nothing_half_saved(film_index, tmp_path):
    bad = (
        "pov-3,Bad Partner,2010,0,A line.,,30 (2014),Newtopic,Someone|Director,"
        "New Fund|Funded by;Other|Sponsored by,,,/film/bad.php,,"
    )
    output = run(csv_file(tmp_path, LAST_TRAIN, bad), "--commit")

    assert "line 5: refused pov-3 Bad Partner" in output
    assert f"runtime_minutes: {RUNTIME_TOO_SHORT}" in output
    assert "partners: “Sponsored by” is not a partner role (for Other); use one of" in output
    assert "created 1, updated 0, unchanged 0, refused 1" in output
    assert FilmPage.objects.get().legacy_id == "pov-1"
    # Nothing of the refused row: no partner, season, topic or redirect it would have added.
    assert not Partner.objects.filter(name__in=["New Fund", "Other"]).exists()
    assert Partner.objects.filter(name="ITVS").exists()
    assert not SeasonPage.objects.filter(number=30).exists() and SeasonPage.objects.filter(number=24).exists()
    assert not Tag.objects.filter(name="Newtopic").exists()
    assert list(Redirect.objects.values_list("old_path", flat=True)) == ["/film/last-train-home.php"]


def test_a_legacy_id_given_twice_in_a_file_is_refused_the_second_time(film_index, tmp_path):
    salt = SALT.replace(",24,", ",24 (2011),")
    output = run(csv_file(tmp_path, salt, salt.replace("Salt Road", "Salt Road Again")), "--commit")

    assert "line 2: created pov-2 Salt Road" in output
    assert "line 3: refused pov-2 Salt Road Again" in output
    assert "legacy_id: pov-2 is on line 2 already; give each film one row." in output
    assert FilmPage.objects.get().title == "Salt Road"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"year": "twenty"}, "year: Give a whole number, e.g. 90, not “twenty”."),
        ({"year": "1700"}, "year: Ensure this value is greater than or equal to 1880."),
        ({"logline": ""}, "logline: It is required, and empty in this row."),
        ({"title": ""}, "title: It is required, and empty in this row."),
        ({"season": "24"}, "season: Season 24 does not exist yet: write it as 24 (year) to add it."),
        ({"season": "spring"}, "season: Write the season as its number, e.g. 24 or 24 (2011)"),
        ({"broadcasts": "2011-10-04T22:00"}, "broadcasts: “2011-10-04T22:00” has no UTC offset"),
        ({"broadcasts": "2011-10-04T22:00Z|repeat"}, "broadcasts: “repeat” after “2011-10-04T22:00Z”"),
        (
            {"broadcasts": "2011-10-04T22:00Z|premiere;2011-10-05T22:00Z|premiere"},
            "broadcasts: A film has one premiere: mark the others “|encore”.",
        ),
        (
            {"premiere": "2011-10-01", "broadcasts": "2011-10-04T22:00-04:00"},
            "premiere: 2011-10-01 is not the day of the premiere broadcast (2011-10-04).",
        ),
        ({"partners": "ITVS"}, "partners: Say how ITVS is credited, e.g. “ITVS|Presented by”."),
        ({"partners": "ITVS|Funded by;itvs|Presented by"}, "partners: ITVS is listed twice; keep one."),
        ({"filmmakers": "|Director"}, "filmmakers: “|Director” has no name before the “|”."),
        ({"legacy_url": "/"}, "legacy_url: “/” is the site's home page"),
        ({"image": "../outside.png"}, "image: “../outside.png” is outside the import file's folder"),
        ({"image": "missing.png"}, "image: There is no file “missing.png” beside the import file."),
        ({"legacy_id": ""}, "legacy_id: It is required, and empty in this row."),
    ],
)
def test_a_value_out_of_format_is_refused_with_a_sentence(film_index, tmp_path, cells, message):
    row = {"legacy_id": "pov-9", "title": "Rule Film", "year": "2011", "logline": "A line."}
    for name, value in cells.items():
        row[name] = value.split(";") if name in ("broadcasts", "partners", "filmmakers") else value
    path = write(tmp_path, "films.json", json.dumps([row]))

    output = run(path, "--commit")

    assert "item 1: refused" in output
    assert message in output
    assert not FilmPage.objects.exists()


def test_the_premiere_column_with_a_time_is_the_premiere_broadcast(film_index, tmp_path):
    row = {
        "legacy_id": "pov-9",
        "title": "Rule Film",
        "year": "2011",
        "logline": "A line.",
        "premiere": "2011-10-04T22:00-04:00",
        "broadcasts": ["2011-10-09T15:00-04:00"],
    }
    run(write(tmp_path, "films.json", json.dumps([row])), "--commit")

    film = FilmPage.objects.get()
    assert [(b.kind, b.date) for b in film.broadcasts.order_by("date")] == [
        (FilmBroadcast.PREMIERE, datetime.date(2011, 10, 4)),
        (FilmBroadcast.ENCORE, datetime.date(2011, 10, 9)),
    ]
    assert film.premiere_date == datetime.date(2011, 10, 4)


def test_a_file_with_an_unknown_column_is_refused_as_a_whole(film_index, tmp_path):
    path = write(tmp_path, "films.csv", "legacy_id,title,director\npov-1,A,B\n")

    with pytest.raises(CommandError, match="Unknown columns 'director'"):
        run(path, "--commit")
    assert not FilmPage.objects.exists()


# -- partners, redirects, images --------------------------------------------------------------------


def test_a_partner_named_with_other_case_or_spacing_is_reported_not_duplicated(
    film_index, tmp_path, make_partner
):
    itvs = make_partner("ITVS")
    row = LAST_TRAIN.replace("ITVS|In Association With", "itvs  |In Association With")

    output = run(csv_file(tmp_path, row), "--commit")

    assert "partners: “itvs” is taken as the existing partner “ITVS”" in output
    assert Partner.objects.filter(name__iexact="itvs").count() == 1
    film = FilmPage.objects.get()
    assert film.film_partners.filter(partner=itvs).exists()


def test_the_legacy_url_redirects_permanently_to_the_film(film_index, tmp_path, client):
    run(csv_file(tmp_path, LAST_TRAIN), "--commit", "--publish")
    film = FilmPage.objects.get()

    response = client.get("/film/last-train-home.php")

    assert response.status_code == 301
    assert response["Location"].endswith(film.url)
    assert client.get(response["Location"]).status_code == 200


def test_a_legacy_url_that_redirects_elsewhere_is_refused(film_index, tmp_path, make_film):
    other = make_film("Another Film")
    Redirect.objects.create(old_path="/film/last-train-home.php", redirect_page=other)

    output = run(csv_file(tmp_path, LAST_TRAIN), "--commit")

    assert "legacy_url: /film/last-train-home.php already redirects to" in output
    assert not FilmPage.objects.filter(legacy_id="pov-1").exists()


def test_an_image_comes_from_a_path_relative_to_the_file(film_index, tmp_path):
    png(tmp_path / "stills" / "train.png")
    row = LAST_TRAIN.removesuffix(",,") + ",stills/train.png,Passengers on a crowded platform"
    path = csv_file(tmp_path, row)

    assert "line 2: created" in run(path)  # the dry run checks the image and stores none
    assert not get_image_model().objects.exists()
    run(path, "--commit")
    again = run(path, "--commit")

    film = FilmPage.objects.get()
    image = film.get_latest_revision_as_object().hero_image
    assert image is not None and image.width == 40
    assert film.get_latest_revision_as_object().hero_alt == "Passengers on a crowded platform"
    assert "line 2: unchanged" in again
    assert get_image_model().objects.count() == 1


def test_a_file_that_is_not_an_image_is_refused_as_the_upload_form_would(film_index, tmp_path):
    write(tmp_path, "poster.png", "not a picture")
    row = LAST_TRAIN.removesuffix(",,") + ",poster.png,A poster"

    output = run(csv_file(tmp_path, row), "--commit")

    assert "line 2: refused" in output and "image: " in output
    assert not get_image_model().objects.exists()


# -- the admin ------------------------------------------------------------------------------------


def test_editors_have_no_import_and_moderators_do(film_index, client):
    client.force_login(an_editor())
    refused = client.get(reverse("film_import"))
    # Wagtail's answer to an admin page one may not open: back to the dashboard, with a message.
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert reverse("film_import") not in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(a_moderator())
    response = client.get(reverse("film_import"))
    assert response.status_code == 200
    assert "Import films" in text_of(soup(response).h1)


def test_the_admin_checks_the_upload_then_imports_it_on_confirmation(film_index, tmp_path, client):
    client.force_login(a_moderator())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        row = LAST_TRAIN.removesuffix(",,") + ",stills/a.png,A still"
        archive.writestr("films.csv", "\n".join([HEADER, row, SALT]))
        png(tmp_path / "a.png")
        archive.write(tmp_path / "a.png", "stills/a.png")
    buffer.seek(0)
    buffer.name = "catalogue.zip"

    response = client.post(reverse("film_import"), {"file": buffer})
    page = soup(b"".join(response.streaming_content).decode())

    assert "Dry run, nothing was saved: created 2" in text_of(page)
    assert not FilmPage.objects.exists()
    token = page.select_one("input[name=token]")["value"]

    response = client.post(reverse("film_import"), {"token": token})
    page = soup(b"".join(response.streaming_content).decode())

    assert "Imported (as drafts): created 2" in text_of(page)
    assert page.select("progress")[-1]["value"] == "2"
    film = FilmPage.objects.get(legacy_id="pov-1")
    assert film.get_latest_revision_as_object().hero_image is not None
    # The upload is used once: confirming again starts over.
    assert client.post(reverse("film_import"), {"token": token}).status_code == 302


def test_an_upload_never_confirmed_is_forgotten_a_day_later(film_index, client, settings):
    """The upload waits under FILM_IMPORT_ROOT (shared by the app servers, so the confirm may
    reach another one); `manage.py tidy` deletes it once nobody is coming back for it."""
    moderator, gone = a_moderator(), Client()
    client.force_login(moderator)
    gone.force_login(moderator)  # another browser, which never comes back

    def dry_run(browser, name: str) -> Path:
        upload = io.BytesIO("\n".join([HEADER, LAST_TRAIN]).encode())
        upload.name = name
        page = soup(
            b"".join(browser.post(reverse("film_import"), {"file": upload}).streaming_content).decode()
        )
        return Path(settings.FILM_IMPORT_ROOT) / page.select_one("input[name=token]")["value"]

    left = dry_run(gone, "left.csv")
    assert (left / "left.csv").is_file()
    a_day_ago = time.time() - 86400 - 60
    os.utime(left, (a_day_ago, a_day_ago))
    kept = dry_run(client, "kept.csv")

    call_command("tidy", verbosity=0)

    assert not left.exists() and (kept / "kept.csv").is_file()
    response = client.post(reverse("film_import"), {"token": kept.name})
    assert "Imported (as drafts): created 1" in text_of(soup(b"".join(response.streaming_content).decode()))


def test_the_example_files_import_cleanly_and_say_the_same(film_index):
    examples = Path(__file__).resolve().parents[1] / "docs" / "examples"

    first = run(examples / "films.csv", "--commit")
    second = run(examples / "films.json", "--commit")

    assert "created 2, updated 0, unchanged 0, refused 0" in first
    assert "created 0, updated 0, unchanged 2, refused 0" in second
    film = FilmPage.objects.get(legacy_id="pov-2011-07")
    assert (
        film.get_latest_revision_as_object().hero_image.title
        == "Passengers crowd a station platform at night"
    )
