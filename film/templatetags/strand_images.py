"""`{% picture %}` and `{% srcset_image %}`: Wagtail's tags, parsed by Wagtail, with three changes.

- Filter specs are parsed once per template node. Wagtail builds new `Filter` objects on
  every render, and each parses its operations with `inspect`: about a fifth of a film
  page's render time.
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

    def get_filters(self):
        # Nodes live as long as the compiled template; the specs are fixed when it is parsed.
        if not hasattr(self, "_filters"):
            self._filters = super().get_filters()
        return self._filters

    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        try:
            renditions = image.get_renditions(*self.get_filters())
        except SourceImageIOError:
            logger.warning("The file of image %s (%r) is missing", image.pk, image.title)
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


register.tag("srcset_image", responsive_image_tag(ResponsiveImageNode))
register.tag("picture", responsive_image_tag(PictureNode))
