"""`manage.py backup PATH` and `restore PATH` bring the whole site back into an empty
database: pages with their revisions, snippets, images and documents with their files,
users, groups and permissions. Compared object by object, file by file, and as visitors
see the pages."""

import datetime
import hashlib
import io
import json
import os
import shutil
import stat
import tarfile

import pytest

from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Revision

from core.backup.archive import EXCLUDED, check_pending_constraints, media_files, site_is_empty
from film.models import FilmPage, Partner

pytestmark = pytest.mark.django_db

LTH = "/films/last-train-home/"


def dump() -> list[dict]:
    """Every object the backup keeps, in a stable order."""
    output = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDED, stdout=output)
    return sorted(json.loads(output.getvalue()), key=lambda obj: (obj["model"], str(obj["pk"])))


def file_digests() -> dict[str, str]:
    digests = {}
    for name in media_files():
        with default_storage.open(name, "rb") as file:
            digests[name] = hashlib.sha256(file.read()).hexdigest()
    return digests


def public_pages() -> dict[str, str]:
    cache.clear()  # rendered afresh, not from the page cache
    client = Client()
    urls = ["/", "/films/", LTH, "/search/?q=guangzhou"]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def wipe_site(media_root):
    """An empty database and an empty media folder, as on a new server."""
    shutil.rmtree(media_root)
    check_pending_constraints()  # the test's own transaction has written rows
    call_command("flush", interactive=False, verbosity=0)
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_site(media_root):
    """The demo content plus what the demo lacks: editors in a group, a pending draft, a private page."""
    call_command("load_demo", stdout=io.StringIO())
    editors = Group.objects.create(name="Film editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=editors,
        page=FilmPage.objects.first().get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    editor = User.objects.create_user("jo", "jo@example.com", "jo's own password")
    editor.groups.add(editors)
    User.objects.create_superuser("chief", "chief@example.com", "chief's password")
    film = FilmPage.objects.get(url_path__endswith="/last-train-home/")
    film.synopsis = "A draft synopsis that is not published yet."
    film.save_revision(user=editor)
    private = FilmPage.objects.live().exclude(pk=film.pk).first()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )


def test_backup_and_restore_round_trip_the_whole_site_into_an_empty_database(demo_site, media_root, tmp_path):
    pages, objects, files = public_pages(), dump(), file_digests()
    assert Revision.objects.count() > FilmPage.objects.count()  # the pending draft is there
    assert files and Partner.objects.exists() and Image.objects.exists() and Document.objects.exists()
    archive = tmp_path / "backups" / "strand.tar.gz"

    output = io.StringIO()
    call_command("backup", str(archive), stdout=output)
    assert f"Backed up {len(objects)} objects and {len(files)} files" in output.getvalue()

    wipe_site(media_root)
    assert site_is_empty() and not Page.objects.exists() and not any(map(default_storage.exists, files))

    output = io.StringIO()
    call_command("restore", str(archive), stdout=output)
    assert f"Restored {len(objects)} objects and {len(files)} files" in output.getvalue()

    assert dump() == objects
    assert file_digests() == files
    assert public_pages() == pages  # search included: its index was rebuilt
    # People can sign in with the passwords they had.
    assert Client().login(username="jo", password="jo's own password")
    assert User.objects.get(username="jo").groups.get().name == "Film editors"
    draft = FilmPage.objects.get(url_path__endswith="/last-train-home/").get_latest_revision_as_object()
    assert draft.synopsis == "A draft synopsis that is not published yet."


@pytest.fixture
def small_site(media_root, make_film, make_image, make_document, make_partner):
    return make_film(
        "Last Train Home",
        slug="last-train-home",
        hero_image=make_image("Hero", description="A platform"),
        partners=[(make_partner("ITVS", logo=make_image("ITVS logo")), "funded_by")],
        resources=[{"kind": "press_release", "label": "Press", "document": make_document()}],
    )


def test_restore_refuses_a_database_that_already_holds_a_site(small_site, tmp_path):
    archive = tmp_path / "strand.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds a site"):
        call_command("restore", str(archive), stdout=io.StringIO())
    call_command("restore", str(archive), "--replace", stdout=io.StringIO())
    assert Client().get(LTH).status_code == 200


def test_restore_refuses_what_is_not_a_strand_backup(db, tmp_path):
    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("hello")
    with pytest.raises(CommandError, match="is not a backup archive"):
        call_command("restore", str(not_an_archive))

    escaping = tmp_path / "escaping.tar.gz"
    with tarfile.open(escaping, "w:gz") as archive:
        for name, data in {
            "manifest.json": json.dumps({"format": "strand-backup", "version": 1, "objects": 0}).encode(),
            "data.json": json.dumps(
                [{"model": "taggit.tag", "pk": 1, "fields": {"name": "a", "slug": "a"}}]
            ).encode(),
            "media/../../outside.txt": b"x",
        }.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="outside the media storage"):
        call_command("restore", str(escaping))
    assert not (tmp_path / "outside.txt").exists()
    assert Page.objects.exists()  # refused before the database was touched


def test_a_missing_media_file_is_reported_and_the_rest_is_backed_up(small_site, tmp_path):
    lost = Image.objects.first().file.name
    default_storage.delete(lost)
    errors = io.StringIO()
    call_command("backup", str(tmp_path / "strand.tar.gz"), stdout=io.StringIO(), stderr=errors)
    assert f"Missing from the media storage, not backed up: {lost}" in errors.getvalue()
    with tarfile.open(tmp_path / "strand.tar.gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        names = archive.getnames()
    assert manifest["missing_files"] == [lost]
    assert f"media/{lost}" not in names
    assert len([name for name in names if name.startswith("media/")]) == len(media_files()) - 1


def test_the_round_trip_keeps_datetimes_to_the_microsecond(small_site, tmp_path):
    # Django's JSON encoder cuts to the millisecond: ...47.000412 came back as ...47.
    stamp = datetime.datetime(2026, 12, 1, 18, 39, 47, 412, tzinfo=datetime.UTC)
    Revision.objects.update(created_at=stamp)
    FilmPage.objects.update(last_published_at=stamp)
    archive = tmp_path / "strand.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as backup:
        assert "2026-12-01T18:39:47.000412" in backup.extractfile("data.json").read().decode()

    call_command("restore", str(archive), "--replace", stdout=io.StringIO())
    assert set(Revision.objects.values_list("created_at", flat=True)) == {stamp}
    assert FilmPage.objects.get().last_published_at == stamp


def test_the_archive_is_readable_by_its_owner_only(small_site, tmp_path):
    # It holds password hashes and page passwords; the usual umask would make it world-readable.
    previous = os.umask(0o022)
    try:
        call_command("backup", str(tmp_path / "strand.tar.gz"), stdout=io.StringIO())
    finally:
        os.umask(previous)
    archive = tmp_path / "strand.tar.gz"
    assert tarfile.is_tarfile(archive)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
