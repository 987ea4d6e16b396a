"""The film body: every block an editor can add, in the picker's three groups."""

from wagtail import blocks

from .heading import HeadingBlock
from .image import ImageWithCaptionBlock
from .interview import InterviewBlock
from .quote import QuoteBlock
from .rich_text import RichTextBlock
from .update import UpdateBlock
from .video import VideoBlock


class FilmBodyBlock(blocks.StreamBlock):
    """The film page's body; the picker shows the blocks in three groups: Structure, Media, Film."""

    heading = HeadingBlock(group="Structure")
    rich_text = RichTextBlock(group="Structure", features=["h3", "bold", "italic", "link", "ol", "ul"])
    video = VideoBlock(group="Media")
    image = ImageWithCaptionBlock(group="Media")
    interview = InterviewBlock(group="Film")
    quote = QuoteBlock(group="Film")
    update = UpdateBlock(group="Film")
