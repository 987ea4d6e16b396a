"""Film search: a query, filters that show their counts, sorting and pagination.

Only visible films (live, public, not past their expiry time: `FilmPage.objects.visible()`,
core/visibility.py) are ever searched, counted, suggested or promoted. The search backend does
the matching and the ranking and answers with ranked ids (`search.backends.ranked_ids`, the only
code that knows how a backend works inside); the filters and their counts are plain ORM queries
over those ids, so they behave the same on every backend. The ids are fetched once per search
(at most the size of the catalogue) and kept until the next content change.

Each filter's counts ignore that filter's own choice (but honour the others), so a count is
always the number of films that choosing that value would show.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast

from taggit.models import Tag
from wagtail.images import get_image_model

from core import renditions as image_renditions
from core.cache import store as page_cache
from core.http.limits import SEARCHES
from film.models import Filmmaker, FilmPage, FilmPageTag, FilmPartner, Partner, SeasonPage
from film.models.pages import season_label, visible_seasons
from film.streaming import Streaming, streaming_q

from .backends import SearchUnavailable as SearchUnavailable  # what the views catch
from .backends import among, ranked_ids
from .query import ParsedQuery

PAGE_SIZE = 10
RELEVANCE, NEWEST = "relevance", "newest"
SORTS = {RELEVANCE: "Best match", NEWEST: "Newest first"}
# Same on SQLite and PostgreSQL, which otherwise put films without a premiere date at opposite ends.
NEWEST_ORDER = (F("premiere_date").desc(nulls_last=True), "-year", "-first_published_at", "-pk")


@dataclass
class Filters:
    topic: Tag | None = None
    year: int | None = None
    season: SeasonPage | None = None
    partner: Partner | None = None
    streaming: bool = False

    def active(self) -> bool:
        return bool(self.topic or self.year or self.season or self.partner or self.streaming)

    def conditions(self) -> dict[str, Q]:
        """One condition per active filter, by name."""
        conditions = {}
        # Uncorrelated subqueries, run once: a correlated EXISTS per film let SQLite (which has no
        # statistics) scan a topic's taggings for every film, half a second at 10,000 films.
        if self.topic:
            tagged = FilmPageTag.objects.filter(tag=self.topic).values("content_object_id")
            conditions["topic"] = Q(pk__in=tagged)
        if self.year:
            conditions["year"] = Q(year=self.year)
        if self.season:
            conditions["season"] = Q(season=self.season)
        if self.partner:
            linked = FilmPartner.objects.filter(partner=self.partner).values("film_id")
            conditions["partner"] = Q(pk__in=linked)
        if self.streaming:
            conditions["streaming"] = streaming_q(Streaming.NOW)
        return conditions


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""  # choosing it, or removing it when selected (set by the view)


@dataclass
class Facets:
    topics: list[FacetOption] = field(default_factory=list)
    years: list[FacetOption] = field(default_factory=list)
    seasons: list[FacetOption] = field(default_factory=list)
    partners: list[FacetOption] = field(default_factory=list)
    streaming_now: int = 0


class FilmSearch:
    def __init__(self, query: ParsedQuery, filters: Filters, sort: str = RELEVANCE):
        self.query = query
        self.filters = filters
        # Relevance means nothing without words to match.
        self.sort = sort if query and sort in SORTS else NEWEST

    @cached_property
    def visible(self) -> QuerySet[FilmPage]:
        return FilmPage.objects.visible()

    def _remember(self, part: str, compute, with_filters: bool = True, with_query: bool = True):
        """`compute()`, shared by every visitor asking the same until the next content change.

        Popular searches repeat (Reports → Search terms): their matches and counts are kept
        under the page cache's content version, so publishing anything starts afresh, for at
        most SEARCH_CACHE_TIMEOUT seconds (0 turns this off).
        """
        timeout = settings.SEARCH_CACHE_TIMEOUT
        if not timeout:
            return compute()
        chosen = self.filters
        identity = [part, self.query.text, self.sort] if with_query else [part]
        if with_filters:
            identity += [
                getattr(chosen.topic, "pk", None),
                chosen.year,
                getattr(chosen.season, "pk", None),
                getattr(chosen.partner, "pk", None),
                chosen.streaming,
            ]
        digest = hashlib.sha256(json.dumps(identity).encode()).hexdigest()
        return page_cache.remember(page_cache.versioned_key("search", digest), compute, timeout)

    @cached_property
    def matched_ids(self) -> list[int] | None:
        """Ids of the visible films that match the words (best first for relevance); None without words.

        Matched once, here: as a subquery the match (and its ranking) would run again for the
        count, each filter's counts and the page (six times; 100 ms on PostgreSQL for a word
        matching 1,800 of 10,000 films).
        """
        if not self.query:
            return None
        query, ranked = self.query.search_query(), self.sort == RELEVANCE
        return self._remember("matched", lambda: ranked_ids(query, self.visible, ranked=ranked), False)

    def films(self, without: str | None = None) -> QuerySet[FilmPage]:
        """The matching films with every active filter but `without`."""
        ids = self.matched_ids
        # Ids may come from the search cache: visibility is asked again, so a film restricted
        # or expired since (with no publish to bump the cache) leaves the results at once.
        films = self.visible if ids is None else self.visible.filter(among(ids))
        for name, condition in self.filters.conditions().items():
            if name != without:
                films = films.filter(condition)
        return films

    def _ids(self, without: str | None = None) -> QuerySet:
        return self.films(without).order_by().values("pk")

    def paginator(self) -> Paginator:
        """Pages of results; counting them is one query."""
        if self.sort == RELEVANCE and self.matched_ids is not None:
            if not self.filters.active():
                # Ranked from visible films only: nothing to take out.
                return Paginator(self.matched_ids, PAGE_SIZE)
            keep = set(self.films().values_list("pk", flat=True))
            return Paginator([pk for pk in self.matched_ids if pk in keep], PAGE_SIZE)
        films = self.films()
        if self.sort == NEWEST:
            films = films.order_by(*NEWEST_ORDER)
        return Paginator(self._with_display_fields(films), PAGE_SIZE)

    def page(self, paginator: Paginator, number: int) -> PaginatorPage:
        """Page `number` (which the caller has checked exists), with what the template shows."""
        page = paginator.page(number)
        if page.object_list and not isinstance(page.object_list[0], FilmPage):
            # Ranked ids: load that page's films (still visible), keep the order.
            by_pk = self._with_display_fields(self.visible.filter(pk__in=page.object_list)).in_bulk()
            page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
        return page

    def newest(self, limit: int) -> list[FilmPage]:
        """The latest films, whatever was searched: for a page with no results."""
        # The same for every search that finds nothing, and a sort over every film.
        return self._remember(
            f"newest-{limit}",
            lambda: list(self._with_display_fields(self.visible.order_by(*NEWEST_ORDER))[:limit]),
            with_filters=False,
            with_query=False,
        )

    @staticmethod
    def _with_display_fields(films: QuerySet[FilmPage]) -> QuerySet[FilmPage]:
        # What templates/search/includes/result.html shows, so that one query fetches every result's.
        specs = image_renditions.specs("hero.card")
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
        return films.select_related("hero_image").prefetch_related(
            Prefetch("hero_image__renditions", queryset=renditions, to_attr="prefetched_renditions"),
            "filmmakers",
            Prefetch("film_partners", queryset=FilmPartner.objects.select_related("partner")),
            "topics",
        )

    def facets(self) -> Facets:
        """Every filter value that would show films, with how many: one query for all five filters.

        Each filter's counts are a GROUP BY over the matching films (ignoring that filter's own
        choice); the five are sent as one UNION ALL of rows (kind, key, slug, label, n). Seasons
        count only while their page is visible.
        """

        def rows(kind: str, queryset: QuerySet, count: str, key=None, slug=None, label=None) -> QuerySet:
            # Prefixed names: a model's own fields (FilmPage.slug) cannot be annotated over.
            columns = {
                "facet_kind": Value(kind),
                "facet_key": key or Value(0),
                "facet_slug": slug or Value(""),
                "facet_label": label or Value(""),
            }
            return (
                queryset.order_by()
                .values(**columns)
                .annotate(facet_n=Count(count, distinct=True))
                .values_list(*columns, "facet_n")
            )

        def count() -> list[tuple]:
            # Built only when counting: a repeated search takes the rows from the cache.
            streaming = self.films(without="streaming").filter(streaming_q(Streaming.NOW))
            topics = FilmPageTag.objects.filter(content_object_id__in=self._ids(without="topic"))
            years = FilmPage.objects.filter(pk__in=self._ids(without="year"))
            seasons = FilmPage.objects.filter(
                pk__in=self._ids(without="season"), season__in=visible_seasons().values("pk")
            )
            partners = FilmPartner.objects.filter(film_id__in=self._ids(without="partner"))
            combined = rows("streaming", streaming, "pk").union(
                rows("topic", topics, "content_object_id", F("tag_id"), F("tag__slug"), F("tag__name")),
                rows("year", years, "pk", key=F("year")),
                rows(
                    "season",
                    seasons,
                    "pk",
                    key=F("season__number"),
                    label=Cast("season__year", output_field=CharField()),
                ),
                rows("partner", partners, "film_id", key=F("partner_id"), label=F("partner__name")),
                all=True,
            )
            return list(combined)

        by_kind: dict[str, list[tuple]] = {
            "streaming": [],
            "topic": [],
            "year": [],
            "season": [],
            "partner": [],
        }
        for kind, key, slug, label, n in self._remember("facets", count):
            by_kind[kind].append((key, slug, label, n))
        selected = self.filters
        topic_pk, partner_pk = getattr(selected.topic, "pk", None), getattr(selected.partner, "pk", None)
        season_number = getattr(selected.season, "number", None)
        return Facets(
            topics=[
                FacetOption(slug, label, n, key == topic_pk)
                for key, slug, label, n in sorted(by_kind["topic"], key=lambda row: row[2])
            ],
            years=[
                FacetOption(str(key), str(key), n, key == selected.year)
                for key, _slug, _label, n in sorted(by_kind["year"], reverse=True)
            ],
            seasons=[
                FacetOption(str(key), season_label(key, label), n, key == season_number)
                for key, _slug, label, n in sorted(by_kind["season"], reverse=True)
            ],
            partners=[
                FacetOption(str(key), label, n, key == partner_pk)
                for key, _slug, label, n in sorted(by_kind["partner"], key=lambda row: row[2])
            ],
            streaming_now=sum(n for *_row, n in by_kind["streaming"]),
        )


@dataclass(frozen=True)
class Suggestion:
    film: FilmPage
    reason: str  # why it matched, shown beside the title: "Filmmaker: Lixin Fan"


def word_starts_q(field_name: str, word: str) -> Q:
    """`field_name` has a word that starts with `word` (case-insensitive)."""
    return Q(**{f"{field_name}__istartswith": word}) | Q(**{f"{field_name}__icontains": f" {word}"})


def suggest(prefix: str, limit: int = 8) -> list[Suggestion]:
    """Films with words starting with what has been typed so far, in the title, the synopsis,
    the people and places named in the film (its blocks), its topics or its filmmakers, each
    with the reason it matched.

    Two queries, as for titles alone: the ranking, then the films with the first matching
    filmmaker and topic as subqueries (never one query per film)."""
    if len(prefix) < 2:
        return []
    SEARCHES.take()  # the suggestions' view has nothing else to do
    films = FilmPage.objects.visible().only("title", "url_path", "year", "path", "depth")
    ids = ranked_ids(prefix, films, autocomplete=True, limit=limit)
    if not ids:
        return []
    word = prefix.split()[-1]
    filmmakers = Filmmaker.objects.filter(word_starts_q("name", word), film=OuterRef("pk"))
    topics = FilmPageTag.objects.filter(word_starts_q("tag__name", word), content_object=OuterRef("pk"))
    shown = (
        films.only("title", "url_path", "year", "path", "depth", "synopsis", "body", "pull_quote", "trailer")
        .annotate(
            matched_filmmaker=Subquery(filmmakers.order_by("sort_order").values("name")[:1]),
            matched_topic=Subquery(topics.order_by("tag__name").values("tag__name")[:1]),
        )
        .in_bulk(ids)
    )
    suggestions = [Suggestion(shown[pk], match_reason(shown[pk], word)) for pk in ids if pk in shown]
    # Films whose title matches first (in their ranked order), then the others.
    return sorted(suggestions, key=lambda suggestion: suggestion.reason != "Title")


def match_reason(film: FilmPage, word: str) -> str:
    starts = re.compile(rf"(?<!\w){re.escape(word)}\w*", re.IGNORECASE)
    if starts.search(film.title):
        return "Title"
    if film.matched_filmmaker:
        return f"Filmmaker: {film.matched_filmmaker}"
    if film.matched_topic:
        return f"Topic: {film.matched_topic}"
    named = starts.search(f"{film.synopsis} {film.search_text()}")
    if named:
        return f"Named in the film: {named.group(0)}"
    return "Matches your search"  # a spelling the index folds (accents) that the text does not
