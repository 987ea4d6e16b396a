from django import forms

from taggit.models import Tag

from film.models import Partner
from film.models.pages import visible_seasons

from .query import MAX_QUERY_LENGTH, ParsedQuery
from .service import NEWEST, RELEVANCE, SORTS, Filters


class SearchForm(forms.Form):
    """The search page's parameters. Bad values never fail the page: they are left out, with a notice."""

    topic = forms.SlugField(required=False, allow_unicode=True)
    year = forms.IntegerField(required=False, min_value=1880, max_value=2100)
    season = forms.IntegerField(required=False, min_value=1, max_value=32767)
    partner = forms.IntegerField(required=False, min_value=1)
    streaming = forms.BooleanField(required=False)
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, data):
        super().__init__(data)
        self.notices: list[str] = []
        self.is_valid()  # fills cleaned_data with the good values and errors with the rest

    def raw(self, name: str) -> str:
        return str(self.data.get(name, ""))[:50]

    @property
    def page_error(self) -> bool:
        return "page" in self.errors

    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1

    def parsed_query(self) -> ParsedQuery:
        # Read as typed, not through a form field: ParsedQuery drops control characters (a field
        # would reject the whole query for one NUL) and cuts a long query, saying so below.
        query = ParsedQuery.parse(str(self.data.get("q", "")))
        if query.truncated:
            self.notices.append(
                f"Your search was long, so only its first {MAX_QUERY_LENGTH} characters were used."
            )
        if query.text and not query:
            if query.only_stop_words:
                self.notices.append(
                    f"“{query.text}” is made of words too common to search for. "
                    "Try a title, a name, a place or a topic."
                )
            else:
                self.notices.append(f"“{query.text}” has no letters or numbers to search for.")
        return query

    def sort_order(self, query: ParsedQuery) -> str:
        if "sort" in self.errors:
            self.notices.append(f"There is no sort order “{self.raw('sort')}”, so the usual order is used.")
        return self.cleaned_data.get("sort") or (RELEVANCE if query else NEWEST)

    def filters(self) -> Filters:
        return Filters(
            topic=self._choice("topic", lambda slug: Tag.objects.filter(slug=slug).first()),
            year=self._choice("year", lambda year: year),
            season=self._choice("season", lambda number: visible_seasons().filter(number=number).first()),
            partner=self._choice("partner", lambda pk: Partner.objects.filter(pk=pk).first()),
            streaming=bool(self.cleaned_data.get("streaming")),
        )

    def _choice(self, name: str, lookup):
        value = self.cleaned_data.get(name)
        found = lookup(value) if value else None
        if name in self.errors or (value and found is None):
            self.notices.append(f"There is no {name} “{self.raw(name)}”, so that filter was left out.")
        return found
