"""A critic's quote."""

import datetime

from wagtail import blocks

from .base import ExplainedStructBlock


class QuoteValue(blocks.StructValue):
    @property
    def attribution(self) -> str:
        return ", ".join(part for part in (self.get("critic"), self.get("publication")) if part)


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

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "film/blocks/quote.html"
        value_class = QuoteValue
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
