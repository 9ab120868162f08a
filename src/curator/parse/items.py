"""List items of a parsed batch: each item line's indent, number and text, and its list and depth.

An item line is one the classifier marked numbered (`3. `), bulleted (`- `, `* `, `• `, `# `) or indented. A marker
that does not read (a number in digits the regex engine knows and Python does not) makes the line prose; a list
starts at an item whose previous content line is not an item, and its depth is its indent in steps of two.
"""

from __future__ import annotations

import polars as pl

from curator.frames import map_distinct
from curator.parse.kinds import BLANK, BULLETED, INDENTED, ITEM_KINDS, NUMBERED
from curator.text.markup import PY_WHITESPACE

_NUMBERED_PARTS = r"^([\s\x1c-\x1f]*)(\d{1,4})\.(.*)$"
_BULLETED_PARTS = r"^([\s\x1c-\x1f]*)[-*•#]\s(.*)$"
_INDENTED_PARTS = r"^([\s\x1c-\x1f]*)(.*)$"


def item_lines(lines: pl.DataFrame) -> pl.DataFrame:
    """Candidate list items with indent, number and text; `readable` is false when the marker does not read."""
    frames = []
    for kind, pattern, number_group in (
        (NUMBERED, _NUMBERED_PARTS, 2),
        (BULLETED, _BULLETED_PARTS, None),
        (INDENTED, _INDENTED_PARTS, None),
    ):
        rest_group = 3 if number_group else 2
        frames.append(
            lines.filter(pl.col("kind") == kind).select(
                "doc",
                "line",
                "kind",
                pl.col("view").str.extract(pattern, 1).alias("indent"),
                (
                    pl.col("view").str.extract(pattern, number_group).str.to_integer(strict=False)
                    if number_group
                    else pl.lit(None, dtype=pl.Int64)
                ).alias("number"),
                pl.col("view").str.extract(pattern, rest_group).str.strip_chars(PY_WHITESPACE).alias("item_text"),
                pl.col("text").alias("raw"),
            )
        )
    items = pl.concat(frames).sort("doc", "line")
    # Digits of other scripts ('٣') are numbers to Python's int() but not to polars: read the few distinct ones.
    items = (
        map_distinct(
            items.with_columns(
                pl.when(pl.col("number").is_null() & (pl.col("kind") == NUMBERED))
                .then(pl.col("raw").str.extract(_NUMBERED_PARTS, 2))
                .alias("_digits")
            ),
            ["_digits"],
            lambda digits: {"_number": _python_int(digits) if digits else None},
            {"_number": pl.Int64()},
        )
        .with_columns(pl.coalesce("number", "_number").alias("number"))
        .drop("_digits", "_number")
    )
    # The classifier's regex engine knows digits Python's does not (a newer Unicode); such a line is prose.
    readable = pl.col("indent").is_not_null() & ((pl.col("kind") != NUMBERED) | pl.col("number").is_not_null())
    return items.with_columns(readable.alias("readable"))


def _python_int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def number_lists(lines: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    """Readable items with depth, section and list index: a list starts at an item whose previous content line
    (blank lines do not count) is not an item."""
    is_item = pl.col("kind").is_in(ITEM_KINDS)
    content = lines.filter(pl.col("kind") != BLANK).select(
        "doc", "line", "section", (is_item & ~is_item.shift(1, fill_value=False).over("doc")).alias("_new")
    )
    content = content.with_columns((pl.col("_new").cum_sum().over("doc") - 1).cast(pl.Int64).alias("list_index"))
    readable = map_distinct(
        items.filter(pl.col("readable")),
        ["indent"],
        lambda indent: {"depth": len(indent.expandtabs(2)) // 2},
        {"depth": pl.Int64()},
    )
    return readable.join(content.select("doc", "line", "section", "list_index"), on=["doc", "line"]).select(
        "doc",
        "line",
        "kind",
        "number",
        pl.col("item_text").alias("text"),
        "depth",
        "list_index",
        "section",
        "raw",
    )
