from django.http import Http404
from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks

from .editing import PageEditorViewSet
from .files import Audience, file_audience


@hooks.register("register_admin_viewset")
def register_page_editor():
    return PageEditorViewSet()


@hooks.register("insert_editor_js")
def editor_scripts():
    # Errors shown where the editor looks; *Save draft* without reloading the editor.
    return format_html(
        '<script src="{}"></script><script src="{}"></script>',
        static("js/editor-errors.js"),
        static("js/editor-save.js"),
    )


@hooks.register("before_serve_document")
def serve_documents_of_visible_pages_only(document, request):
    # Kept on the request for core.files.serve_document, which sets Cache-Control from it.
    request.file_audience = file_audience(document, request)
    # A 404, not a 403: a visitor learns nothing about files they may not have.
    if request.file_audience is Audience.NOBODY:
        raise Http404("No such document.")
