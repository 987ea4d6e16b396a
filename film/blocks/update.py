"""A dated film update (awards, screenings, news)."""

import datetime
from collections.abc import Iterator

from wagtail import blocks

from core.links import absolute_links
from core.streamfield import struct_words

from .base import ExplainedStructBlock, request_of


class UpdateBlock(ExplainedStructBlock):
    """News about the film after release: awards, screenings, where the family is now."""

    date = blocks.DateBlock(help_text="When it happened; the newest updates also appear on the home page.")
    headline = blocks.CharBlock(max_length=200)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "document-link"])

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        return {**data, "body": absolute_links(data["body"], request_of(context))}

    def search_words(self, raw: dict) -> Iterator[str]:
        """Headline and body; not the date."""
        return struct_words(self, raw, ["headline", "body"])

    class Meta:
        icon = "date"
        label = "Film update"
        template = "film/blocks/update.html"
        description = "A dated update about the film, e.g. an award or a broadcast."
        required_messages = {
            "date": "Give the update a date.",
            "headline": "Write a headline for the update.",
            "body": "Write what happened.",
        }
        preview_value = {
            "date": datetime.date(2012, 10, 1),
            "headline": "Last Train Home wins an Emmy",
            "body": "<p>The film won the News and Documentary Emmy for Best Documentary.</p>",
        }
