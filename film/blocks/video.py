"""A video clip: a click-to-play facade over a YouTube/Vimeo link or an uploaded file."""

import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from core.links import absolute_links, absolute_url, document_json, image_json, rendition
from core.streamfield import struct_words
from core.text import html_text
from film.video import VideoLink, parse_video_url

from .base import ExplainedStructBlock, is_blank, request_of

DURATION = re.compile(r"([0-9]{1,2}:)?[0-5]?[0-9]:[0-5][0-9]")
VIDEO_FILE_EXTENSIONS = {"mp4", "webm", "ogv", "m4v"}


NOT_A_VIDEO_LINK = (
    "This is not a YouTube or Vimeo video link. Paste the address of the video page, "
    "e.g. https://www.youtube.com/watch?v=abcdefghijk or https://vimeo.com/123456789."
)


class VideoURLBlock(blocks.URLBlock):
    """A URL field whose "invalid" message says which links are accepted."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.field.error_messages["invalid"] = NOT_A_VIDEO_LINK


class VideoValue(blocks.StructValue):
    @property
    def link(self) -> VideoLink | None:
        """The YouTube/Vimeo link, parsed; None for an uploaded file."""
        return parse_video_url(self.get("url") or "")

    @property
    def watch_url(self) -> str:
        """Where the clip plays without the facade: the provider's page, else the uploaded file."""
        if self.link:
            return self.link.watch_url
        return self["file"].url if self.get("file") else ""

    @property
    def dom_id(self) -> str:
        source = self.link.video_id if self.link else f"file-{getattr(self.get('file'), 'pk', '')}"
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
        if not required:
            # An optional video (the interview's) marks no field required; clean() asks for the
            # title once anything else is filled in.
            title = blocks.CharBlock(
                required=False, max_length=200, help_text=self.child_blocks["title"].field.help_text
            )
            title.set_name("title")
            self.child_blocks = {**self.child_blocks, "title": title}

    @property
    def required(self) -> bool:
        return self._required

    def clean(self, value):
        if not self._required and all(is_blank(value.get(name)) for name in self.child_blocks):
            return value
        value = super().clean(value)
        errors = {}
        if not value.get("title"):
            errors["title"] = ValidationError(self.meta.required_messages["title"], code="required")
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

    def get_api_representation(self, value, context=None):
        """The fields, with what a client needs to play the clip without parsing the link itself."""
        request = request_of(context)
        data = super().get_api_representation(value, context)
        link = value.link
        return {
            **data,
            # The poster is decorative beside the clip's title.
            "poster": image_json(value.get("poster"), "poster.api", request, alt=""),
            "file": document_json(value.get("file"), request),
            "captions": document_json(value.get("captions"), request),
            "transcript": absolute_links(data["transcript"], request),
            "provider": link.provider_name if link else None,
            "watch_url": link.watch_url if link else None,
            "embed_url": link.embed_url if link else None,
            "duration_iso": value.iso_duration or None,
        }

    def image_variants(self, value) -> Iterator[tuple]:
        """The poster, on the page and as the JSON-LD thumbnail (core/renditions.py)."""
        if value and value.get("poster"):
            yield value["poster"], "poster.page"
            yield value["poster"], "poster.thumbnail"

    def json_ld(self, value: VideoValue, request) -> dict:
        """The clip as a schema.org VideoObject, with what its facade and caption show."""
        data = {"@type": "VideoObject", "name": value.get("title")}
        if value.get("caption"):
            data["description"] = value["caption"]
        poster = rendition(value.get("poster"), "poster.thumbnail", request)
        if poster:
            data["thumbnailUrl"] = poster["url"]
        if value.iso_duration:
            data["duration"] = value.iso_duration
        if value.link:
            data["url"] = value.link.watch_url
            data["embedUrl"] = value.link.embed_url
        elif value.get("file"):
            data["contentUrl"] = absolute_url(request, value["file"].url)
        if value.get("captions"):
            data["caption"] = {
                "@type": "MediaObject",
                "contentUrl": absolute_url(request, value["captions"].url),
                "encodingFormat": "text/vtt",
            }
        transcript = html_text(value.get("transcript"))
        if transcript:
            data["transcript"] = transcript
        return data

    def search_words(self, raw: dict) -> Iterator[str]:
        """Title, caption and transcript; not the running time, links or files."""
        return struct_words(self, raw, ["title", "caption", "transcript"])

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
