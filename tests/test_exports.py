"""Spreadsheet exports never hand a spreadsheet a formula: editor- and visitor-written cells stay text."""

import csv
import io

import pytest

from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query

from core.exports import spreadsheet_text

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_like_text_is_exported_as_text(value):
    assert spreadsheet_text(value) == "'" + value
    assert spreadsheet_text("Last Train Home") == "Last Train Home"
    assert spreadsheet_text(2009) == 2009


def test_the_film_catalogue_csv_neutralises_formulas(admin_client_logged_in, make_film, make_partner):
    make_film("Last Train Home", slug="plain")
    make_film(
        '=HYPERLINK("https://evil.example","Click")',
        slug="formula",
        partners=[(make_partner("@Fund"), "funded_by")],
    )
    rows = csv_rows(admin_client_logged_in.get(reverse("film_filmpage_modeladmin_index"), {"export": "csv"}))
    partners = rows[0].index("Partners")
    titles = {row[0]: row for row in rows[1:]}
    assert "Last Train Home" in titles
    assert '\'=HYPERLINK("https://evil.example","Click")' in titles
    assert titles['\'=HYPERLINK("https://evil.example","Click")'][partners] == "'@Fund"


def test_the_search_terms_report_csv_neutralises_formulas(admin_client_logged_in):
    for term in ["river", "=cmd|' /C calc'!A0", "-2+3"]:
        Query.get(term).add_hit()
    rows = csv_rows(
        admin_client_logged_in.get(reverse("wagtailsearchpromotions:search_terms"), {"export": "csv"})
    )
    terms = {row[0] for row in rows[1:]}
    assert terms == {"river", "'=cmd|' /c calc'!a0", "'-2+3"}
