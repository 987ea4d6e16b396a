"""The broadcast schedule: the film page's list, /schedule/, and the calendars (parsed with icalendar)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from django.utils import timezone

from film.models import FilmBroadcast, FilmPage
from film.schedule import week_start

from .factories import create_film_in_state
from .html import soup as parse

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
T = datetime.time
HIDDEN_STATES = ["draft", "scheduled", "unpublished", "expired", "password", "login", "group"]


def today() -> datetime.date:
    return timezone.now().astimezone(NEW_YORK).date()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


@pytest.fixture
def site_host(site_tree):
    site = site_tree.site
    site.hostname, site.port = "strand.example", 443
    site.save()
    return "strand.example"


@pytest.fixture
def films(make_film, site_host):
    """A film with a timed premiere and encores ahead (and one past), and another with an encore."""
    harbour = make_film(
        "Harbour",
        slug="harbour",
        runtime=90,
        broadcasts=[
            {"date": days(-30), "time": T(21, 0), "note": "Long ago"},
            {"date": days(2), "time": T(21, 0), "kind": "premiere", "note": "Check local listings"},
            {
                "date": days(9),
                "time": T(19, 30),
                "time_zone": "America/Los_Angeles",
                "programme_code": "STR-7",
            },
            {"date": days(16)},
        ],
    )
    orchard = make_film("Orchard", slug="orchard", broadcasts=[{"date": days(3), "time": T(22, 0)}])
    return harbour, orchard


def ics(client, url: str, **headers) -> Calendar:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_film_page_lists_upcoming_broadcasts_in_the_strands_zone(client, films):
    page = parse(client.get("/films/harbour/"))
    section = page.find(id="broadcasts-heading").find_parent("section")
    items = [" ".join(li.get_text(" ", strip=True).split()) for li in section.find_all("li")]
    assert len(items) == 3  # the past broadcast is left out
    premiere, encore, untimed = items
    assert f"{days(2):%A, %B} {days(2).day}, 9 p.m. E" in premiere  # EST or EDT
    assert "Premiere" in premiere and "Check local listings" in premiere
    # 7.30 p.m. in Los Angeles is 10.30 p.m. in New York.
    assert "10:30 p.m. E" in encore and "Programme code STR-7" in encore
    assert "time to be announced" in untimed
    assert "Long ago" not in section.get_text()
    links = [a["href"] for a in section.find_all("a") if a.get_text().startswith("Add to calendar")]
    broadcast_ids = FilmBroadcast.objects.filter(film__slug="harbour", date__gte=today()).order_by(
        "starts_at"
    )
    assert links == [f"/schedule/broadcasts/{b.pk}.ics" for b in broadcast_ids]
    assert section.find("a", href="/schedule/films/harbour.ics") is not None


def test_the_information_box_keeps_premiere_and_encore_date_lines(client, films):
    page = parse(client.get("/films/harbour/"))
    box = page.find(id="film-info-heading").find_parent("section")
    terms = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in box.find_all("dt")
    }
    assert terms["Premiere Date"] == f"{days(2):%B} {days(2).day}, {days(2).year}"
    assert len(terms["Encore Broadcast Dates"].split(";")) == 3  # encores only, the past one too


def test_a_film_without_upcoming_broadcasts_shows_no_list(client, make_film, films):
    make_film("Quiet", slug="quiet", broadcasts=[days(-3)])
    assert parse(client.get("/films/quiet/")).find(id="broadcasts-heading") is None
    assert parse(client.get("/films/orchard/")).find(id="broadcasts-heading") is not None


def test_the_schedule_lists_upcoming_broadcasts_week_by_week_linking_to_films(client, films):
    page = parse(client.get("/schedule/"))
    weeks = page.find_all("section", class_="schedule__week")
    expected = sorted({week_start(days(n)) for n in (2, 3, 9, 16)})
    assert [week.find("h2").get_text(strip=True) for week in weeks] == [
        f"Week of {monday:%A, %B} {monday.day}, {monday.year}" for monday in expected
    ]
    listed = [
        (li.find("cite").get_text(), li.find("a", href=lambda h: h and h.startswith("/films/"))["href"])
        for week in weeks
        for li in week.find_all("li")
    ]
    assert listed == [
        ("Harbour", "/films/harbour/"),
        ("Orchard", "/films/orchard/"),
        ("Harbour", "/films/harbour/"),
        ("Harbour", "/films/harbour/"),
    ]
    assert "Long ago" not in page.get_text()


def test_the_schedule_is_linked_from_every_pages_header_and_footer(client, films):
    page = parse(client.get("/"))
    assert page.find("nav", class_="site-nav").find("a", href="/schedule/") is not None
    assert page.find("footer").find("a", href="/schedule/") is not None
    assert page.find("footer").find("a", href="/schedule.ics") is not None


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_films_broadcasts_appear_nowhere(client, films, film_index, state):
    hidden = create_film_in_state(
        film_index, "Hidden", state, slug="hidden", broadcasts=[{"date": days(4), "time": T(20, 0)}]
    )
    broadcast = hidden.broadcasts.get()
    assert "Orchard" in client.get("/schedule/").content.decode()
    assert "Hidden" not in client.get("/schedule/").content.decode()
    schedule = events(ics(client, "/schedule.ics"))
    assert "Orchard (Encore)" in schedule and "Hidden (Encore)" not in schedule
    assert client.get("/schedule/films/hidden.ics").status_code == 404
    assert client.get(f"/schedule/broadcasts/{broadcast.pk}.ics").status_code == 404
    orchard = FilmBroadcast.objects.get(film__slug="orchard")
    assert client.get(f"/schedule/broadcasts/{orchard.pk}.ics").status_code == 200


def test_the_schedule_calendar_is_valid_icalendar_with_zones(client, films, site_host):
    calendar = ics(client, "/schedule.ics")
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"America/New_York", "America/Los_Angeles"}
    harbour = FilmPage.objects.get(slug="harbour")
    rows = list(harbour.broadcasts.filter(date__gte=today()).order_by("starts_at"))
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Harbour (Premiere)", "Orchard (Encore)", "Harbour (Encore)", "Harbour (Encore)"]
    premiere = calendar.walk("VEVENT")[0]
    assert str(premiere["UID"]) == f"broadcast-{rows[0].pk}@{site_host}"
    assert premiere["DTSTAMP"].dt.tzinfo is not None
    start = premiere["DTSTART"]
    assert start.params["TZID"] == "America/New_York"
    assert start.dt == datetime.datetime.combine(days(2), T(21, 0), tzinfo=NEW_YORK)
    assert premiere["DTEND"].dt - start.dt == datetime.timedelta(minutes=90)
    assert str(premiere["URL"]) == "https://strand.example/films/harbour/"
    assert "Check local listings" in str(premiere["DESCRIPTION"])
    west = calendar.walk("VEVENT")[2]
    assert west["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert west["DTSTART"].dt.time() == T(19, 30)
    untimed = calendar.walk("VEVENT")[3]
    assert untimed["DTSTART"].dt == days(16)  # an all-day event: a DATE, no zone
    assert untimed["DTEND"].dt == days(17)


def test_uids_stay_the_same_across_updates_and_never_come_from_the_host_header(client, films, site_host):
    before = {str(e["UID"]) for e in ics(client, "/schedule.ics").walk("VEVENT")}
    harbour = FilmPage.objects.get(slug="harbour")
    harbour.title = "Harbour Lights"
    revision = harbour.save_revision()
    revision.publish()
    after = ics(client, "/schedule.ics", HTTP_HOST="evil.example")
    assert {str(e["UID"]) for e in after.walk("VEVENT")} == before
    assert "Harbour Lights (Premiere)" in events(after)
    assert all(uid.endswith(f"@{site_host}") for uid in before)
    assert "evil.example" not in after.to_ical().decode()


def test_a_films_calendar_holds_its_upcoming_broadcasts(client, films):
    response = client.get("/schedule/films/harbour.ics")
    assert response["Content-Disposition"] == 'attachment; filename="harbour.ics"'
    calendar = Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        "Harbour (Premiere)",
        "Harbour (Encore)",
        "Harbour (Encore)",
    ]
    assert client.get("/schedule/films/no-such-film.ics").status_code == 404


def test_a_broadcasts_calendar_holds_that_broadcast(client, films):
    orchard = FilmBroadcast.objects.get(film__slug="orchard")
    calendar = ics(client, f"/schedule/broadcasts/{orchard.pk}.ics")
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Orchard (Encore)"
    assert event["DTSTART"].dt == datetime.datetime.combine(days(3), T(22, 0), tzinfo=NEW_YORK)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert client.get(f"/schedule/broadcasts/{orchard.pk + 1000}.ics").status_code == 404


def test_an_empty_schedule_is_still_a_valid_calendar(client, site_tree):
    calendar = ics(client, "/schedule.ics")
    assert calendar.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    page = parse(client.get("/schedule/"))
    assert "No broadcasts are scheduled yet." in page.get_text()


def test_the_schedule_is_cached_and_a_publish_changes_it(client, films):
    assert client.get("/schedule/")["X-Page-Cache"] == "miss"
    assert client.get("/schedule/")["X-Page-Cache"] == "hit"
    assert client.get("/schedule.ics")["X-Page-Cache"] == "miss"
    assert client.get("/schedule.ics")["X-Page-Cache"] == "hit"
    cached = client.get("/schedule/films/harbour.ics")
    cached = client.get("/schedule/films/harbour.ics")
    assert cached["X-Page-Cache"] == "hit"
    assert cached["Content-Disposition"] == 'attachment; filename="harbour.ics"'
    orchard = FilmPage.objects.get(slug="orchard")
    orchard.unpublish()
    response = client.get("/schedule/")
    assert response["X-Page-Cache"] == "miss"
    assert "Orchard" not in response.content.decode() and "Harbour" in response.content.decode()
    assert "Orchard" not in client.get("/schedule.ics").content.decode()


def test_editors_get_a_schedule_no_shared_cache_keeps(admin_client_logged_in, films):
    response = admin_client_logged_in.get("/schedule/")
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    assert "Harbour" in response.content.decode()
