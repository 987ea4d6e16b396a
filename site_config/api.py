"""The headless API's router: read-only endpoints under /api/v2/ (see README, "Feeds, sitemap and API")."""

from wagtail.api.v2.router import WagtailAPIRouter

from film.publishing.api import FilmsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("films", FilmsAPIViewSet)
