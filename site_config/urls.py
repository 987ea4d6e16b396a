from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.http import views as http_views
from film.publishing import feeds
from site_config import views as site_views
from site_config.api import api_router

handler400 = http_views.bad_request
handler404 = http_views.page_not_found
handler500 = http_views.server_error

urlpatterns = [
    path("healthz", http_views.healthz, name="healthz"),
    path(f"{settings.ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("search.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", site_views.robots_txt, name="robots"),
    path("feeds/films/", feeds.NewFilmsFeed(), name="feed-films"),
    path("feeds/films/atom/", feeds.NewFilmsAtomFeed(), name="feed-films-atom"),
    path("feeds/updates/", feeds.FilmUpdatesFeed(), name="feed-updates"),
    path("feeds/updates/atom/", feeds.FilmUpdatesAtomFeed(), name="feed-updates-atom"),
    path("api/v2/", api_router.urls),
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
