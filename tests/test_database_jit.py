"""PostgreSQL connections run without JIT compilation (site_config/settings/base.py says why)."""

import pytest

from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's"),
]


def show(setting: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        return cursor.fetchone()[0]


def test_postgresql_connections_compile_no_query_and_keep_their_statement_timeout():
    assert show("jit") == "off"
    # Sent in the same startup options: the statement timeout is still there beside it.
    assert show("statement_timeout") not in ("0", "")
