"""The words inside StreamField blocks, read from the raw JSON that the database stores.

Wagtail's own indexing of a StreamField converts every block to Python first, which loads
each chosen image and document (one query per block type per page) and also indexes choice
labels such as "Section (h2)". Search only needs the text that editors wrote, so this walks the
block definitions over the raw data instead, with no database query:

- a block with a ``search_words(raw)`` method says which of its children hold words (the
  blocks in film/blocks/ do, next to their API and JSON-LD methods);
- any other struct, list or stream block gives the words of all its children;
- text-bearing leaves (CharBlock, TextBlock, RichTextBlock) give their words through their own
  ``get_searchable_content``, honouring ``search_index=False``; everything else (links, dates,
  choices, images, documents) is skipped.
"""

import re
from collections.abc import Iterator

from wagtail import blocks

TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)
# The method a block may define to name the children that hold its words.
SEARCH_WORDS = "search_words"
# Durations ("2:35") and similar have no letters; nobody searches for them.
HAS_LETTER = re.compile(r"[^\W\d_]")


def _is_list_item(item) -> bool:
    # ListBlock's current JSON format: {"type": "item", "value": ..., "id": ...}; older data is bare values.
    return isinstance(item, dict) and item.get("type") == "item" and "value" in item and "id" in item


def block_text(block: blocks.Block, raw) -> Iterator[str]:
    """Yield the searchable strings of one block's raw value."""
    if raw in (None, "", [], {}) or not getattr(block, "search_index", True):
        return
    search_words = getattr(block, SEARCH_WORDS, None)
    if search_words is not None:
        yield from search_words(raw)
    elif isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                yield from block_text(child, item.get("value"))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            yield from block_text(block.child_block, item["value"] if _is_list_item(item) else item)
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, dict):
            for name, child in block.child_blocks.items():
                yield from block_text(child, raw.get(name))
    elif isinstance(block, TEXT_BLOCKS) and isinstance(raw, str):
        for text in block.get_searchable_content(block.to_python(raw)):
            text = " ".join(text.split())
            if HAS_LETTER.search(text):
                yield text


def struct_words(block: blocks.StructBlock, raw, names: list[str]) -> Iterator[str]:
    """The words of the children ``names`` of a struct block's raw value, in that order."""
    if isinstance(raw, dict):
        for name in names:
            yield from block_text(block.child_blocks[name], raw.get(name))


def stream_passages(*stream_values) -> list[tuple[str, str]]:
    """(block label, text) for each top-level block with words, in page order."""
    passages = []
    for value in stream_values:
        stream_block = value.stream_block
        for item in value.raw_data:
            child = stream_block.child_blocks.get(item.get("type"))
            if child is None:
                continue
            text = " · ".join(block_text(child, item.get("value")))
            if text:
                passages.append((str(child.label), text))
    return passages
