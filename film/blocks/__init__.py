"""StreamField blocks that editors compose film pages from.

Each block renders with its own template under templates/film/blocks/. Logic the
templates need lives on StructValue subclasses so the templates stay declarative.
"""

from .base import ExplainedStructBlock, is_blank
from .body import FilmBodyBlock
from .heading import HeadingBlock, HeadingValue
from .image import ImageWithCaptionBlock
from .interview import InterviewBlock, QuestionAnswerBlock
from .quote import QuoteBlock, QuoteValue
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
    "InterviewBlock",
    "QuestionAnswerBlock",
    "QuoteBlock",
    "QuoteValue",
    "RichTextBlock",
    "UpdateBlock",
    "VideoBlock",
    "VideoURLBlock",
    "VideoValue",
    "is_blank",
]
