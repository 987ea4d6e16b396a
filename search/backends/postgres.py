"""Wagtail's database backend on PostgreSQL: matched and ranked (ts_rank) in one query."""

from django.db.models import QuerySet

from wagtail.search.query import SearchQuery


def ranked_ids(
    backend, query: SearchQuery | str, films: QuerySet, *, autocomplete: bool, ranked: bool, limit: int | None
) -> list[int]:
    run = backend.autocomplete if autocomplete else backend.search
    results = run(query, films, operator="and", order_by_relevance=ranked)
    # The results' own queryset (modelsearch's database backends): ids without loading films.
    matched = results.get_queryset()
    if not ranked:
        matched = matched.order_by()
    # `limit` is applied here, not in SQL: with a LIMIT, PostgreSQL walks the ranked entries and
    # joins each to a scan of every visible film, expecting to stop early (at 100,000 films an
    # autocomplete ran for minutes); without, it hash-joins them (under a second).
    return list(matched.values_list("pk", flat=True))[:limit]
