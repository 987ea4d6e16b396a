"""Every private or overridden Wagtail/Django/modelsearch name the project relies on, pinned.

An upgrade that renames a private attribute or changes a signature the project overrides or
calls would otherwise fail somewhere later (or not at all: a renamed hook is simply never
called). Each failure here names the seam and the project file that uses it; update both.
"""

import inspect

import psycopg
import pytest
from csp.middleware import CSPMiddleware, PolicyParts
from rest_framework.filters import BaseFilterBackend

from django.core.serializers import json as django_json
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLWrapper
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from modelcluster.forms import BaseChildFormSet
from wagtail import blocks
from wagtail.admin.panels import MultipleChooserPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.edit import EditView
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.blocks.base import BlockField
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Filter,
    Picture,
    ResponsiveImage,
    SourceImageIOError,
)
from wagtail.images.templatetags import wagtailimages_tags
from wagtail.models import Page, PreviewableMixin, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import BaseSearchBackend
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from core.backup.serialization import ExactJSONEncoder, Serializer
from core.editing import EditPageView
from film.models import FilmPage
from film.templatetags.strand_images import PictureNode, ResponsiveImageNode


def qualified(owner) -> str:
    return owner.__name__ if inspect.ismodule(owner) else f"{owner.__module__}.{owner.__qualname__}"


def parameters(function) -> str:
    """A signature as written, without annotations: "self, request, *args, **kwargs"."""
    signature = inspect.signature(function)
    return ", ".join(str(p.replace(annotation=p.empty)) for p in signature.parameters.values())


# (owner, name, the parameters the project expects, where the project overrides or calls it)
SIGNATURES = [
    # Template nodes subclassed by {% srcset_image %} and {% picture %}
    (
        wagtailimages_tags.SrcsetImageNode,
        "__init__",
        "self, image_expr, filter_specs, output_var_name=None, attrs=None",
        "film/templatetags/strand_images.py responsive_image_tag()",
    ),
    (
        wagtailimages_tags.SrcsetImageNode,
        "validate_image",
        "self, context",
        "strand_images.py ResponsiveImageNode.render",
    ),
    (
        wagtailimages_tags.SrcsetImageNode,
        "render",
        "self, context",
        "strand_images.py ResponsiveImageNode.render",
    ),
    (wagtailimages_tags, "image", "parser, token", "strand_images.py responsive_image_tag() parses with it"),
    (
        ResponsiveImage,
        "__init__",
        "self, renditions, attrs=None",
        "strand_images.py ResponsiveImageNode.render",
    ),
    (ResponsiveImage, "get_width_srcset", "renditions_list", "strand_images.py UniqueWidthsMixin"),
    (Picture, "get_width_srcset", "renditions_list", "strand_images.py UniqueWidthsMixin"),
    (AbstractImage, "get_renditions", "self, *filters", "core/renditions.py renditions, draw_renditions"),
    (AbstractImage, "find_existing_renditions", "self, *filters", "core/renditions.py renditions"),
    (AbstractImage, "_get_prefetched_renditions", "self", "core/renditions.py _largest_existing"),
    (
        AbstractRendition,
        "construct_cache_key",
        "image, filter_cache_key, filter_spec",
        "core/renditions.py prefetch (Wagtail's rendition cache keys)",
    ),
    # Page methods overridden
    (Page, "route", "self, request, path_components", "home/models.py HomePage.route"),
    (Page, "serve", "self, request, *args, **kwargs", "core/pages.py CachedPageMixin.serve"),
    (Page, "get_context", "self, request, *args, **kwargs", "core/pages.py CachedPageMixin.get_context"),
    (Page, "get_view_restrictions", "self", "core/pages.py CachedPageMixin.get_view_restrictions"),
    (Page, "clean", "self", "film/models/pages.py FilmPage.clean"),
    (Page, "get_indexed_objects", "", "film/models/pages.py FilmPage.get_indexed_objects"),
    # Private helpers called
    (Page, "_str2int", "num", "tools/bench/management/commands/generate_films.py (treebeard paths)"),
    (
        QuerySet,
        "_insert",
        "self, objs, fields, returning_fields=None, raw=False, using=None, on_conflict=None, "
        "update_fields=None, unique_fields=None",
        "tools/bench/management/commands/generate_films.py (the films' own rows, batched)",
    ),
    (HttpRequest, "_get_raw_host", "self", "core/cache/lookups.py site_for_request"),
    (django_json.Serializer, "_init_options", "self", "core/backup/serialization.py Serializer"),
    (AbstractImage, "_set_image_file_metadata", "self", "home/management/commands/load_demo.py"),
    (AbstractDocument, "_set_document_file_metadata", "self", "home/management/commands/load_demo.py"),
    (Site, "find_for_request", "request", "core/cache/lookups.py site_for_request"),
    # Admin, API and middleware hooks overridden
    (BaseChildFormSet, "add_fields", "self, form, index", "film/admin/panels.py FilmPartnerFormSet"),
    (BaseChildFormSet, "clean", "self, *args, **kwargs", "film/admin/panels.py FilmPartnerFormSet.clean"),
    (MultipleChooserPanel, "get_form_options", "self", "film/admin/panels.py FilmPartnersPanel"),
    (
        Column,
        "__init__",
        "self, name, label=None, accessor=None, classname=None, sort_key=None, width=None, "
        "ascending_title_text=None, descending_title_text=None",
        "film/wagtail_hooks.py UsedByColumn",
    ),
    (Column, "get_value", "self, instance", "film/wagtail_hooks.py UsedByColumn"),
    (Column, "get_cell_context_data", "self, instance, parent_context", "film/wagtail_hooks.py UsedByColumn"),
    (ModelAdmin, "get_queryset", "self, request", "film/admin/catalogue.py FilmCatalogue.get_queryset"),
    (PagesAPIViewSet, "get_queryset", "self", "film/publishing/api.py FilmsAPIViewSet.get_queryset"),
    (PagesAPIViewSet, "get_base_queryset", "self", "film/publishing/api.py FilmsAPIViewSet.get_queryset"),
    (
        BaseFilterBackend,
        "filter_queryset",
        "self, request, queryset, view",
        "film/publishing/api.py FilmFilter",
    ),
    (
        CSPMiddleware,
        "get_policy_parts",
        "self, request, response, report_only=False",
        "core/http/middleware.py ContentSecurityPolicyMiddleware",
    ),
    # The PostgreSQL backend with a deadline (core/database/base.py)
    (psycopg.Connection, "wait", "self, gen, interval=0.1, timeout=None", "core/database/base.py"),
    (PostgreSQLWrapper, "get_connection_params", "self", "core/database/base.py DatabaseWrapper"),
    (PostgreSQLWrapper, "get_new_connection", "self, conn_params", "core/database/base.py DatabaseWrapper"),
    (PostgreSQLWrapper, "is_usable", "self", "core/database/base.py DatabaseWrapper.is_usable"),
    # The page editor (core/editing.py)
    (EditView, "form_valid", "self, form", "core/editing.py EditPageView.form_valid"),
    (EditView, "form_invalid", "self, form", "core/editing.py EditPageView.form_invalid"),
    (BlockField, "has_changed", "self, initial_value, data_value", "core/editing.py content_changed"),
    # Blocks subclassed
    (
        blocks.StructBlock,
        "__init__",
        "self, local_blocks=None, search_index=True, **kwargs",
        "film/blocks/video.py",
    ),
    (blocks.StructBlock, "clean", "self, value", "film/blocks/video.py VideoBlock.clean"),
    # The search engine (search/backends)
    (
        BaseSearchBackend,
        "search",
        "self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True",
        "search/backends/*.py ranked_ids",
    ),
    (
        BaseSearchBackend,
        "autocomplete",
        "self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True",
        "search/backends/*.py ranked_ids",
    ),
]


@pytest.mark.parametrize(
    "owner, name, expected, used_in",
    SIGNATURES,
    ids=[f"{getattr(owner, '__qualname__', owner.__name__)}.{name}" for owner, name, *_ in SIGNATURES],
)
def test_the_signature_the_project_relies_on_is_unchanged(owner, name, expected, used_in):
    seam = f"{qualified(owner)}.{name}"
    assert hasattr(owner, name), f"{seam} is gone; {used_in} relies on it"
    found = parameters(getattr(owner, name))
    assert found == expected, f"{seam} changed: ({found}), not ({expected}); check {used_in}"


def test_classmethods_and_properties_the_project_overrides_keep_their_kind():
    for owner in (ResponsiveImage, Picture):
        kind = type(inspect.getattr_static(owner, "get_width_srcset"))
        assert kind is classmethod, (
            f"{owner.__name__}.get_width_srcset is a {kind.__name__} (strand_images.py)"
        )
    assert isinstance(inspect.getattr_static(blocks.Block, "required"), property), (
        "wagtail.blocks.Block.required is no longer a property (film/blocks/video.py VideoBlock.required)"
    )
    assert type(inspect.getattr_static(Page, "get_indexed_objects")) is classmethod, (
        "Page.get_indexed_objects is no longer a classmethod (film/models/pages.py FilmPage)"
    )


def test_the_parsed_image_tag_node_has_the_attributes_the_project_reads():
    template = Template("{% load strand_images %}{% picture image hero.page alt='A' %}")
    node = template.nodelist[-1]
    assert isinstance(node, PictureNode) and isinstance(node, ResponsiveImageNode)
    for attribute in ("image_expr", "filter_specs", "output_var_name", "attrs"):
        assert hasattr(node, attribute), f"SrcsetImageNode.{attribute} is gone (strand_images.py render)"
    assert node.render(Context({"image": None})) == ""  # validate_image still answers "no image"
    assert issubclass(SourceImageIOError, Exception), "strand_images.py catches SourceImageIOError"


@pytest.mark.django_db
def test_an_images_prefetched_renditions_are_all_wagtail_looks_at(make_image, django_assert_num_queries):
    # core/renditions.py prefetch sets `prefetched_renditions` for a page's images in one query.
    image = make_image("Still")
    existing = image.get_rendition("width-40")
    image = type(image).objects.get(pk=image.pk)
    image.prefetched_renditions = [existing]
    with django_assert_num_queries(0):
        found = image.find_existing_renditions(Filter("width-40"), Filter("width-20"))
    assert list(found.values()) == [existing], "find_existing_renditions ignores prefetched_renditions"


@pytest.mark.django_db
def test_a_site_put_on_request_wagtail_site_is_the_one_wagtail_uses(django_assert_num_queries):
    # core/cache/lookups.py SiteMiddleware sets request._wagtail_site so routing needs no query.
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/", HTTP_HOST="elsewhere.example")
    request._wagtail_site = site
    with django_assert_num_queries(0):
        found = Site.find_for_request(request)
    assert found is site, (
        "Site.find_for_request no longer reads request._wagtail_site (core/cache/lookups.py)"
    )
    assert (
        RequestFactory().get("/", HTTP_HOST="elsewhere.example:8000")._get_raw_host()
        == "elsewhere.example:8000"
    )


def test_preview_requests_still_carry_the_flags_the_project_reads():
    # core/http/middleware.py reads request.is_dummy; core/pages.py reads request.is_preview.
    source = inspect.getsource(PreviewableMixin.make_preview_request)
    assert "request.is_dummy = True" in source, (
        "Wagtail's dummy request lost is_dummy (core/http/middleware.py)"
    )
    assert "request.is_preview = True" in source, "Wagtail's preview request lost is_preview (core/pages.py)"


def test_the_json_serializer_still_takes_its_encoder_from_json_kwargs():
    serializer = Serializer()
    serializer.serialize([])
    assert serializer.json_kwargs["cls"] is ExactJSONEncoder, (
        "django.core.serializers.json.Serializer._init_options no longer sets json_kwargs "
        "(core/backup/serialization.py)"
    )


def test_class_attributes_the_project_extends_still_exist():
    for owner, name, used_in in [
        (PagesAPIViewSet, "filter_backends", "film/publishing/api.py FilmsAPIViewSet"),
        (PagesAPIViewSet, "known_query_parameters", "film/publishing/api.py FilmsAPIViewSet"),
        (PagesAPIViewSet, "listing_default_fields", "film/publishing/api.py FilmsAPIViewSet"),
        (IndexView, "export_headings", "film/admin/catalogue.py CatalogueIndexView"),
        (ModelAdmin, "index_view_class", "film/admin/catalogue.py FilmCatalogue"),
        (Column, "cell_template_name", "film/wagtail_hooks.py LogoColumn, UsedByColumn"),
    ]:
        assert hasattr(owner, name), f"{owner.__module__}.{owner.__qualname__}.{name} is gone ({used_in})"
    assert "config" in PolicyParts.__dataclass_fields__, (
        "csp PolicyParts.config is gone (core/http/middleware.py)"
    )


# modelsearch internals, used only in search/backends


@pytest.mark.django_db
def test_search_results_still_expose_their_compiler_and_queryset():
    results = get_search_backend().search("harbour", FilmPage.objects.all(), operator="and")
    where = "search/backends/sqlite.py and postgres.py"
    assert hasattr(results, "query_compiler"), f"modelsearch results lost .query_compiler ({where})"
    assert parameters(type(results).get_queryset) == "self", (
        f"modelsearch results.get_queryset changed ({where})"
    )
    assert hasattr(results.query_compiler, "query"), f"modelsearch compiler lost .query ({where})"


def test_the_database_index_internals_that_bulk_indexing_builds_on():
    # film/indexing.py: the backend's document builder (its fields memoised, its vectors compiled
    # once per shape) and its title-norm update, called once after a bulk write. Each vendor's
    # module can only be imported on its own database.
    where = "film/indexing.py"
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import ObjectIndexer, PostgresIndex

        Index = PostgresIndex
        assert parameters(ObjectIndexer.as_vector) == "self, texts, for_autocomplete=False", where
        columns = ("id", "title", "autocomplete", "body", "title_text", "body_text")
    else:
        from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer, SQLiteIndex

        Index = SQLiteIndex
        columns = ("id", "title", "autocomplete", "body")
    assert parameters(ObjectIndexer.__init__) == "self, obj, backend", (
        f"{qualified(ObjectIndexer)} changed ({where})"
    )
    assert parameters(ObjectIndexer.prepare_field) == "self, obj, field", (
        f"{qualified(ObjectIndexer)} changed ({where})"
    )
    for column in columns:
        assert hasattr(ObjectIndexer, column), f"{qualified(ObjectIndexer)} lost .{column} ({where})"
    assert parameters(Index._refresh_title_norms) == "self, full=False", (
        f"{qualified(Index)} changed ({where})"
    )
    assert parameters(Index.add_items) == "self, model, objs", f"{qualified(Index)} changed ({where})"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="modelsearch's SQLite backend")
def test_the_sqlite_compiler_internals_that_rank_in_one_query():
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchQueryCompiler,
    )

    from wagtail.search.models import SQLiteFTSIndexEntry

    where = "search/backends/sqlite.py ranked_ids"
    for owner, name, expected in [
        (MatchExpression, "__init__", "self, columns, query"),
        (SQLiteSearchQueryCompiler, "build_search_query", "self, query, config=None"),
        (SQLiteSearchQueryCompiler, "get_search_vectors", "self"),
        (SQLiteSearchQueryCompiler, "_build_rank_expression", "self, vectors, config"),
    ]:
        seam = f"{owner.__module__}.{owner.__qualname__}.{name}"
        assert hasattr(owner, name), f"{seam} is gone ({where})"
        assert parameters(getattr(owner, name)) == expected, f"{seam} changed ({where})"
    assert parameters(normalize) == "search_query", f"modelsearch sqlite normalize() changed ({where})"
    assert SQLiteSearchQueryCompiler.FTS_TABLE_FIELDS == ["title", "body"], f"FTS columns changed ({where})"
    assert SQLiteAutocompleteQueryCompiler.FTS_TABLE_FIELDS == ["autocomplete"], (
        f"FTS columns changed ({where})"
    )
    assert SQLiteFTSIndexEntry._meta.get_field("index_entry"), (
        f"SQLiteFTSIndexEntry.index_entry is gone ({where})"
    )


@pytest.mark.django_db
def test_the_page_editor_viewset_serves_every_page_types_edit_view(admin_client, film_index):
    # core/wagtail_hooks.py registers it for Page after Wagtail's default (hook order -1).
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(film_index.pk,)))
    assert response.status_code == 200
    assert isinstance(response.context["view"], EditPageView), (
        "Wagtail's edit URL no longer reaches core/editing.py EditPageView (page_viewset_registry)"
    )
