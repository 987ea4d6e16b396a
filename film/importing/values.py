"""The import's value formats: each turns a cell into what the film holds, or says what is wrong.

Every function raises ``Invalid`` with a sentence an editor can act on; the importer puts the
column's name in front of it.
"""

import datetime
import re
from dataclasses import dataclass
from html import escape

from film.models import FilmBroadcast, FilmPartner

# "24", "24 (2011)" or "Season 24 (2011)": the year is needed only to create a season.
SEASON = re.compile(r"(?:season\s+)?(?P<number>[0-9]+)(?:\s*\((?P<year>[0-9]{4})\))?", re.IGNORECASE)
HAS_MARKUP = re.compile(r"<[a-zA-Z/!]")
HAS_BLOCKS = re.compile(r"<(p|ul|ol|h[1-6]|blockquote)[\s>]", re.IGNORECASE)
PAIR_SEPARATOR = "|"


class Invalid(Exception):
    pass


def whole_number(text: str) -> int | None:
    """A whole number, or None for an empty cell."""
    if not text:
        return None
    if not re.fullmatch(r"[0-9]+", text):
        raise Invalid(f"Give a whole number, e.g. 90, not “{text}”.")
    return int(text)


def season(text: str) -> tuple[int, int | None] | None:
    """(number, year or None) from the season cell, or None when it is empty."""
    if not text:
        return None
    match = SEASON.fullmatch(text.strip())
    if not match or int(match["number"]) < 1:
        raise Invalid(f"Write the season as its number, e.g. 24 or 24 (2011), not “{text}”.")
    return int(match["number"]), int(match["year"]) if match["year"] else None


def name_and_role(text: str) -> tuple[str, str]:
    """``Name|Role`` (the role may be left out): the name with its spacing tidied, and the role."""
    name, _, role = text.partition(PAIR_SEPARATOR)
    name = " ".join(name.split())
    if not name:
        raise Invalid(f"“{text}” has no name before the “|”.")
    return name, " ".join(role.split())


PARTNER_ROLES = {
    **{key.replace("_", " "): key for key, _ in FilmPartner.ROLES},
    **{label.casefold(): key for key, label in FilmPartner.ROLES},
}


def partner_role(name: str, role: str) -> str:
    """A FilmPartner role key from its key or its heading, in any case."""
    if not role:
        raise Invalid(f"Say how {name} is credited, e.g. “{name}|Presented by”.")
    key = PARTNER_ROLES.get(" ".join(role.replace("_", " ").split()).casefold())
    if key is None:
        headings = ", ".join(f"“{label}”" for _, label in FilmPartner.ROLES)
        raise Invalid(f"“{role}” is not a partner role (for {name}); use one of {headings}.")
    return key


def normalised_name(name: str) -> str:
    """What two partner names that differ only in case or spacing have in common."""
    return " ".join(name.split()).casefold()


def instant(text: str) -> datetime.datetime:
    """An ISO 8601 date and time with its UTC offset, e.g. 2011-10-04T22:00:00-04:00."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise Invalid(f"“{text}” is not a date and time such as 2011-10-04T22:00-04:00.") from error
    if value.tzinfo is None:
        raise Invalid(f"“{text}” has no UTC offset: add it, e.g. {text}-04:00 (or Z for UTC).")
    return value


@dataclass
class Broadcast:
    kind: str
    starts: datetime.datetime  # aware


def broadcasts(items: list[str], premiere=None) -> list[Broadcast]:
    """``date-time[|premiere|encore]`` each. Without a kind, the first is the premiere unless
    another is marked so, or the premiere column gives its time (``premiere``, aware): then that
    is the premiere broadcast, added first when the list does not hold it."""
    parsed = []
    for item in items:
        moment, _, kind = item.partition(PAIR_SEPARATOR)
        kind = kind.strip().casefold()
        if kind and kind not in {FilmBroadcast.PREMIERE, FilmBroadcast.ENCORE}:
            raise Invalid(f"“{kind}” after “{moment.strip()}” is not premiere or encore.")
        parsed.append(Broadcast(kind, instant(moment.strip())))
    if len([b for b in parsed if b.kind == FilmBroadcast.PREMIERE]) > 1:
        raise Invalid("A film has one premiere: mark the others “|encore”.")
    if premiere is not None and not any(b.kind == FilmBroadcast.PREMIERE for b in parsed):
        parsed = [Broadcast(FilmBroadcast.PREMIERE, premiere)] + [b for b in parsed if b.starts != premiere]
    has_premiere = any(b.kind == FilmBroadcast.PREMIERE for b in parsed)
    for position, broadcast in enumerate(parsed):
        if not broadcast.kind:
            first = position == 0 and not has_premiere
            broadcast.kind = FilmBroadcast.PREMIERE if first else FilmBroadcast.ENCORE
    return parsed


def premiere(text: str) -> datetime.date | datetime.datetime | None:
    """The premiere: a date (2011-10-04), or a date and time with its offset (a broadcast)."""
    if not text:
        return None
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError as error:
            raise Invalid(f"“{text}” is not a date.") from error
    return instant(text)


def paragraphs(text: str) -> str:
    """Rich text from the synopsis cell: HTML with paragraphs as given; otherwise paragraphs at
    blank lines, line breaks kept, plain text escaped (inline markup such as <i> kept)."""
    if not text or HAS_BLOCKS.search(text):
        return text
    keep = HAS_MARKUP.search(text) is not None
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    return "".join(
        "<p>" + "<br/>".join(line if keep else escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
    )
