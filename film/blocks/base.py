"""Shared block behaviour: required-field messages in the editor's terms, and the request a
block's API representation needs for absolute URLs.

Each block says how it reads everywhere outside its template, next to its fields:
``get_api_representation(value, context)`` for the headless API (Wagtail's own hook),
``json_ld(value, request)`` for schema.org data, where the block has any, and
``search_words(raw)`` for the search index, read from the raw JSON (core/streamfield.py).
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import strip_tags

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.rich_text import RichText


class ExplainedStructBlock(blocks.StructBlock):
    """A StructBlock whose "This field is required." errors say what is missing in the editor's terms.

    ``Meta.required_messages`` maps child block names to the message shown on that field.
    """

    def clean(self, value):
        try:
            return super().clean(value)
        except StructBlockValidationError as error:
            messages = self.meta.required_messages
            block_errors = {
                name: ValidationError(messages[name], code="required")
                if name in messages and getattr(child_error, "code", None) == "required"
                else child_error
                for name, child_error in error.block_errors.items()
            }
            raise StructBlockValidationError(block_errors, error.non_block_errors) from None

    class Meta:
        required_messages = {}


def is_blank(value) -> bool:
    """True for empty values, including rich text that holds only empty tags."""
    if isinstance(value, RichText):
        return not strip_tags(value.source).strip()
    return not value


def request_of(context: dict | None) -> HttpRequest | None:
    """The request in an API serializer context: absolute URLs are built from its Site."""
    return (context or {}).get("request")
