from django.http import Http404

from wagtail import hooks

from .editing import PageEditorViewSet
from .files import document_is_downloadable


@hooks.register("register_admin_viewset")
def register_page_editor():
    return PageEditorViewSet()


@hooks.register("before_serve_document")
def serve_documents_of_visible_pages_only(document, request):
    # A 404, not a 403: a visitor learns nothing about files they may not have.
    if not document_is_downloadable(document, request):
        raise Http404("No such document.")
