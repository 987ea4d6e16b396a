"""The home page: editors' featured films, upcoming films and the latest film updates."""

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.pages import CachedPageMixin
from film.models import FilmIndexPage, FilmPage


class HomePage(CachedPageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_films", heading="Featured films", label="Featured film", max_num=6),
    ]
    subpage_types = ["film.FilmIndexPage"]
    max_count = 1

    def route(self, request, path_components):
        # Wagtail's default route costs two queries per level; the site is two levels deep
        # (/films/<film>/), so find a film with its hero image, or the index, in one.
        if len(path_components) == 2:
            film = (
                FilmPage.objects.select_related("hero_image")
                .filter(
                    slug=path_components[1],
                    depth=self.depth + 2,
                    path__startswith=self.path,
                    url_path=f"{self.url_path}{'/'.join(path_components)}/",
                )
                .first()
            )
            if film is not None:
                return film.route(request, [])
        if len(path_components) == 1:
            index = FilmIndexPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if index is not None:
                return index.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured_ids = [f.film_id for f in self.featured_films.all()]
        films = FilmPage.listing().in_bulk(featured_ids)
        context["featured_films"] = [films[pk] for pk in featured_ids if pk in films]
        context["upcoming_films"] = FilmPage.upcoming()
        context["latest_updates"] = FilmPage.latest_updates()
        context["film_index"] = FilmIndexPage.objects.visible().first()
        return context


class HomeFeaturedFilm(Orderable):
    page = ParentalKey(HomePage, related_name="featured_films", on_delete=models.CASCADE)
    film = models.ForeignKey(FilmPage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("film")]
