"""`{% picture %}` and `{% srcset_image %}`: Wagtail's tags, parsed by Wagtail, with four changes.

- They name a rendition variant from core/renditions.py, not filter specs:
  `{% picture page.hero_image hero.page sizes="…" alt=… %}`, so the worker that draws
  renditions ahead of visitors knows every size a template asks for. The filters are parsed
  once (Wagtail builds and parses new `Filter` objects on every render: about a fifth of a film
  page's render time).
- A visitor's request never draws a rendition: what is missing falls back to what exists
  and is queued (core/renditions.py `renditions`); an image with none yet shows its text
  alternative. Editors' previews draw.
- A width is offered once per format. Wagtail never upscales, so an image narrower than
  the largest size asked for gets several renditions of the same width, and a `srcset`
  that repeats a width descriptor is invalid HTML.
- An image whose file is missing renders its text alternative (nothing when decorative)
  and is logged, instead of Wagtail's zero-sized `<img src="…/not-found">` that every
  visitor's browser requests in vain; a partner's logo link keeps the partner's name.
"""

import logging

from django import template
from django.utils.html import conditional_escape

from wagtail.images.models import Picture, ResponsiveImage, SourceImageIOError
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

from core import renditions as rendition_sets

logger = logging.getLogger(__name__)
register = template.Library()


class UniqueWidthsMixin:
    @classmethod
    def get_width_srcset(cls, renditions_list):
        # Always with width descriptors, even for one candidate: `sizes` requires them.
        by_width = {}
        for rendition in renditions_list:
            by_width.setdefault(rendition.width, rendition)
        return ", ".join(f"{rendition.url} {width}w" for width, rendition in by_width.items())


class StrandResponsiveImage(UniqueWidthsMixin, ResponsiveImage):
    pass


class StrandPicture(UniqueWidthsMixin, Picture):
    pass


class ResponsiveImageNode(wagtail_tags.SrcsetImageNode):
    output_class = StrandResponsiveImage

    def __init__(self, image_expr, filter_specs, output_var_name=None, attrs=None):
        super().__init__(image_expr, filter_specs, output_var_name=output_var_name, attrs=attrs)
        if len(filter_specs) != 1:
            raise template.TemplateSyntaxError(
                "Image tags name one rendition variant from core/renditions.py (e.g. hero.page), "
                f"not filter specs (given: {' '.join(filter_specs)})"
            )
        (self.variant,) = filter_specs
        try:
            rendition_sets.filters(self.variant)
        except ValueError as error:
            raise template.TemplateSyntaxError(str(error)) from None

    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        try:
            renditions = rendition_sets.renditions(image, self.variant, context.get("request"))
        except SourceImageIOError:
            logger.warning("The file of image %s (%r) is missing", image.pk, image.title)
            renditions = {}
        if not renditions:
            if self.output_var_name:
                context[self.output_var_name] = None
                return ""
            alt = self.attrs.get("alt")
            return conditional_escape(alt.resolve(context)) if alt else ""
        if self.output_var_name:
            context[self.output_var_name] = self.output_class(renditions)
            return ""
        attrs = {key: value.resolve(context) for key, value in self.attrs.items()}
        return self.output_class(renditions, attrs).__html__()


class PictureNode(ResponsiveImageNode):
    output_class = StrandPicture


def responsive_image_tag(node_class):
    def tag(parser, token):
        parsed = wagtail_tags.image(parser, token)  # Wagtail's syntax and error messages
        return node_class(
            parsed.image_expr, parsed.filter_specs, output_var_name=parsed.output_var_name, attrs=parsed.attrs
        )

    return tag


@register.simple_tag(takes_context=True)
def prefetch_renditions(context, page) -> str:
    """``{% prefetch_renditions page %}``, first in a cached fragment: the renditions of every
    image the page shows, in one lookup (core/renditions.py ``prefetch``). Previews draw instead."""
    if not rendition_sets.may_draw(context.get("request")):
        rendition_sets.prefetch(page.image_variants())
    return ""


register.tag("srcset_image", responsive_image_tag(ResponsiveImageNode))
register.tag("picture", responsive_image_tag(PictureNode))
