"""The film index and film pages."""

import datetime
import re
from itertools import groupby
from operator import itemgetter

from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.text import slugify

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.cache import store as page_cache
from core.http import params
from core.pages import CachedPageMixin
from core.renditions import stream_image_variants
from core.streamfield import stream_passages
from core.visibility import VisiblePageManager
from film import indexing, schedule, streaming
from film.admin.panels import RUNTIME_TOO_SHORT, FilmBroadcastsPanel, FilmPageForm, FilmPartnersPanel
from film.blocks import FilmBodyBlock, QuoteBlock, VideoBlock
from film.publishing.serializers import (
    BroadcastsField,
    FilmmakersField,
    HeroImageField,
    PartnersField,
    ResourcesField,
    SeasonField,
    StreamBlocksField,
    TopicsField,
)
from film.roles import FilmIndexPermissionTester

from ..queries import FilmPageManager
from .relations import FilmBroadcast, Filmmaker, FilmPartner, FilmResource

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# The earliest premieres and broadcasts FilmPage.upcoming reads before it ranks their films.
UPCOMING_CANDIDATES = 100
# The most recently published films FilmPage.latest_updates reads before it asks which are visible.
LATEST_CANDIDATES = 100


def visible_seasons():
    """Seasons a visitor may see (`SeasonPage` names FilmPage, so it is reached through the field)."""
    return FilmPage._meta.get_field("season").related_model.objects.visible()


def season_label(number: int, year: int) -> str:
    """How a season reads everywhere: “Season 24 (2011)”."""
    return f"Season {number} ({year})"


class FilmIndexPage(CachedPageMixin, Page):
    """All films, newest first, filterable by topic, year and season."""

    intro = RichTextField(blank=True, features=TEXT_FEATURES, help_text="Shown above the list of films.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["film.FilmPage", "film.SeasonPage"]
    max_count = 1
    page_size = 12
    cache_query_params = ("topic", "year", "season", "page")

    objects = VisiblePageManager()

    def permissions_for_user(self, user):
        # Editors' grant here covers the films below, not this page (see film.roles).
        return FilmIndexPermissionTester(user, self)

    def films(self):
        films = FilmPage.objects.child_of(self).visible().defer_streamfields()
        return films.select_related("hero_image").order_by("-year", "-premiere_date", "title")

    def facets(self) -> dict:
        """The topics, years and seasons that show films, with how many: a GROUP BY each over the
        visible films, kept until the next content change so that the list costs the same at any size.
        A season counts only while its page is visible: a draft season is no choice yet."""

        def count() -> dict:
            films = self.films().order_by().values("pk")
            topics = (
                FilmPageTag.objects.filter(content_object_id__in=films)
                .order_by()
                .values_list("tag__slug", "tag__name")
                .annotate(n=Count("content_object_id"))
            )
            years = (
                FilmPage.objects.filter(pk__in=films).order_by().values_list("year").annotate(n=Count("pk"))
            )
            seasons = (
                FilmPage.objects.filter(pk__in=films, season__in=visible_seasons().values("pk"))
                .order_by()
                .values_list("season__number", "season__year")
                .annotate(n=Count("pk"))
            )
            return {
                "topics": [
                    {"slug": slug, "name": name, "count": n}
                    for slug, name, n in sorted(topics, key=itemgetter(1))
                ],
                "years": dict(sorted(years, reverse=True)),
                "seasons": {
                    number: {"label": season_label(number, year), "count": n}
                    for number, year, n in sorted(seasons, reverse=True)
                },
            }

        # Named for what it holds: a release that changes the shape never reads the previous one's.
        key = page_cache.versioned_key("film-index-facets", "topics-years-seasons", self.pk)
        return page_cache.remember(key, count)

    def listing(self, request) -> dict:
        """What a request for the index shows: its topic, year and page, checked and normalised.

        A topic, year or season that no visible film has (not in the facets), or a page that is
        not a number, shows the plain index (a page past the end shows the last one): one answer, one
        cache entry. The facets and the count per choice are kept until the next content change,
        so the index costs the same at any catalogue size.
        """
        if getattr(request, "film_listing", None) is None:
            try:
                topic = params.slug(request.GET, "topic")
                year = params.text(request.GET, "year")
                season = params.text(request.GET, "season")
                params.text(request.GET, "page")
            except params.BadParameter as error:
                raise BadRequest(str(error)) from error
            facets = self.facets()
            films = self.films()
            if topic in {option["slug"] for option in facets["topics"]}:
                # A subquery rather than a join: no duplicate rows, so no DISTINCT over every film.
                tagged = FilmPageTag.objects.filter(tag__slug=topic).values("content_object_id")
                films = films.filter(pk__in=tagged)
            else:
                topic = ""
            if re.fullmatch(r"[0-9]{4}", year) and int(year) in facets["years"]:
                films = films.filter(year=int(year))
            else:
                year = ""
            if re.fullmatch(r"[0-9]{1,5}", season) and int(season) in facets["seasons"]:
                season = str(int(season))  # "024" is season 24, one cache entry
                films = films.filter(season__number=int(season))
            else:
                season = ""
            paginator = Paginator(films, self.page_size)
            # Counting every match costs as much as the catalogue: kept under a key per choice
            # the facets offer (so a bounded number of them).
            paginator.count = page_cache.remember(
                page_cache.versioned_key("film-index-count", self.pk, topic, year, season), films.count
            )
            request.film_listing = {
                "films": paginator.get_page(request.GET.get("page")),
                "topic": topic,
                "year": year,
                "season": season,
                "topics": facets["topics"],
                "years": list(facets["years"]),
                "seasons": [{"number": n, **about} for n, about in facets["seasons"].items()],
            }
        return request.film_listing

    def cache_query(self, request) -> list[tuple[str, str]]:
        listing = self.listing(request)
        number = listing["films"].number
        query = [
            ("topic", listing["topic"]),
            ("year", listing["year"]),
            ("season", listing["season"]),
            ("page", str(number) if number > 1 else ""),
        ]
        return [(name, value) for name, value in query if value]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing(request))
        return context


class FilmPageTag(TaggedItemBase):
    content_object = ParentalKey("film.FilmPage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        # The order the tag widget shows (taggit sorts by name): a revision stores the topics as the
        # editor sees them, so saving unchanged topics changes nothing in the revision.
        ordering = ["tag__name"]

    @staticmethod
    def tags_for_films(films):
        return (
            Tag.objects.filter(film_filmpagetag_items__content_object__in=films).distinct().order_by("name")
        )


class FilmPage(CachedPageMixin, Page):
    """A film: structured facts for the information box, and a body composed of blocks."""

    synopsis = models.TextField(help_text="Two or three sentences; used in listings and search results.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Poster or still shown at the top of the page and in listings.",
    )
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it. "
        "Leave blank to use the image's own description.",
    )
    runtime = models.PositiveSmallIntegerField(
        "runtime (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, RUNTIME_TOO_SHORT)],
        help_text="Shown after the title in the information box, e.g. “(90 min.)”.",
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1880), MaxValueValidator(2100)], help_text="Year of release."
    )
    season = models.ForeignKey(
        "film.SeasonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="films",
        help_text="The season the film premiered in.",
    )
    premiere_date = models.DateField(
        null=True,
        blank=True,
        help_text="First broadcast in the strand. With a premiere among the broadcasts, it follows "
        "that broadcast's date (in the strand's time zone) when you save. To publish the page at the "
        "premiere, use “Set schedule” in the Status panel before you publish or submit.",
    )
    streaming_start = models.DateField(
        null=True,
        blank=True,
        help_text="First day the film can be watched online. Leave blank if it can already.",
    )
    streaming_end = models.DateField(
        null=True, blank=True, help_text="Last day online; afterwards the page says “Expired”."
    )
    updated_on = models.DateField(
        null=True, blank=True, help_text="Shown as “Updated on”. Leave blank to use the last publish date."
    )
    topics = ClusterTaggableManager(
        through=FilmPageTag, blank=True, help_text="Visitors filter the films page by topic, e.g. Migration."
    )
    pull_quote = StreamField(
        [("quote", QuoteBlock())], blank=True, max_num=1, help_text="One quote featured beside the synopsis."
    )
    trailer = StreamField(
        [("video", VideoBlock(label="Trailer"))],
        blank=True,
        max_num=1,
        help_text="Shown under the synopsis and linked from the information box.",
    )
    legacy_id = models.CharField(
        "legacy ID",
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text="The film's ID in the old catalogue, set by the import (docs/import.md): "
        "importing the same ID again updates this page.",
    )
    body = StreamField(
        FilmBodyBlock(),
        blank=True,
        help_text="The rest of the page, built from blocks: headings, text, videos, images, "
        "interviews, critics' quotes and film updates.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("synopsis"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading="Hero image"),
        FieldPanel("pull_quote"),
        FieldPanel("body"),
    ]
    information_panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("runtime")]),
        FieldPanel("topics"),
        FieldPanel("season"),
        FieldPanel("premiere_date"),
        FilmBroadcastsPanel(
            "broadcasts",
            heading="Broadcasts",
            label="Broadcast",
            help_text="The premiere (one at most) and encores, with their times once announced.",
        ),
        FieldRowPanel(
            [FieldPanel("streaming_start"), FieldPanel("streaming_end")], heading="Streaming window"
        ),
        FieldPanel("updated_on"),
        FieldPanel("trailer"),
        InlinePanel("filmmakers", heading="Filmmakers", label="Filmmaker", min_num=0),
    ]
    partner_panels = [
        FilmPartnersPanel(
            "film_partners",
            chooser_field_name="partner",
            heading="Partners",
            label="Partner",
            help_text="Logos appear in the sidebar under their role's heading, in this order.",
        ),
        InlinePanel("resources", heading="Press and media resources", label="Resource"),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(information_panels, heading="Film information"),
            ObjectList(partner_panels, heading="Partners & resources"),
            ObjectList(Page.promote_panels, heading="Promote"),
            # Read-only: the import finds the film by it, so changing it would make a duplicate.
            ObjectList(Page.settings_panels + [FieldPanel("legacy_id", read_only=True)], heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("synopsis"),
        # Suggestions (autocomplete) match the title (inherited from Page), the synopsis and the
        # words of the blocks (people and places named in the film), topics and filmmakers;
        # search/service.py `suggest` says which one matched.
        index.AutocompleteField("synopsis"),
        index.AutocompleteField("search_text"),
        index.FilterField("year"),
        # Visibility (core/visibility.py) leaves out films past their expiry time, in search too.
        index.FilterField("expire_at"),
        # The words of the body, pull quote and trailer blocks (quotes and critics, interviews,
        # captions, updates), read from the raw StreamField JSON: each block's `search_words`
        # (film/blocks/), walked by core/streamfield.py.
        index.SearchField("search_text"),
        index.RelatedFields("topics", [index.SearchField("name"), index.AutocompleteField("name")]),
        index.RelatedFields("filmmakers", [index.SearchField("name"), index.AutocompleteField("name")]),
        index.RelatedFields("film_partners", [index.RelatedFields("partner", [index.SearchField("name")])]),
    ]

    # The headless API (film/api.py): what the page shows, as plain JSON.
    api_fields = [
        APIField("synopsis"),
        APIField("year"),
        APIField("season", serializer=SeasonField()),
        APIField("runtime"),
        APIField("premiere_date"),
        APIField("broadcasts", serializer=BroadcastsField()),
        APIField("streaming_start"),
        APIField("streaming_end"),
        APIField("streaming_status"),
        APIField("streaming_now"),
        APIField("updated_date"),
        APIField("topics", serializer=TopicsField()),
        APIField("hero_image", serializer=HeroImageField()),
        APIField("filmmakers", serializer=FilmmakersField()),
        APIField("partners", serializer=PartnersField()),
        APIField("resources", serializer=ResourcesField()),
        APIField("pull_quote", serializer=StreamBlocksField()),
        APIField("trailer", serializer=StreamBlocksField()),
        APIField("body", serializer=StreamBlocksField()),
    ]

    parent_page_types = ["film.FilmIndexPage"]
    subpage_types = []
    base_form_class = FilmPageForm

    def get_indexed_instance(self):
        # None: not indexed now. The import indexes its films in bulk afterwards (film/indexing.py).
        return None if indexing.is_deferred() else super().get_indexed_instance()

    objects = FilmPageManager()

    class Meta:
        verbose_name = "film"
        indexes = [
            # The film index's order, walked from the top for each page of films.
            models.Index(F("year").desc(), F("premiere_date").desc(), name="film_index_order"),
            # Upcoming films: premieres after today.
            models.Index(fields=["premiere_date"], name="film_premiere_date"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.streaming_start and self.streaming_end and self.streaming_end < self.streaming_start:
            errors["streaming_end"] = "The streaming window must end on or after its start date."
        if self.hero_image and not self.hero_alt and not self.hero_image.description:
            errors["hero_alt"] = (
                "Describe the hero image for people who cannot see it, "
                "or add a description to the image in the image library."
            )
        # The premiere rule, whatever saves the film (the editor, an import, a script): one premiere
        # broadcast at most, and the premiere date is its day. The editor's form says it on the row
        # (film/admin/panels.py FilmBroadcastFormSet) before this runs.
        premiere, extra = schedule.premiere_of(self.broadcasts.all())
        if extra:
            errors["premiere_date"] = schedule.PREMIERES_ON_FILM.format(count=len(extra) + 1)
        elif premiere is not None:
            self.premiere_date = schedule.premiere_date(premiere)
        if errors:
            raise ValidationError(errors)

    @property
    def hero_alt_text(self) -> str:
        # Not the image title: titles are file-ish names, not descriptions.
        if self.hero_alt:
            return self.hero_alt
        return self.hero_image.description if self.hero_image else ""

    def streaming_state(self, today: datetime.date | None = None) -> streaming.Streaming:
        return streaming.state(self.streaming_start, self.streaming_end, today or timezone.localdate())

    def streaming_status(self, today: datetime.date | None = None) -> str:
        """Derived from the window and today's date (film/streaming.py); never typed by hand."""
        return streaming.label(self.streaming_start, self.streaming_end, today or timezone.localdate())

    @property
    def streaming_now(self) -> bool:
        return self.streaming_state() == streaming.Streaming.NOW

    @classmethod
    def get_indexed_objects(cls):
        # Partner names are indexed through film_partners: fetch them with the films, not one by one.
        return super().get_indexed_objects().prefetch_related("film_partners__partner")

    def search_passages(self) -> list[tuple[str, str]]:
        """(block label, text) for the pull quote, trailer and body blocks that hold words."""
        return stream_passages(self.pull_quote, self.trailer, self.body)

    def search_text(self) -> str:
        return " ".join(text for _label, text in self.search_passages())

    @property
    def updated_date(self) -> datetime.date | None:
        if self.updated_on:
            return self.updated_on
        published = self.last_published_at
        return timezone.localdate(published) if published else None

    @cached_property
    def partner_groups(self) -> list[tuple[str, list["FilmPartner"]]]:
        """Partners under their role headings, in the editor's order of first appearance."""
        links = list(self.film_partners.select_related("partner", "partner__logo").all())
        order = {}
        for link in links:
            order.setdefault(link.role, len(order))
        links.sort(key=lambda link: (order[link.role], link.sort_order or 0))
        return [
            (FilmPartner.role_heading(role), list(group))
            for role, group in groupby(links, key=lambda link: link.role)
        ]

    @staticmethod
    def with_season(films: "models.QuerySet[FilmPage]") -> "models.QuerySet[FilmPage]":
        """`films` with their season and whether a visitor may see it, in the same query (see
        `shown_season`): the film page and the API then ask nothing more about it."""
        visible = visible_seasons().filter(pk=OuterRef("season_id"))
        return films.select_related("season").annotate(season_is_visible=Exists(visible))

    @cached_property
    def shown_season(self):
        """The film's season while its page is visible (core/visibility.py), else None."""
        if not self.season_id:
            return None
        if hasattr(self, "season_is_visible"):  # loaded through `with_season`
            return self.season if self.season_is_visible else None
        return visible_seasons().filter(pk=self.season_id).first()

    @property
    def trailer_video(self):
        return self.trailer[0].value if self.trailer else None

    def interview_anchors(self) -> dict[str, str]:
        """Links to the page's interviews, keyed by interviewee slug (InterviewValue)."""
        return {
            block.value.interviewee_slug: f"#{block.value.anchor}"
            for block in self.body
            if block.block_type == "interview"
        }

    @cached_property
    def _resources(self) -> list["FilmResource"]:
        return list(self.resources.select_related("document"))

    @property
    def press_resources(self) -> list["FilmResource"]:
        return [r for r in self._resources if r.kind != FilmResource.PHOTOS]

    @property
    def photo_resources(self) -> list["FilmResource"]:
        return [r for r in self._resources if r.kind == FilmResource.PHOTOS]

    @staticmethod
    def listing() -> "models.QuerySet[FilmPage]":
        """Visible films (core/visibility.py) with what a film card shows, without the heavy StreamFields."""
        return FilmPage.objects.visible().defer_streamfields().select_related("hero_image")

    @staticmethod
    def upcoming(today: datetime.date | None = None, exclude=None, limit: int = 5):
        """Visible films with a premiere or broadcast after today, soonest first.

        Ranked once per day and content change (the versioned cache), then each page loads
        only the films it shows.
        """
        today = today or timezone.localdate()

        def ranking(candidates: set[int] | None = None) -> "models.QuerySet[FilmPage]":
            """Visible films with a date after today (of `candidates` only, if given), by their next date."""
            broadcasts = FilmBroadcast.objects.filter(film=OuterRef("pk"), date__gt=today).order_by("date")
            future_premiere = Q(premiere_date__gt=today)
            earlier_broadcast = Q(next_broadcast__lt=F("premiere_date"))
            if candidates is None:
                with_broadcast = FilmBroadcast.objects.filter(date__gt=today).values("film_id")
                films = FilmPage.listing().filter(future_premiere | Q(pk__in=with_broadcast))
            else:  # each candidate has a date after today: it was read for one
                films = FilmPage.listing().filter(pk__in=candidates)
            return (
                films.annotate(next_broadcast=Subquery(broadcasts.values("date")[:1]))
                .annotate(
                    next_date=Case(
                        When(future_premiere & earlier_broadcast, then=F("next_broadcast")),
                        When(future_premiere, then=F("premiere_date")),
                        default=F("next_broadcast"),
                        output_field=models.DateField(),
                    )
                )
                .order_by("next_date", "title")
            )

        def rank() -> list[tuple[int, datetime.date]]:
            # The earliest premieres and broadcasts first (each walks its date index), then only
            # their films are ranked, by primary key: a big catalogue is never ranked whole (as
            # one query, PostgreSQL scans every film to apply the visibility rule).
            premieres = FilmPage.objects.filter(premiere_date__gt=today).order_by("premiere_date")
            broadcasts = FilmBroadcast.objects.filter(date__gt=today).order_by("date")
            candidates, horizons = set(), []
            for earliest in (
                premieres.values_list("pk", "premiere_date"),
                broadcasts.values_list("film_id", "date"),
            ):
                dated = list(earliest[:UPCOMING_CANDIDATES])
                candidates.update(pk for pk, _ in dated)
                if len(dated) == UPCOMING_CANDIDATES:
                    horizons.append(dated[-1][1])
            # One more than asked for: the film page leaves itself out.
            ranked_films[:] = ranking(candidates)[: limit + 1]
            # Every film dated before the horizon is a candidate, so a ranking that ends before
            # it is the true one; otherwise (films hidden, or dated many times) rank them all.
            if horizons and not (len(ranked_films) > limit and ranked_films[-1].next_date < min(horizons)):
                ranked_films[:] = ranking()[: limit + 1]
            return [(film.pk, film.next_date) for film in ranked_films]

        ranked_films = []  # filled when ranked afresh: no second query for them then
        ranked = page_cache.remember(page_cache.versioned_key("upcoming", today, limit), rank)
        ranked = [(pk, date) for pk, date in ranked if exclude is None or pk != exclude.pk]
        # Visibility is asked again: a film restricted since (with no change to bump the cache) drops out.
        films = {film.pk: film for film in ranked_films} or FilmPage.listing().in_bulk(
            [pk for pk, _ in ranked]
        )
        upcoming = []
        for pk, date in ranked[:limit]:
            if pk in films:
                films[pk].next_date = date
                upcoming.append(films[pk])
        return upcoming

    @staticmethod
    def streaming_today(today: datetime.date | None = None, limit: int = 6) -> list["FilmPage"]:
        """Visible films whose streaming window holds `today` (film/streaming.py), leaving soonest first."""
        films = FilmPage.listing().streaming(streaming.Streaming.NOW, today)
        return list(films.order_by(F("streaming_end").asc(nulls_last=True), "title")[:limit])

    @staticmethod
    def latest_updates(limit: int = 3, scan: int = 20) -> list[tuple["FilmPage", object]]:
        """The newest "update" blocks among the most recently published films.

        Reads the raw StreamField data so that other blocks (and their images) are never loaded.
        Which films were published last is kept until the next change.
        """
        update_block = FilmPage._meta.get_field("body").stream_block.child_blocks["update"]

        films = FilmPage.objects.visible().only("title", "url_path", "body")
        newest_films = []  # filled when sorted afresh: no second query for them then

        def newest() -> list[int]:
            # The newest films of any visibility first (a walk of the index that migration
            # film.0011 adds), then the visible ones among them: as one query, PostgreSQL sorts
            # every film to apply the visibility rule. Too few visible there: sort them all.
            published = FilmPage.objects.filter(last_published_at__isnull=False)
            candidates = list(
                published.order_by("-last_published_at").values_list("pk", flat=True)[:LATEST_CANDIDATES]
            )
            newest_films[:] = films.filter(pk__in=candidates).order_by("-last_published_at")[:scan]
            if len(newest_films) < scan and len(candidates) == LATEST_CANDIDATES:
                newest_films[:] = films.order_by("-last_published_at")[:scan]
            return [film.pk for film in newest_films]

        ids = page_cache.remember(page_cache.versioned_key("latest-published", scan), newest)
        films = {film.pk: film for film in newest_films} or films.in_bulk(ids)
        updates = [
            (films[pk], update_block.to_python(item["value"]))
            for pk in ids
            if pk in films
            for item in films[pk].body.raw_data
            if item["type"] == "update"
        ]
        updates.sort(key=lambda item: item[1]["date"], reverse=True)
        return updates[:limit]

    @cached_property
    def filmmaker_list(self) -> list["Filmmaker"]:
        anchors = self.interview_anchors()
        filmmakers = list(self.filmmakers.select_related("photo"))
        for filmmaker in filmmakers:
            filmmaker.interview_href = filmmaker.interview_url or anchors.get(slugify(filmmaker.name), "")
        return filmmakers

    @cached_property
    def broadcast_list(self) -> list["FilmBroadcast"]:
        """The film's broadcasts, each with its moment worked out afresh (film/schedule.py): a
        preview's rows are unsaved, and a change of the strand's zone moves the blank-zone ones."""
        zone = schedule.strand_zone()
        broadcasts = list(self.broadcasts.all())
        for broadcast in broadcasts:
            broadcast.film = self
            broadcast.set_moment(zone)
            broadcast.local_start = broadcast.starts_at.astimezone(zone)
        return broadcasts

    def upcoming_broadcasts(self) -> list["FilmBroadcast"]:
        """This film's broadcasts from midnight today in the strand's zone on, soonest first."""
        since = schedule.upcoming_from()
        return sorted((b for b in self.broadcast_list if b.starts_at >= since), key=lambda b: b.starts_at)

    @cached_property
    def upcoming_films(self) -> list["FilmPage"]:
        return FilmPage.upcoming(exclude=self)

    def image_variants(self) -> list[tuple]:
        """Every image the page shows, in each variant it is shown in (core/renditions.py): the
        objects the templates render (the share card and JSON-LD included), so that their
        renditions are looked up together."""
        pairs = [(self.hero_image, "hero.page"), (self.hero_image, "hero.share")]
        pairs += [(film.hero_image, "hero.compact") for film in self.upcoming_films]
        pairs += [(filmmaker.photo, "portrait.page") for filmmaker in self.filmmaker_list]
        pairs += [(link.partner.logo, "logo.page") for _, links in self.partner_groups for link in links]
        for stream in (self.trailer, self.body):
            pairs += stream_image_variants(stream)
        return [(image, variant) for image, variant in pairs if image is not None]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: when the template's cached fragments are warm, none of these queries run.
        context["upcoming_films"] = SimpleLazyObject(lambda: self.upcoming_films)
        context["filmmakers"] = SimpleLazyObject(lambda: self.filmmaker_list)
        context["encores"] = SimpleLazyObject(
            lambda: [b for b in self.broadcast_list if b.kind == FilmBroadcast.ENCORE]
        )
        context["upcoming_broadcasts"] = SimpleLazyObject(self.upcoming_broadcasts)
        context["strand_zone"] = schedule.strand_zone()  # one cache read
        return context
