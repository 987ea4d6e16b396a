"""Back up the whole site to one archive and bring it back into an empty database.

The archive (a .tar.gz) holds ``manifest.json``, ``data.json`` (Django's ``dumpdata`` of
every table, content types and permissions included, so every id comes back as it was)
and ``media/`` with the image and document files, read and written through the storage
API so the same commands work with any storage backend. Restore it with the same version
of the code (the same migrations) that wrote it.

Image renditions are kept: regenerating every AVIF and WebP size at once would make the
first visits after a restore slow. Left out because they are rebuilt from what is kept:
the search index and the reference index (rebuilt after the load). Left out because
they are transient: sessions, editing sessions, half-finished uploads and django-axes'
login attempts.
"""

import datetime
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

FORMAT = "strand-backup"
FORMAT_VERSION = 1
EXCLUDED = [
    "sessions",
    "axes",
    # The whole app: its index models differ between SQLite and PostgreSQL.
    "wagtailsearch",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "wagtailadmin.editingsession",
    "wagtailadmin.admin",
]


class BackupError(Exception):
    pass


@dataclass
class BackupReport:
    objects: int = 0
    files: int = 0
    missing_files: list[str] = field(default_factory=list)


def media_files() -> list[str]:
    """Storage names of every image (with its renditions) and every document."""
    image_model = get_image_model()
    names = {image.file.name for image in image_model.objects.only("file")}
    names |= {rendition.file.name for rendition in image_model.get_rendition_model().objects.only("file")}
    names |= {document.file.name for document in get_document_model().objects.only("file")}
    return sorted(name for name in names if name)


def _add_file(archive: tarfile.TarFile, name: str, fileobj, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, fileobj)


def write_backup(path: Path) -> BackupReport:
    """Write the archive next to ``path`` first and move it into place only when it is complete."""
    report = BackupReport()
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as workdir:
        data_path = Path(workdir) / "data.json"
        # One transaction so the data is a consistent snapshot even while editors work
        # (PostgreSQL needs repeatable read for that, set before the transaction's first
        # query; SQLite's read transactions are snapshots already).
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic(), data_path.open("w", encoding="utf-8") as data:
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command("dumpdata", exclude=EXCLUDED, indent=1, stdout=data)
            names = media_files()
        report.objects = len(json.loads(data_path.read_text(encoding="utf-8")))
        partial = Path(workdir) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(data_path, arcname="data.json")
            for name in names:
                try:
                    # Streamed: video documents can be far larger than memory should hold.
                    with default_storage.open(name, "rb") as source:
                        _add_file(archive, f"media/{name}", source, default_storage.size(name))
                except FileNotFoundError:
                    report.missing_files.append(name)
                    continue
                report.files += 1
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created": datetime.datetime.now(datetime.UTC).isoformat(),
                "objects": report.objects,
                "files": report.files,
                "missing_files": report.missing_files,
            }
            encoded = json.dumps(manifest, indent=1).encode()
            _add_file(archive, "manifest.json", io.BytesIO(encoded), len(encoded))
        # Readable by its owner only: it holds password hashes and page passwords.
        partial.chmod(0o600)
        partial.replace(path)
    return report


def site_is_empty() -> bool:
    """True for a database that holds only what ``migrate`` creates (Wagtail's root and welcome page)."""
    return not get_user_model().objects.exists() and Page.objects.count() <= 2


def check_pending_constraints() -> None:
    """Run PostgreSQL's deferred foreign key checks now: TRUNCATE (flush) refuses to run
    while rows written earlier in the same transaction still have checks pending. The
    checks are deferred again afterwards, as Django declares them, for loading."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _safe_member_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def restore_backup(path: Path, replace: bool = False) -> BackupReport:
    """Load an archive written by ``write_backup`` into this database and media storage."""
    report = BackupReport()
    if not path.is_file() or not tarfile.is_tarfile(path):
        raise BackupError(f"{path} is not a backup archive.")
    with (
        tarfile.open(path, "r:gz") as archive,
        tempfile.TemporaryDirectory(prefix="strand-restore-") as workdir,
    ):
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
            archive.extract("data.json", workdir, filter="data")
        except (KeyError, json.JSONDecodeError) as error:
            raise BackupError(f"{path} is not a Strand backup: {error}") from error
        if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
            raise BackupError(f"{path} is a backup in an unknown format: {manifest.get('format')!r}.")
        # Checked before anything is changed: a bad archive must leave the site as it was.
        media = {
            member.name.removeprefix("media/"): member
            for member in archive.getmembers()
            if member.isfile() and member.name.startswith("media/")
        }
        for name in media:
            if not _safe_member_name(name):
                raise BackupError(f"Refusing to restore a file outside the media storage: media/{name}")

        call_command("migrate", interactive=False, verbosity=0)
        if not replace and not site_is_empty():
            raise BackupError(
                "This database already holds a site. Restore into an empty database, "
                "or pass --replace to delete everything in it first."
            )
        # Wagtail's Page.__init__ asks for its content type while loaddata builds a page,
        # before the dump's content types are loaded: from a warm cache it creates no row
        # that the dump's would then collide with.
        ContentType.objects.get_for_models(*apps.get_models())
        with transaction.atomic():
            check_pending_constraints()
            # Empty every table, content types and permissions too: the dump brings them back
            # with the ids everything else refers to.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(Path(workdir) / "data.json"), verbosity=0)
        ContentType.objects.clear_cache()
        report.objects = manifest["objects"]

        for name, member in media.items():
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise BackupError(
                    f"The storage renamed {name!r} to {saved!r}; the database would not find it."
                )
            report.files += 1
        report.missing_files = manifest.get("missing_files", [])

    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
    return report
