"""Seasons of the strand, and the editors' curated collections of films."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.pages import CachedPageMixin
from film.schedule import validate_time_zone

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

    class Meta:
        verbose_name = "season"
        ordering = ["-number"]

    @property
    def label(self) -> str:
        return f"Season {self.number} ({self.year})"


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
