"""A critic's quote."""

import datetime
from collections.abc import Iterator

from wagtail import blocks

from core.streamfield import struct_words

from .base import ExplainedStructBlock


class QuoteBlock(ExplainedStructBlock):
    """A critic's words with their name and publication."""

    text = blocks.TextBlock(
        label="Quote", help_text="The critic's words, without quotation marks: the page adds them."
    )
    critic = blocks.CharBlock(max_length=120, help_text="The person quoted, e.g. Roger Ebert.")
    publication = blocks.CharBlock(
        required=False, max_length=120, help_text="Where the review appeared, e.g. The Boston Globe."
    )
    url = blocks.URLBlock(required=False, label="Link to the review")
    date = blocks.DateBlock(required=False, label="Review date")

    def json_ld(self, value: blocks.StructValue, request) -> dict:
        """The quote as a schema.org Review of the film."""
        data = {
            "@type": "Review",
            "reviewBody": value["text"],
            "author": {"@type": "Person", "name": value["critic"]},
        }
        if value.get("publication"):
            data["publisher"] = {"@type": "Organization", "name": value["publication"]}
        if value.get("url"):
            data["url"] = value["url"]
        if value.get("date"):
            data["datePublished"] = value["date"].isoformat()
        return data

    def search_words(self, raw: dict) -> Iterator[str]:
        """The critic's words, name and publication; not the link or the date."""
        return struct_words(self, raw, ["text", "critic", "publication"])

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "film/blocks/quote.html"
        description = "A critic's quote with name and publication."
        required_messages = {
            "text": "Paste the critic's words.",
            "critic": "Name the critic: a quote needs the person who wrote it.",
        }
        preview_value = {
            "text": "A miniature masterpiece of documentary observation.",
            "critic": "Ty Burr",
            "publication": "The Boston Globe",
            "date": datetime.date(2010, 9, 10),
        }
