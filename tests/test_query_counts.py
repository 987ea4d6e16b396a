"""SQL queries per page stay the same however much content a page or the site holds.

Each page is requested once (so image renditions exist, as they do in production), then
the page cache is invalidated and the page rendered again while counting queries.
"""

import datetime
import io
import re

import pytest

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.cache.store import bump_version
from film.models import FilmPage, FilmPageTag

from . import queues
from .factories import create_collection, create_film, create_image, create_partner, create_season

pytestmark = pytest.mark.django_db

# 17 since upcoming films are ranked from the earliest premieres and broadcasts (two queries that
# walk a date index) instead of over every dated film.
MAX_QUERIES = 17
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def queries_for(client, url: str) -> int:
    assert client.get(url).status_code == 200
    bump_version()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    return len(context)


def film_body(blocks: int, images: list) -> list:
    """A body cycling through every block kind, spreading the given images over it."""
    image_ids = iter([image.pk for image in images] * blocks)
    kinds = [
        lambda n: ("heading", {"text": f"Section {n}", "level": "h2"}),
        lambda n: ("rich_text", f"<p>Paragraph {n}</p>"),
        lambda n: ("video", {"title": f"Clip {n}", "url": YOUTUBE, "poster": next(image_ids, None)}),
        lambda n: ("quote", {"text": f"Quote {n}", "critic": "A. Critic", "publication": "Paper"}),
        lambda n: (
            "interview",
            {
                "name": f"Person {n}",
                "photo": next(image_ids, None),
                "questions": [{"question": "Why?", "answer": "<p>Because.</p>"}],
            },
        ),
        lambda n: ("update", {"date": "2012-10-01", "headline": f"Update {n}", "body": "<p>News.</p>"}),
        lambda n: (
            "image",
            {"image": {"image": next(image_ids), "decorative": False, "alt_text": "A still"}, "caption": ""},
        ),
    ]
    return [kinds[n % len(kinds)](n) for n in range(blocks)]


def make_rich_film(make_film, slug: str, blocks: int, partners: int, images: int):
    pictures = [create_image(f"{slug} still {n}") for n in range(images)]
    logos = [
        create_partner(f"{slug} partner {n}", logo=create_image(f"{slug} logo {n}")) for n in range(partners)
    ]
    roles = ["in_association", "co_presentation", "funded_by"]
    return make_film(
        slug,
        slug=slug,
        hero_image=create_image(f"{slug} hero", description="A hero image"),
        body=film_body(blocks, pictures),
        partners=[(partner, roles[n % len(roles)]) for n, partner in enumerate(logos)],
        broadcasts=[datetime.date(2030, 1, 1)],
        filmmakers=[{"name": "Lixin Fan", "bio": "<p>Bio</p>"}],
    )


def test_film_page_queries_do_not_grow_with_blocks_partners_or_images(client, make_film):
    # Queries are one per kind of thing, so the small film has every kind once: seven
    # blocks and an image for each place images go (poster, portrait, still).
    make_rich_film(make_film, "small", blocks=7, partners=1, images=3)
    make_rich_film(make_film, "large", blocks=50, partners=10, images=20)
    small = queries_for(client, "/films/small/")
    large = queries_for(client, "/films/large/")
    assert small == large
    assert large <= MAX_QUERIES


def listing_queries(client, topic: str, year: int) -> dict[str, int]:
    urls = ["/", "/films/", f"/films/?topic={topic}&page=1", f"/films/?year={year}", "/films/small/"]
    counts = {url: queries_for(client, url) for url in urls}
    # Search results are never page-cached; count it right after a publish, as the others.
    client.get("/search/?q=film")
    bump_version()
    with CaptureQueriesContext(connection) as context:
        assert client.get("/search/?q=film").status_code == 200
    counts["/search/?q=film"] = len(context)
    return counts


def test_listing_and_film_page_queries_do_not_grow_with_the_number_of_films(client, make_film):
    make_rich_film(make_film, "small", blocks=7, partners=1, images=3)
    call_command("generate_films", 10, stdout=io.StringIO())
    topic = FilmPageTag.objects.first().tag.slug
    year = FilmPage.objects.filter(slug__startswith="generated-").first().year
    ten = listing_queries(client, topic, year)
    call_command("generate_films", 190, "--seed=2", stdout=io.StringIO())
    two_hundred = listing_queries(client, topic, year)
    assert ten == two_hundred
    assert max(two_hundred.values()) <= MAX_QUERIES, two_hundred
    # The counts are of films a visitor can see, as before the lists were kept in the cache.
    page = client.get("/films/").content.decode()
    assert "201 films" in page, page


def add_scheduled_films(make_film, first: int, count: int) -> None:
    """Films with a timed premiere and an untimed encore ahead, over the next weeks."""
    soon = datetime.date.today() + datetime.timedelta(days=2)
    for n in range(first, first + count):
        make_film(
            f"Scheduled {n}",
            slug=f"scheduled-{n}",
            broadcasts=[
                {"date": soon + datetime.timedelta(days=n), "time": datetime.time(21), "kind": "premiere"},
                {"date": soon + datetime.timedelta(days=n + 7), "note": "Check local listings"},
            ],
        )


def test_schedule_and_calendar_queries_do_not_grow_with_the_number_of_broadcasts(client, make_film):
    urls = ["/schedule/", "/schedule.ics", "/schedule/films/scheduled-0.ics"]
    add_scheduled_films(make_film, 0, 2)
    few = {url: queries_for(client, url) for url in urls}
    add_scheduled_films(make_film, 2, 20)
    many = {url: queries_for(client, url) for url in urls}
    assert few == many
    assert max(many.values()) <= MAX_QUERIES, many
    assert client.get("/schedule/").content.decode().count('class="schedule__item"') == 44


def cold_cache_queries(client, url: str) -> tuple[int, str]:
    """Queries for `url` with nothing cached (after a deploy or a Redis flush); renditions exist."""
    assert client.get(url).status_code == 200  # queues what the page shows
    queues.drain()  # drawn long ago by the worker, as in production
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response.content.decode()


def test_a_cold_film_page_looks_up_all_its_renditions_at_once(client, make_film, rendition_queue):
    # The same blocks; one film shows one image throughout, the other twenty different ones.
    make_rich_film(make_film, "one", blocks=49, partners=1, images=1)
    make_rich_film(make_film, "twenty", blocks=49, partners=1, images=20)
    one, one_html = cold_cache_queries(client, "/films/one/")
    twenty, twenty_html = cold_cache_queries(client, "/films/twenty/")
    assert len(set(re.findall(r"/media/images/(twenty-still-\d+)", twenty_html))) == 20
    assert len(set(re.findall(r"/media/images/(one-still-\d+)", one_html))) == 1
    assert one == twenty


def test_a_cold_home_page_looks_up_all_its_cards_renditions_at_once(client, film_index, rendition_queue):
    def film(n: int, **fields):
        hero = create_image(f"card hero {n}", description="A still")
        return create_film(film_index, f"Card film {n}", hero_image=hero, **fields)

    def streaming_and_upcoming(n: int):
        today = datetime.date.today()
        return film(n, streaming_start=today, premiere_date=today + datetime.timedelta(days=n))

    collection = create_collection("Stories of migration", [film(0)])
    streaming_and_upcoming(5)
    few, html = cold_cache_queries(client, "/")
    assert len(set(re.findall(r"/media/images/(card-hero-\d+)", html))) == 2
    collection.delete()
    create_collection("Stories of migration", [film(n) for n in range(1, 5)])
    streaming_and_upcoming(6)
    streaming_and_upcoming(7)
    many, html = cold_cache_queries(client, "/")
    assert len(set(re.findall(r"/media/images/(card-hero-\d+)", html))) == 7
    assert few == many


def test_season_page_and_home_collection_queries_do_not_grow_with_their_films(client, film_index):
    few, many = create_season(film_index, 24, 2011), create_season(film_index, 25, 2012)
    films = {}
    for season, count in ((few, 2), (many, 8)):
        films[season.number] = [
            create_film(
                film_index,
                f"Season {season.number} film {n}",
                season=season,
                premiere_date=datetime.date(season.year, 1 + n, 1),
                hero_image=create_image(f"s{season.number} hero {n}", description="A still"),
            )
            for n in range(count)
        ]
    season_counts = [queries_for(client, url) for url in ("/films/season-24/", "/films/season-25/")]
    collection = create_collection("Stories of migration", films[24])
    home_few = queries_for(client, "/")
    collection.delete()
    create_collection("Stories of migration", films[25])
    home_many = queries_for(client, "/")
    assert "Season 25 film 7" in client.get("/").content.decode()
    assert season_counts[0] == season_counts[1] <= MAX_QUERIES, season_counts
    assert home_few == home_many <= MAX_QUERIES, (home_few, home_many)
