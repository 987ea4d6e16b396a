"""Wagtail's database backend on SQLite FTS5: the visible matches, ranked by bm25, in one query.

modelsearch orders SQLite results by a correlated subquery that reruns the MATCH for every
matching film (it compares the text object_id with the integer pk, so no index helps): that is
quadratic, 13 s for 1,800 matches among 10,000 films. The same MATCH and bm25() ranking as one
query over the FTS table takes milliseconds. It is built from the backend's own compiler, so the
matching is exactly the backend's.
"""

import re

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from wagtail.search.models import SQLiteFTSIndexEntry
from wagtail.search.query import MatchAll, Not, SearchQuery
from wagtail.search.utils import get_descendant_models

from . import with_text

WORD_CHARACTER = re.compile(r"\w")


def fts5_strings(text: str) -> str:
    """Words the backend may quote as FTS5 strings, whatever they hold.

    The backend puts each word (and phrase) between double quotes but leaves the text inside as
    given: an unpaired `"` ends the string early, a syntax error or live FTS5 syntax (`NEAR(`,
    `col:`, `*`) after it. A doubled `"` is FTS5's own escape inside a string. A "word" of
    punctuation only (`"`, `*`, `-`) holds no token, and would match nothing: it is dropped, as
    PostgreSQL's parser drops it.
    """
    return " ".join(word.replace('"', '""') for word in text.split() if WORD_CHARACTER.search(word))


def ranked_ids(
    backend, query: SearchQuery | str, films: QuerySet, *, autocomplete: bool, ranked: bool, limit: int | None
) -> list[int]:
    query = with_text(query, fts5_strings)
    if query is None:
        return []
    # Always ranked (`ranked` is ignored): the scores come with the match at little cost.
    run = backend.autocomplete if autocomplete else backend.search
    results = run(query, films, operator="and", order_by_relevance=False)
    # The backend's own query for the films among `films` that match (unordered, fast).
    matching = results.get_queryset().order_by()
    compiler = results.query_compiler
    normalized = normalize(compiler.query)
    if isinstance(normalized, MatchAll | Not):
        # Everything, or a negation (search/query.py builds neither): nothing to rank by.
        return list(matching.values_list("pk", flat=True)[:limit])
    match = MatchExpression(compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalized))
    score = compiler._build_rank_expression(compiler.get_search_vectors(), None)
    types = ContentType.objects.get_for_models(*get_descendant_models(films.model)).values()
    # The index keeps object ids as text. Restricting to the matching films (rather than to all of
    # `films`) keeps the subquery as small as the match: 3 ms rather than 20 at 10,000 films.
    shown = matching.annotate(text_pk=Cast("pk", CharField())).values("text_pk")
    scored = (
        SQLiteFTSIndexEntry.objects.filter(match, index_entry__content_type__in=types)
        .filter(index_entry__object_id__in=shown)
        .annotate(score=score)
        .values_list("index_entry__object_id", "score")
    )
    # bm25 is lower for better matches; ties newest first, as the backend orders them.
    best_first = sorted((score, -int(pk)) for pk, score in scored)
    return [-negated_pk for _score, negated_pk in best_first][:limit]
