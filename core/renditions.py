"""Image renditions: which ones each image needs (defined once here), drawn off the request path.

``ROLES`` names each place an image goes and, per place it is shown, the filter specs drawn for
it. Templates name a variant, never a spec (``{% picture page.hero_image hero.page sizes=… %}``,
film/templatetags/strand_images.py); so do the API, feeds and share cards
(``core.links.rendition(image, "hero.share", request)``) and the search results' prefetch.

Drawing a rendition (decoding the original, resizing, encoding AVIF/WebP/JPEG) costs up to
seconds, so a visitor's request never does it:

- the task ``draw_renditions`` (django-tasks, backend "renditions": the database backend and
  ``manage.py db_worker --backend renditions``, started by ``make run`` and ``make serve``) draws
  every variant of an image's role, one variant per call. It is queued when an image is
  uploaded (all roles: the image may take any of them), when a page is published (the page's
  images in their roles, from its ``image_variants()``), and when a visitor's request finds one
  missing;
- a visitor's request uses what exists: a missing variant falls back to the sizes of it that do
  exist, or else to another existing rendition of the image, and is queued; an image with no
  rendition at all shows its text alternative until the worker has drawn it. Editors' previews
  (and code running outside a request) draw what they need;
- a page that says which images it shows, in which variants (``image_variants()``, e.g.
  ``FilmPage``), has their renditions looked up in one cache ``get_many`` and at most one query,
  whatever their number: its template's cached fragments start with
  ``{% prefetch_renditions page %}`` (``prefetch``), so that nothing is looked up while they are
  warm. Only the variants shown are read: a hero image has 32 renditions, a film page shows 10.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from django.db import transaction
from django.db.models.signals import post_save

from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, SourceImageIOError
from wagtail.signals import page_published

from .cache import store as page_cache

logger = logging.getLogger(__name__)

BACKEND = "renditions"

# role -> variant -> the filter spec bits of one `{% picture %}` (or one rendition for JSON).
ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    "hero": {
        "page": ("format-{avif,webp,jpeg}", "fill-{640x274,1024x439,1600x686}"),
        # The home page's lead film, 16:9 beside its logline.
        "lead": ("format-{avif,webp,jpeg}", "fill-{640x360,1024x576,1600x900}"),
        # A film in a list: the home page, the film index, search results, upcoming films.
        "card": ("format-{avif,webp,jpeg}", "fill-{400x225,800x450}"),
        # A thumbnail beside a line of text: the home page's upcoming premieres and broadcasts.
        "compact": ("format-{avif,webp,jpeg}", "fill-{160x90,320x180}"),
        # Share cards: 1.91:1 at the size Facebook, LinkedIn and X show large cards; JPEG
        # because not every crawler reads WebP or AVIF.
        "share": ("fill-1200x630", "format-jpeg"),
        # The API's, as large as the site itself shows each image.
        "api": ("fill-1600x686",),
    },
    # A still in a film's body.
    "still": {
        "page": ("format-{webp,jpeg}", "width-{480,800,1200}"),
        "api": ("max-1600x1600",),
    },
    "poster": {
        "page": ("format-{webp,jpeg}", "fill-{480x270,960x540}"),
        "api": ("fill-960x540",),
        # JSON-LD's thumbnailUrl: JPEG, as for share cards.
        "thumbnail": ("fill-960x540", "format-jpeg"),
    },
    # Filmmakers' and interviewees' photos.
    "portrait": {
        "page": ("format-{webp,jpeg}", "fill-{80x80,160x160}"),
        "api": ("fill-320x320",),
    },
    "logo": {
        "page": ("format-{webp,png}", "max-{240x96,480x192}"),
        "api": ("max-240x96",),
    },
}


@cache
def filters(variant: str) -> tuple[Filter, ...]:
    """The filters of ``"role.variant"``, parsed once (Wagtail parses a spec on every use)."""
    role, _, name = variant.partition(".")
    try:
        bits = ROLES[role][name]
    except KeyError:
        known = ", ".join(f"{r}.{v}" for r, variants in ROLES.items() for v in variants)
        message = f"Unknown image rendition {variant!r}: use one of {known} (core/renditions.py)."
        raise ValueError(message) from None
    return tuple(Filter(spec=spec) for spec in Filter.expand_spec(list(bits)))


def role_of(variant: str) -> str:
    """The role of ``"role.variant"``: what the worker draws in full for the image."""
    return variant.partition(".")[0]


def specs(variant: str) -> list[str]:
    return [f.spec for f in filters(variant)]


@cache
def role_filters(role: str) -> tuple[Filter, ...]:
    """Every filter of every variant of ``role``: what the worker draws for an image in it."""
    return tuple(dict.fromkeys(f for variant in ROLES[role] for f in filters(f"{role}.{variant}")))


def stream_image_variants(stream) -> Iterator[tuple[AbstractImage, str]]:
    """The images of a StreamField's blocks and the variants they are shown in, as each block
    says (its ``image_variants(value)``)."""
    for child in stream:
        image_variants = getattr(child.block, "image_variants", None)
        if image_variants is not None:
            yield from image_variants(child.value)


def has_worker() -> bool:
    """Whether a worker draws renditions apart from requests (not the immediate backend)."""
    return not isinstance(task_backends[BACKEND], ImmediateBackend)


def may_draw(request) -> bool:
    """Only editors' previews, and code running outside a request, draw renditions; with no
    worker (the immediate backend) each request draws what it shows, as Wagtail does."""
    return request is None or getattr(request, "is_preview", False) or not has_worker()


def prefetch(pairs: Iterable[tuple[AbstractImage, str]]) -> None:
    """Give each image its existing renditions in its variants: one cache call and at most one query.

    Wagtail's ``find_existing_renditions`` then reads ``image.prefetched_renditions`` and asks
    neither the cache nor the database again.
    """
    wanted: dict[int, list[AbstractImage]] = defaultdict(list)
    wanted_filters: dict[int, dict[Filter, None]] = defaultdict(dict)
    for image, variant in pairs:
        if image is not None and not hasattr(image, "prefetched_renditions"):
            wanted[image.pk].append(image)
            wanted_filters[image.pk].update(dict.fromkeys(filters(variant)))
    if not wanted:
        return
    Rendition = get_image_model().get_rendition_model()
    keys = {
        Rendition.construct_cache_key(images[0], f.get_cache_key(images[0]), f.spec): pk
        for pk, images in wanted.items()
        for f in wanted_filters[pk]
    }
    found: dict[int, list[AbstractRendition]] = defaultdict(list)
    for key, rendition in Rendition.cache_backend.get_many(list(keys)).items():
        found[keys[key]].append(rendition)
    incomplete = {pk for pk in wanted if len(found[pk]) < len(wanted_filters[pk])}
    if incomplete:
        cached = {(r.image_id, r.filter_spec) for pk in incomplete for r in found[pk]}
        rows = Rendition.objects.filter(
            image_id__in=incomplete,
            filter_spec__in={f.spec for pk in incomplete for f in wanted_filters[pk]},
        )
        from_database = [r for r in rows if (r.image_id, r.filter_spec) not in cached]
        for rendition in from_database:
            found[rendition.image_id].append(rendition)
        # Keep them for the next cold render (Wagtail's own key, as get_renditions would).
        Rendition.cache_backend.set_many(
            {
                Rendition.construct_cache_key(wanted[r.image_id][0], r.focal_point_key, r.filter_spec): r
                for r in from_database
            }
        )
    for pk, images in wanted.items():
        for rendition in found[pk]:
            rendition.image = images[0]  # as Wagtail does, so that nothing loads the image again
        for image in images:
            image.prefetched_renditions = list(found[pk])


def renditions(image: AbstractImage, variant: str, request) -> dict[str, AbstractRendition]:
    """The renditions of ``variant`` for ``image``, by spec; drawn only where ``may_draw``.

    For a visitor, only existing renditions: the missing ones are queued and left out (or,
    when none of this variant exists, another existing rendition of the image stands in);
    an empty dict when the image has none yet. Raises ``SourceImageIOError`` only when
    drawing and the original file is missing.
    """
    wanted = filters(variant)
    if may_draw(request):
        return image.get_renditions(*wanted)
    found = image.find_existing_renditions(*wanted)
    if len(found) < len(wanted):
        queue(image, role_of(variant))
    if found:
        return {f.spec: found[f] for f in wanted if f in found}
    stand_in = _largest_existing(image)
    return {stand_in.filter_spec: stand_in} if stand_in else {}


def _largest_existing(image: AbstractImage) -> AbstractRendition | None:
    """Any rendition of the image at all (the widest of the registry's), to stand in for a missing one."""
    existing = image._get_prefetched_renditions()
    if not existing:  # a prefetch reads only the page's own variants: others may exist
        all_specs = {f.spec for role in ROLES for f in role_filters(role)}
        existing = image.renditions.filter(filter_spec__in=all_specs)
    return max(existing, key=lambda rendition: rendition.width, default=None)


# A role queued by a visitor's request is not queued again by the next ones for this long: a
# missing rendition must not cost every request of a burst a write to the queue.
QUEUED_SECONDS = 300


def queued_key(image: AbstractImage, role: str) -> str:
    return f"renditions-queued:{image.pk}:{role}"


def queue(image: AbstractImage, *roles: str) -> None:
    """Queue the drawing of ``image``'s renditions in ``roles`` (once per image object, and once
    per QUEUED_SECONDS across requests and processes)."""
    if not has_worker():
        return  # drawn where they are shown: every role of every upload at once would cost far more
    queued = image.__dict__.setdefault("_queued_rendition_roles", set())
    roles = [role for role in roles if role not in queued]
    queued.update(roles)
    roles = [role for role in roles if page_cache.cache().add(queued_key(image, role), 1, QUEUED_SECONDS)]
    if roles:
        draw_renditions.enqueue([[image.pk, role] for role in roles])


def draw(image: AbstractImage, variant: str) -> int:
    """Draw what is missing of one variant for ``image``; how many renditions that was."""
    wanted = filters(variant)
    missing = len(wanted) - len(image.find_existing_renditions(*wanted))
    if missing:
        image.get_renditions(*wanted)
    return missing


@task(backend=BACKEND)
def draw_renditions(needs: list[list]) -> int:
    """Draw the missing renditions of each ``[image id, role]``; how many were drawn.

    One variant at a time, so that each call holds the worker for a bounded time
    (WAGTAILIMAGES_MAX_IMAGE_PIXELS, docs/performance.md). Pages cached while a rendition was
    missing are then refreshed (the page-cache version is bumped).
    """
    roles_by_image: dict[int, dict[str, None]] = defaultdict(dict)
    for image_id, role in needs:
        if role in ROLES:
            roles_by_image[int(image_id)][role] = None
    drawn = 0
    for image in get_image_model().objects.filter(pk__in=roles_by_image):
        try:
            for role in roles_by_image[image.pk]:
                for variant in ROLES[role]:
                    drawn += draw(image, f"{role}.{variant}")
        except SourceImageIOError:
            logger.warning("The file of image %s (%r) is missing: no renditions drawn", image.pk, image.title)
    if drawn:
        page_cache.bump_version()
    return drawn


def queue_page(sender, instance, **kwargs) -> None:
    # Every variant of each image's role: the image may be shown in its other variants elsewhere.
    image_variants = getattr(instance.specific, "image_variants", None)
    if image_variants is not None:
        needs = dict.fromkeys(
            (image.pk, role_of(variant)) for image, variant in image_variants() if image is not None
        )
        if needs:
            draw_renditions.enqueue([list(need) for need in needs])


def queue_upload(sender, instance, created, raw=False, **kwargs) -> None:
    # Once the upload is committed, as Wagtail queues its own file clean-up.
    if created and not raw:
        transaction.on_commit(lambda: queue(instance, *ROLES))


def connect() -> None:
    page_published.connect(queue_page, dispatch_uid="renditions-page-published")
    post_save.connect(queue_upload, sender=get_image_model(), dispatch_uid="renditions-image-uploaded")
