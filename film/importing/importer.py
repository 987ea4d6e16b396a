"""Importing films, one row at a time, all or nothing per row.

A row becomes a film page under the film index, found again by its ``legacy_id``: new films are
added as a first revision, changed ones get a new revision, unchanged ones are left alone.
A dry run does exactly what ``--commit`` would, in a transaction it then rolls back, so its
report is the commit's report; nothing it does reaches the database, the search index, the page
cache or the image store. Partners, topics and seasons are found by name (partners whatever their
case and spacing) and created once.
"""

import datetime
import io
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.utils.file import hash_filelike

from core.richtext import sanitise
from film import indexing, schedule
from film.models import (
    FilmBroadcast,
    FilmIndexPage,
    Filmmaker,
    FilmPage,
    FilmPartner,
    Partner,
    SeasonPage,
)

from . import values
from .source import LIST_FIELDS, SourceRow

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, REFUSED)

# The column an editor would fix for each field of the film page.
COLUMNS = {
    "title": "title",
    "slug": "title",
    "year": "year",
    "runtime": "runtime_minutes",
    "synopsis": "logline",
    "body": "synopsis",
    "hero_alt": "image_alt",
    "legacy_id": "legacy_id",
}
PAGE_FIELDS = set(COLUMNS)
REQUIRED = "It is required, and empty in this row."
EMPTY = {"This field cannot be blank.", "This field cannot be null.", "This field is required."}
INDEX_BATCH = 200


class Refused(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class RowResult:
    place: str  # "line 3" of a CSV file, "item 2" of a JSON array
    legacy_id: str
    title: str
    outcome: str = ""
    messages: list[str] = field(default_factory=list)  # why a row was refused
    notes: list[str] = field(default_factory=list)  # what an editor should know about one that was not
    film_id: int | None = None


@dataclass
class Report:
    committed: bool
    published: bool
    rows: list[RowResult] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {outcome: sum(row.outcome == outcome for row in self.rows) for outcome in OUTCOMES}

    def summary(self) -> str:
        counts = self.counts()
        figures = ", ".join(f"{outcome} {counts[outcome]}" for outcome in OUTCOMES)
        if not self.committed:
            return f"Dry run, nothing was saved: {figures}."
        state = "published" if self.published else "as drafts"
        return f"Imported ({state}): {figures}."


@dataclass
class Staged:
    """What a row adds to the importer's lookups; kept only once the row is saved."""

    partners: dict[str, Partner] = field(default_factory=dict)
    seasons: dict[int, SeasonPage] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)
    topics: dict[str, str] = field(default_factory=dict)


def _messages(error: ValidationError, column: str | None = None) -> list[str]:
    if hasattr(error, "error_dict"):
        found = []
        for name, errors in error.message_dict.items():
            where = column or COLUMNS.get(name, name)
            found += [f"{where}: {REQUIRED if m in EMPTY else m}" for m in errors]
        return found
    return [f"{column}: {message}" if column else message for message in error.messages]


class Importer:
    """``Importer(...).run(rows)`` -> a Report. ``base_dir`` is where images' relative paths
    start (the import file's folder); without one, rows naming an image are refused."""

    def __init__(
        self,
        *,
        commit: bool = False,
        publish: bool = False,
        user=None,
        base_dir: Path | None = None,
        index: FilmIndexPage | None = None,
    ):
        self.commit = commit
        self.publish = publish
        self.user = user
        self.base_dir = base_dir.resolve() if base_dir else None
        self.index = index

    # -- the run ---------------------------------------------------------------------------------

    def run(self, rows: Iterable[SourceRow]) -> Report:
        return self.report(list(self.results(list(rows))))

    def report(self, results: list[RowResult]) -> Report:
        return Report(committed=self.commit, published=self.publish, rows=results)

    def results(self, rows: list[SourceRow]) -> Iterator[RowResult]:
        """Each row's result as soon as it is known (for a progress bar), in the file's order.

        A dry run's transaction stays open until the last row, and is rolled back even when the
        caller stops early.
        """
        if self.index is None:
            self.index = FilmIndexPage.objects.first()
        if self.index is None:
            raise Refused(["There is no film index to import into: add the Films page first."])
        self._load(rows)
        if self.commit:
            saved = []
            try:
                for row in rows:
                    result = self._row(row)
                    if result.outcome in (CREATED, UPDATED):
                        saved.append(result.film_id)
                    if len(saved) >= INDEX_BATCH:
                        self._index(saved)
                        saved = []
                    yield result
            finally:
                self._index(saved)
            return
        with transaction.atomic():
            try:
                for row in rows:
                    yield self._row(row)
            finally:
                transaction.set_rollback(True)

    @staticmethod
    def _index(film_ids: list[int]) -> None:
        """Add saved films to the search index in bulk (their saves skipped it: film/indexing.py)."""
        if not film_ids:
            return
        indexing.add_bulk(FilmPage.get_indexed_objects().filter(pk__in=film_ids))

    def _load(self, rows: list[SourceRow]) -> None:
        """Everything rows are matched against, in a few queries rather than a few per row."""
        ids = [str(row.values.get("legacy_id", "")) for row in rows]
        self.films = {film.legacy_id: film for film in FilmPage.objects.filter(legacy_id__in=ids)}
        self.partners = {values.normalised_name(p.name): p for p in Partner.objects.all()}
        self.seasons = {season.number: season for season in SeasonPage.objects.all()}
        self.slugs = set(self.index.get_children().values_list("slug", flat=True))
        self.seen: dict[str, str] = {}
        self.topics = {name.casefold(): name for name in Tag.objects.values_list("name", flat=True)}
        # Broadcasts are stored on the strand's wall clock (film.schedule, the one rule).
        self.zone = schedule.strand_zone()

    def _row(self, row: SourceRow) -> RowResult:
        legacy_id = str(row.values.get("legacy_id", ""))
        result = RowResult(row.place, legacy_id, str(row.values.get("title", "")))
        staged = Staged()
        try:
            # A row saves the page several times over (the page, its revision, its publication):
            # Wagtail's reference index is brought up to date once, at the end of the row, and the
            # search index in bulk every INDEX_BATCH films (dry runs: never).
            with transaction.atomic(), disable_reference_index_auto_update(), indexing.deferred():
                self._import(row, result, staged)
        except Refused as refusal:
            result.outcome, result.messages, result.notes = REFUSED, refusal.messages, []
            result.film_id = None
            return result
        except (ValidationError, DatabaseError) as error:
            # What the checks above did not foresee (e.g. a film saved with the same legacy_id
            # by someone else meanwhile): the row is refused as a whole, the reason logged.
            logger.warning("Import row %s refused: %s", row.number, error)
            result.outcome, result.notes, result.film_id = REFUSED, [], None
            result.messages = (
                _messages(error)
                if isinstance(error, ValidationError)
                else [f"It could not be saved: {error}"]
            )
            return result
        self.partners.update(staged.partners)
        self.seasons.update(staged.seasons)
        self.slugs |= staged.slugs
        self.topics.update(staged.topics)
        return result

    # -- one row -----------------------------------------------------------------------------------

    def _import(self, row: SourceRow, result: RowResult, staged: Staged) -> None:
        cells = row.values
        if "row" in row.problems:
            raise Refused([row.problems["row"]])
        if not result.legacy_id:
            raise Refused([f"legacy_id: {REQUIRED}"])
        first = self.seen.setdefault(result.legacy_id, result.place)
        if first != result.place:
            raise Refused([f"legacy_id: {result.legacy_id} is on {first} already; give each film one row."])

        existing = self.films.get(result.legacy_id)
        film = existing.get_latest_revision_as_object() if existing else FilmPage(legacy_id=result.legacy_id)
        before = self._snapshot(film) if existing else None

        # Values of the wrong shape (read as empty) are refused together with every other mistake.
        errors = [f"{name}: {problem}" for name, problem in row.problems.items()]
        redirect_from = self._legacy_path(cells.get("legacy_url", ""), existing, errors)
        new_image = self._apply(film, cells, result, staged, errors)
        if existing is None:
            film.slug = self._slug(film, staged)
        try:
            film.clean_fields(exclude=[f.name for f in FilmPage._meta.fields if f.name not in PAGE_FIELDS])
        except ValidationError as error:
            # A value the formats above could not read is not reported a second time.
            errors += [m for m in _messages(error) if m.split(":")[0] + ":" not in " ".join(errors)]
        if errors:
            raise Refused(errors)

        if existing is None:
            film.owner = self.user
            film.live = False
            self.index.add_child(instance=film)
            revision = film.save_revision(user=self.user, log_action=False)
            log(instance=film, action="wagtail.create", user=self.user)
            result.outcome = CREATED
        elif new_image or self._snapshot(film) != before:
            revision = film.save_revision(user=self.user, log_action=True)
            result.outcome = UPDATED
        else:
            revision = None
            result.outcome = UNCHANGED
        if revision is not None and self.publish:
            revision.publish(user=self.user)
        result.film_id = film.pk
        if redirect_from:
            Redirect.objects.create(old_path=redirect_from, site=None, redirect_page=film, is_permanent=True)
            result.notes.append(f"legacy_url: {redirect_from} now redirects to the film.")
            if result.outcome == UNCHANGED:
                result.outcome = UPDATED
        if revision is not None or existing is None:
            # Once per row, not once per save (see _row); core/files.py asks it who may see the image.
            ReferenceIndex.create_or_update_for_object(FilmPage.objects.get(pk=film.pk))

    def _apply(
        self, film: FilmPage, cells: dict, result: RowResult, staged: Staged, errors: list[str]
    ) -> bool:
        """Set the row's values on ``film`` (in memory); True when it brings an image not stored yet."""

        def read(column, parse, *args):
            try:
                return parse(cells.get(column, [] if column in LIST_FIELDS else ""), *args)
            except values.Invalid as error:
                errors.append(f"{column}: {error}")
                return None

        def given(*columns) -> bool:
            # A column the file leaves out leaves that part of an existing film as it is.
            return film.pk is None or any(column in cells for column in columns)

        if given("title"):
            film.title = cells.get("title", "")
        if given("year"):
            film.year = read("year", values.whole_number)
        if given("runtime_minutes"):
            film.runtime = read("runtime_minutes", values.whole_number)
        if given("logline"):
            film.synopsis = " ".join(cells.get("logline", "").split())
        self._synopsis(film, cells.get("synopsis", ""), result)
        if given("season"):
            film.season = self._season(read("season", values.season), film, result, staged, errors)
        if given("topics"):
            film.topics.set(self._topics(cells.get("topics", []), staged))
        if given("filmmakers"):
            film.filmmakers = self._filmmakers(film, cells.get("filmmakers", []), errors)
        if given("partners"):
            film.film_partners = self._partners(cells.get("partners", []), result, staged, errors)
        if given("premiere", "broadcasts"):
            premiere = read("premiere", values.premiere)
            timed = premiere if isinstance(premiere, datetime.datetime) else None
            broadcasts = read("broadcasts", values.broadcasts, timed) or []
            self._broadcasts(film, broadcasts, premiere, errors)
        if given("image_alt"):
            film.hero_alt = " ".join(cells.get("image_alt", "").split())
        return self._image(film, cells.get("image", ""), errors)

    def _snapshot(self, film: FilmPage) -> dict:
        """What the import writes of a film, to tell a changed row from an unchanged one."""
        intro = film.body.raw_data[0] if film.body.raw_data else None
        return {
            "fields": [
                film.title,
                film.year,
                film.runtime,
                film.synopsis,
                film.season_id,
                film.premiere_date,
                film.hero_image_id,
                film.hero_alt,
            ],
            "synopsis": intro["value"] if intro and intro["type"] == "rich_text" else None,
            "topics": sorted(tag.name for tag in film.topics.all()),
            "filmmakers": [(f.name, f.role) for f in film.filmmakers.all()],
            "partners": [(p.partner_id, p.role) for p in film.film_partners.all()],
            "broadcasts": [(b.kind, b.date, b.time, b.time_zone) for b in film.broadcasts.all()],
        }

    # -- fields ------------------------------------------------------------------------------------

    def _synopsis(self, film: FilmPage, text: str, result: RowResult) -> None:
        """The synopsis is the body's first block, rich text cleaned as the editor's would be."""
        if not text:
            return
        block = FilmPage._meta.get_field("body").stream_block.child_blocks["rich_text"]
        given = values.paragraphs(text)
        html = sanitise(given, block.features)
        if " ".join(html.split()) != " ".join(given.split()):
            result.notes.append("synopsis: markup the editor does not offer was removed.")
        raw = list(film.body.raw_data)
        if raw and raw[0]["type"] == "rich_text":
            if raw[0]["value"] == html:
                return
            raw[0] = {**raw[0], "value": html}
        else:
            raw.insert(0, {"type": "rich_text", "value": html, "id": str(uuid.uuid4())})
        film.body = raw

    def _season(self, parsed, film, result: RowResult, staged: Staged, errors: list[str]):
        if parsed is None:
            return None
        number, year = parsed
        season = self.seasons.get(number) or staged.seasons.get(number)
        if season is not None:
            if year is not None and season.year != year:
                errors.append(f"season: Season {number} is {season.label}, not {year}.")
            return season
        if year is None:
            errors.append(
                f"season: Season {number} does not exist yet: write it as {number} (year) to add it."
            )
            return None
        season = SeasonPage(title=f"Season {number}", number=number, year=year, live=False, owner=self.user)
        season.slug = self._unique_slug(f"season-{number}", staged)
        self.index.add_child(instance=season)
        revision = season.save_revision(user=self.user, log_action=False)
        if self.publish:
            revision.publish(user=self.user)
        staged.seasons[number] = season
        result.notes.append(f"season: {season.label} added.")
        return season

    def _topics(self, names: list[str], staged: Staged) -> list[str]:
        chosen = []
        for name in names:
            name = " ".join(name.split())
            key = name.casefold()
            known = self.topics.get(key) or staged.topics.get(key)
            if known is None:
                staged.topics[key] = known = name
            if known not in chosen:
                chosen.append(known)
        return chosen

    def _filmmakers(self, film: FilmPage, items: list[str], errors: list[str]) -> list[Filmmaker]:
        # Filmmakers already on the film keep their photo, biography and statement.
        current = {maker.name: maker for maker in film.filmmakers.all()}
        makers = []
        for position, item in enumerate(items):
            try:
                name, role = values.name_and_role(item)
            except values.Invalid as error:
                errors.append(f"filmmakers: {error}")
                continue
            maker = current.pop(name, None) or Filmmaker(name=name)
            maker.role, maker.sort_order = role or "Filmmaker", position
            try:
                maker.clean_fields(exclude=["film", "photo", "sort_order"])
            except ValidationError as error:
                errors += _messages(error, f"filmmakers: {name}")
            makers.append(maker)
        return makers

    def _partners(
        self, items: list[str], result: RowResult, staged: Staged, errors: list[str]
    ) -> list[FilmPartner]:
        links, seen = [], set()
        for position, item in enumerate(items):
            try:
                name, role = values.name_and_role(item)
                role = values.partner_role(name, role)
            except values.Invalid as error:
                errors.append(f"partners: {error}")
                continue
            key = values.normalised_name(name)
            partner = self.partners.get(key) or staged.partners.get(key)
            if partner is None:
                partner = Partner(name=name)
                try:
                    partner.full_clean()
                except ValidationError as error:
                    errors += _messages(error, f"partners: {name}")
                    continue
                partner.save()
                staged.partners[key] = partner
                result.notes.append(f"partners: {name} added.")
            elif partner.name != name:
                result.notes.append(
                    f"partners: “{name}” is taken as the existing partner “{partner.name}” "
                    "(the names differ only in case or spacing)."
                )
            if partner.pk in seen:
                errors.append(f"partners: {partner.name} is listed twice; keep one.")
                continue
            seen.add(partner.pk)
            links.append(FilmPartner(partner=partner, role=role, sort_order=position))
        return links

    def _broadcasts(self, film: FilmPage, broadcasts, premiere, errors: list[str]) -> None:
        rows = []
        for position, broadcast in enumerate(sorted(broadcasts, key=lambda b: b.starts)):
            fields = schedule.wall_clock(broadcast.starts, self.zone)
            rows.append(FilmBroadcast(kind=broadcast.kind, sort_order=position, **fields))
        first = next((b for b in rows if b.kind == FilmBroadcast.PREMIERE), None)
        premiere_date = (
            premiere.astimezone(self.zone).date() if isinstance(premiere, datetime.datetime) else premiere
        )
        if first and premiere_date and premiere_date != first.date:
            errors.append(
                f"premiere: {premiere_date:%Y-%m-%d} is not the day of the premiere broadcast "
                f"({first.date:%Y-%m-%d})."
            )
        # Rows already on the film keep their own length, programme code and note.
        current = {(b.kind, b.date, b.time): b for b in film.broadcasts.all()}
        kept = []
        for new in rows:
            old = current.pop((new.kind, new.date, new.time), None)
            if old is not None and old.time_zone == new.time_zone:
                old.sort_order = new.sort_order
                kept.append(old)
            else:
                kept.append(new)
        film.broadcasts = kept
        film.premiere_date = premiere_date or (first.date if first else None)

    def _image(self, film: FilmPage, path: str, errors: list[str]) -> bool:
        if not path:
            return False
        if self.base_dir is None:
            errors.append(
                "image: Images come from the import file's folder: upload a .zip holding the file "
                "and its images, or use manage.py import_films."
            )
            return False
        file = (self.base_dir / path).resolve()
        if not file.is_relative_to(self.base_dir):
            errors.append(f"image: “{path}” is outside the import file's folder; give a path inside it.")
            return False
        if not file.is_file():
            errors.append(f"image: There is no file “{path}” beside the import file.")
            return False
        content = file.read_bytes()
        # The upload field editors use: its extensions, size and pixel limits, and its messages.
        try:
            WagtailImageField().clean(SimpleUploadedFile(file.name, content))
        except ValidationError as error:
            errors += _messages(error, "image")
            return False
        digest = hash_filelike(io.BytesIO(content))
        Image = get_image_model()
        image = Image.objects.filter(file_hash=digest).order_by("pk").first()
        if image is None and not self.commit:
            # A dry run stores no file: the film gets an image the site does not have yet, a change.
            return True
        if image is None:
            image = Image(
                title=film.hero_alt or film.title,
                description=film.hero_alt,
                file=ImageFile(io.BytesIO(content), name=file.name),
            )
            image.file_hash, image.file_size = digest, len(content)
            image.uploaded_by_user = self.user
            image.save()
        film.hero_image = image
        return False

    # -- pages and redirects -------------------------------------------------------------------------

    def _unique_slug(self, base: str, staged: Staged, *alternatives: str) -> str:
        taken = self.slugs | staged.slugs
        for candidate in (base, *(f"{base}-{alt}" for alt in alternatives if alt)):
            if candidate not in taken:
                break
        else:
            number = 2
            while f"{base}-{number}" in taken:
                number += 1
            candidate = f"{base}-{number}"
        staged.slugs.add(candidate)
        return candidate

    def _slug(self, film: FilmPage, staged: Staged) -> str:
        base = slugify(film.title, allow_unicode=True)[:200] or slugify(f"film-{film.legacy_id}")
        return self._unique_slug(base, staged, str(film.year or ""), slugify(film.legacy_id))

    def _legacy_path(self, url: str, film: FilmPage | None, errors: list[str]) -> str:
        """The old address to redirect to the film, when it does not redirect there yet."""
        if not url:
            return ""
        path = Redirect.normalise_path(url)
        if path == "/":
            errors.append(f"legacy_url: “{url}” is the site's home page; give the film's old address.")
            return ""
        existing = Redirect.objects.filter(old_path=path).first()
        if existing is None:
            return path
        if film is None or existing.redirect_page_id != film.pk:
            errors.append(
                f"legacy_url: {path} already redirects to {existing.link}; remove that redirect "
                "(Settings › Redirects) or correct legacy_url."
            )
        return ""
