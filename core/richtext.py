"""Rich text cleaned when it is saved, whatever wrote it: the editor, the ORM, an import, a restore.

The editor's converter already drops what its features do not allow, but anything else that
sets ``page.body`` or a ``RichTextField`` stored its HTML as given, and templates render rich
text as trusted markup. A ``pre_save`` receiver passes every rich text value (fields, and
``RichTextBlock`` values at any depth in a StreamField) through nh3 with an allowlist built
from that field's or block's editor features, in Wagtail's database format (``<a linktype=
"page" id="3">``, ``<embed embedtype="image" ...>``, ``data-block-key``): in a model's row, and
in a revision's content, so a draft or a preview that editors and moderators open is clean too.
"""

import json
from functools import cache

import nh3

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.signals import pre_save

from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Revision
from wagtail.rich_text import features as feature_registry

# What each editor feature stores (database format): tag -> attributes.
FEATURE_TAGS: dict[str, dict[str, set[str]]] = {
    "bold": {"b": set()},
    "italic": {"i": set()},
    "h2": {"h2": set()},
    "h3": {"h3": set()},
    "h4": {"h4": set()},
    "h5": {"h5": set()},
    "h6": {"h6": set()},
    "ol": {"ol": set(), "li": set()},
    "ul": {"ul": set(), "li": set()},
    "link": {"a": {"href", "linktype", "id"}},
    "document-link": {"a": {"linktype", "id"}},
    "hr": {"hr": set()},
    "code": {"code": set()},
    "superscript": {"sup": set()},
    "subscript": {"sub": set()},
    "strikethrough": {"s": set()},
    "blockquote": {"blockquote": set()},
    "image": {"embed": {"embedtype", "id", "format", "alt"}},
    "embed": {"embed": {"embedtype", "url"}},
}
ALWAYS = {"p": set(), "br": set()}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@cache
def allowlist(features: tuple[str, ...]) -> tuple[set[str], dict[str, set[str]]]:
    attributes: dict[str, set[str]] = {"*": {"data-block-key"}, **{tag: set() for tag in ALWAYS}}
    for feature in features:
        for tag, names in FEATURE_TAGS.get(feature, {}).items():
            attributes.setdefault(tag, set()).update(names)
    return set(attributes) - {"*"}, attributes


def sanitise(html: str, features: list[str] | None = None) -> str:
    """``html`` with only the tags and attributes that ``features`` (default: the editor's) allow."""
    if not html:
        return html
    tags, attributes = allowlist(tuple(features or feature_registry.get_default_features()))
    return nh3.clean(html, tags=tags, attributes=attributes, url_schemes=URL_SCHEMES, link_rel=None)


def _is_list_item(item) -> bool:
    return isinstance(item, dict) and item.get("type") == "item" and "value" in item


def clean_block(block: blocks.Block, raw):
    """A block's raw (JSON) value with every rich text inside it sanitised."""
    if isinstance(block, blocks.RichTextBlock) and isinstance(raw, str):
        return sanitise(raw, block.features)
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        return [
            {**item, "value": clean_block(block.child_blocks[item["type"]], item.get("value"))}
            if isinstance(item, dict) and item.get("type") in block.child_blocks
            else item
            for item in raw
        ]
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        return [
            {**item, "value": clean_block(block.child_block, item["value"])}
            if _is_list_item(item)
            else clean_block(block.child_block, item)
            for item in raw
        ]
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return {
            name: clean_block(block.child_blocks[name], value) if name in block.child_blocks else value
            for name, value in raw.items()
        }
    return raw


def clean_field_value(field, value):
    """A field's value with its rich text sanitised; ``value`` itself when there was nothing to clean.

    ``value`` as a model holds it, or as a revision stores it (a StreamField as JSON text).
    """
    if isinstance(field, RichTextField):
        cleaned = sanitise(value, field.features)
        return value if cleaned == value else cleaned
    if isinstance(field, StreamField):
        raw = value.get_prep_value() if hasattr(value, "get_prep_value") else value
        as_text = isinstance(raw, str)
        if as_text:
            try:
                raw = json.loads(raw)
            except ValueError:
                return value
        cleaned = clean_block(field.stream_block, raw)
        if cleaned == raw:
            return value
        return json.dumps(cleaned) if as_text else cleaned
    return value


def clean_serialized(model: type[Model], data: dict) -> dict:
    """A revision's content (``serializable_data()``) with the rich text of every field cleaned,
    in the page's fields and in its inline objects (a filmmaker's biography)."""
    cleaned = dict(data)
    for field in model._meta.concrete_fields:
        if field.name in data:
            cleaned[field.name] = clean_field_value(field, data[field.name])
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        if isinstance(data.get(name), list):
            cleaned[name] = [
                clean_serialized(relation.related_model, item) if isinstance(item, dict) else item
                for item in data[name]
            ]
    return cleaned


def sanitise_rich_text(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save: clean the rich text fields being saved, in place, and the content of a revision
    (a draft or a preview that editors and moderators see before it is published)."""
    if issubclass(sender, Revision):
        model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
        if model is not None and isinstance(instance.content, dict):
            instance.content = clean_serialized(model, instance.content)
        return
    for field in sender._meta.concrete_fields:
        if update_fields is not None and field.name not in update_fields:
            continue
        value = getattr(instance, field.attname)
        cleaned = clean_field_value(field, value)
        if cleaned is not value:
            setattr(instance, field.attname, cleaned)


def connect() -> None:
    pre_save.connect(sanitise_rich_text, dispatch_uid="core.richtext.sanitise")
