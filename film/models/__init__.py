"""Films, their index, and the partners (snippets) that present them."""

from .pages import TEXT_FEATURES, FilmIndexPage, FilmPage, FilmPageTag
from .partner import Partner
from .relations import FilmBroadcast, Filmmaker, FilmPartner, FilmResource
from .seasons import FilmCollection, FilmCollectionItem, ScheduleSettings, SeasonPage

__all__ = [
    "TEXT_FEATURES",
    "FilmBroadcast",
    "FilmCollection",
    "FilmCollectionItem",
    "FilmIndexPage",
    "FilmPage",
    "FilmPageTag",
    "FilmPartner",
    "FilmResource",
    "Filmmaker",
    "Partner",
    "ScheduleSettings",
    "SeasonPage",
]
