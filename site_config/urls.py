from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from ops import views as ops_views
from search import views as search_views

handler500 = ops_views.server_error

urlpatterns = [
    path("healthz", ops_views.healthz, name="healthz"),
    path(f"{settings.ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded files straight from MEDIA_ROOT, for `make serve` and development; a real
    # deployment serves them from the proxy or object storage instead.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
