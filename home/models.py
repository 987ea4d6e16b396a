"""The home page: editors' featured films, upcoming films and the latest film updates."""

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from film.models import FilmIndexPage, FilmPage


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_films", heading="Featured films", label="Featured film", max_num=6),
    ]
    subpage_types = ["film.FilmIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured_ids = [f.film_id for f in self.featured_films.all()]
        films = FilmPage.objects.live().public().select_related("hero_image").in_bulk(featured_ids)
        context["featured_films"] = [films[pk] for pk in featured_ids if pk in films]
        context["upcoming_films"] = FilmPage.upcoming()
        context["latest_updates"] = FilmPage.latest_updates()
        context["film_index"] = FilmIndexPage.objects.live().public().first()
        return context


class HomeFeaturedFilm(Orderable):
    page = ParentalKey(HomePage, related_name="featured_films", on_delete=models.CASCADE)
    film = models.ForeignKey(FilmPage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("film")]
