"""What a film page holds in rows of its own: broadcasts, filmmakers, partners, resources."""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from film import schedule

from .partner import Partner

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class FilmBroadcastQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime | None = None) -> "FilmBroadcastQuerySet":
        """From midnight today in the strand's zone on (film/schedule.py `upcoming_from`), soonest first."""
        return self.filter(starts_at__gte=schedule.upcoming_from(now)).order_by("starts_at", "pk")

    def of_visible_films(self) -> "FilmBroadcastQuerySet":
        """Broadcasts of films a visitor may see (core/visibility.py), never of a hidden one."""
        films = apps.get_model("film", "FilmPage").objects.visible().values("pk")
        return self.filter(film__in=films)


class FilmBroadcast(Orderable):
    """One airing of the film: its premiere or an encore, on a day and (once announced) at a time.

    `date` and `time` are the wall clock of `time_zone` (blank: the strand's zone, from the
    site's schedule settings); `starts_at` is that moment as an aware datetime, kept on save
    (film/schedule.py `broadcast_moment`, the one rule) for the schedule and the calendars to
    query and sort by. Code that writes rows without `save()` (bulk_create) calls `set_moment()`.
    """

    PREMIERE = "premiere"
    ENCORE = "encore"
    KINDS = [(PREMIERE, "Premiere"), (ENCORE, "Encore")]

    film = ParentalKey("film.FilmPage", related_name="broadcasts", on_delete=models.CASCADE)
    kind = models.CharField(
        max_length=16,
        choices=KINDS,
        default=ENCORE,
        help_text="One premiere per film: the film's premiere date follows it.",
    )
    date = models.DateField(db_index=True)  # upcoming films: broadcasts after today
    time = models.TimeField(null=True, blank=True, help_text="Leave blank until the time is announced.")
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[schedule.validate_time_zone],
        help_text="e.g. America/Los_Angeles. Leave blank for the strand's time zone (Settings › Schedule).",
    )
    duration = models.PositiveSmallIntegerField(
        "length (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, "Give the length in whole minutes, e.g. 90, or leave it blank.")],
        help_text="Leave blank for the film's runtime.",
    )
    programme_code = models.CharField(max_length=40, blank=True, help_text="The broadcaster's code, if any.")
    note = models.CharField(max_length=200, blank=True, help_text="e.g. “Check local listings”.")
    starts_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date"), FieldPanel("time"), FieldPanel("time_zone")]),
        FieldRowPanel([FieldPanel("duration"), FieldPanel("programme_code")]),
        FieldPanel("note"),
    ]

    objects = FilmBroadcastQuerySet.as_manager()

    class Meta(Orderable.Meta):
        ordering = ["date", "time"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    @property
    def length(self) -> int:
        """Minutes on air: the broadcast's own length, else the film's runtime, else the default."""
        return self.duration or self.film.runtime or schedule.DEFAULT_LENGTH

    def moment(self, strand=None) -> tuple[datetime.datetime, datetime.datetime | None]:
        """(start, end) by film/schedule.py `broadcast_moment`; the end is None until a time is set."""
        return schedule.broadcast_moment(self.date, self.time, self.time_zone, self.length, strand)

    def set_moment(self, strand=None) -> "FilmBroadcast":
        self.starts_at = self.moment(strand)[0]
        return self

    @property
    def is_timed(self) -> bool:
        return self.time is not None

    @property
    def ends_at(self) -> datetime.datetime | None:
        if self.time is None or self.starts_at is None:
            return None
        return self.starts_at + datetime.timedelta(minutes=self.length)

    def save(self, *args, **kwargs):
        self.set_moment()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "starts_at"}
        super().save(*args, **kwargs)


class Filmmaker(Orderable):
    film = ParentalKey("film.FilmPage", related_name="filmmakers", on_delete=models.CASCADE)
    name = models.CharField(max_length=120)
    role = models.CharField(
        max_length=80, blank=True, default="Filmmaker", help_text="e.g. Director, Producer"
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait, shown small beside the name. Decorative: the name says who it is.",
    )
    bio = RichTextField(blank=True, features=TEXT_FEATURES, help_text="Shown under “Biography”.")
    statement = RichTextField(
        "filmmaker statement",
        blank=True,
        features=TEXT_FEATURES,
        help_text="The filmmaker's own words about the film, shown under “Filmmaker statement”.",
    )
    interview_url = models.URLField(
        "interview link", blank=True, help_text="Leave blank to link to the interview on this page, if any."
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("statement"),
        FieldPanel("interview_url"),
    ]

    def __str__(self) -> str:
        return self.name


class FilmPartner(Orderable):
    ROLES = [
        ("in_association", "In Association With"),
        ("co_presentation", "A Co-Presentation with"),
        ("presented_by", "Presented by"),
        ("funded_by", "Funded by"),
        ("supported_by", "With support from"),
    ]

    film = ParentalKey("film.FilmPage", related_name="film_partners", on_delete=models.CASCADE)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="film_links")
    role = models.CharField(
        max_length=32, choices=ROLES, help_text="The heading the partner appears under in the sidebar."
    )

    # A partner row without its role is meaningless, even in a draft.
    panels = [FieldPanel("partner"), FieldPanel("role", required_on_save=True)]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["film", "partner"], name="unique_partner_per_film")]

    @classmethod
    def role_heading(cls, role: str) -> str:
        return dict(cls.ROLES).get(role, role)


class FilmResource(Orderable):
    """A press or media resource: an uploaded document or a link."""

    PHOTOS = "photos"
    KINDS = [
        (PHOTOS, "Photos"),
        ("press_release", "Press release"),
        ("critical_acclaim", "Critical acclaim"),
        ("fact_sheet", "Fact sheet"),
        ("award", "Award press release"),
        ("other", "Other"),
    ]

    film = ParentalKey("film.FilmPage", related_name="resources", on_delete=models.CASCADE)
    kind = models.CharField(
        max_length=32,
        choices=KINDS,
        help_text="Photos are listed under “Photos”, everything else under “Press”.",
    )
    label = models.CharField(max_length=120, help_text="Link text, e.g. “2012 Emmy Winner Press Release”.")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An uploaded file such as a PDF press release or a ZIP of stills…",
    )
    link = models.URLField(blank=True, help_text="…or a link to a page elsewhere (one of the two).")

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("label")]),
        FieldPanel("document"),
        FieldPanel("link"),
    ]

    def clean(self):
        super().clean()
        if bool(self.document_id) == bool(self.link):
            raise ValidationError({"link": "Choose a document or enter a link (one of the two)."})

    @property
    def url(self) -> str:
        return self.document.url if self.document_id else self.link
