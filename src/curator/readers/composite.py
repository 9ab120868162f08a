"""The composite of the readers: each reader, in order of precedence, reads what no earlier reader claimed.

A reader is a function `Open -> Reading`: the rows it read (by dataset), its findings, and the source lines and
tables it claimed. Table rows and list items are claimed at most once: a later reader never sees a line an earlier
one claimed, and what nobody claimed is `unclaimed` (kept, never dropped). Paragraphs are never claimed (one
sentence may state several facts), so every reader sees all of them. A reader that builds on an earlier reader's
rows (an infobox's missions, a state list's dates as events) reads them from `Open.read` and claims nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from curator.documents import LoadedDocuments

DOCUMENTS = "documents"
RELATIONS = "relations"
RELATION_EVENTS = "relation_events"
AMBASSADORS = "ambassadors"
OPINION_POLLS = "opinion_polls"
MISSIONS = "missions"
STATE_LIST = "state_list"
INFOBOX = "infobox"
UNCLAIMED = "unclaimed"

_STRING, _INT, _DOC = pl.String(), pl.Int64(), pl.UInt32()
LINES_SCHEMA: dict[str, pl.DataType] = {"doc": _DOC, "line": _INT}
TABLES_SCHEMA: dict[str, pl.DataType] = {"doc": _DOC, "table": _INT}
FINDING_COLUMNS = ("doc", "line", "severity", "message")


def no_lines() -> pl.DataFrame:
    """An empty claim of (doc, line)."""
    return pl.DataFrame(schema=LINES_SCHEMA)


@dataclass(frozen=True)
class Reading:
    """What one reader read: rows by dataset, findings as (dataset, frame of doc, line, severity, message), the
    source lines it claimed (doc, line) and the tables it claimed (doc, table) even when it read none of their rows.
    A table any of whose rows a reader claimed is claimed too."""

    rows: Mapping[str, pl.DataFrame] = field(default_factory=dict)
    findings: Sequence[tuple[str, pl.DataFrame]] = ()
    lines: pl.DataFrame = field(default_factory=no_lines)
    tables: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=TABLES_SCHEMA))


@dataclass
class Open:
    """The batch as the next reader sees it: what every reader may read, and what no reader has claimed yet.

    `context`: one row per document (doc, source_file, title, lead, titled and the parties its title names);
    `tables`: the tables nobody claimed (doc, table, header, header_line, caption, rows, path, region);
    `table_rows`: their rows nobody claimed, with their table's columns and the document's `subject`;
    `items`: list items nobody claimed, with their section's `path` and `heading`;
    `read`: the rows read so far, by dataset, in the readers' order.
    """

    loaded: LoadedDocuments
    focal: str
    context: pl.DataFrame
    tables: pl.DataFrame
    table_rows: pl.DataFrame
    items: pl.DataFrame
    read: dict[str, list[pl.DataFrame]] = field(default_factory=dict)

    def rows_of(self, dataset: str) -> pl.DataFrame | None:
        """Every row read so far for `dataset`, or None when no reader read any."""
        frames = self.read.get(dataset)
        return pl.concat(frames, how="diagonal_relaxed") if frames else None

    def claim(self, reading: Reading) -> None:
        """Record a reader's rows and take the lines and tables it claimed out of what is open."""
        for dataset, frame in reading.rows.items():
            self.read.setdefault(dataset, []).append(frame)
        lines = reading.lines.select(pl.col("doc").cast(_DOC), pl.col("line").cast(_INT))
        tables = pl.concat(
            [
                reading.tables.select(pl.col("doc").cast(_DOC), pl.col("table").cast(_INT)),
                self.table_rows.join(lines, on=["doc", "line"], how="semi").select("doc", "table"),
            ]
        )
        self.table_rows = self.table_rows.join(lines, on=["doc", "line"], how="anti")
        self.items = self.items.join(lines, on=["doc", "line"], how="anti")
        self.tables = self.tables.join(tables, on=["doc", "table"], how="anti")


Reader = Callable[[Open], Reading]
# A finishing step sees every dataset read and may change them (an infobox marks who holds the post now).
Finisher = Callable[[dict[str, pl.DataFrame], Open], dict[str, pl.DataFrame]]


@dataclass(frozen=True)
class Composed:
    """Every dataset's rows, the findings (dataset, doc, line, severity, message) and the tables nobody claimed."""

    frames: dict[str, pl.DataFrame]
    findings: pl.DataFrame
    unrecognized: pl.DataFrame


def compose(open_: Open, readers: Sequence[Reader], finishers: Sequence[Finisher]) -> Composed:
    """Run the readers in order over what is still open, then the finishing steps; what is left is `unclaimed`."""
    findings: list[pl.DataFrame] = []
    for reader in readers:
        reading = reader(open_)
        open_.claim(reading)
        findings += [
            frame.select(pl.col("doc").cast(_DOC), pl.col("line").cast(_INT), "severity", "message").with_columns(
                pl.lit(dataset).alias("dataset")
            )
            for dataset, frame in reading.findings
        ]
    frames = {dataset: pl.concat(rows, how="diagonal_relaxed") for dataset, rows in open_.read.items()}
    for finish in finishers:
        frames = finish(frames, open_)
    frames[UNCLAIMED] = unclaimed(open_)
    no_findings = pl.DataFrame(schema={**LINES_SCHEMA, "severity": _STRING, "message": _STRING, "dataset": _STRING})
    return Composed(frames, pl.concat([no_findings, *findings]), open_.tables.sort("doc", "table"))


def unclaimed(open_: Open) -> pl.DataFrame:
    """Table rows and list items no reader claimed, as `unclaimed` rows."""
    rows = open_.table_rows.select(
        "doc",
        pl.col("line").alias("source_line"),
        pl.col("text").alias("source_text"),
        pl.lit("table_row").alias("kind"),
        pl.col("path").list.join(" > ").alias("section"),
        pl.col("header_line").alias("table_header_line"),
        "header",
        "cells",
        pl.lit(None, dtype=_INT).alias("depth"),
        "text",
    )
    items = open_.items.select(
        "doc",
        pl.col("line").alias("source_line"),
        pl.col("raw").alias("source_text"),
        "kind",
        pl.col("path").list.join(" > ").alias("section"),
        pl.lit(None, dtype=_INT).alias("table_header_line"),
        pl.lit(None, dtype=pl.List(_STRING)).alias("header"),
        pl.lit(None, dtype=pl.List(_STRING)).alias("cells"),
        "depth",
        "text",
    )
    return pl.concat([rows, items]).sort("doc", "source_line")
