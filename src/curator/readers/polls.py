"""Opinion-poll tables: poll identity from the caption, percentages from cells, blanks derived when exact.

Reads tables whose header names neutral and net columns (claimed by `curator.datasets`). It will not derive a
share that does not come out whole and within 0..100; a cell that is not a whole percentage is a finding.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from curator.frames import cell_at, map_distinct
from curator.text.dashes import MINUS_SIGNS
from curator.text.markup import strip_markup, strip_markup_expr

_CAPTION_POLL = re.compile(r"results of (?:the )?(?P<year>\d{4}) (?P<pollster>.+?) poll", re.IGNORECASE)
_NUMBER = re.compile(r"^[+−–-]?\d+(?:\.\d+)?$")
SHARES = ("positive", "negative", "neutral", "net")

_STRING, _INT = pl.String(), pl.Int64()


def poll_identity(caption: str | None) -> tuple[str | None, str | None, int | None]:
    """('2017 BBC World Service poll', 'BBC World Service', 2017) from a 'Results of 2017 BBC ... poll' caption."""
    match = _CAPTION_POLL.search(caption or "")
    if not match:
        return None, None, None
    pollster = match.group("pollster").strip()
    year = int(match.group("year"))
    return f"{year} {pollster} poll", pollster, year


def read_percent(text: str) -> tuple[int | None, str | None]:
    """A whole percentage from a cell ('42', '42%', '−53'), or None and why not."""
    cleaned = strip_markup(text).replace("%", "").replace(" ", "").translate(MINUS_SIGNS)
    if not cleaned:
        return None, None
    if not _NUMBER.match(cleaned):
        return None, f"not a number: {text!r}"
    value = float(cleaned)
    if not value.is_integer():
        return None, f"not a whole percentage: {text!r}"
    return int(value), None


def derive_split(neutral: int, net: int) -> tuple[int, int] | None:
    """Positive and negative from neutral and net, only when both come out whole and within 0..100."""
    positive_twice, negative_twice = 100 - neutral + net, 100 - neutral - net
    if positive_twice % 2 or negative_twice % 2:
        return None
    positive, negative = positive_twice // 2, negative_twice // 2
    if not (0 <= positive <= 100 and 0 <= negative <= 100):
        return None
    return positive, negative


def _percent(name: str) -> Any:
    def read(text: str | None) -> dict[str, Any]:
        value, problem = read_percent(text or "")
        return {name: value, f"_{name}_problem": f"{name}: {problem}" if problem else None}

    return read


def _split(neutral: int | None, net: int | None) -> dict[str, Any]:
    derived = derive_split(neutral, net) if neutral is not None and net is not None else None
    return {"_derived_positive": derived[0] if derived else None, "_derived_negative": derived[1] if derived else None}


def _identity(caption: str | None) -> dict[str, Any]:
    poll, pollster, year = poll_identity(caption)
    return {"poll": poll, "pollster": pollster, "poll_year": year}


def poll_rows(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows of poll tables (identity: poll and rank) and findings (doc, line, severity, message).

    `rows` are table rows with their table's caption, header line and the index of each share column.
    """
    rows = rows.with_columns(
        *(cell_at(f"{name}_index").fill_null("").alias(f"_{name}_cell") for name in SHARES),
        strip_markup_expr(cell_at("country_index")).fill_null("").alias("_country"),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("doc", "table").alias("rank"),
    )
    for name in SHARES:
        rows = map_distinct(
            rows, [f"_{name}_cell"], _percent(name), {name: _INT, f"_{name}_problem": _STRING}
        ).with_columns(
            pl.when(pl.col(name).is_not_null())
            .then(pl.lit("cell"))
            .otherwise(pl.lit("missing"))
            .alias(f"{name}_source")
        )
    rows = map_distinct(rows, ["caption"], _identity, {"poll": _STRING, "pollster": _STRING, "poll_year": _INT})
    rows = map_distinct(rows, ["neutral", "net"], _split, {"_derived_positive": _INT, "_derived_negative": _INT})
    derivable = pl.col("positive").is_null() & pl.col("negative").is_null()
    derivable &= pl.col("neutral").is_not_null() & pl.col("net").is_not_null()
    rows = rows.with_columns(
        (derivable & pl.col("_derived_positive").is_not_null()).alias("_derive"),
        (derivable & pl.col("_derived_positive").is_null()).alias("_underivable"),
    )
    rows = rows.with_columns(
        pl.when("_derive").then("_derived_positive").otherwise("positive").alias("positive"),
        pl.when("_derive").then("_derived_negative").otherwise("negative").alias("negative"),
        pl.when("_derive").then(pl.lit("derived")).otherwise("positive_source").alias("positive_source"),
        pl.when("_derive").then(pl.lit("derived")).otherwise("negative_source").alias("negative_source"),
    )
    net_derivable = pl.col("net").is_null() & pl.col("positive").is_not_null() & pl.col("negative").is_not_null()
    rows = rows.with_columns(
        pl.when(net_derivable).then(pl.col("positive") - pl.col("negative")).otherwise("net").alias("net"),
        pl.when(net_derivable).then(pl.lit("derived")).otherwise("net_source").alias("net_source"),
    ).sort("doc", "line")
    polls = rows.select(
        "doc",
        pl.col("line").alias("source_line"),
        pl.col("text").alias("source_text"),
        "poll",
        "pollster",
        "poll_year",
        "caption",
        "rank",
        pl.when(pl.col("_country") != "").then(pl.col("_country")).alias("country_polled"),
        pl.when(pl.col("_country") != "")
        .then(pl.lit("cell"))
        .otherwise(pl.lit("missing"))
        .alias("country_polled_source"),
        *SHARES,
        *(f"{name}_source" for name in SHARES),
    )
    return polls, _findings(rows)


def _findings(rows: pl.DataFrame) -> pl.DataFrame:
    problems = [
        rows.select("doc", "line", pl.lit("warning").alias("severity"), pl.col(f"_{name}_problem").alias("message"))
        for name in SHARES
    ]
    problems.append(
        rows.filter("_underivable").select(
            "doc",
            "line",
            pl.lit("warning").alias("severity"),
            pl.format("positive/negative not derivable from neutral {} and net {}", "neutral", "net").alias("message"),
        )
    )
    return pl.concat(problems).drop_nulls("message").sort("doc", "line", maintain_order=True)


def caption_findings(tables: pl.DataFrame) -> pl.DataFrame:
    """A poll table (with or without rows) whose caption names no poll is a finding at its header line."""
    named = map_distinct(
        tables.select("doc", "header_line", "caption"),
        ["caption"],
        _identity,
        {"poll": _STRING, "pollster": _STRING, "poll_year": _INT},
    )
    return named.filter(pl.col("poll").is_null()).select(
        "doc",
        pl.col("header_line").alias("line"),
        pl.lit("warning").alias("severity"),
        pl.lit("poll table without a 'Results of YEAR POLLSTER poll' caption").alias("message"),
    )
