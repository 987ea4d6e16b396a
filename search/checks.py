"""System checks: the search index tuning of search/migrations is in place.

Database checks run with `manage.py check --database default` and before `migrate`; the test
suite runs them too (tests/test_search_backends.py).
"""

from django.core.checks import Error, Tags, register

from .backends import tuning

HINT = (
    "Reapply the search app's migrations: `manage.py migrate --skip-checks search zero` then "
    "`manage.py migrate search` (see search/backends/tuning.py)."
)


@register(Tags.database)
def search_index_tuning(app_configs=None, databases=None, **kwargs) -> list[Error]:
    if not databases or "default" not in databases:
        return []
    return [Error(message, hint=HINT, id=check_id) for check_id, message in tuning.problems()]
