"""Partners: the organisations that present, co-present or fund films (snippets)."""

from django.db import models

from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.search import index


class Partner(index.Indexed, models.Model):
    """An organisation that presents, co-presents or funds films."""

    name = models.CharField(max_length=150, unique=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the film sidebar; the partner's name is its alt text.",
    )
    url = models.URLField("website", blank=True, help_text="The partner's logo links here on film pages.")
    description = models.TextField(
        blank=True, max_length=500, help_text="For editors and site search; not shown on film pages."
    )

    panels = [FieldPanel("name"), FieldPanel("logo"), FieldPanel("url"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
