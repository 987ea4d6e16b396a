"""What a visitor typed, reduced to words the search backends can all handle safely.

Every backend has its own query syntax (FTS5's ``"`` ``*`` ``NEAR`` ``OR``, PostgreSQL's
tsquery ``& | ! :*``, the Elasticsearch query DSL), so nothing of the visitor's punctuation is
passed on: the query becomes plain words (all required) plus "quoted phrases". Common English
words are dropped outside phrases, as PostgreSQL's English configuration does, so that SQLite
(which keeps them) finds the same films.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from wagtail.search.query import And, Phrase, PlainText, SearchQuery

from core.http.params import MAX_SEARCH_TERMS as MAX_TERMS

MAX_QUERY_LENGTH = 200

# Letters and digits in any script; apostrophes, hyphens and underscores separate words, as the
# FTS5 and PostgreSQL tokenisers do.
WORD = re.compile(r"[^\W_]+")
PHRASE = re.compile(r'"([^"]*)"')
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# PostgreSQL's English stop word list (tsearch_data/english.stop).
STOP_WORDS = frozenset(
    [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
        "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
        "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that",
        "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
        "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as",
        "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
        "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off",
        "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how",
        "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not",
        "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should",
        "now",
    ]
)  # fmt: skip


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower())


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the query as shown back and logged: trimmed, single-spaced, at most MAX_QUERY_LENGTH
    words: tuple[str, ...]  # required single words, stop words removed
    phrases: tuple[tuple[str, ...], ...]  # quoted phrases, as words
    truncated: bool = False
    only_stop_words: bool = False

    @classmethod
    def parse(cls, raw: str) -> "ParsedQuery":
        text = unicodedata.normalize("NFKC", CONTROL.sub(" ", raw or ""))
        text = " ".join(text.split())
        truncated = len(text) > MAX_QUERY_LENGTH
        text = text[:MAX_QUERY_LENGTH].strip()
        phrases = []
        for quoted in PHRASE.findall(text):
            phrase_words = tuple(words_of(quoted))
            if len(phrase_words) > 1:
                phrases.append(phrase_words)
        # A one-word "phrase" and any unpaired quote are just words.
        remainder = PHRASE.sub(lambda m: m.group(1) if len(words_of(m.group(1))) == 1 else " ", text)
        all_words = words_of(remainder)
        words = tuple(dict.fromkeys(w for w in all_words if w not in STOP_WORDS))
        # Bound the work a pasted essay can cause; extra words rarely narrow a search further.
        budget = MAX_TERMS
        phrases = [p[:budget] for p in phrases[:budget]]
        budget -= sum(len(p) for p in phrases)
        words = words[: max(budget, 0)]
        return cls(
            text=text,
            words=words,
            phrases=tuple(phrases),
            truncated=truncated,
            only_stop_words=bool(all_words) and not words and not phrases,
        )

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @cached_property
    def terms(self) -> tuple[str, ...]:
        """Every word searched for, phrases included: what the snippets highlight."""
        return tuple(dict.fromkeys([*self.words, *(w for phrase in self.phrases for w in phrase)]))

    def search_query(self) -> SearchQuery:
        parts: list[SearchQuery] = [Phrase(" ".join(phrase)) for phrase in self.phrases]
        if self.words:
            parts.insert(0, PlainText(" ".join(self.words), operator="and"))
        return parts[0] if len(parts) == 1 else And(parts)

    def prefix_text(self) -> str:
        """The words for an autocomplete (prefix) search: the last one may be unfinished."""
        return " ".join(words_of(self.text)[:MAX_TERMS])
