"""How a film reads in the headless API (film/api.py): plain JSON, no database internals.

Images are renditions with absolute URLs, documents are links, rich text is HTML, and
StreamField blocks keep their type and id with their fields spelled out.
"""

from rest_framework.fields import Field

from wagtail import blocks
from wagtail.api.rich_text import APIRichText
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

from core.links import absolute_links, absolute_url, rendition
from film.blocks import VideoValue

# Renditions served by the API, sized like the largest the site itself shows.
HERO_SPEC = "fill-1600x686"
IMAGE_SPEC = "max-1600x1600"
POSTER_SPEC = "fill-960x540"
PHOTO_SPEC = "fill-320x320"
LOGO_SPEC = "max-240x96"
# Image choosers inside blocks, by the field's name.
BLOCK_IMAGE_SPECS = {"poster": POSTER_SPEC, "photo": PHOTO_SPEC}


def image_json(image, spec: str, request, alt: str | None = None) -> dict | None:
    data = rendition(image, spec, request)
    if data is not None:
        data["alt"] = image.description if alt is None else alt
    return data


def document_json(document, request) -> dict | None:
    if document is None:
        return None
    return {
        "title": document.title,
        "url": absolute_url(request, document.url),
        "file_extension": document.file_extension,
    }


def rich_text_json(html: str, context: dict) -> str:
    serialized = APIRichText.serialize(html or "", format=context.get("_wagtail_rich_text_format"))
    return absolute_links(serialized, context.get("request"))


def block_json(block, value, context: dict):
    """A block's value as plain JSON, recursing into structs, lists and streams."""
    request = context.get("request")
    if value is None:
        return None
    if isinstance(block, blocks.StreamBlock):
        return [
            {"type": child.block_type, "id": child.id, "value": block_json(child.block, child.value, context)}
            for child in value
        ]
    if isinstance(block, ImageBlock):  # an image with its own alt text, or marked decorative
        return {
            **image_json(
                value, IMAGE_SPEC, request, alt="" if value.decorative else value.contextual_alt_text
            ),
            "decorative": bool(value.decorative),
        }
    if isinstance(block, blocks.StructBlock):
        data = {
            name: block_json(child, value.get(name), context) for name, child in block.child_blocks.items()
        }
        if isinstance(value, VideoValue):
            data.update(video_json(value))
        return data
    if isinstance(block, blocks.ListBlock):
        return [block_json(block.child_block, item, context) for item in value]
    if isinstance(block, ImageChooserBlock):
        # Posters and portraits are decorative beside their titles and names.
        return image_json(value, BLOCK_IMAGE_SPECS.get(block.name, IMAGE_SPEC), request, alt="")
    if isinstance(block, DocumentChooserBlock):
        return document_json(value, request)
    if isinstance(block, blocks.RichTextBlock):
        return absolute_links(block.get_api_representation(value, context), request)
    return block.get_api_representation(value, context)


def video_json(video: VideoValue) -> dict:
    """What a client needs to play a clip without parsing the link itself."""
    link = video.link
    return {
        "provider": link.provider_name if link else None,
        "watch_url": link.watch_url if link else None,
        "embed_url": link.embed_url if link else None,
        "duration_iso": video.iso_duration or None,
    }


class StreamBlocksField(Field):
    def to_representation(self, value):
        return block_json(value.stream_block, value, self.context)


class ImageField(Field):
    def __init__(self, spec: str, **kwargs):
        self.spec = spec
        super().__init__(**kwargs)

    def to_representation(self, image):
        return image_json(image, self.spec, self.context.get("request"))


class HeroImageField(Field):
    """The hero rendition with the page's alt text (which may differ from the image's)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, film):
        return image_json(film.hero_image, HERO_SPEC, self.context.get("request"), alt=film.hero_alt_text)


class TopicsField(Field):
    def to_representation(self, manager):
        return [{"name": tag.name, "slug": tag.slug} for tag in manager.all().order_by("name")]


class BroadcastsField(Field):
    def to_representation(self, broadcasts):
        return [broadcast.date for broadcast in broadcasts.all()]


class FilmmakersField(Field):
    def to_representation(self, filmmakers):
        request = self.context.get("request")
        return [
            {
                "name": filmmaker.name,
                "role": filmmaker.role,
                "photo": image_json(filmmaker.photo, PHOTO_SPEC, request, alt=""),
                "bio": rich_text_json(filmmaker.bio, self.context),
                "statement": rich_text_json(filmmaker.statement, self.context),
                "interview_url": filmmaker.interview_url,
            }
            for filmmaker in filmmakers.select_related("photo")
        ]


class PartnersField(Field):
    """Partners in the order the page shows them, each with its role."""

    def __init__(self, **kwargs):
        super().__init__(source="partner_groups", **kwargs)

    def to_representation(self, groups):
        request = self.context.get("request")
        return [
            {
                "role": link.role,
                "role_label": heading,
                "name": link.partner.name,
                "url": link.partner.url,
                "logo": image_json(link.partner.logo, LOGO_SPEC, request, alt=link.partner.name),
            }
            for heading, links in groups
            for link in links
        ]


class ResourcesField(Field):
    def to_representation(self, resources):
        request = self.context.get("request")
        return [
            {
                "kind": resource.kind,
                "kind_label": resource.get_kind_display(),
                "label": resource.label,
                "url": absolute_url(request, resource.url),
            }
            for resource in resources.select_related("document")
        ]
