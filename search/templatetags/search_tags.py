from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from search.highlight import Snippet, best_snippet, mark
from search.query import ParsedQuery

register = template.Library()

SYNOPSIS_WORDS = 40


@dataclass
class ResultText:
    synopsis: SafeString
    snippet: Snippet | None


@register.simple_tag
def result_text(film, query: ParsedQuery) -> ResultText:
    """The synopsis and, when the match is elsewhere, a snippet of where, with the search words marked.

    Reads only what the results query fetched (fields, raw StreamField data, prefetched people,
    partners and topics), so a longer page costs no extra query.
    """
    synopsis = Truncator(film.synopsis).words(SYNOPSIS_WORDS)
    terms = query.terms if query else ()
    passages = [
        *film.search_passages(),
        ("Filmmakers", ", ".join(person.name for person in film.filmmakers.all())),
        ("Partners", ", ".join(link.partner.name for link in film.film_partners.all())),
        ("Topics", ", ".join(topic.name for topic in film.topics.all())),
    ]
    return ResultText(
        synopsis=mark(synopsis, terms),
        snippet=best_snippet(passages, terms, shown=f"{film.title} {synopsis}"),
    )
