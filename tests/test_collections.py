"""Curated collections: a featured one shows on the home page with its visible films in the
editors' order; editing the snippet refreshes the cached home page."""

import pytest

from django.test import Client
from django.urls import reverse

from film.models import FilmCollection

from .admin_helpers import an_editor
from .factories import create_collection, create_film, create_film_in_state
from .html import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def films(film_index):
    public = {
        title: create_film(film_index, title) for title in ("Last Train Home", "The Long Water", "Salt")
    }
    public["Draft Film"] = create_film_in_state(film_index, "Draft Film", "draft")
    public["Private Film"] = create_film_in_state(film_index, "Private Film", "password")
    return public


def collection_sections(response) -> dict[str, list[str]]:
    """Each collection shown on the home page: its heading, and its films' titles in order."""
    page = soup(response)
    return {
        text_of(section.find("h2")): [text_of(title) for title in section.select(".film-card__title")]
        for section in page.select("section[aria-labelledby^=collection-]")
    }


def test_a_featured_collection_shows_its_visible_films_in_order_on_the_home_page(client, home_page, films):
    create_collection(
        "Stories of migration",
        [films[t] for t in ("The Long Water", "Draft Film", "Last Train Home", "Private Film")],
        intro="<p>Leaving home for work.</p>",
    )
    create_collection("Not featured", [films["Salt"]], feature_on_home=False)
    response = client.get("/")
    assert response.status_code == 200
    # Hidden films are skipped; the others keep the editors' order.
    assert collection_sections(response) == {"Stories of migration": ["The Long Water", "Last Train Home"]}
    page = soup(response)
    section = page.select_one("section[aria-labelledby^=collection-]")
    assert "Leaving home for work." in text_of(section)
    assert section.find("a", href="/films/the-long-water/") is not None
    html = response.content.decode()
    assert "Draft Film" not in html and "Private Film" not in html and "Not featured" not in html


def test_a_collection_with_no_visible_film_shows_no_empty_section(client, home_page, films):
    create_collection("Only hidden", [films["Draft Film"], films["Private Film"]])
    create_collection("Shown", [films["Salt"]])
    assert collection_sections(client.get("/")) == {"Shown": ["Salt"]}


def test_editing_a_collection_refreshes_the_cached_home_page(client, home_page, films):
    collection = create_collection("Stories of migration", [films["Salt"]])
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    collection.title = "Heritage month"
    collection.save()
    assert collection_sections(client.get("/")) == {"Heritage month": ["Salt"]}
    collection.feature_on_home = False
    collection.save()
    assert collection_sections(client.get("/")) == {}


def test_an_editor_reorders_a_collection_in_the_admin_and_the_home_page_follows(client, home_page, films):
    collection = create_collection("Stories of migration", [films["Salt"], films["Last Train Home"]])
    assert collection_sections(client.get("/")) == {"Stories of migration": ["Salt", "Last Train Home"]}
    editor = Client()  # the editor's own browser: the visitor's stays anonymous
    editor.force_login(an_editor())
    items = list(collection.items.all())
    data = {
        "title": "Stories of migration",
        "intro": '{"blocks": [], "entityMap": {}}',
        "feature_on_home": "on",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "2",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
    }
    for i, (item, order) in enumerate(zip(items, (2, 1), strict=True)):
        data |= {
            f"items-{i}-id": str(item.pk),
            f"items-{i}-film": str(item.film_id),
            f"items-{i}-ORDER": str(order),
        }
    url = reverse("wagtailsnippets_film_filmcollection:edit", args=[collection.pk])
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [item.film.title for item in FilmCollection.objects.get().items.all()] == [
        "Last Train Home",
        "Salt",
    ]
    assert collection_sections(client.get("/")) == {"Stories of migration": ["Last Train Home", "Salt"]}


def test_the_collections_list_shows_each_collection_to_editors(client, films):
    create_collection("Stories of migration", [films["Salt"], films["Last Train Home"]])
    create_collection("Heritage month", [films["Salt"]], feature_on_home=False)
    client.force_login(an_editor())
    response = client.get(reverse("wagtailsnippets_film_filmcollection:list"))
    assert response.status_code == 200
    rows = {text_of(row.select_one("td a")): text_of(row) for row in soup(response).select("table tbody tr")}
    assert set(rows) == {"Stories of migration", "Heritage month"}
    assert "2" in rows["Stories of migration"]
