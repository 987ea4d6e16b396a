"""A broadcast's moment (film/schedule.py), the premiere rule, and what editors are told."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest

from django.core.exceptions import ValidationError
from django.core.management import call_command

from wagtail.test.utils.form_data import inline_formset

from film import schedule
from film.models import FilmBroadcast, FilmPage, ScheduleSettings
from film.publishing.serializers import BroadcastsField

from .admin_helpers import film_form
from .factories import build_site_tree

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
NEW_YORK = ZoneInfo("America/New_York")


def moment(**row):
    return schedule.broadcast_moment(
        row.get("date", D(2030, 3, 1)),
        row.get("time"),
        row.get("time_zone", ""),
        row.get("length"),
        strand=NEW_YORK,
    )


def test_a_broadcast_without_a_zone_airs_in_the_strands_zone():
    starts_at, ends_at = moment(date=D(2030, 1, 15), time=T(21, 0), length=90)
    assert starts_at.utcoffset() == datetime.timedelta(hours=-5)
    assert starts_at.astimezone(datetime.UTC) == datetime.datetime(2030, 1, 16, 2, 0, tzinfo=datetime.UTC)
    assert ends_at - starts_at == datetime.timedelta(minutes=90)


def test_a_broadcast_in_its_own_zone_is_that_zones_wall_clock():
    starts_at, _ = moment(date=D(2030, 1, 15), time=T(21, 0), time_zone="America/Los_Angeles")
    assert starts_at.astimezone(NEW_YORK).time() == T(0, 0)
    assert starts_at.astimezone(NEW_YORK).date() == D(2030, 1, 16)


def test_the_length_is_elapsed_time_across_a_clock_change():
    # New York springs forward at 2 a.m. on 10 March 2030: two hours from 1 a.m. end at 4 a.m.
    starts_at, ends_at = moment(date=D(2030, 3, 10), time=T(1, 0), length=120)
    assert ends_at.astimezone(NEW_YORK).time() == T(4, 0)
    assert ends_at.astimezone(datetime.UTC) - starts_at.astimezone(datetime.UTC) == datetime.timedelta(
        hours=2
    )


def test_a_broadcast_without_a_time_starts_at_midnight_and_has_no_end():
    starts_at, ends_at = moment(date=D(2030, 1, 15))
    assert starts_at == datetime.datetime(2030, 1, 15, tzinfo=NEW_YORK)
    assert ends_at is None


def test_a_moment_with_an_offset_becomes_the_strands_wall_clock_and_back():
    # As an import reads "2030-07-01T02:30:00+01:00": 9.30 p.m. the evening before in New York.
    given = datetime.datetime.fromisoformat("2030-07-01T02:30:00+01:00")
    fields = schedule.wall_clock(given, strand=NEW_YORK)
    assert fields == {"date": D(2030, 6, 30), "time": T(21, 30), "time_zone": ""}
    assert moment(**fields)[0] == given
    with pytest.raises(ValueError, match="UTC offset"):
        schedule.wall_clock(datetime.datetime(2030, 7, 1, 2, 30), strand=NEW_YORK)


def test_saving_a_film_stores_each_broadcasts_start(make_film):
    film = make_film(
        runtime=85,
        broadcasts=[
            {"date": D(2030, 1, 15), "time": T(21, 0)},
            {"date": D(2030, 1, 16), "time": T(20, 0), "time_zone": "Europe/London", "duration": 60},
        ],
    )
    first, second = film.broadcasts.order_by("date")
    assert first.starts_at == datetime.datetime(2030, 1, 16, 2, 0, tzinfo=datetime.UTC)
    assert first.ends_at - first.starts_at == datetime.timedelta(minutes=85)  # the film's runtime
    assert second.starts_at == datetime.datetime(2030, 1, 16, 20, 0, tzinfo=datetime.UTC)
    assert second.ends_at - second.starts_at == datetime.timedelta(minutes=60)


def test_changing_the_strands_zone_moves_the_broadcasts_that_have_none(make_film):
    film = make_film(
        broadcasts=[
            {"date": D(2030, 1, 15), "time": T(21, 0)},
            {"date": D(2030, 1, 15), "time": T(21, 0), "time_zone": "America/New_York"},
        ]
    )
    settings = ScheduleSettings.for_site(film.get_site())
    settings.time_zone = "Europe/Berlin"
    settings.save()
    strand, own = film.broadcasts.order_by("time_zone")
    assert strand.starts_at == datetime.datetime(2030, 1, 15, 20, 0, tzinfo=datetime.UTC)
    assert own.starts_at == datetime.datetime(2030, 1, 16, 2, 0, tzinfo=datetime.UTC)
    assert schedule.strand_zone() == ZoneInfo("Europe/Berlin")


def test_a_time_zone_must_be_an_iana_name_with_a_hint_for_the_spelling():
    schedule.validate_time_zone("America/Chicago")
    schedule.validate_time_zone("")
    with pytest.raises(ValidationError) as error:
        schedule.validate_time_zone("america/chicago")
    assert "Did you mean America/Chicago?" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        schedule.validate_time_zone("EST5EDT-ish")
    assert "is not a time zone" in error.value.messages[0]
    assert "Did you mean" not in error.value.messages[0]


def test_the_schedule_settings_refuse_a_made_up_zone(db):
    site = build_site_tree().site
    settings = ScheduleSettings(site=site, time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "time_zone" in error.value.message_dict
    settings.time_zone = "Asia/Kolkata"
    settings.full_clean()


def test_the_premiere_date_follows_the_premiere_broadcast_in_the_strands_zone(make_film):
    # 11 p.m. in Los Angeles is the next day in New York, the strand's zone.
    film = make_film(
        premiere_date=D(2029, 1, 1),
        broadcasts=[
            {"date": D(2030, 4, 1), "time": T(23, 0), "time_zone": "America/Los_Angeles", "kind": "premiere"},
            {"date": D(2030, 5, 1)},
        ],
    )
    assert film.premiere_date == D(2030, 4, 2)
    assert FilmPage.objects.get(pk=film.pk).premiere_date == D(2030, 4, 2)


def test_without_a_premiere_broadcast_the_premiere_date_is_the_editors(make_film):
    film = make_film(premiere_date=D(2029, 1, 1), broadcasts=[D(2030, 5, 1)])
    assert film.premiere_date == D(2029, 1, 1)
    assert film.broadcasts.get().kind == FilmBroadcast.ENCORE


def test_a_film_with_two_premiere_broadcasts_does_not_save(make_film):
    film = make_film()
    film.broadcasts = [
        FilmBroadcast(date=D(2030, 4, 1), kind="premiere"),
        FilmBroadcast(date=D(2030, 4, 2), kind="premiere"),
    ]
    with pytest.raises(ValidationError) as error:
        film.save_revision()
    assert "2 premiere broadcasts" in error.value.message_dict["premiere_date"][0]


def broadcast_rows(*rows):
    return [
        {
            "kind": kind,
            "date": date,
            "time": time,
            "time_zone": zone,
            "duration": "",
            "programme_code": "",
            "note": "",
        }
        for kind, date, time, zone in rows
    ]


def post_film(client, film_index, broadcasts):
    data = film_form(broadcasts=inline_formset(broadcasts))
    return client.post(f"/admin/pages/add/film/filmpage/{film_index.pk}/", data)


def test_the_editor_is_told_on_the_row_when_a_second_broadcast_is_a_premiere(
    admin_client_logged_in, film_index
):
    rows = broadcast_rows(
        ("premiere", "2030-04-01", "21:00", ""),
        ("premiere", "2030-04-08", "", ""),
        ("encore", "2030-05-01", "", ""),
    )
    response = post_film(admin_client_logged_in, film_index, rows)
    assert response.status_code == 200
    formset = response.context["form"].formsets["broadcasts"]
    assert formset.forms[0].errors == {}
    assert formset.forms[1].errors == {"kind": [schedule.PREMIERE_TWICE]}
    assert not FilmPage.objects.filter(slug="the-admin-film").exists()
    # One premiere: saved, and the premiere date follows it.
    rows[1]["kind"] = "encore"
    response = post_film(admin_client_logged_in, film_index, rows)
    assert response.status_code == 302
    film = FilmPage.objects.get(slug="the-admin-film")
    assert film.premiere_date == D(2030, 4, 1)
    assert film.broadcasts.get(kind="premiere").starts_at == datetime.datetime(
        2030, 4, 2, 1, 0, tzinfo=datetime.UTC
    )


def test_the_editor_is_told_when_a_time_zone_is_misspelt(admin_client_logged_in, film_index):
    rows = broadcast_rows(("encore", "2030-04-01", "21:00", "Europe/london"))
    response = post_film(admin_client_logged_in, film_index, rows)
    assert response.status_code == 200
    errors = response.context["form"].formsets["broadcasts"].forms[0].errors
    assert "Did you mean Europe/London?" in errors["time_zone"][0]
    rows[0]["time_zone"] = "Europe/London"
    assert post_film(admin_client_logged_in, film_index, rows).status_code == 302


def test_the_api_gives_each_broadcasts_kind_moment_and_zone(make_film):
    film = make_film(
        runtime=90,
        broadcasts=[
            {"date": D(2030, 1, 15), "time": T(21, 0), "kind": "premiere", "programme_code": "STR-1"},
            {"date": D(2030, 2, 1), "note": "Check local listings"},
        ],
    )
    premiere, encore = BroadcastsField().to_representation(FilmPage.objects.get(pk=film.pk).broadcast_list)
    assert premiere == {
        "kind": "premiere",
        "date": "2030-01-15",
        "starts_at": "2030-01-15T21:00:00-05:00",
        "ends_at": "2030-01-15T22:30:00-05:00",
        "time_zone": "America/New_York",
        "programme_code": "STR-1",
        "note": "",
    }
    assert encore["starts_at"] is None and encore["ends_at"] is None
    assert encore["note"] == "Check local listings"


def test_generated_films_get_their_broadcasts_moment(db):
    build_site_tree()
    call_command("generate_films", 5, stdout=io.StringIO())
    broadcasts = list(FilmBroadcast.objects.all())
    assert len(broadcasts) == 5
    for broadcast in broadcasts:
        assert broadcast.starts_at == datetime.datetime.combine(broadcast.date, T.min, tzinfo=NEW_YORK)
