"""Snippets of a film's text around the words a visitor searched for, with those words marked.

Done in Python over text the results page already has (the film's fields and its raw
StreamField data), so it costs no query and behaves the same on every search backend. A word
matches a search term when one starts with the other and the shorter has four letters or more
(or they are equal): close to the stemming the backends do ("trains" finds "train").
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
SNIPPET_WORDS = 30


def fold_text(text: str) -> str:
    """Lower case without accents: "Québec" -> "quebec"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


fold = lru_cache(maxsize=4096)(fold_text)  # for words, which repeat


def matches(word: str, terms: tuple[str, ...]) -> str | None:
    """The term that `word` matches, if any."""
    folded = fold(word)
    for term in map(fold, terms):
        shorter, longer = sorted((folded, term), key=len)
        if shorter == longer or (len(shorter) >= 4 and longer.startswith(shorter)):
            return term
    return None


@dataclass
class Snippet:
    label: str
    html: SafeString


def mark(text: str, terms: tuple[str, ...]) -> SafeString:
    """The whole text, escaped, with matching words in <mark>."""
    return _render(text, 0, len(text), terms)


def _render(text: str, start: int, end: int, terms: tuple[str, ...]) -> SafeString:
    parts, position = [], start
    for token in TOKEN.finditer(text, start, end):
        if matches(token.group(), terms):
            parts.append(conditional_escape(text[position : token.start()]))
            parts.append(format_html("<mark>{}</mark>", token.group()))
            position = token.end()
    parts.append(conditional_escape(text[position:end]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def excerpt(text: str, terms: tuple[str, ...], words: int = SNIPPET_WORDS) -> tuple[int, SafeString]:
    """(distinct terms matched, the best window of about `words` words, marked and with ellipses)."""
    tokens = list(TOKEN.finditer(text))
    hits = [(i, term) for i, token in enumerate(tokens) if (term := matches(token.group(), terms))]
    if not hits:
        return 0, mark_safe("")
    # Slide a window of `words` tokens over the hits: keep the one with the most distinct terms,
    # the earliest of equals.
    in_window: dict[str, int] = {}
    left, best_count, best_start = 0, 0, hits[0][0]
    for index, term in hits:
        in_window[term] = in_window.get(term, 0) + 1
        while hits[left][0] <= index - words:
            dropped = hits[left][1]
            in_window[dropped] -= 1
            if not in_window[dropped]:
                del in_window[dropped]
            left += 1
        if len(in_window) > best_count:
            best_count, best_start = len(in_window), hits[left][0]
    first = max(best_start - words // 4, 0)
    last = min(first + words, len(tokens)) - 1
    start = tokens[first].start() if first else 0
    end = tokens[last].end() if last < len(tokens) - 1 else len(text)
    html = _render(text, start, end, terms)
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return best_count, mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 - _render escapes


def terms_in(text: str, terms: tuple[str, ...]) -> set[str]:
    """The search terms that some word of `text` matches."""
    # Accent folding is slow on long texts; most are plain ASCII, where lower case is enough.
    folded = text.casefold() if text.isascii() else fold_text(text)
    # Most passages hold none of the terms: a substring test on four letters skips them cheaply.
    if not any(fold(term)[:4] in folded for term in terms):
        return set()
    return {term for token in TOKEN.findall(text) if (term := matches(token, terms))}


def best_snippet(passages: list[tuple[str, str]], terms: tuple[str, ...], shown: str = "") -> Snippet | None:
    """The passage that matches the most search terms, unless the text already shown matches as many."""
    if not terms:
        return None
    best_count, best_passage = len(terms_in(shown, terms)), None
    for label, text in passages:
        count = len(terms_in(text, terms))
        if count > best_count:
            best_count, best_passage = count, (label, text)
    if best_passage is None:
        return None
    label, text = best_passage
    return Snippet(label=label, html=excerpt(text, terms)[1])
