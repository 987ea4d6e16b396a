"""The "Film catalogue": every film in one filterable table, exported for press and scheduling teams.

Built with wagtail-modeladmin, whose index view gives filters, search, ordering and CSV/XLSX export
of exactly the filtered list; edit links open Wagtail's page editor.
"""

import datetime

from django.contrib.admin import SimpleListFilter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from core.exports import SafeSpreadsheetExportMixin
from core.links import live_url
from film.models import FilmPage, FilmPageTag, Partner
from film.streaming import Streaming


def short_date(value: datetime.date | None) -> SafeString | str:
    """A date as the list shows it, "Sep 27, 2011": one line in a column that fits beside eight others."""
    if value is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), date_format(value, "M j, Y"))


def date_column(field: str, label: str):
    """A list column showing the film's date ``field`` through short_date, sorted by the field."""

    def column(self, film: FilmPage) -> SafeString | str:
        return short_date(getattr(film, field))

    column.short_description = label
    column.admin_order_field = field
    return column


class TopicFilter(SimpleListFilter):
    title = "topic"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return FilmPageTag.tags_for_films(FilmPage.objects.all()).values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tagged_items__tag__slug=self.value())
        return queryset


class PartnerFilter(SimpleListFilter):
    title = "partner"
    parameter_name = "partner"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Partner.objects.values_list("pk", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(film_partners__partner_id=self.value())
        return queryset


class StreamingFilter(SimpleListFilter):
    title = "streaming status"
    parameter_name = "streaming"

    def lookups(self, request, model_admin):
        return Streaming.choices

    def queryset(self, request, queryset):
        if self.value() in Streaming.values:
            return queryset.streaming(Streaming(self.value()))
        return queryset


class CatalogueIndexView(SafeSpreadsheetExportMixin, IndexView):
    page_title = "Film catalogue"
    # XLSX and CSV side by side (Wagtail's own puts CSV in a drop-down under XLSX).
    export_buttons_template_name = "film/admin/catalogue_export_buttons.html"
    export_headings = {
        "title": "Title",
        "year": "Year",
        "premiere_date": "Premiere",
        "streaming_start": "Streaming start",
        "streaming_end": "Streaming end",
        "streaming": "Streaming status",
        "partners": "Partners",
        "status": "Live/draft",
        "last_updated": "Last updated",
        "runtime": "Runtime (minutes)",
        "topic_names": "Topics",
        "public_url": "Public URL",
    }


class FilmCatalogue(ModelAdmin):
    model = FilmPage
    index_view_class = CatalogueIndexView
    menu_label = "Film catalogue"
    menu_icon = "table"
    menu_order = 250
    # The dates through short_date (the export keeps the fields: real dates in spreadsheets).
    list_display = (
        "title",
        "year",
        "premiere",
        "streaming_from",
        "streaming_until",
        "streaming_state",
        "partners_in_list",
        "status",
        "updated",
    )
    list_filter = (TopicFilter, "year", PartnerFilter, StreamingFilter, "live")
    search_fields = ("title", "synopsis", "film_partners__partner__name", "filmmakers__name")
    ordering = ("-year", "title")
    list_per_page = 50
    index_view_extra_css = ["css/admin/catalogue.css"]
    list_export = (
        "title",
        "year",
        "premiere_date",
        "streaming_start",
        "streaming_end",
        "streaming",
        "partners",
        "status",
        "last_updated",
        "runtime",
        "topic_names",
        "public_url",
    )
    export_filename = "film-catalogue"
    # Blank, not "-": the exports go into other people's spreadsheets.
    empty_value_display = ""

    def get_queryset(self, request) -> QuerySet[FilmPage]:
        return (
            super()
            .get_queryset(request)
            .defer_streamfields()
            .prefetch_related("film_partners__partner", "tagged_items__tag")
        )

    premiere = date_column("premiere_date", "premiere date")
    streaming_from = date_column("streaming_start", "streaming start")
    streaming_until = date_column("streaming_end", "streaming end")

    def streaming(self, film: FilmPage) -> str:
        return film.streaming_status() or Streaming.NONE.label

    streaming.short_description = "streaming status"
    streaming.admin_order_field = "streaming_end"

    def streaming_state(self, film: FilmPage) -> str:
        # The list shows the dates beside it; the export's status spells them out.
        return film.streaming_state().label

    streaming_state.short_description = "streaming status"
    streaming_state.admin_order_field = "streaming_end"

    def partners(self, film: FilmPage) -> str:
        return ", ".join(link.partner.name for link in film.film_partners.all())

    def partners_in_list(self, film: FilmPage) -> SafeString:
        # Two lines at most in the list (catalogue.css); the title holds a list cut short.
        names = self.partners(film)
        return format_html('<span class="catalogue-clamp" title="{}">{}</span>', names, names)

    partners_in_list.short_description = "partners"

    def status(self, film: FilmPage) -> str:
        return film.status_string

    status.short_description = "live/draft"
    status.admin_order_field = "live"

    def last_updated(self, film: FilmPage) -> datetime.datetime | None:
        # Local wall-clock time to the minute, as the schedule is planned (exports drop time zones).
        if film.latest_revision_created_at is None:
            return None
        local = timezone.localtime(film.latest_revision_created_at)
        return timezone.make_naive(local).replace(second=0, microsecond=0)

    last_updated.admin_order_field = "latest_revision_created_at"

    def updated(self, film: FilmPage) -> SafeString | str:
        # The day and the time each on one line: the cell breaks between them, not inside.
        when = self.last_updated(film)
        if when is None:
            return ""
        return format_html(
            '<time datetime="{}"><span>{}</span> <span>{}</span></time>',
            when.isoformat(timespec="minutes"),
            date_format(when, "M j, Y"),
            date_format(when, "H:i"),
        )

    updated.short_description = "last updated"
    updated.admin_order_field = "latest_revision_created_at"

    def topic_names(self, film: FilmPage) -> str:
        return ", ".join(item.tag.name for item in film.tagged_items.all())

    topic_names.short_description = "topics"

    def public_url(self, film: FilmPage) -> str:
        return live_url(film)
