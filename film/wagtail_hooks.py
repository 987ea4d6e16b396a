"""Admin: the Partners and Collections snippet views, the Film catalogue and Import films."""

from django.db.models import Prefetch
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from .admin.catalogue import FilmCatalogue
from .admin.importing import ImportView, can_import
from .models import FilmCollection, FilmPartner, Partner


class LogoColumn(Column):
    """The partner's logo as a thumbnail; decorative, the name is in the next column."""

    cell_template_name = "film/admin/partner_logo_cell.html"


class UsedByColumn(Column):
    """The films that show the partner, each linked to its editor, and Wagtail's usage report."""

    cell_template_name = "film/admin/partner_used_by_cell.html"

    def __init__(self, *args, usage_url_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.usage_url_name = usage_url_name

    def get_value(self, partner: Partner) -> list:
        return sorted((link.film for link in partner.film_links.all()), key=lambda film: film.title)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["usage_url"] = reverse(self.usage_url_name, args=[instance.pk])
        return context


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = "Partners"
    menu_order = 300
    add_to_admin_menu = True
    # No search_fields: the admin then searches Partner's own search index (autocomplete on the
    # name). Naming fields makes the SQLite search backend filter on FTS columns that don't exist.

    @property
    def list_display(self):
        return [
            "name",
            LogoColumn("logo", label="Logo", width="10rem"),
            UsedByColumn("films", label="Used by", usage_url_name=self.get_url_name("usage")),
            "url",
        ]

    def get_queryset(self, request):
        # The films' StreamFields are not needed for a title and a status.
        links = FilmPartner.objects.select_related("film").defer(
            "film__body", "film__pull_quote", "film__trailer"
        )
        return Partner.objects.select_related("logo").prefetch_related(Prefetch("film_links", queryset=links))


class FilmsCountColumn(Column):
    def get_value(self, collection: FilmCollection) -> int:
        return len(collection.items.all())


class FilmCollectionViewSet(SnippetViewSet):
    """Curated collections: a title, an intro and films in the editors' order (drag to reorder);
    “Feature on the home page” shows one there. Saving one refreshes the cached pages
    (PAGE_CACHE_INVALIDATING_MODELS)."""

    model = FilmCollection
    icon = "list-ul"
    menu_label = "Collections"
    menu_order = 310
    add_to_admin_menu = True
    list_filter = ["feature_on_home"]

    @property
    def list_display(self):
        return ["title", "feature_on_home", FilmsCountColumn("films", label="Films")]

    def get_queryset(self, request):
        return FilmCollection.objects.prefetch_related("items")


register_snippet(PartnerViewSet)
register_snippet(FilmCollectionViewSet)
modeladmin_register(FilmCatalogue)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("films/import/", ImportView.as_view(), name="film_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem("Import films", reverse("film_import"), icon_name="upload", order=250)
