"""Formatted paragraphs."""

from wagtail import blocks

from core.links import absolute_links

from .base import request_of


class RichTextBlock(blocks.RichTextBlock):
    """Formatted paragraphs, lists and links."""

    def get_api_representation(self, value, context=None):
        # Links are site-relative in the database; an API client needs them absolute.
        return absolute_links(super().get_api_representation(value, context), request_of(context))

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "film/blocks/rich_text.html"
        description = "Paragraphs with links and lists."
        preview_value = "<p>Every year, 130 million migrant workers travel home for the New Year.</p>"
