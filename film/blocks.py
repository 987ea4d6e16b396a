"""StreamField blocks that editors compose film pages from.

Each block renders with its own template under templates/film/blocks/. Logic the
templates need lives on StructValue subclasses so the templates stay declarative.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.html import strip_tags
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.rich_text import RichText

from .video import VideoLink, parse_video_url

DURATION = re.compile(r"([0-9]{1,2}:)?[0-5]?[0-9]:[0-5][0-9]")
VIDEO_FILE_EXTENSIONS = {"mp4", "webm", "ogv", "m4v"}


NOT_A_VIDEO_LINK = (
    "This is not a YouTube or Vimeo video link. Paste the address of the video page, "
    "e.g. https://www.youtube.com/watch?v=abcdefghijk or https://vimeo.com/123456789."
)


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


class VideoURLBlock(blocks.URLBlock):
    """A URL field whose "invalid" message says which links are accepted."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.field.error_messages["invalid"] = NOT_A_VIDEO_LINK


class VideoValue(blocks.StructValue):
    @property
    def link(self) -> VideoLink | None:
        return parse_video_url(self.get("url") or "")

    @property
    def file(self):
        return self.get("file")

    @property
    def has_source(self) -> bool:
        return bool(self.link or self.file)

    @property
    def dom_id(self) -> str:
        source = self.link.video_id if self.link else f"file-{getattr(self.file, 'pk', '')}"
        return f"video-{slugify(self.get('title') or '')[:40]}-{source}"

    @property
    def iso_duration(self) -> str:
        """ISO 8601 duration (PT1H2M3S) for the <time> element."""
        parts = [int(p) for p in (self.get("duration") or "").split(":") if p.isdigit()]
        if not parts:
            return ""
        while len(parts) < 3:
            parts.insert(0, 0)
        hours, minutes, seconds = parts
        return "PT" + (f"{hours}H" if hours else "") + f"{minutes}M{seconds}S"


class VideoBlock(ExplainedStructBlock):
    """A clip shown as a click-to-play facade: nothing third-party loads before play."""

    title = blocks.CharBlock(
        max_length=200, help_text="Names the clip for everyone, e.g. “Guangzhou station”."
    )
    caption = blocks.TextBlock(required=False, help_text="What the clip shows; displayed under the player.")
    poster = ImageChooserBlock(
        required=False,
        help_text="Still shown before playing. It is decorative: the title names the clip.",
    )
    duration = blocks.CharBlock(
        required=False, max_length=8, help_text="Running time as m:ss or h:mm:ss, e.g. 2:35."
    )
    url = VideoURLBlock(
        required=False,
        label="YouTube or Vimeo URL",
        help_text="e.g. https://www.youtube.com/watch?v=… or https://vimeo.com/…",
    )
    file = DocumentChooserBlock(
        required=False,
        label="Video file",
        help_text="An uploaded MP4 or WebM file, used instead of a YouTube/Vimeo URL.",
    )
    captions = DocumentChooserBlock(
        required=False,
        label="Captions (WebVTT)",
        help_text="A .vtt captions file for an uploaded video.",
    )
    transcript = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "link"], help_text="Shown in an expandable region."
    )

    def __init__(self, local_blocks=None, required=True, **kwargs):
        self._required = required
        super().__init__(local_blocks, **kwargs)

    @property
    def required(self) -> bool:
        return self._required

    def clean(self, value):
        if not self._required and all(is_blank(value.get(name)) for name in self.child_blocks):
            return value
        value = super().clean(value)
        errors = {}
        url, file = value.get("url"), value.get("file")
        if url and file:
            errors["file"] = ValidationError("Choose either a YouTube/Vimeo URL or a video file, not both.")
        elif not url and not file:
            errors["url"] = ValidationError("Add a YouTube or Vimeo URL, or choose a video file.")
        elif url and parse_video_url(url) is None:
            errors["url"] = ValidationError(NOT_A_VIDEO_LINK)
        if file and file.file_extension.lower() not in VIDEO_FILE_EXTENSIONS:
            errors["file"] = ValidationError("Choose an MP4 or WebM video file.")
        captions = value.get("captions")
        if captions and captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError("Captions must be a WebVTT (.vtt) file.")
        if value.get("duration") and not DURATION.fullmatch(value["duration"]):
            errors["duration"] = ValidationError("Write the running time as m:ss or h:mm:ss, e.g. 2:35.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "media"
        label = "Video"
        template = "film/blocks/video.html"
        value_class = VideoValue
        description = "A video clip with caption, played from YouTube, Vimeo or an uploaded file."
        required_messages = {"title": "Give the video a title: it names the clip for every visitor."}
        preview_value = {
            "title": "Guangzhou station",
            "caption": "Workers waiting at Guangzhou train station on the eve of the New Year.",
            "duration": "2:35",
            "url": "https://www.youtube.com/watch?v=aaaaaaaaaaa",
            "transcript": "<p>[Station announcement] The train to Sichuan is delayed.</p>",
        }


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


class QuestionAnswerBlock(ExplainedStructBlock):
    """One question put to the interviewee and their answer."""

    question = blocks.CharBlock(max_length=500)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = "Question and answer"
        description = "A question and the interviewee's answer."
        required_messages = {
            "question": "Write the question, or delete this question and answer.",
            "answer": "Write the answer, or delete this question and answer.",
        }


class InterviewBlock(ExplainedStructBlock):
    """A conversation with a filmmaker or subject: who, an introduction, Q&A."""

    name = blocks.CharBlock(
        max_length=120,
        label="Interviewee",
        help_text="When it matches a filmmaker's name, the information box links to this interview.",
    )
    role = blocks.CharBlock(required=False, max_length=120, help_text="e.g. Director")
    photo = ImageChooserBlock(
        required=False,
        help_text="A portrait, shown small beside the name. Decorative: the name says who it is.",
    )
    introduction = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "link"], help_text="One or two sentences of context."
    )
    video = VideoBlock(
        required=False,
        label="Interview video",
        help_text="Optional. Leave every field empty for a text-only interview.",
    )
    questions = blocks.ListBlock(
        QuestionAnswerBlock(),
        min_num=1,
        label="Questions and answers",
        help_text="At least one question and answer.",
    )

    class Meta:
        icon = "user"
        label = "Interview"
        template = "film/blocks/interview.html"
        description = "An interview: interviewee, introduction, optional video and Q&A."
        required_messages = {"name": "Name the person interviewed."}
        preview_value = {
            "name": "Lixin Fan",
            "role": "Director",
            "introduction": "<p>Lixin Fan followed one family for three years of journeys home.</p>",
            "questions": [
                {
                    "question": "Why this story?",
                    "answer": "<p>Because every Chinese family knows this journey.</p>",
                },
                {
                    "question": "How did the family feel about the camera?",
                    "answer": "<p>After a year they stopped noticing it.</p>",
                },
            ],
        }


class UpdateBlock(ExplainedStructBlock):
    """News about the film after release: awards, screenings, where the family is now."""

    date = blocks.DateBlock(help_text="When it happened; the newest updates also appear on the home page.")
    headline = blocks.CharBlock(max_length=200)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "document-link"])

    class Meta:
        icon = "date"
        label = "Film update"
        template = "film/blocks/update.html"
        description = "A dated update about the film, e.g. an award or a broadcast."
        required_messages = {
            "date": "Give the update a date.",
            "headline": "Write a headline for the update.",
            "body": "Write what happened.",
        }
        preview_value = {
            "date": datetime.date(2012, 10, 1),
            "headline": "Last Train Home wins an Emmy",
            "body": "<p>The film won the News and Documentary Emmy for Best Documentary.</p>",
        }


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

    class Meta:
        icon = "title"
        label = "Section heading"
        template = "film/blocks/heading.html"
        value_class = HeadingValue
        description = "A heading that starts a section of the page."
        required_messages = {"text": "Write the heading, or delete this block."}
        preview_value = {"text": "Critical Acclaim", "level": "h2"}


class ImageWithCaptionBlock(ExplainedStructBlock):
    """A still with alt text (or marked decorative), caption and credit."""

    image = ImageBlock(
        help_text="Describe what the image shows for people who cannot see it, or mark it decorative."
    )
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Shown under the image.")
    credit = blocks.CharBlock(
        required=False, max_length=120, help_text="The photographer; shown as “Photo: …”."
    )

    def get_preview_value(self):
        # A described landscape image from the library (previews never download anything);
        # with none, the caption alone.
        image = (
            get_image_model()
            .objects.filter(width__gt=F("height"))
            .exclude(description="")
            .order_by("-created_at")
            .first()
        )
        if image is not None:
            image = {"image": image, "alt_text": image.description, "decorative": False}
        return self.normalize({"image": image, "caption": "A still from the film.", "credit": "Lixin Fan"})

    class Meta:
        icon = "image"
        label = "Image"
        template = "film/blocks/image.html"
        description = "A photo with alt text, caption and credit."


class RichTextBlock(blocks.RichTextBlock):
    """Formatted paragraphs, lists and links."""

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "film/blocks/rich_text.html"
        description = "Paragraphs with links and lists."
        preview_value = "<p>Every year, 130 million migrant workers travel home for the New Year.</p>"


class FilmBodyBlock(blocks.StreamBlock):
    """The film page's body; the picker shows the blocks in three groups: Structure, Media, Film."""

    heading = HeadingBlock(group="Structure")
    rich_text = RichTextBlock(group="Structure", features=["h3", "bold", "italic", "link", "ol", "ul"])
    video = VideoBlock(group="Media")
    image = ImageWithCaptionBlock(group="Media")
    interview = InterviewBlock(group="Film")
    quote = QuoteBlock(group="Film")
    update = UpdateBlock(group="Film")
