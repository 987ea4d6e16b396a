"""Admin form pieces for film pages: the page form's messages, the partner and broadcast rows' checks."""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel, MultipleChooserPanel

from film import schedule

RUNTIME_TOO_SHORT = "Give the runtime in whole minutes, e.g. 90, or leave it blank."

ROLE_MISSING = "Choose how this partner is credited on the film, e.g. “Presented by”."
DUPLICATE_PARTNER = "{partner} is already a partner of this film. Remove this row, or choose another partner."


class FilmPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form field's own minimum (0, from PositiveSmallIntegerField) and the model's (1).
        self.fields["runtime"].error_messages["min_value"] = RUNTIME_TOO_SHORT


class FilmPartnerFormSet(BaseChildFormSet):
    """A film's partners: each needs a role, and no partner may appear twice."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["role"].error_messages["required"] = ROLE_MISSING

    def clean(self):
        # Before the base class's unique-together check, so the editor reads a sentence about the
        # partner on the row that repeats it instead of "Please correct the duplicate data".
        seen = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            partner = form.cleaned_data.get("partner")
            if partner is None:
                continue
            if partner.pk in seen:
                form.add_error("partner", DUPLICATE_PARTNER.format(partner=partner))
            seen.add(partner.pk)
        super().clean()


class FilmPartnersPanel(MultipleChooserPanel):
    """MultipleChooserPanel whose formset validates a film's partners as a whole."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = FilmPartnerFormSet
        return options


class FilmBroadcastFormSet(BaseChildFormSet):
    """A film's broadcasts: the premiere rule (film/schedule.py `premiere_of`), said on the row at fault."""

    def clean(self):
        rows = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not (self.can_delete and self._should_delete_form(form))
        ]
        _premiere, extra = schedule.premiere_of(form.instance for form in rows)
        for form in rows:
            if form.instance in extra:
                form.add_error("kind", schedule.PREMIERE_TWICE)
        super().clean()


class FilmBroadcastsPanel(InlinePanel):
    """InlinePanel whose formset checks a film's broadcasts together."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = FilmBroadcastFormSet
        return options
