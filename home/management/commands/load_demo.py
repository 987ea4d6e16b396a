"""Load the demo site: a home page, the film index, partners, Last Train Home and five more films,
the seasons they premiered in and a collection featured on the home page.

Idempotent: everything is looked up by a natural key first (page slug under its parent,
partner name, image title, document title) and only created when missing, so a second
run creates nothing and publishes nothing. `--update` rewrites the demo pages and
partners in place (publishing a new revision of each page); images and documents are
still reused by title, never regenerated or deleted.
"""

import io
import time
import uuid
from collections import Counter

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from core.links import site_address
from film.models import (
    FilmBroadcast,
    FilmCollection,
    FilmCollectionItem,
    FilmIndexPage,
    Filmmaker,
    FilmPage,
    FilmPartner,
    FilmResource,
    Partner,
    SeasonPage,
)
from home.demo import content, images
from home.demo.content import DocumentSpec, Html, ImageSpec
from home.models import HomeFeaturedFilm, HomePage

BLOCK_IDS = uuid.UUID("6f1c3a52-1d0e-4b8e-9a59-2f7d1c0b5e11")  # namespace for stable block ids


def render_image(spec: ImageSpec) -> tuple[bytes, str]:
    """Draw the image a spec describes; returns (bytes, file extension)."""
    palette = content.PALETTES.get(spec.palette)
    if spec.kind == "hero":
        return images.hero_jpeg(palette, spec.motif, spec.seed), "jpg"
    if spec.kind == "poster":
        return images.poster_jpeg(palette, spec.motif, spec.seed), "jpg"
    if spec.kind == "still":
        return images.to_bytes(images.scene((1600, 900), palette, spec.motif, seed=spec.seed), "JPEG"), "jpg"
    if spec.kind == "portrait":
        return images.portrait_png(spec.text, *spec.colours), "png"
    if spec.kind == "logo":
        return images.wordmark_png(list(spec.logo_lines), *spec.colours), "png"
    raise ValueError(f"Unknown image kind {spec.kind!r}")


class Command(BaseCommand):
    help = "Create the demo home page, film index, partners and films (safe to run repeatedly)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Rewrite existing demo pages and partners from the demo content and publish them again "
            "(dates relative to today are recalculated). Images and documents are reused by title.",
        )
        parser.add_argument(
            "--root-url",
            default=settings.SITE_ROOT_URL,
            help="The default Site's public address, which canonical, share, sitemap and feed links "
            "use (default: SITE_ROOT_URL, %(default)s).",
        )

    def handle(self, *args, update: bool = False, root_url: str = "", **options):
        started = time.monotonic()
        try:
            self.site_address = site_address(root_url or settings.SITE_ROOT_URL)
        except ValueError as error:
            raise CommandError(f"--root-url / SITE_ROOT_URL: {error}") from error
        self.update = update
        self.today = timezone.localdate()
        self.counts = Counter()
        self.images = {}
        self.documents = {}

        with transaction.atomic():
            partners = {spec["name"]: self.partner(spec) for spec in content.PARTNERS}
            home = self.home_page()
            self.default_site(home)
            index = self.film_index(home)
            specs = content.films(self.today)
            seasons = {spec["season"]["number"]: spec["season"] for spec in specs}
            seasons = {number: self.season(index, seasons[number]) for number in sorted(seasons)}
            films = {spec["slug"]: self.film(index, spec, partners, seasons) for spec in specs}
            self.featured_films(home, [films[slug] for slug in content.HOME["featured"]])
            for spec in content.COLLECTIONS:
                self.collection(spec, films)

        elapsed = time.monotonic() - started
        if self.counts:
            summary = ", ".join(f"{what}: {n}" for what, n in sorted(self.counts.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded in {elapsed:.2f}s ({summary})."))
        else:
            self.stdout.write(f"Demo content already present; nothing changed ({elapsed:.2f}s).")

    # Media

    def image(self, spec: ImageSpec):
        if spec.title not in self.images:
            model = get_image_model()
            image = model.objects.filter(title=spec.title).order_by("pk").first()
            if image is None:
                data, ext = render_image(spec)
                image = model(title=spec.title, description=spec.description[:255])
                image.file = ImageFile(io.BytesIO(data), name=f"{slugify(spec.title)[:80]}.{ext}")
                image._set_image_file_metadata()
                image.save()
                self.counts["images created"] += 1
            self.images[spec.title] = image
        return self.images[spec.title]

    def document(self, spec: DocumentSpec):
        if spec.title not in self.documents:
            model = get_document_model()
            document = model.objects.filter(title=spec.title).order_by("pk").first()
            if document is None:
                if spec.stills:
                    stills = [(caption, self.still(still)) for caption, still in spec.stills]
                    data = images.stills_pdf(spec.title, stills)
                else:
                    data = images.text_pdf(spec.title, list(spec.paragraphs), spec.heading)
                document = model(title=spec.title)
                document.file = ContentFile(data, name=spec.filename)
                document._set_document_file_metadata()
                document.save()
                self.counts["documents created"] += 1
            self.documents[spec.title] = document
        return self.documents[spec.title]

    @staticmethod
    def still(spec: ImageSpec):
        palette = content.PALETTES[spec.palette]
        return images.scene((1600, 900), palette, spec.motif, seed=spec.seed)

    def resolve(self, value):
        """Replace image and document specs by ids, and fill in rich text placeholders."""
        if isinstance(value, ImageSpec):
            return self.image(value).pk
        if isinstance(value, DocumentSpec):
            return self.document(value).pk
        if isinstance(value, Html):
            return value.template.format(**{key: self.resolve(ref) for key, ref in value.refs.items()})
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.resolve(item) for item in value]
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value

    def stream(self, model, field_name: str, key: str, items: list[tuple[str, object]]):
        """A validated StreamField value from (block type, value) pairs, with stable block ids."""
        stream_block = model._meta.get_field(field_name).stream_block
        unknown = {block_type for block_type, _ in items} - set(stream_block.child_blocks)
        if unknown:
            raise CommandError(f"{key}: unknown {field_name} block types {sorted(unknown)}")
        raw = [
            {
                "type": block_type,
                "value": self.resolve(value),
                "id": str(uuid.uuid5(BLOCK_IDS, f"{key}/{field_name}/{i}")),
            }
            for i, (block_type, value) in enumerate(items)
        ]
        try:
            return stream_block.clean(stream_block.to_python(raw))
        except ValidationError as error:
            detail = error.as_json_data() if hasattr(error, "as_json_data") else error.messages
            raise CommandError(f"{key}: invalid {field_name}: {detail}") from error

    # Snippets and pages

    def partner(self, spec: dict) -> Partner:
        partner = Partner.objects.filter(name=spec["name"]).first()
        if partner is not None and not self.update:
            return partner
        created = partner is None
        partner = partner or Partner(name=spec["name"])
        partner.url = spec["url"]
        partner.description = spec["description"]
        partner.logo = self.image(spec["logo"])
        partner.full_clean()
        partner.save()
        self.counts["partners created" if created else "partners updated"] += 1
        return partner

    def publish(self, page: Page, what: str, created: bool) -> None:
        page.save_revision().publish()
        if what:
            self.counts[f"{what} created" if created else f"{what} updated"] += 1

    def home_page(self) -> HomePage:
        home = HomePage.objects.order_by("path").first()
        if home is not None:
            if self.update:  # saved and published with its featured films
                home.title, home.intro = content.HOME["title"], content.HOME["intro"]
            return home

        root = Page.get_first_root_node()
        slug = content.HOME["slug"]
        welcome = root.get_children().filter(slug=slug).first()
        if welcome is not None:
            plain_page = ContentType.objects.get_for_model(Page)
            if welcome.content_type_id == plain_page.id and welcome.numchild == 0:
                # Site.root_page cascades on delete: point sites at the tree root meanwhile.
                Site.objects.filter(root_page=welcome).update(root_page=root)
                welcome.delete()
                self.counts["default welcome page deleted"] += 1
                root = Page.get_first_root_node()  # numchild has changed
            else:
                slug = "strand-home"
                self.stdout.write(
                    self.style.WARNING(
                        f"A page with slug {welcome.slug!r} exists at the top of the tree and "
                        f"is not Wagtail's empty welcome page; leaving it and using slug {slug!r}."
                    )
                )

        home = HomePage(title=content.HOME["title"], slug=slug, intro=content.HOME["intro"])
        root.add_child(instance=home)
        self.publish(home, "home page", created=True)
        return home

    def default_site(self, home: HomePage) -> None:
        """The default Site serves the home page at the address given (Wagtail's own default
        Site, localhost:80, is not where `make run` serves it)."""
        hostname, port = self.site_address
        site = (
            Site.objects.filter(is_default_site=True).first()
            or Site.objects.filter(hostname=hostname, port=port).first()
        )
        if site is None:
            Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
            self.counts["sites created"] += 1
            return
        changes = {"root_page_id": home.pk, "is_default_site": True, "hostname": hostname, "port": port}
        if not site.site_name:
            changes["site_name"] = settings.WAGTAIL_SITE_NAME
        if any(getattr(site, name) != value for name, value in changes.items()):
            for name, value in changes.items():
                setattr(site, name, value)
            site.save()  # clears Wagtail's cached site root paths
            self.counts["sites updated"] += 1

    def film_index(self, home: HomePage) -> FilmIndexPage:
        index = FilmIndexPage.objects.child_of(home).filter(slug=content.INDEX["slug"]).first()
        created = index is None
        if not created and not self.update:
            return index
        index = index or FilmIndexPage(slug=content.INDEX["slug"])
        index.title, index.intro = content.INDEX["title"], content.INDEX["intro"]
        if created:
            home.add_child(instance=index)
        else:
            index.save()
        self.publish(index, "film index", created)
        return index

    def season(self, index: FilmIndexPage, spec: dict) -> SeasonPage:
        page = SeasonPage.objects.child_of(index).filter(number=spec["number"]).first()
        created = page is None
        if not created and not self.update:
            return page
        page = page or SeasonPage(slug=spec["slug"], number=spec["number"])
        page.title, page.year, page.intro = spec["title"], spec["year"], spec["intro"]
        if created:
            index.add_child(instance=page)
        else:
            page.save()
        self.publish(page, "seasons", created)
        return page

    def collection(self, spec: dict, films: dict[str, FilmPage]) -> FilmCollection:
        collection = FilmCollection.objects.filter(title=spec["title"]).order_by("pk").first()
        if collection is not None and not self.update:
            return collection
        created = collection is None
        collection = collection or FilmCollection(title=spec["title"])
        collection.intro, collection.feature_on_home = spec["intro"], spec["feature_on_home"]
        collection.items = [
            FilmCollectionItem(film=films[slug], sort_order=i) for i, slug in enumerate(spec["films"])
        ]
        collection.full_clean()
        collection.save()
        self.counts["collections created" if created else "collections updated"] += 1
        return collection

    def film(
        self, index: FilmIndexPage, spec: dict, partners: dict[str, Partner], seasons: dict[int, SeasonPage]
    ) -> FilmPage:
        page = FilmPage.objects.child_of(index).filter(slug=spec["slug"]).first()
        created = page is None
        if not created and not self.update:
            return page
        page = page or FilmPage(slug=spec["slug"])
        key = spec["slug"]
        for name in (
            "title",
            "synopsis",
            "hero_alt",
            "runtime",
            "year",
            "premiere_date",
            "streaming_start",
            "streaming_end",
            "updated_on",
        ):
            setattr(page, name, spec[name])
        page.hero_image = self.image(spec["hero_image"])
        page.season = seasons[spec["season"]["number"]]
        page.trailer = self.stream(
            FilmPage, "trailer", key, [("video", spec["trailer"])] if spec["trailer"] else []
        )
        page.pull_quote = self.stream(
            FilmPage, "pull_quote", key, [("quote", spec["pull_quote"])] if spec["pull_quote"] else []
        )
        page.body = self.stream(FilmPage, "body", key, spec["body"])
        page.topics.set(spec["topics"])
        page.broadcasts = self.children(key, [FilmBroadcast(**row) for row in spec["broadcasts"]])
        page.filmmakers = self.children(
            key,
            [
                Filmmaker(
                    name=person["name"],
                    role=person["role"],
                    photo=self.image(person["photo"]),
                    bio=person["bio"],
                    statement=person["statement"],
                    interview_url=person["interview_url"],
                )
                for person in spec["filmmakers"]
            ],
        )
        page.film_partners = self.children(
            key, [FilmPartner(partner=partners[name], role=role) for name, role in spec["partners"]]
        )
        page.resources = self.children(
            key,
            [
                FilmResource(
                    kind=resource["kind"],
                    label=resource["label"],
                    document=self.document(resource["document"]) if "document" in resource else None,
                    link=resource.get("link", ""),
                )
                for resource in spec["resources"]
            ],
        )
        if created:
            index.add_child(instance=page)  # saves, running Page.full_clean() and FilmPage.clean()
        else:
            page.save()
        self.publish(page, "films", created)
        return page

    @staticmethod
    def children(key: str, objects: list) -> list:
        """Number inline children in order and validate them as the admin form would."""
        for i, obj in enumerate(objects):
            obj.sort_order = i
            try:
                obj.full_clean(exclude=["film"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                raise CommandError(f"{key}: invalid {type(obj).__name__}: {error.message_dict}") from error
        return objects

    def featured_films(self, home: HomePage, films: list[FilmPage]) -> None:
        if home.featured_films.exists() and not self.update:
            return
        home.featured_films = [HomeFeaturedFilm(film=film, sort_order=i) for i, film in enumerate(films)]
        home.save()
        self.publish(home, "home page" if self.update else "", created=False)
        self.counts["featured films set"] += len(films)
