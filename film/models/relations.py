"""What a film page holds in rows of its own: broadcasts, filmmakers, partners, resources."""

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from .partner import Partner

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class FilmBroadcast(Orderable):
    """One airing of the film: its premiere or an encore, on a day and (once announced) at a time.

    `date` and `time` are the wall clock of `time_zone` (blank: the strand's zone, from the
    site's schedule settings); `starts_at` is that moment as an aware datetime, kept on save
    for the schedule and the calendars to query and sort by.
    """

    PREMIERE = "premiere"
    ENCORE = "encore"
    KINDS = [(PREMIERE, "Premiere"), (ENCORE, "Encore")]

    film = ParentalKey("film.FilmPage", related_name="broadcasts", on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=KINDS, default=ENCORE)
    date = models.DateField(db_index=True)  # upcoming films: broadcasts after today
    time = models.TimeField(null=True, blank=True, help_text="Leave blank until the time is announced.")
    time_zone = models.CharField(
        max_length=64, blank=True, help_text="Leave blank for the strand's time zone (Settings › Schedule)."
    )
    duration = models.PositiveSmallIntegerField(
        "length (minutes)", null=True, blank=True, help_text="Leave blank for the film's runtime."
    )
    programme_code = models.CharField(max_length=40, blank=True, help_text="The broadcaster's code, if any.")
    note = models.CharField(max_length=200, blank=True, help_text="e.g. “Check local listings”.")
    starts_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date"), FieldPanel("time"), FieldPanel("time_zone")]),
        FieldRowPanel([FieldPanel("duration"), FieldPanel("programme_code")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["date", "time"]


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
