"""Formatted paragraphs."""

from wagtail import blocks


class RichTextBlock(blocks.RichTextBlock):
    """Formatted paragraphs, lists and links."""

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "film/blocks/rich_text.html"
        description = "Paragraphs with links and lists."
        preview_value = "<p>Every year, 130 million migrant workers travel home for the New Year.</p>"
