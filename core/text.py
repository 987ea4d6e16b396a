"""Plain text from what editors write, for places that cannot show HTML (meta tags, JSON-LD)."""

import re
from html import unescape

from django.utils.html import strip_tags
from django.utils.text import Truncator

BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>)", re.IGNORECASE)


def plain_text(text: str, length: int | None = None) -> str:
    """``text`` with its whitespace collapsed, cut to ``length`` characters when given."""
    text = " ".join((text or "").split())
    return Truncator(text).chars(length) if length else text


def html_text(html, length: int | None = None) -> str:
    """Rich text as plain text: blocks separated by a space, entities decoded."""
    spaced = BLOCK_END.sub(r"\1 ", str(html or ""))
    return plain_text(unescape(strip_tags(spaced)), length)
