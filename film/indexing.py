"""Search indexing held back while a batch saves films, then done in bulk.

Saving one imported film saves its page two or three times (the page, its revision, its
publication) and Wagtail indexes it after each save; ``deferred()`` makes those saves skip the
index in this thread only, and the batch adds its films in bulk afterwards (``add_bulk``: the
importer, film/importing; ``generate_films``).

Wagtail's database backend (modelsearch) is slow in bulk for three reasons, all avoided here
while its index rows stay exactly what its own ``add_items`` and ``update_index`` write
(tests/test_bulk_indexing.py compares them on SQLite and PostgreSQL):

- its document builder asks every search field for its value once per column it fills (five
  on PostgreSQL), so a film's StreamField words are read ten times; ``_Memo`` reads each once;
- on PostgreSQL each entry's vectors are Django expressions compiled one by one (a quarter of
  the time of a bulk write); here each shape of vector is compiled once and reused;
- and every write recomputes the title norms over the whole index (an average over every
  entry); ``add_bulk`` computes them once, after its last write.
"""

import contextlib
from collections.abc import Iterator

from asgiref.local import Local

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.sql.subqueries import InsertQuery

from wagtail.search.backends import get_search_backends

_state = Local()
BATCH = 1000  # entries per INSERT: each film's row has about 60 parameters


@contextlib.contextmanager
def deferred():
    _state.deferred = True
    try:
        yield
    finally:
        _state.deferred = False


def is_deferred() -> bool:
    return getattr(_state, "deferred", False)


def add_bulk(queryset: QuerySet, *, batch: int = BATCH, norms: str | None = "new") -> None:
    """Add the queryset's objects (of one model; e.g. ``FilmPage.get_indexed_objects()...``) to
    every auto-updated search backend, ``batch`` at a time, then update the title norms once:
    "new" the new entries' (as each backend write would), "all" every entry's (as
    ``update_index`` does: one rewrite of the whole index), None not yet (a later call will)."""
    model = queryset.model
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for backend in get_search_backends(with_auto_update=True):
        index = backend.get_index_for_model(model)
        write = _writer(index)
        for start in range(0, len(pks), batch):
            objects = list(queryset.filter(pk__in=pks[start : start + batch]).order_by("pk"))
            if write is None:
                backend.add_bulk(model, objects)
            else:
                write(index, model, objects)
        if write is not None and pks and norms:
            index._refresh_title_norms(full=norms == "all")


def _writer(index):
    """The bulk writer for modelsearch's database index on this vendor (None: the backend's own)."""
    vendor = type(index).__module__.removeprefix("modelsearch.backends.database.")
    return {"postgres.postgres": _write_postgres, "sqlite.sqlite": _write_sqlite}.get(vendor)


class _Memo:
    """Mixed into the backend's document builder: each field of each object (the film, its
    topics, filmmakers, partners) is read and prepared once, not once per column."""

    def prepare_field(self, obj, field) -> Iterator:
        prepared = self.__dict__.setdefault("_prepared", {})
        key = (id(obj), id(field))
        if key not in prepared:
            prepared[key] = list(super().prepare_field(obj, field))
        return iter(prepared[key])


def _write_sqlite(index, model, objects: list[Model]) -> None:
    """modelsearch's SQLiteIndex.add_items, without its title-norm update."""
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry, ObjectIndexer
    from modelsearch.utils import get_content_type_pk

    class Indexer(_Memo, ObjectIndexer):
        pass

    if not objects or not model.get_search_fields():
        return
    content_type = get_content_type_pk(model)
    documents = {}
    for obj in objects:
        indexer = Indexer(obj, index.backend)
        documents[indexer.id] = (indexer.title, indexer.autocomplete, indexer.body)
    entries = index.entries.filter(content_type_id=content_type)
    existing = set(entries.filter(object_id__in=documents).values_list("object_id", flat=True))
    for object_id in existing:
        title, autocomplete, body = documents[object_id]
        entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
    index.entries.bulk_create(
        IndexEntry(content_type_id=content_type, object_id=object_id, title=t, autocomplete=a, body=b)
        for object_id, (t, a, b) in documents.items()
        if object_id not in existing
    )


def _write_postgres(index, model, objects: list[Model]) -> None:
    """modelsearch's PostgresIndex.add_items, without its title-norm update, each vector's SQL
    compiled once per shape (how many texts, of which weights) instead of once per entry."""
    from modelsearch.backends.database.postgres.postgres import IndexEntry, ObjectIndexer
    from modelsearch.utils import get_content_type_pk

    connection = connections[router.db_for_write(IndexEntry)]
    compiler = InsertQuery(IndexEntry).get_compiler(connection=connection)
    compiled: dict[tuple, tuple[str, list]] = {}

    class Indexer(_Memo, ObjectIndexer):
        def as_vector(self, texts, for_autocomplete=False):
            # The backend's as_vector, compiled once for placeholder texts of the same weights;
            # each entry then only swaps its own texts into the parameters.
            texts = [(text.strip(), weight) for text, weight in texts]
            texts = [(text, weight) for text, weight in texts if text]
            shape = (for_autocomplete, tuple(weight for _text, weight in texts))
            if shape not in compiled:
                marks = [(f"\x00{n}\x00", weight) for n, (_text, weight) in enumerate(texts)]
                vector = super().as_vector(marks, for_autocomplete)
                value = compiler.prepare_value(IndexEntry._meta.get_field("title"), vector)
                compiled[shape] = value.as_sql(compiler, connection)
            sql, params = compiled[shape]
            own = {f"\x00{n}\x00": text for n, (text, _weight) in enumerate(texts)}
            return sql, [own.get(param, param) for param in params]

    if not objects or not model.get_search_fields():
        return
    content_type = get_content_type_pk(model)
    rows, parameters = [], []
    for obj in objects:
        indexer = Indexer(obj, index.backend)
        (title, title_params), (autocomplete, autocomplete_params), (body, body_params) = (
            indexer.title,
            indexer.autocomplete,
            indexer.body,
        )
        rows.append(f"(%s, %s, {title}, {autocomplete}, {body}, 1.0, %s, %s)")
        parameters += [content_type, indexer.id, *title_params, *autocomplete_params, *body_params]
        parameters += [indexer.title_text, indexer.body_text]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {IndexEntry._meta.db_table}
                (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
            (VALUES {", ".join(rows)})
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title,
                          title_norm = 1.0,
                          autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body,
                          title_text = EXCLUDED.title_text,
                          body_text = EXCLUDED.body_text
            """,
            parameters,
        )
