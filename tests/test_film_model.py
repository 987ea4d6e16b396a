"""Facts the film page derives from what editors enter: streaming status, upcoming films, dates."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from film.models import FilmPage, FilmPartner, FilmResource, pages

# Every test builds a FilmPage, and a page's constructor reads its content type: from Django's
# cache, which each transactional test's flush empties, so without the database these tests
# would pass or fail by the order they run in.
pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2013, 8, 5), D(2013, 9, 3)


def film(**fields) -> FilmPage:
    return FilmPage(title="Film", synopsis="s", year=2011, **fields)


class TestStreamingStatus:
    def test_before_the_window_opens_it_announces_the_start_and_end_dates(self):
        assert film(streaming_start=START, streaming_end=END).streaming_status(today=D(2013, 8, 4)) == (
            "Streaming from August 5, 2013 to September 3, 2013"
        )

    def test_on_the_first_day_it_announces_the_end_date(self):
        assert film(streaming_start=START, streaming_end=END).streaming_status(today=START) == (
            "Streaming until September 3, 2013"
        )

    def test_on_the_last_day_it_is_still_streaming(self):
        assert film(streaming_start=START, streaming_end=END).streaming_status(today=END) == (
            "Streaming until September 3, 2013"
        )

    def test_the_day_after_the_window_closes_it_has_expired(self):
        assert film(streaming_start=START, streaming_end=END).streaming_status(today=D(2013, 9, 4)) == (
            "Expired"
        )

    def test_without_a_window_nothing_is_shown(self):
        assert film().streaming_status(today=START) == ""

    def test_single_digit_days_are_not_zero_padded(self):
        status = film(streaming_start=D(2030, 1, 2)).streaming_status(today=D(2029, 12, 31))
        assert status == "Streaming from January 2, 2030"

    def test_open_ended_window_streams_from_its_start(self):
        open_ended = film(streaming_start=START)
        assert open_ended.streaming_status(today=D(2013, 8, 4)) == "Streaming from August 5, 2013"
        assert open_ended.streaming_status(today=D(2020, 1, 1)) == "Streaming now"

    def test_window_with_only_an_end(self):
        until = film(streaming_end=END)
        assert until.streaming_status(today=END) == "Streaming until September 3, 2013"
        assert until.streaming_status(today=D(2013, 9, 4)) == "Expired"


class TestStreamingWindowValidation:
    def test_end_before_start_is_rejected_on_the_end_field(self):
        page = film(streaming_start=END, streaming_end=START)
        with pytest.raises(ValidationError) as excinfo:
            page.clean()
        errors = excinfo.value.message_dict
        assert list(errors) == ["streaming_end"]
        assert "end on or after its start" in errors["streaming_end"][0]

    @pytest.mark.parametrize(
        ("start", "end"),
        [(START, END), (START, START), (START, None), (None, END), (None, None)],
    )
    def test_valid_windows_are_accepted(self, start, end):
        film(streaming_start=start, streaming_end=end).clean()


class TestUpcoming:
    TODAY = D(2030, 6, 15)

    def titles(self, **kwargs):
        return [f.title for f in FilmPage.upcoming(today=self.TODAY, **kwargs)]

    def test_films_premiering_or_rebroadcast_after_today_are_listed_soonest_first(self, make_film):
        make_film("Premieres in August", premiere_date=D(2030, 8, 1))
        make_film("Encore tomorrow", premiere_date=D(2020, 1, 1), broadcasts=[D(2030, 6, 16)])
        make_film(
            "Encore in July",
            premiere_date=D(2021, 1, 1),
            broadcasts=[D(2019, 1, 1), D(2030, 9, 1), D(2030, 7, 1)],
        )

        upcoming = FilmPage.upcoming(today=self.TODAY)

        assert [f.title for f in upcoming] == ["Encore tomorrow", "Encore in July", "Premieres in August"]
        assert [f.next_date for f in upcoming] == [D(2030, 6, 16), D(2030, 7, 1), D(2030, 8, 1)]

    def test_a_film_premiering_soon_with_a_later_encore_is_dated_by_its_premiere(self, make_film):
        make_film("Both", premiere_date=D(2030, 7, 1), broadcasts=[D(2030, 12, 1)])
        (upcoming,) = FilmPage.upcoming(today=self.TODAY)
        assert upcoming.next_date == D(2030, 7, 1)

    def test_past_and_todays_dates_are_not_upcoming(self, make_film):
        make_film("Premiered", premiere_date=D(2030, 6, 14), broadcasts=[D(2030, 1, 1)])
        make_film("Airs today", premiere_date=self.TODAY, broadcasts=[self.TODAY])
        make_film("Undated")
        assert self.titles() == []
        make_film("Airs tomorrow", broadcasts=[D(2030, 6, 16)])
        assert self.titles() == ["Airs tomorrow"]

    def test_drafts_are_not_upcoming(self, make_film):
        make_film("Draft", publish=False, premiere_date=D(2030, 7, 1), broadcasts=[D(2030, 7, 2)])
        make_film("Published", premiere_date=D(2030, 7, 3))
        assert self.titles() == ["Published"]

    def test_unpublished_films_are_not_upcoming(self, make_film):
        withdrawn = make_film("Withdrawn", premiere_date=D(2030, 7, 1))
        assert self.titles() == ["Withdrawn"]
        withdrawn.unpublish()
        assert self.titles() == []

    def test_private_films_are_not_upcoming(self, make_film, restrict):
        secret = make_film("Private screening", premiere_date=D(2030, 7, 1))
        make_film("Public", broadcasts=[D(2030, 7, 2)])
        restrict(secret)
        assert self.titles() == ["Public"]

    def test_a_film_can_be_left_out_of_its_own_list(self, make_film):
        this = make_film("This film", premiere_date=D(2030, 7, 1))
        make_film("Other film", premiere_date=D(2030, 7, 2))
        assert self.titles(exclude=this) == ["Other film"]

    def test_each_film_appears_once_however_many_encores_it_has(self, make_film):
        make_film("Many encores", broadcasts=[D(2030, 7, d) for d in range(1, 6)])
        assert self.titles() == ["Many encores"]

    def test_the_list_is_limited(self, make_film):
        for day in (3, 1, 2):
            make_film(f"Film {day}", premiere_date=D(2030, 7, day))
        assert self.titles(limit=2) == ["Film 1", "Film 2"]

    def test_a_catalogue_bigger_than_the_candidates_read_is_ranked_from_the_earliest(
        self, make_film, monkeypatch, django_assert_num_queries
    ):
        monkeypatch.setattr(pages, "UPCOMING_CANDIDATES", 3)
        for day in range(1, 8):
            make_film(f"Premiere {day}", premiere_date=D(2030, 7, day))
            make_film(f"Encore {day}", broadcasts=[D(2030, 7, day), D(2030, 12, day)])
        # The earliest premieres, the earliest broadcasts, then their films: no ranking of all.
        with django_assert_num_queries(3):
            assert self.titles(limit=3) == ["Encore 1", "Premiere 1", "Encore 2"]

    def test_hidden_films_among_the_earliest_dates_leave_the_ranking_true(self, make_film, monkeypatch):
        monkeypatch.setattr(pages, "UPCOMING_CANDIDATES", 2)
        for day in (1, 2, 3):
            make_film(f"Draft {day}", publish=False, premiere_date=D(2030, 7, day))
        make_film("Encores", broadcasts=[D(2030, 7, day) for day in (1, 2, 3)])
        make_film("Public premiere", premiere_date=D(2030, 8, 1))
        make_film("Public encore", broadcasts=[D(2030, 9, 1)])
        assert self.titles(limit=2) == ["Encores", "Public premiere"]
        assert self.titles() == ["Encores", "Public premiere", "Public encore"]


class TestLatestUpdates:
    @staticmethod
    def film_with_update(make_film, title, day):
        update = {"date": f"2024-01-{day:02d}", "headline": f"{title} news", "body": "<p>News.</p>"}
        return make_film(title, body=[("update", update)])

    def headlines(self, **kwargs):
        return [update["headline"] for _, update in FilmPage.latest_updates(**kwargs)]

    def test_the_newest_films_are_read_from_the_most_recently_published(
        self, make_film, monkeypatch, django_assert_num_queries
    ):
        monkeypatch.setattr(pages, "LATEST_CANDIDATES", 2)
        for day, title in enumerate(["First", "Second", "Third"], start=1):
            self.film_with_update(make_film, title, day)
        # The newest published, the visible films among them: no sort of every film.
        with django_assert_num_queries(2):
            assert self.headlines(scan=2) == ["Third news", "Second news"]

    def test_hidden_films_among_the_most_recently_published_leave_the_list_true(
        self, make_film, monkeypatch, restrict
    ):
        monkeypatch.setattr(pages, "LATEST_CANDIDATES", 2)
        self.film_with_update(make_film, "Public", 1)
        for day, title in enumerate(["Withdrawn", "Private"], start=2):
            film = self.film_with_update(make_film, title, day)
        film.get_parent().get_children().get(title="Withdrawn").specific.unpublish()
        restrict(film)
        assert self.headlines(scan=2) == ["Public news"]


class TestDerivedFacts:
    def test_updated_date_is_the_editors_date_when_given(self, make_film):
        page = make_film(updated_on=D(2014, 4, 23))
        assert page.updated_date == D(2014, 4, 23)

    def test_updated_date_falls_back_to_the_last_publish_date(self, make_film):
        page = make_film()
        assert page.last_published_at is not None
        assert page.updated_date == timezone.localdate(page.last_published_at)

    def test_hero_alt_text_prefers_the_page_text_then_the_image_description(self, make_film, make_image):
        image = make_image("IMG_0001", description="A crowded station platform")
        assert make_film("A", hero_image=image, hero_alt="Qin on the train").hero_alt_text == (
            "Qin on the train"
        )
        assert make_film("B", hero_image=image).hero_alt_text == "A crowded station platform"
        assert make_film("C").hero_alt_text == ""

    def test_partners_are_grouped_under_role_headings_in_the_editors_order(self, make_film, make_partner):
        itvs, caam, cpb = make_partner("ITVS"), make_partner("CAAM"), make_partner("CPB")
        page = make_film(
            partners=[
                (itvs, "in_association"),
                (caam, "co_presentation"),
                (cpb, "in_association"),
            ]
        )
        groups = [(heading, [link.partner.name for link in links]) for heading, links in page.partner_groups]
        assert groups == [
            ("In Association With", ["ITVS", "CPB"]),
            ("A Co-Presentation with", ["CAAM"]),
        ]
        assert FilmPartner.role_heading("co_presentation") == "A Co-Presentation with"

    def test_resources_are_split_into_photos_and_press(self, make_film, make_document):
        kit = make_document("Photos", "photos.zip", b"PK\x03\x04")
        page = make_film(
            resources=[
                {"kind": "photos", "label": "Download Here", "document": kit},
                {"kind": "press_release", "label": "Press release", "link": "https://example.com/pr"},
            ]
        )
        assert [r.label for r in page.photo_resources] == ["Download Here"]
        assert page.photo_resources[0].url == kit.url
        assert [r.label for r in page.press_resources] == ["Press release"]
        assert page.press_resources[0].url == "https://example.com/pr"

    def test_a_resource_needs_exactly_one_of_document_or_link(self, make_document):
        doc = make_document()
        with pytest.raises(ValidationError) as neither:
            FilmResource(kind="other", label="x").clean()
        assert "link" in neither.value.message_dict
        with pytest.raises(ValidationError):
            FilmResource(kind="other", label="x", document=doc, link="https://example.com").clean()
        FilmResource(kind="other", label="x", link="https://example.com").clean()
