"""A section heading with its own link anchor."""

from collections.abc import Iterator

from django.utils.text import slugify

from wagtail import blocks

from core.streamfield import struct_words

from .base import ExplainedStructBlock


class HeadingValue(blocks.StructValue):
    @property
    def anchor(self) -> str:
        # Prefixed so a heading such as "Trailer" or "Main" never takes a landmark's id.
        return f"section-{slugify(self.get('text') or '')}"


class HeadingBlock(ExplainedStructBlock):
    """A section heading such as "Additional Video" or "Critical Acclaim"."""

    text = blocks.CharBlock(
        max_length=120, help_text="Short, e.g. “Critical Acclaim”; it also becomes the section's link anchor."
    )
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")],
        default="h2",
        help_text="Use a subsection only under a section.",
    )

    def search_words(self, raw: dict) -> Iterator[str]:
        """The heading's text; not its level."""
        return struct_words(self, raw, ["text"])

    class Meta:
        icon = "title"
        label = "Section heading"
        template = "film/blocks/heading.html"
        value_class = HeadingValue
        description = "A heading that starts a section of the page."
        required_messages = {"text": "Write the heading, or delete this block."}
        preview_value = {"text": "Critical Acclaim", "level": "h2"}
