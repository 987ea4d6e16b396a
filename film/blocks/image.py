"""A still with alt text, caption and credit."""

from collections.abc import Iterator

from django.db.models import F

from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from core.links import image_json
from core.streamfield import struct_words

from .base import ExplainedStructBlock, request_of


class ImageWithCaptionValue(blocks.StructValue):
    @property
    def alt_text(self) -> str:
        """The image's alt text: empty when the editor marked it decorative."""
        image = self.get("image")
        return image.contextual_alt_text if image and not image.decorative else ""


class ImageWithCaptionBlock(ExplainedStructBlock):
    """A still with alt text (or marked decorative), caption and credit."""

    image = ImageBlock(
        help_text="Describe what the image shows for people who cannot see it, or mark it decorative."
    )
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Shown under the image.")
    credit = blocks.CharBlock(
        required=False, max_length=120, help_text="The photographer; shown as “Photo: …”."
    )

    def get_api_representation(self, value, context=None):
        image = image_json(value["image"], "still.api", request_of(context), alt=value.alt_text)
        return {
            **super().get_api_representation(value, context),
            # None when the image's file is missing, as the page then shows no image either.
            "image": image and {**image, "decorative": bool(value["image"].decorative)},
        }

    def image_variants(self, value) -> Iterator[tuple]:
        """The image, as a still (core/renditions.py)."""
        if value.get("image"):
            yield value["image"], "still.page"

    def search_words(self, raw: dict) -> Iterator[str]:
        """The alt text (what the image shows), caption and credit."""
        return struct_words(self, raw, ["image", "caption", "credit"])

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
        value_class = ImageWithCaptionValue
        description = "A photo with alt text, caption and credit."
