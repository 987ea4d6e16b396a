"""Search indexing held back while a batch (the import) saves films, then done in bulk.

Saving one imported film saves its page two or three times (the page, its revision, its
publication) and Wagtail indexes it after each save; ``deferred()`` makes those saves skip the
index in this thread only, and the batch adds its films in bulk afterwards (film/importing).
"""

import contextlib

from asgiref.local import Local

_state = Local()


@contextlib.contextmanager
def deferred():
    _state.deferred = True
    try:
        yield
    finally:
        _state.deferred = False


def is_deferred() -> bool:
    return getattr(_state, "deferred", False)
