"""A save in the page editor indexes the page's references once, after all its rows (core/editing.py).

Wagtail's reference index says which pages use a file, so who may download it (core/files.py).
"""

import pytest

from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import ReferenceIndex
from wagtail.test.utils.form_data import inline_formset

from film.models import FilmPage

from .admin_helpers import film_form
from .factories import create_document


@pytest.fixture
def indexed(monkeypatch):
    """(model, pk) of each object whose references Wagtail indexed, in order."""
    objects = []
    index = ReferenceIndex.create_or_update_for_object.__func__

    def spy(cls, instance, **kwargs):
        objects.append((type(instance), instance.pk))
        return index(cls, instance, **kwargs)

    monkeypatch.setattr(ReferenceIndex, "create_or_update_for_object", classmethod(spy))
    return objects


def documents_used_by(film) -> set[int]:
    references = ReferenceIndex.get_references_for_object(film).filter(
        to_content_type__model=get_document_model()._meta.model_name
    )
    return {int(pk) for pk in references.values_list("to_object_id", flat=True)}


def resources(removed, *documents):
    """The resources formset: the row ``removed`` deleted, a new row for each document."""
    gone = {"id": str(removed.pk), "kind": removed.kind, "label": removed.label, "DELETE": "1"}
    rows = [{"kind": "other", "label": f"Kit {i}", "document": str(d.pk)} for i, d in enumerate(documents)]
    return inline_formset([gone, *({**row, "link": ""} for row in rows)], initial=1)


def test_publishing_in_the_editor_indexes_the_page_once_with_every_row_it_saved(
    admin_client_logged_in, make_film, indexed
):
    old_kit = create_document("Old press kit", "old-kit.pdf")
    old_row = {"kind": "other", "label": "Kit", "document": old_kit}
    film = make_film("Last Train Home", slug="last-train-home", resources=[old_row])
    assert documents_used_by(film) == {old_kit.pk}
    kits = [create_document(f"Press kit {i}", f"kit-{i}.pdf") for i in range(3)]
    formset = resources(film.resources.get(), *kits)
    indexed.clear()

    response = admin_client_logged_in.post(
        reverse("wagtailadmin_pages:edit", args=(film.pk,)),
        film_form(title="Last Train Home", slug="last-train-home", resources=formset),
    )

    assert response.status_code == 302
    assert FilmPage.objects.get(pk=film.pk).resources.count() == 3
    # The page, its revision and three new rows saved, the old row deleted: one indexing.
    assert indexed == [(FilmPage, film.pk)]
    assert documents_used_by(film) == {kit.pk for kit in kits}


def test_a_save_draft_indexes_the_page_once_too(admin_client_logged_in, make_film, indexed):
    film = make_film("Last Train Home", slug="last-train-home")
    indexed.clear()

    response = admin_client_logged_in.post(
        reverse("wagtailadmin_pages:edit", args=(film.pk,)),
        film_form(action=None, title="Last Train Home", slug="last-train-home", synopsis="Revised."),
    )

    assert response.status_code == 302
    assert film.revisions.order_by("-pk").first().content["synopsis"] == "Revised."
    assert indexed == [(FilmPage, film.pk)]
