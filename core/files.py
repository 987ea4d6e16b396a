"""Who may download an uploaded document: the files follow the pages that use them.

A document is served (through Wagtail's serve view, never from MEDIA_ROOT) to a visitor who may
see at least one page that uses it, as Wagtail's reference index records the pages' live
content: a press kit attached only to a draft, private, scheduled or unpublished film is a 404
until that film is public. Anyone who may open the admin downloads every document, so editors
can check an upload before any page uses it; to a visitor a document no page uses does not
exist (an upload is work in progress until an editor puts it on a page).
"""

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

from wagtail.documents.models import AbstractDocument
from wagtail.models import Page, ReferenceIndex

from .visibility import page_is_visible


def pages_using(document: AbstractDocument):
    """The pages whose saved content (blocks, rich text links, related rows) points at the document."""
    references = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    page_ids = {int(object_id) for object_id in references.values_list("object_id", flat=True)}
    return Page.objects.filter(pk__in=page_ids)


def document_is_downloadable(document: AbstractDocument, request: HttpRequest) -> bool:
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return True
    return any(page_is_visible(page, request) for page in pages_using(document))
