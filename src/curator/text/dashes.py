"""Dashes, hyphens and minus signs: one table each for what they are read as, with polars twins."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

# Minus signs and dashes written for a minus (or a range dash), read as "-" (percentages, header words).
MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "—": "-"})
# Unicode hyphens become "-", the long dashes and minus signs become "–" (the range dash dates read).
RANGE_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "\u2013",
        "\u2014": "\u2013",
        "\u2015": "\u2013",
        "\u2212": "\u2013",
        "\ufe58": "\u2013",
        "\ufe63": "-",
        "\uff0d": "-",
    }
)
# A dash between two names ('Japan–Korea', 'Japan - Korea'), as a regular-expression fragment.
DASH_SEPARATOR = r"\s*[-–—]\s*"


def _table_pairs(table: Mapping[int, int | str | None]) -> tuple[list[str], list[str]]:
    sources = [chr(code) for code in table]
    targets = [value if isinstance(value, str) else chr(value) if value is not None else "" for value in table.values()]
    return sources, targets


def minus_signs_as_hyphen(text: str) -> str:
    """Text with every minus sign and dash of `MINUS_SIGNS` as '-'."""
    return text.translate(MINUS_SIGNS)


def minus_signs_as_hyphen_expr(expr: pl.Expr) -> pl.Expr:
    """`minus_signs_as_hyphen` as a polars expression."""
    sources, targets = _table_pairs(MINUS_SIGNS)
    return expr.str.replace_many(sources, targets)


def range_dashes(text: str) -> str:
    """Text with Unicode hyphens as '-' and long dashes and minus signs as '–' (`RANGE_DASHES`)."""
    return text.translate(RANGE_DASHES)


def range_dashes_expr(expr: pl.Expr) -> pl.Expr:
    """`range_dashes` as a polars expression."""
    sources, targets = _table_pairs(RANGE_DASHES)
    return expr.str.replace_many(sources, targets)
