"""StreamField blocks that editors compose film pages from.

Each block renders with its own template under templates/film/blocks/. Logic the
templates need lives on StructValue subclasses so the templates stay declarative. How a
block reads elsewhere lives on its class too: ``get_api_representation`` (the API),
``json_ld`` (schema.org data) and ``search_words`` (the search index); see base.py.
"""

from .base import ExplainedStructBlock, is_blank
from .body import FilmBodyBlock
from .heading import HeadingBlock, HeadingValue
from .image import ImageWithCaptionBlock, ImageWithCaptionValue
from .interview import InterviewBlock, InterviewValue, QuestionAnswerBlock
from .quote import QuoteBlock
from .rich_text import RichTextBlock
from .update import UpdateBlock
from .video import NOT_A_VIDEO_LINK, VideoBlock, VideoURLBlock, VideoValue

__all__ = [
    "NOT_A_VIDEO_LINK",
    "ExplainedStructBlock",
    "FilmBodyBlock",
    "HeadingBlock",
    "HeadingValue",
    "ImageWithCaptionBlock",
    "ImageWithCaptionValue",
    "InterviewBlock",
    "InterviewValue",
    "QuestionAnswerBlock",
    "QuoteBlock",
    "RichTextBlock",
    "UpdateBlock",
    "VideoBlock",
    "VideoURLBlock",
    "VideoValue",
    "is_blank",
]
