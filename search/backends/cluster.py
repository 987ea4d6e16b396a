"""OpenSearch/Elasticsearch, or any backend without a module of its own: Wagtail's public search API.

The cluster ranks and returns ids; the films come from `films`, so only those are ever returned.
"""

import logging

from django.db import DatabaseError
from django.db.models import QuerySet

from wagtail.search.query import SearchQuery

from . import SearchUnavailable

logger = logging.getLogger(__name__)


def ranked_ids(
    backend, query: SearchQuery | str, films: QuerySet, *, autocomplete: bool, ranked: bool, limit: int | None
) -> list[int]:
    # Always by relevance (`ranked` is ignored): ordering by a database field needs that field
    # indexed in the cluster, and ranking is what the cluster does anyway.
    run = backend.autocomplete if autocomplete else backend.search
    try:
        results = run(query, films.only("pk"), operator="and")
        if limit is not None:
            results = results[:limit]
        return [film.pk for film in results]
    except DatabaseError:
        raise
    except Exception as error:  # each client library has its own connection and transport errors
        logger.exception("The search backend failed")
        raise SearchUnavailable from error
