"""Privacy is Wagtail's own check, asked on every uncached request and inside every listing's query.

Restrictions written the ways that send no signal (bulk_create, QuerySet.update) or that the
page-cache version would miss are seen by the next visitor with a session (whom the page
cache never serves) at once: on the page, in the film index and in search.
"""

import pytest

from django.db import connection

from wagtail.models import PageViewRestriction

from core.cache import signed_in

from .html import soup
from .test_faults import REDIS_DOWN
from .test_visibility_matrix import in_the_film_index, links_to, section


@pytest.fixture
def session_client(client, django_user_model):
    """A signed-in visitor with no rights in the admin: the page cache never answers them, so
    each of their requests meets the restrictions in the database as they are now."""
    reader = django_user_model.objects.create_user("reader", password="x" * 20)
    client.force_login(reader)
    client.cookies[signed_in.COOKIE_NAME] = signed_in.marker(reader)  # as signing in sets it
    return client


@pytest.fixture
def kestrel(make_film):
    return make_film("Kestrelbulk", slug="kestrel", synopsis="Kestrelbulk: the synopsis.")


def listed(client, film) -> dict[str, bool]:
    return {
        "index": in_the_film_index(client, film),
        "search": links_to(section(client, "/search/", ".search-results", q="Kestrelbulk"), film),
    }


def test_a_restriction_made_by_bulk_create_answers_the_next_session_visitor_with_the_password_form(
    session_client, kestrel
):
    # The visitor has read the film and its listings (so anything cacheable is cached).
    assert "Kestrelbulk: the synopsis." in session_client.get("/films/kestrel/").content.decode()
    assert listed(session_client, kestrel) == {"index": True, "search": True}

    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=kestrel, restriction_type=PageViewRestriction.PASSWORD, password="pw")]
    )

    response = session_client.get("/films/kestrel/")
    assert response.status_code == 200
    assert soup(response).find("input", attrs={"name": "password"}) is not None
    assert "Kestrelbulk: the synopsis." not in response.content.decode()
    assert listed(session_client, kestrel) == {"index": False, "search": False}


def test_a_restriction_moved_by_queryset_update_or_removed_by_raw_sql_or_delete_is_seen_at_once(
    session_client, kestrel, make_film, restrict
):
    other = make_film("Other", slug="other")
    restriction = restrict(other)
    assert listed(session_client, kestrel) == {"index": True, "search": True}

    PageViewRestriction.objects.filter(pk=restriction.pk).update(page=kestrel)
    assert soup(session_client.get("/films/kestrel/")).find("input", attrs={"name": "password"})
    assert listed(session_client, kestrel) == {"index": False, "search": False}
    assert in_the_film_index(session_client, other)

    with connection.cursor() as cursor:  # as a data migration or a script might
        cursor.execute(f"DELETE FROM {PageViewRestriction._meta.db_table}")
    assert "Kestrelbulk: the synopsis." in session_client.get("/films/kestrel/").content.decode()
    assert listed(session_client, kestrel) == {"index": True, "search": True}

    restrict(kestrel)
    assert listed(session_client, kestrel) == {"index": False, "search": False}
    PageViewRestriction.objects.filter(page=kestrel).delete()
    assert listed(session_client, kestrel) == {"index": True, "search": True}


def test_a_restriction_made_while_the_cache_is_down_is_seen_when_it_is_back(session_client, kestrel):
    assert "Kestrelbulk: the synopsis." in session_client.get("/films/kestrel/").content.decode()
    assert listed(session_client, kestrel) == {"index": True, "search": True}
    with REDIS_DOWN:  # the signal's version bump is lost
        PageViewRestriction.objects.create(
            page=kestrel, restriction_type=PageViewRestriction.PASSWORD, password="pw"
        )
    response = session_client.get("/films/kestrel/")
    assert soup(response).find("input", attrs={"name": "password"}) is not None
    assert "Kestrelbulk: the synopsis." not in response.content.decode()
    assert listed(session_client, kestrel) == {"index": False, "search": False}
