"""How a film reads in the headless API (film/publishing/api.py): plain JSON, no database internals.

Images are renditions with absolute URLs, documents are links, rich text is HTML, and
StreamField blocks keep their type and id, each block giving its own fields
(``get_api_representation`` in film/blocks/).
"""

from rest_framework.fields import Field

from wagtail.api.rich_text import APIRichText

from core.links import absolute_links, absolute_url, image_json


def rich_text_json(html: str, context: dict) -> str:
    serialized = APIRichText.serialize(html or "", format=context.get("_wagtail_rich_text_format"))
    return absolute_links(serialized, context.get("request"))


class StreamBlocksField(Field):
    """A StreamField as each of its blocks represents itself (``get_api_representation``)."""

    def to_representation(self, value):
        return value.stream_block.get_api_representation(value, context=self.context)


class HeroImageField(Field):
    """The hero rendition with the page's alt text (which may differ from the image's)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, film):
        return image_json(film.hero_image, "hero.api", self.context.get("request"), alt=film.hero_alt_text)


class TopicsField(Field):
    def to_representation(self, manager):
        return [{"name": tag.name, "slug": tag.slug} for tag in manager.all().order_by("name")]


class SeasonField(Field):
    """The film's season while its page is visible: number, year and the season page's address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, film):
        season = film.shown_season
        if season is None:
            return None
        return {
            "number": season.number,
            "year": season.year,
            "url": season.get_full_url(self.context.get("request")),
        }


class BroadcastsField(Field):
    """Each broadcast with its moment (film/schedule.py): ISO 8601 with the offset of its zone,
    null until its time is announced; `time_zone` is the zone it airs in (the strand's if none)."""

    def __init__(self, **kwargs):
        super().__init__(source="broadcast_list", **kwargs)

    def to_representation(self, broadcasts):
        rows = []
        for broadcast in broadcasts:
            starts_at, ends_at = broadcast.moment()
            rows.append(
                {
                    "kind": broadcast.kind,
                    "date": broadcast.date.isoformat(),
                    "starts_at": starts_at.isoformat() if broadcast.is_timed else None,
                    "ends_at": ends_at.isoformat() if ends_at else None,
                    "time_zone": starts_at.tzinfo.key,
                    "programme_code": broadcast.programme_code,
                    "note": broadcast.note,
                }
            )
        return rows


class FilmmakersField(Field):
    def to_representation(self, filmmakers):
        request = self.context.get("request")
        return [
            {
                "name": filmmaker.name,
                "role": filmmaker.role,
                "photo": image_json(filmmaker.photo, "portrait.api", request, alt=""),
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
                "logo": image_json(link.partner.logo, "logo.api", request, alt=link.partner.name),
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
