"""Seasons of the strand, and the editors' curated collections of films."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.functional import SimpleLazyObject, cached_property

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.pages import CachedPageMixin
from core.visibility import VisiblePageManager
from film.schedule import validate_time_zone

from .pages import FilmPage, season_label

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SeasonPage(CachedPageMixin, Page):
    """A numbered season, e.g. “Season 24 (2011)”: its films in broadcast order.

    Films name their season (`FilmPage.season`); they stay children of the film index, so a
    film's URL does not change when it moves to another season.
    """

    number = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(1)])
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1880), MaxValueValidator(2100)])
    intro = RichTextField(blank=True, features=TEXT_FEATURES, help_text="Shown above the season's films.")

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("year")]),
        FieldPanel("intro"),
    ]
    parent_page_types = ["film.FilmIndexPage"]
    subpage_types = []

    objects = VisiblePageManager()

    class Meta:
        verbose_name = "season"
        ordering = ["-number"]

    @property
    def label(self) -> str:
        return season_label(self.number, self.year)

    @cached_property
    def film_list(self) -> list:
        """The season's visible films in broadcast order: premiere first (undated ones last), then title."""
        films = FilmPage.listing().filter(season=self)
        return list(films.order_by(F("premiere_date").asc(nulls_last=True), "title"))

    def image_variants(self) -> list[tuple]:
        """The films' card images (core/renditions.py): queued on publish, looked up together."""
        return [(film.hero_image, "hero.card") for film in self.film_list if film.hero_image is not None]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: when the template's cached fragment is warm, the films are not loaded.
        context["films"] = SimpleLazyObject(lambda: self.film_list)
        return context


class FilmCollection(ClusterableModel):
    """A curated, ordered selection of films (e.g. “Stories of migration”), a snippet."""

    title = models.CharField(max_length=120)
    intro = RichTextField(blank=True, features=TEXT_FEATURES)
    feature_on_home = models.BooleanField(
        "feature on the home page", default=False, help_text="Show this collection on the home page."
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("feature_on_home"),
        InlinePanel("items", heading="Films", label="Film", min_num=1),
    ]

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def featured_on_home() -> list["FilmCollection"]:
        """Featured collections, each with `shown_films`: its visible films (core/visibility.py)
        in the editors' order. A collection with none to show is left out. Two queries (the
        collections with their items, then the films), however many of them."""
        items = FilmCollectionItem.objects.filter(collection__feature_on_home=True).select_related(
            "collection"
        )
        items = list(items.order_by("collection__title", "collection_id", "sort_order"))
        films = FilmPage.listing().in_bulk({item.film_id for item in items})
        collections: dict[int, FilmCollection] = {}
        for item in items:
            collection = collections.setdefault(item.collection_id, item.collection)
            collection.shown_films = getattr(collection, "shown_films", [])
            if item.film_id in films:
                collection.shown_films.append(films[item.film_id])
        return [collection for collection in collections.values() if collection.shown_films]


class FilmCollectionItem(Orderable):
    collection = ParentalKey(FilmCollection, related_name="items", on_delete=models.CASCADE)
    film = models.ForeignKey("film.FilmPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("film")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["collection", "film"], name="unique_film_per_collection")
        ]


@register_setting(icon="date")
class ScheduleSettings(BaseSiteSetting):
    """The strand's own time zone: broadcasts without one of their own are in it."""

    time_zone = models.CharField(
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text="An IANA zone name, e.g. America/New_York. The schedule and calendars show times in it.",
    )

    panels = [FieldPanel("time_zone")]

    class Meta:
        verbose_name = "schedule"
