"""Ranked ids for a search: the one door between the site and the search engine.

Everything that knows how a backend works inside lives in this package, and nothing outside it
does; `search/service.py` sees lists of ids only.

* `sqlite.py`: Wagtail's database backend on SQLite FTS5, ranked in one query.
* `postgres.py`: Wagtail's database backend on PostgreSQL full text search.
* `cluster.py`: OpenSearch/Elasticsearch (or any other backend) through Wagtail's public API.
* `tuning.py`: the index tuning of search/migrations, and whether it is in place (search/checks.py).
"""

import json
from types import ModuleType

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from wagtail.search.backends import get_search_backend
from wagtail.search.query import SearchQuery


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
    backend = get_search_backend()
    return implementation().ranked_ids(
        backend, query, films, autocomplete=autocomplete, ranked=ranked, limit=limit
    )


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
