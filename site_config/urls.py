from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents.views import serve as wagtaildocs_serve

from core import files
from core.http import views as http_views
from core.http.limits import limit_password_guesses
from core.sitemap import VisibleSitemap
from film import views as film_views
from film.publishing import calendars, feeds
from site_config import views as site_views
from site_config.api import api_router

handler400 = http_views.bad_request
handler404 = http_views.page_not_found
handler500 = http_views.server_error

urlpatterns = [
    path("healthz", http_views.healthz, name="healthz"),
    path(f"{settings.ADMIN_PATH}/", include(wagtailadmin_urls)),
    # Wagtail's password forms, with a limit on wrong guesses (same paths and names as Wagtail's).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        limit_password_guesses(wagtaildocs_serve.authenticate_with_password, "collection"),
        name="wagtaildocs_authenticate_with_password",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        limit_password_guesses(wagtail_views.authenticate_with_password, "page"),
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's serve view (core.files' hook decides who may download), with a Cache-Control to match.
    re_path(r"^documents/(\d+)/(.*)$", files.serve_document, name="wagtaildocs_serve"),
    # Resized images, for visitors who may see a page that uses them (core.files). Nothing else
    # under MEDIA_ROOT is served: original uploads never, documents only through /documents/.
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/images/(?P<path>.+)$", files.serve_rendition),
    path("search/", include("search.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": VisibleSitemap}}, name="sitemap"),
    path("robots.txt", site_views.robots_txt, name="robots"),
    path("feeds/films/", feeds.NewFilmsFeed(), name="feed-films"),
    path("feeds/films/atom/", feeds.NewFilmsAtomFeed(), name="feed-films-atom"),
    path("feeds/updates/", feeds.FilmUpdatesFeed(), name="feed-updates"),
    path("feeds/updates/atom/", feeds.FilmUpdatesAtomFeed(), name="feed-updates-atom"),
    path("api/v2/", api_router.urls),
    path("schedule/", film_views.schedule_page, name="schedule"),
    path("schedule.ics", calendars.schedule_ics, name="schedule-ics"),
    path("schedule/films/<slug:slug>.ics", calendars.film_ics, name="film-ics"),
    path("schedule/broadcasts/<int:pk>.ics", calendars.broadcast_ics, name="broadcast-ics"),
]

urlpatterns += [path("", include(wagtail_urls))]
