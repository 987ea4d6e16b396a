"""Bounds on waiting for the database, for code that runs on SQLite as well as PostgreSQL.

The PostgreSQL backend that enforces them is `core.database.base` (ENGINE "core.database");
on SQLite, a file on the same machine, there is no server to wait for and both are no-ops.
"""

from contextlib import AbstractContextManager, nullcontext

from django.db import connection


def statement_timeout(seconds: float) -> AbstractContextManager:
    """Statements in the block may run `seconds` (0: no limit), e.g. the admin's longer ones."""
    change = getattr(connection, "statement_timeout_of", None)
    return change(seconds) if change else nullcontext()


def within(seconds: float) -> AbstractContextManager:
    """Everything the block asks the database, connecting included, ends within `seconds`."""
    bound = getattr(connection, "within", None)
    return bound(seconds) if bound else nullcontext()
