"""Importing the back catalogue from CSV or JSON (docs/import.md): ``read_rows`` reads a file,
``Importer`` checks and saves its rows and returns a ``Report``."""

from .importer import CREATED, OUTCOMES, REFUSED, UNCHANGED, UPDATED, Importer, Refused, Report, RowResult
from .source import FIELDS, SourceError, SourceRow, read_rows

__all__ = [
    "CREATED",
    "FIELDS",
    "OUTCOMES",
    "REFUSED",
    "UNCHANGED",
    "UPDATED",
    "Importer",
    "Refused",
    "Report",
    "RowResult",
    "SourceError",
    "SourceRow",
    "read_rows",
]
