"""Admin form pieces for film pages: the partners formset validates the partners together."""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import MultipleChooserPanel

ROLE_MISSING = "Choose how this partner is credited on the film, e.g. “Presented by”."
DUPLICATE_PARTNER = "{partner} is already a partner of this film. Remove this row, or choose another partner."


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
