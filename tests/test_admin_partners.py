"""Partners in the admin: a list with logos, search, and the films that show each partner."""

from urllib.parse import urlsplit

import pytest

from django.urls import reverse

from .admin_helpers import an_editor
from .html import soup, text_of

LIST = "wagtailsnippets_film_partner:list"


@pytest.fixture
def partners(make_film, make_partner, make_image):
    itvs = make_partner("ITVS", logo=make_image("ITVS logo", size=(400, 160)), url="https://itvs.org")
    caam = make_partner("CAAM")
    make_partner("Public Media Fund")
    lth = make_film("Last Train Home", partners=[(itvs, "in_association"), (caam, "co_presentation")])
    draft = make_film("Second Chair", publish=False, partners=[(itvs, "presented_by")])
    return {"ITVS": itvs, "CAAM": caam, "films": {"Last Train Home": lth, "Second Chair": draft}}


@pytest.fixture
def editor_client(client, db):
    client.force_login(an_editor())
    return client


def rows(response) -> dict[str, object]:
    """The list's rows by partner name."""
    page = soup(response)
    return {
        text_of(row.select_one("td a[href*='/edit/']")): row
        for row in page.select("table tbody tr")
        if row.select_one("td a[href*='/edit/']")
    }


def test_each_partner_is_listed_with_its_logo(editor_client, partners):
    table = rows(editor_client.get(reverse(LIST)))

    assert set(table) == {"ITVS", "CAAM", "Public Media Fund"}
    (logo,) = table["ITVS"].select("img")
    assert logo["alt"] == ""  # decorative: the name is in the next cell
    assert urlsplit(logo["src"]).path.startswith("/media/images/")
    assert table["CAAM"].select("img") == []


def test_the_list_shows_which_films_use_each_partner(editor_client, partners):
    table = rows(editor_client.get(reverse(LIST)))

    films = {text_of(link): link["href"] for link in table["ITVS"].select(".partner-films a")}
    assert films == {
        "Last Train Home": reverse(
            "wagtailadmin_pages:edit", args=(partners["films"]["Last Train Home"].pk,)
        ),
        "Second Chair": reverse("wagtailadmin_pages:edit", args=(partners["films"]["Second Chair"].pk,)),
    }
    assert "Second Chair (draft)" in text_of(table["ITVS"])
    assert "No films yet" in text_of(table["Public Media Fund"])
    (usage,) = [link for link in table["ITVS"].select("a") if text_of(link).startswith("Usage report")]
    assert usage["href"] == reverse("wagtailsnippets_film_partner:usage", args=(partners["ITVS"].pk,))


def test_the_usage_report_lists_the_films(editor_client, partners):
    response = editor_client.get(reverse("wagtailsnippets_film_partner:usage", args=(partners["CAAM"].pk,)))

    assert response.status_code == 200
    assert "Last Train Home" in text_of(soup(response).find("main"))


def test_partners_can_be_searched(editor_client, partners):
    assert set(rows(editor_client.get(reverse(LIST), {"q": "media"}))) == {"Public Media Fund"}


def test_the_list_costs_the_same_number_of_queries_for_more_partners(
    editor_client, partners, make_partner, make_film, django_assert_max_num_queries
):
    editor_client.get(reverse(LIST))  # warm caches (content types, permissions)
    with django_assert_max_num_queries(40) as baseline:
        editor_client.get(reverse(LIST))
    for n in range(5):
        make_film(f"Film {n}", partners=[(make_partner(f"Partner {n}"), "funded_by")])

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        editor_client.get(reverse(LIST))
