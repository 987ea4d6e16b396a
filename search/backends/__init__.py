"""Ranked ids for a search: the one door between the site and the search engine.

Everything that knows how a backend works inside lives in this package, and nothing outside it
does; `search/service.py` sees lists of ids only.

* `sqlite.py`: Wagtail's database backend on SQLite FTS5, ranked in one query.
* `postgres.py`: Wagtail's database backend on PostgreSQL full text search.
* `cluster.py`: OpenSearch/Elasticsearch (or any other backend) through Wagtail's public API.
* `tuning.py`: the index tuning of search/migrations, and whether it is in place (search/checks.py).
"""

import json
from collections.abc import Callable
from types import ModuleType

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText, SearchQuery


class SearchUnavailable(Exception):
    """An external search service (OpenSearch/Elasticsearch) did not answer."""


def ranked_ids(
    query: SearchQuery | str,
    films: QuerySet,
    *,
    autocomplete: bool = False,
    ranked: bool = True,
    limit: int | None = None,
) -> list[int]:
    """Ids of the films in `films` that match every word of `query`, best match first.

    `autocomplete` matches the last word as a prefix; `ranked=False` lets a backend skip the
    ranking where that costs (the order is then arbitrary); `limit` keeps the best few.
    Raises SearchUnavailable when a search service does not answer.
    """
    # A NUL ends a string for SQLite and is refused by PostgreSQL: between words it is a space.
    query = with_text(query, lambda text: text.replace("\x00", " "))
    if query is None:
        return []
    backend = get_search_backend()
    return implementation().ranked_ids(
        backend, query, films, autocomplete=autocomplete, ranked=ranked, limit=limit
    )


def with_text(query: SearchQuery | str, clean: Callable[[str], str]) -> SearchQuery | None:
    """``query`` (text is all words, as the backends read it) with ``clean`` applied to the text of
    each of its words and phrases; None when no word is left in it."""
    if isinstance(query, str):
        query = PlainText(query, operator="and")
    if isinstance(query, PlainText | Phrase | Fuzzy):
        text = clean(query.query_string)
        if not text.split():
            return None
        if isinstance(query, PlainText):
            return PlainText(text, operator=query.operator, boost=query.boost)
        if isinstance(query, Fuzzy):
            return Fuzzy(text, operator=query.operator, unaccent=query.unaccent)
        return Phrase(text)
    if isinstance(query, And | Or):
        parts = [part for part in (with_text(sub, clean) for sub in query.subqueries) if part is not None]
        return type(query)(parts) if parts else None
    if isinstance(query, Not | Boost):
        inner = with_text(query.subquery, clean)
        if inner is None:
            return None
        return Not(inner) if isinstance(query, Not) else Boost(inner, query.boost)
    return query  # MatchAll


def configured() -> str:
    """Which module answers searches: "sqlite", "postgresql" or "cluster", from the settings.

    By the configured backend path and the database vendor, not by backend class names: the
    SQLite backend's modules cannot even be imported on PostgreSQL.
    """
    path = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
    if path.rsplit(".", 1)[-1] == "database" and connection.vendor in ("sqlite", "postgresql"):
        return connection.vendor
    return "cluster"


def implementation() -> ModuleType:
    # Imported on use: each module imports its own backend's internals.
    kind = configured()
    if kind == "sqlite":
        from . import sqlite

        return sqlite
    if kind == "postgresql":
        from . import postgres

        return postgres
    from . import cluster

    return cluster


def among(ids: list[int]) -> Q:
    """`pk IN ids` for a list as long as the catalogue, as one parameter."""
    if connection.vendor == "postgresql":
        # As an array literal: psycopg would adapt a list item by item, in Python, for every use.
        literal = "{" + ",".join(map(str, ids)) + "}"
        return Q(pk__in=RawSQL("SELECT unnest(%s::integer[])", [literal]))
    if connection.vendor == "sqlite":
        # SQLite allows at most 32,766 parameters in a statement; a JSON array is one.
        return Q(pk__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)]))
    return Q(pk__in=ids)
