"""A still with alt text, caption and credit."""

from django.db.models import F

from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from .base import ExplainedStructBlock


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
