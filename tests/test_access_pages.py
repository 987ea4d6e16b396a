"""The password and sign-in forms of restricted films: the site's own page, nothing of the film."""

import pytest

from film.models import FilmIndexPage

from .factories import create_film_in_state
from .html import soup, text_of

pytestmark = pytest.mark.django_db

SYNOPSIS = "A secret synopsis that only the password opens."


def test_a_password_protected_film_asks_in_the_sites_design_and_shows_nothing_of_the_film(client, site_tree):
    film = create_film_in_state(FilmIndexPage.objects.get(), "Hidden Kestrel", "password", synopsis=SYNOPSIS)
    response = client.get(film.url)
    assert response.status_code == 200
    page = soup(response)
    assert text_of(page.find("h1")) == "Password required"
    assert page.select_one("header.site-header form[role=search]") is not None  # the site's own header
    form = page.select_one("form.access-form")
    assert form.select_one("input[type=password][name=password]") is not None
    assert form.find("label", attrs={"for": form.select_one("input[type=password]")["id"]}) is not None
    html = response.content.decode()
    assert "Hidden Kestrel" not in html and SYNOPSIS not in html

    # The right password still opens the film.
    response = client.post(form["action"], {"password": "pw", "return_url": film.url}, follow=True)
    assert "Hidden Kestrel" in text_of(soup(response).find("h1"))


def test_a_film_for_signed_in_visitors_sends_them_to_the_sites_sign_in_page(client, site_tree):
    film = create_film_in_state(FilmIndexPage.objects.get(), "Members Kestrel", "login")
    response = client.get(film.url, follow=True)
    page = soup(response)
    assert text_of(page.find("h1")) == "Sign in"
    assert page.select_one("header.site-header") is not None
    form = page.select_one("form.access-form")
    assert form.select_one("input[name=username]") and form.select_one("input[type=password]")
    assert form.select_one("input[name=next]")["value"] == film.url
