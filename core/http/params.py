"""Query-string values, checked by one rule per kind of parameter before any query sees them.

A value a rule refuses raises ``BadParameter`` (a ``ValueError``) with a sentence for the
visitor: the site's pages turn it into their 400 page, the API into a JSON 400. A repeated
parameter is read as its last value, as Django's ``QueryDict.get`` does.
"""

import re

from django.http import QueryDict

# NUL and the other C0 controls: no database column or search syntax wants them, and
# PostgreSQL refuses a NUL in any text outright.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Identifiers and offsets are 64-bit integers in the database (BigAutoField).
MAX_INTEGER = 2**63 - 1
MAX_TEXT_LENGTH = 200
# The most words one search looks for: each one is a clause the backends combine, and a
# pasted essay (150 words) exhausted Python's recursion limit in PostgreSQL's query builder.
MAX_SEARCH_TERMS = 32
SLUG = re.compile(r"[-\w]+")


class BadParameter(ValueError):
    def __init__(self, name: str, problem: str):
        self.name = name
        super().__init__(f"{name} {problem}")


def text(params: QueryDict, name: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """The value without surrounding spaces, "" if absent; no control characters, not too long."""
    value = params.get(name, "").strip()
    if CONTROL.search(value):
        raise BadParameter(name, "must not contain control characters")
    if len(value) > max_length:
        raise BadParameter(name, f"must be at most {max_length} characters long")
    return value


def slug(params: QueryDict, name: str) -> str:
    """A slug (letters in any script, digits, hyphens, underscores), or ""."""
    value = text(params, name)
    if value and not SLUG.fullmatch(value):
        raise BadParameter(name, "must be a slug: letters, digits and hyphens")
    return value


def integer(params: QueryDict, name: str, minimum: int = 0, maximum: int = MAX_INTEGER) -> int | None:
    """A whole number from ``minimum`` to ``maximum``, or None if absent or empty."""
    value = text(params, name)
    if not value:
        return None
    if not re.fullmatch(r"[+-]?[0-9]{1,19}", value) or not minimum <= int(value) <= maximum:
        raise BadParameter(name, f"must be a whole number from {minimum} to {maximum}")
    return int(value)


def choice(params: QueryDict, name: str, choices: tuple[str, ...]) -> str:
    value = text(params, name)
    if value and value not in choices:
        raise BadParameter(name, f"must be one of: {', '.join(choices)}")
    return value


def search_terms(params: QueryDict, name: str, max_terms: int = MAX_SEARCH_TERMS) -> str:
    """Words for a search backend: not too many, and quotes in pairs (SQLite's FTS5 fails on one)."""
    value = text(params, name)
    if len(value.split()) > max_terms:
        raise BadParameter(name, f"must have at most {max_terms} words")
    if value.count('"') % 2:
        raise BadParameter(name, 'has an unpaired quote (")')
    return value


def free_of_control_characters(params: QueryDict) -> None:
    """Every value of every parameter, repeated ones included, holds no control character."""
    for name, values in params.lists():
        if CONTROL.search(name) or any(CONTROL.search(value) for value in values):
            raise BadParameter(name.encode("unicode_escape").decode(), "must not contain control characters")
