"""Reading responses as a visitor would: parsed HTML and its visible text."""

import re

from bs4 import BeautifulSoup


def soup(response_or_html) -> BeautifulSoup:
    """Parse a response (or an HTML string) with the same parser Wagtail uses."""
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    return BeautifulSoup(html, "html.parser")


def text_of(node) -> str:
    """Visible text of a node with whitespace collapsed, roughly as a reader would see it."""
    text = " ".join(node.get_text(" ").split())
    return re.sub(r" ([.,;:!?)])", r"\1", text)
