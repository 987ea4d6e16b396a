"""The home page: a lead film and the editors' other picks, their featured collections, what
streams today, upcoming premieres and broadcasts, and the latest film updates."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.pages import CachedPageMixin
from film.models import FilmCollection, FilmIndexPage, FilmPage


class HomePage(CachedPageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_films", heading="Featured films", label="Featured film", max_num=6),
    ]
    subpage_types = ["film.FilmIndexPage"]
    max_count = 1

    def route(self, request, path_components):
        # Wagtail's default route costs two queries per level; the site is two levels deep
        # (/films/<film>/), so find a film with its hero image and season, or the index, in one.
        if len(path_components) == 2:
            film = (
                FilmPage.with_season(FilmPage.objects.select_related("hero_image"))
                .filter(
                    slug=path_components[1],
                    depth=self.depth + 2,
                    path__startswith=self.path,
                    url_path=f"{self.url_path}{'/'.join(path_components)}/",
                )
                .first()
            )
            if film is not None:
                return film.route(request, [])
        if len(path_components) == 1:
            index = FilmIndexPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if index is not None:
                return index.route(request, [])
        return super().route(request, path_components)

    @cached_property
    def shown(self) -> dict:
        """The films of each list the page shows: the template's and ``image_variants()``'s objects."""
        featured_ids = [f.film_id for f in self.featured_films.all()]
        films = FilmPage.listing().in_bulk(featured_ids)
        featured = [films[pk] for pk in featured_ids if pk in films]
        return {
            "lead": featured[:1],  # the first featured film leads the page; the rest are cards
            "featured": featured[1:],
            "collections": FilmCollection.featured_on_home(),
            "streaming": FilmPage.streaming_today(),
            "upcoming": FilmPage.upcoming(),
        }

    def image_variants(self) -> list[tuple]:
        """Every film card's image, as the card shows it (core/renditions.py): looked up together,
        drawn on publish. Upcoming films are compact."""
        shown = self.shown
        cards = shown["featured"] + shown["streaming"]
        cards += [film for collection in shown["collections"] for film in collection.shown_films]
        pairs = [(film.hero_image, "hero.lead") for film in shown["lead"]]
        pairs += [(film.hero_image, "hero.card") for film in cards]
        pairs += [(film.hero_image, "hero.compact") for film in shown["upcoming"]]
        return [(image, variant) for image, variant in pairs if image is not None]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lead_film"] = next(iter(self.shown["lead"]), None)
        context["featured_rows"] = card_rows(self.shown["featured"])
        context["collections"] = [
            (collection, card_rows(collection.shown_films)) for collection in self.shown["collections"]
        ]
        context["streaming_rows"] = card_rows(self.shown["streaming"])
        context["upcoming_films"] = self.shown["upcoming"]
        context["latest_updates"] = FilmPage.latest_updates()
        context["film_index"] = FilmIndexPage.objects.visible().first()
        return context


@dataclass(frozen=True)
class CardRow:
    """Cards that share a row equally, and the `sizes` their images take in it."""

    films: list[FilmPage]

    @property
    def sizes(self) -> str:
        # The page's content is at most 70rem wide (72rem less padding); rows stack below 50em.
        n = len(self.films)
        return f"(min-width: 75em) {70 / n:.0f}rem, (min-width: 50em) {100 / n:.0f}vw, 100vw"


def card_rows(films: list[FilmPage], per_row: int = 3) -> list[CardRow]:
    """Rows of up to `per_row` cards, as even as possible, so no row ends with an empty slot
    (4 cards are 2 + 2, 5 are 3 + 2)."""
    if not films:
        return []
    count = -(-len(films) // per_row)  # rows needed
    size, extra = divmod(len(films), count)
    rows, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        rows.append(CardRow(films[start:end]))
        start = end
    return rows


class HomeFeaturedFilm(Orderable):
    page = ParentalKey(HomePage, related_name="featured_films", on_delete=models.CASCADE)
    film = models.ForeignKey(FilmPage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("film")]
