"""Reading an import file: CSV or JSON rows, each with its number for the report.

A CSV row's number is the line of the file it starts on (the header is line 1; a quoted value
may run over several lines); a JSON item's is its position in the array, from 1. Values come
out as text, or lists of text for the list fields, whatever the format wrote them as.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = (
    "legacy_id",
    "title",
    "year",
    "runtime_minutes",
    "logline",
    "synopsis",
    "season",
    "topics",
    "filmmakers",
    "partners",
    "premiere",
    "broadcasts",
    "legacy_url",
    "image",
    "image_alt",
)
LIST_FIELDS = frozenset({"topics", "filmmakers", "partners", "broadcasts"})
LIST_SEPARATOR = ";"


class SourceError(Exception):
    """The file as a whole cannot be read (its format, its columns): no row is imported."""


@dataclass
class SourceRow:
    number: int
    values: dict[str, str | list[str]]
    # Values that are not of the shape the format asks for, keyed by field.
    problems: dict[str, str] = field(default_factory=dict)
    unit: str = "line"  # what `number` counts: lines of a CSV file, items of a JSON array

    @property
    def place(self) -> str:
        return f"{self.unit} {self.number}"


def read_rows(name: str, content: bytes) -> list[SourceRow]:
    """The rows of a file called ``name`` (its extension says the format) holding ``content``."""
    suffix = Path(name).suffix.lower()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"The file is not UTF-8 text (byte {error.start} cannot be read).") from error
    if suffix == ".csv":
        return _csv_rows(text)
    if suffix == ".json":
        return _json_rows(text)
    raise SourceError(f"Give a .csv or a .json file, not “{name}”.")


def _check_columns(columns, where: str) -> None:
    unknown = [column for column in columns if column not in FIELDS]
    if unknown:
        raise SourceError(
            f"Unknown {where} {', '.join(map(repr, unknown))}: the fields are {', '.join(FIELDS)}."
        )


def _csv_rows(text: str) -> list[SourceRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise SourceError("The CSV file is empty: its first line names the columns.")
    header = [column.strip() for column in header]
    _check_columns(header, "columns")
    if "legacy_id" not in header:
        raise SourceError("The CSV file needs a legacy_id column: it is how a film is found again.")
    rows = []
    start = reader.line_num + 1
    for cells in reader:
        number, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        row = SourceRow(number, {})
        if len(cells) > len(header):
            row.problems["row"] = f"It has {len(cells)} values for {len(header)} columns (a comma too many?)."
        for column, cell in zip(header, cells, strict=False):
            if column in LIST_FIELDS:
                row.values[column] = [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]
            else:
                row.values[column] = cell.strip()
        rows.append(row)
    return rows


def _json_text(value) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, str | int | float):
        return str(value).strip()
    return None


def _json_rows(text: str) -> list[SourceRow]:
    try:
        items = json.loads(text)
    except ValueError as error:
        raise SourceError(f"The JSON cannot be read: {error}.") from error
    if not isinstance(items, list):
        raise SourceError("The JSON file holds an array of films, one object each.")
    rows = []
    for number, item in enumerate(items, start=1):
        row = SourceRow(number, {}, unit="item")
        if not isinstance(item, dict):
            row.problems["row"] = "It is not an object of fields."
            rows.append(row)
            continue
        _check_columns(list(item), "fields")
        for name, value in item.items():
            if name in LIST_FIELDS:
                value = [] if value is None else value
                texts = [_json_text(entry) for entry in value] if isinstance(value, list) else [None]
                if None in texts:
                    row.problems[name] = 'Give an array of texts, e.g. ["Migration", "China"].'
                    continue
                row.values[name] = [entry for entry in texts if entry]
            else:
                text_value = _json_text(value)
                if text_value is None:
                    row.problems[name] = "Give a text or a number here."
                    continue
                row.values[name] = text_value
        rows.append(row)
    return rows
