"""Films, their index, and the partners (snippets) that present them."""

from .pages import TEXT_FEATURES, FilmIndexPage, FilmPage, FilmPageTag
from .partner import Partner
from .relations import FilmBroadcast, Filmmaker, FilmPartner, FilmResource

__all__ = [
    "TEXT_FEATURES",
    "FilmBroadcast",
    "FilmIndexPage",
    "FilmPage",
    "FilmPageTag",
    "FilmPartner",
    "FilmResource",
    "Filmmaker",
    "Partner",
]
