"""Generate N realistic synthetic films for benchmarks (search, page rendering).

Films are inserted in bulk (tree paths computed here, one INSERT per table per 500 rows, no
revisions: nothing renders or reverts them), CHUNK films per transaction, each chunk then
added to the search index in bulk (film/indexing.py), the title norms computed once at the end.
They are marked by the slug prefix "generated-" and `--delete` removes exactly those.
"""

import datetime
import io
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page

from film import indexing, schedule
from film.models import FilmBroadcast, FilmIndexPage, Filmmaker, FilmPage, FilmPageTag, FilmPartner, Partner
from home.demo import content, images

PREFIX = "generated-"
STEPLEN = Page.steplen
ALPHABET = Page.alphabet

ADJECTIVES = ["Silent", "Northern", "Last", "Distant", "Salt", "Iron", "Golden", "Hidden", "Long", "Open"]
NOUNS = ["River", "Harvest", "Border", "Station", "Orchard", "Harbor", "Choir", "Market", "Valley", "Road"]
PLACES = [
    "Guangzhou",
    "Lagos",
    "Oaxaca",
    "Mumbai",
    "Detroit",
    "Tromsø",
    "Nairobi",
    "Manila",
    "Québec",
    "Lima",
]
TOPICS = [
    "Labor", "Migration", "Family", "Environment", "Music", "Health", "Education", "Farming",
    "Cities", "Faith", "Sport", "Justice", "Women", "Youth", "Industry", "Water",
]  # fmt: skip
# 400 names, so that a person is in a few dozen films, as in a real catalogue, not in one in seven.
FIRST_NAMES = [
    "Ana", "Kwame", "Li", "Sara", "Tomas", "Priya", "Joon", "Amara", "Diego", "Hana",
    "Ines", "Omar", "Mei", "Yusuf", "Lena", "Ravi", "Zofia", "Kofi", "Elif", "Mateo",
]  # fmt: skip
LAST_NAMES = [
    "Ruiz", "Mensah", "Wei", "Haddad", "Berg", "Nair", "Park", "Okafor", "Silva", "Tanaka",
    "Novak", "Farah", "Chen", "Demir", "Moreau", "Iyer", "Kowalska", "Boateng", "Aydin", "Rossi",
]  # fmt: skip
PEOPLE = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
CRITICS = [("Mara Vance", "The Daily Ledger"), ("Omar Reyes", "Screen Weekly"), ("Jo Lind", "Docs Review")]
BATCH = 500  # rows per INSERT
CHUNK = 5000  # films per transaction


def tree_path(parent_path: str, position: int) -> str:
    digits = ""
    while True:
        position, remainder = divmod(position, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
        if not position:
            break
    return parent_path + digits.rjust(STEPLEN, ALPHABET[0])


class Command(BaseCommand):
    help = "Generate N synthetic published films under the film index (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--delete", action="store_true", help="Remove all generated films instead.")

    def handle(self, *args, count: int, seed: int, delete: bool, **options):
        index = FilmIndexPage.objects.first()
        if index is None:
            raise CommandError("No film index: run `manage.py load_demo` first.")
        if delete:
            deleted = FilmPage.objects.filter(slug__startswith=PREFIX).count()
            for page in FilmPage.objects.filter(slug__startswith=PREFIX).iterator():
                page.delete()
            self.stdout.write(f"Deleted {deleted} generated films.")
            return
        started = time.monotonic()
        indexed = 0.0
        rng = random.Random(seed)
        done = 0
        while done < count:
            # A transaction and a search-index write per chunk: memory stays flat at any count.
            batch = min(CHUNK, count - done)
            with transaction.atomic():
                films = self.create(index, batch, rng)
            began = time.monotonic()
            done += batch
            # Title norms once, over the whole index (as update_index leaves them), after the last chunk.
            indexing.add_bulk(
                FilmPage.get_indexed_objects().filter(pk__in=[film.pk for film in films]),
                norms="all" if done == count else None,
            )
            indexed += time.monotonic() - began
            if count > CHUNK:
                self.stderr.write(
                    f"{done} films after {time.monotonic() - started:.0f}s ({indexed:.0f}s indexing)"
                )
        created = time.monotonic() - started - indexed
        self.stdout.write(
            f"Generated {done} films in {created:.1f}s; search index updated in {indexed:.1f}s."
        )

    def pool_images(self, rng: random.Random) -> list:
        Image = get_image_model()
        pool = list(Image.objects.filter(title__startswith="Generated still "))
        motifs = list(images.MOTIFS)
        palettes = list(content.PALETTES.values())
        for n in range(len(pool), 12):
            data = images.to_bytes(
                images.scene((1280, 720), palettes[n % len(palettes)], motifs[n % len(motifs)], seed=n),
                "JPEG",
            )
            image = Image(title=f"Generated still {n + 1}", description="A still from a generated film")
            image.file = ImageFile(io.BytesIO(data), name=f"generated-still-{n + 1}.jpg")
            image.save()
            pool.append(image)
        return pool

    def create(self, index: FilmIndexPage, count: int, rng: random.Random) -> list[FilmPage]:
        pool = self.pool_images(rng)
        partners = list(Partner.objects.all()) or [Partner.objects.create(name="Generated Partner")]
        tags = [Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0] for name in TOPICS]
        content_type = ContentType.objects.get_for_model(FilmPage)
        children = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        last = children.order_by("-path").first()
        position = (Page._str2int(last.path[-STEPLEN:]) if last else 0) + 1
        existing = FilmPage.objects.filter(slug__startswith=PREFIX).count()
        now = timezone.now()
        today = timezone.localdate()

        films = []
        for n in range(count):
            number = existing + n + 1
            place = rng.choice(PLACES)
            title = f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of {place}"
            slug = f"{PREFIX}{number:06d}-{slugify(title)}"[:255]
            premiere = today + datetime.timedelta(days=rng.randint(-3000, 120))
            published = now - datetime.timedelta(days=rng.randint(0, 3000))
            films.append(
                FilmPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=tree_path(index.path, position + n),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_type,
                    locale_id=index.locale_id,
                    translation_key=uuid.uuid4(),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    synopsis=(
                        f"In {place}, a community faces the {rng.choice(NOUNS).lower()} that will change it. "
                        f"Filmed over {rng.randint(2, 9)} years, it follows the people who stay."
                    ),
                    hero_image=rng.choice(pool),
                    runtime=rng.choice([54, 56, 60, 75, 82, 90, 97, 104]),
                    year=premiere.year - rng.randint(0, 2),
                    premiere_date=premiere,
                    streaming_start=premiere,
                    streaming_end=premiere + datetime.timedelta(days=rng.choice([30, 90, 365])),
                    body=self.body(rng, pool, place),
                )
            )
        # Django cannot bulk-create multi-table children: insert the Page rows, then the child
        # rows with the INSERT that save() would send one by one, a batch at a time.
        pages = Page.objects.bulk_create([Page(**self.page_fields(film)) for film in films], batch_size=BATCH)
        for page, film in zip(pages, films, strict=True):
            film.page_ptr_id = film.id = page.id
        fields = FilmPage._meta.local_concrete_fields
        for start in range(0, len(films), BATCH):
            FilmPage._base_manager._insert(films[start : start + BATCH], fields=fields, raw=True)
        # Not get_children(): treebeard skips the query when numchild is still 0.
        index.numchild = children.count()
        index.save(update_fields=["numchild"])

        FilmPartner.objects.bulk_create(
            FilmPartner(film=film, partner=partner, role=role, sort_order=i)
            for film in films
            for i, (partner, role) in enumerate(
                zip(
                    rng.sample(partners, min(2, len(partners))),
                    ["in_association", "co_presentation"],
                    strict=False,
                )
            )
        )
        # bulk_create skips save(): each row gets its moment from the same rule (film/schedule.py).
        zone = schedule.strand_zone()
        FilmBroadcast.objects.bulk_create(
            FilmBroadcast(
                film=film, date=film.premiere_date + datetime.timedelta(days=rng.randint(100, 700))
            ).set_moment(zone)
            for film in films
        )
        Filmmaker.objects.bulk_create(
            Filmmaker(
                film=film, name=rng.choice(PEOPLE), role="Director", bio="<p>An independent filmmaker.</p>"
            )
            for film in films
        )
        FilmPageTag.objects.bulk_create(
            FilmPageTag(content_object=film, tag=tag) for film in films for tag in rng.sample(tags, 2)
        )
        return films

    @staticmethod
    def page_fields(film: FilmPage) -> dict:
        return {
            field.attname: getattr(film, field.attname)
            for field in Page._meta.concrete_fields
            if field.attname != "id"
        }

    @staticmethod
    def body(rng: random.Random, pool: list, place: str) -> list:
        critic, publication = rng.choice(CRITICS)
        person = rng.choice(PEOPLE)
        return [
            ("heading", {"text": "Additional Video", "level": "h2"}),
            *[
                (
                    "video",
                    {
                        "title": f"Clip {n + 1} from {place}",
                        "caption": f"Residents of {place} talk about the changes in their town.",
                        "poster": rng.choice(pool),
                        "duration": f"{rng.randint(1, 5)}:{rng.randint(0, 59):02d}",
                        "url": f"https://vimeo.com/{rng.randint(10**8, 10**9 - 1)}",
                    },
                )
                for n in range(rng.randint(1, 4))
            ],
            ("heading", {"text": "Filmmaker Interviews", "level": "h2"}),
            (
                "interview",
                {
                    "name": person,
                    "role": "Director",
                    "introduction": f"<p>{person} on filming in {place}.</p>",
                    "questions": [
                        {
                            "question": "Why this story?",
                            "answer": f"<p>Because {place} is changing fast.</p>",
                        },
                        {"question": "How long did you film?", "answer": "<p>Several years, on and off.</p>"},
                    ],
                },
            ),
            ("heading", {"text": "Critical Acclaim", "level": "h2"}),
            (
                "quote",
                {
                    "text": f"A patient, humane portrait of {place}.",
                    "critic": critic,
                    "publication": publication,
                },
            ),
            (
                "update",
                {
                    "date": datetime.date(2020 + rng.randint(0, 5), rng.randint(1, 12), 1),
                    "headline": "Festival award",
                    "body": "<p>The film won an audience award.</p>",
                },
            ),
        ]
