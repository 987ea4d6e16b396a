"""Who may download an uploaded file, a document or a resized image: files follow the pages that use them.

A file is served (a document through Wagtail's serve view, an image as its renditions; never from
MEDIA_ROOT) to a visitor who may see at least one page that uses it, as Wagtail's reference index
records the pages' live content: directly (a block, a rich text link or embed, a field such as the
hero image, a related row such as a filmmaker's photo) or through a snippet such a page shows (a
partner's logo). A press kit or a still of a draft, private, scheduled, unpublished or expired film
is a 404 until that film is public. Anyone who may open the admin gets every file, so editors can
check an upload (and the admin its thumbnails) before any page uses it; to a visitor a file no page
uses does not exist (an upload is work in progress until an editor puts it on a page).

Cost, however many pages use the file: 2 queries (its references, whether one of those pages is
visible), 1 more through a snippet, and 3 more (`any_visible_to`) only when no page that uses it
is public; a rendition costs 1 more to find it by name (an index, core/migrations/0002). Nothing
is asked while a page renders: the rule runs when the file is fetched.
"""

import enum
import operator
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from wagtail.documents.models import AbstractDocument
from wagtail.documents.views import serve as wagtaildocs_serve
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from .http.views import page_not_found
from .visibility import VisiblePageQuerySet, any_visible_to

# A rendition's name says its image and its size, and a new image or size gets a new name.
PUBLIC_RENDITION_MAX_AGE = 365 * 24 * 60 * 60
# The formats renditions are made in; Python's own table lacks AVIF where the system has none.
RENDITION_TYPES = {
    "avif": "image/avif",
    "gif": "image/gif",
    "ico": "image/x-icon",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


class Audience(enum.Enum):
    """Who may have a file: decides both whether it is served and who may keep a copy."""

    NOBODY = "nobody"  # a 404, as if the file did not exist
    VISITOR = "visitor"  # this visitor only (a page password given, signed in, the admin): private
    EVERYONE = "everyone"  # anonymous visitors too: shared caches may keep it


def pages_using(obj: Model) -> set[int]:
    """Ids of the pages whose live content points at ``obj``, directly or through a snippet."""
    page_type = ContentType.objects.get_for_model(Page).pk
    page_ids, snippets = set(), []
    for type_id, object_id in ReferenceIndex.get_references_to(obj).values_list(
        "base_content_type_id", "object_id"
    ):
        if type_id == page_type:
            page_ids.add(int(object_id))
        else:
            snippets.append(Q(to_content_type_id=type_id, to_object_id=object_id))
    if snippets:
        through = ReferenceIndex.objects.filter(reduce(operator.or_, snippets), base_content_type=page_type)
        page_ids.update(int(pk) for pk in through.values_list("object_id", flat=True))
    return page_ids


def file_audience(obj: Model, request: HttpRequest) -> Audience:
    """Who may have ``obj`` (a document or an image), asked for the visitor making ``request``."""
    page_ids = pages_using(obj)
    if page_ids and VisiblePageQuerySet(Page).filter(pk__in=page_ids).visible().exists():
        audience = Audience.EVERYONE
    elif request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin"):
        return Audience.VISITOR
    elif page_ids and any_visible_to(page_ids, request):
        audience = Audience.VISITOR
    else:
        return Audience.NOBODY
    if isinstance(obj, AbstractDocument) and obj.collection.get_view_restrictions().exists():
        # Wagtail's own hook has checked this visitor against the collection's restriction.
        return Audience.VISITOR
    return audience


def keep_private_unless_public(response: HttpResponse, audience: Audience | None) -> HttpResponse:
    """No shared cache keeps a file, a 404 or a password form that is not for everyone."""
    if audience is not Audience.EVERYONE:
        patch_cache_control(response, private=True, no_store=True)
    return response


def serve_document(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    """Wagtail's document serve view, with the Cache-Control that the hook's decision calls for."""
    try:
        response = wagtaildocs_serve.serve(request, document_id, document_filename)
    except Http404 as exception:
        response = page_not_found(request, exception)
    return keep_private_unless_public(response, getattr(request, "file_audience", None))


def serve_rendition(request: HttpRequest, path: str) -> HttpResponse:
    """A resized image (``MEDIA_URL/images/<path>``) for a visitor who may see a page that uses it."""
    rendition_model = get_image_model().get_rendition_model()
    rendition = rendition_model.objects.select_related("image").filter(file=f"images/{path}").first()
    audience = file_audience(rendition.image, request) if rendition else Audience.NOBODY
    if audience is not Audience.NOBODY:
        try:
            file = rendition.file.open("rb")
        except FileNotFoundError:  # lost from storage: as if it did not exist
            audience = Audience.NOBODY
    if audience is Audience.NOBODY:
        return keep_private_unless_public(page_not_found(request, Http404("No such image.")), None)
    extension = rendition.file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(file, content_type=RENDITION_TYPES.get(extension))
    if audience is Audience.EVERYONE:
        patch_cache_control(response, public=True, max_age=PUBLIC_RENDITION_MAX_AGE, immutable=True)
    return keep_private_unless_public(response, audience)
