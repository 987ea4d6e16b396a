"""What a visitor may see."""

from .cache.lookups import private_q


def live_and_public(queryset):
    """Like `.live().public()`, without Wagtail's query for the view restrictions.

    The restricted pages' paths come from the cache (core.cache.lookups): with none, the
    privacy check adds nothing to the SQL; with some, it is a few path prefixes.
    """
    return queryset.live().exclude(private_q())
