"""The readers' composite: each reader sees only what no earlier reader claimed; what nobody claims is unclaimed."""

from __future__ import annotations

import polars as pl

from curator.datasets import open_batch
from curator.documents import DecodedDocument, LoadedDocuments, RawDocument, decode_document, load_batch
from curator.readers.composite import AMBASSADORS, Open, Reader, Reading, compose

TEXT = """= Example =

== Items ==
- first item
- second item
- third item
"""


def _loaded(text: str) -> LoadedDocuments:
    raw = RawDocument("t.txt", text.encode("utf-8"))
    decoded = decode_document(raw)
    assert isinstance(decoded, DecodedDocument)
    return load_batch([(decoded, raw)], [])


def _claim_line(line: int, seen: list[list[int]]) -> Reader:
    """A reader that records the item lines it sees and claims one of them."""

    def read(open_: Open) -> Reading:
        seen.append(sorted(open_.items["line"].to_list()))
        claimed = open_.items.filter(pl.col("line") == line).select("doc", "line")
        return Reading({AMBASSADORS: claimed}, lines=claimed)

    return read


def test_a_later_reader_never_sees_a_line_an_earlier_reader_claimed() -> None:
    """The second reader sees the items minus the one the first claimed; the item nobody claimed is unclaimed."""
    seen: list[list[int]] = []
    composed = compose(open_batch(_loaded(TEXT)), [_claim_line(4, seen), _claim_line(5, seen)], [])
    assert seen == [[4, 5, 6], [5, 6]]
    assert composed.frames["unclaimed"]["source_line"].to_list() == [6]
    assert composed.frames[AMBASSADORS]["line"].to_list() == [4, 5]
