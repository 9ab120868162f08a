"""Route parsed documents into the curated datasets; each builder is a pure function of the parsed documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from curator.documents import RawDocument, build_documents
from curator.parse import ParsedDocument


@dataclass(frozen=True)
class Finding:
    """Something a reviewer should know about a source line that did not stop its row (e.g. a date with no date)."""

    dataset: str
    source_file: str
    source_line: int
    severity: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        """Plain-dict form for report.json."""
        return {
            "dataset": self.dataset,
            "source_file": self.source_file,
            "source_line": self.source_line,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class BuiltDatasets:
    """Every dataset's frame before validation, plus findings, recoveries and the tables nobody claimed."""

    frames: dict[str, pl.DataFrame]
    findings: tuple[Finding, ...] = ()
    unrecognized_tables: tuple[dict[str, Any], ...] = ()
    recovered: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def build_datasets(parsed: Sequence[tuple[ParsedDocument, RawDocument]]) -> BuiltDatasets:
    """All curated datasets of a run, built from its parsed documents."""
    return BuiltDatasets(frames={"documents": build_documents(list(parsed))})
