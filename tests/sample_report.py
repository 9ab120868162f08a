"""A realistic report.json dict for tests, with hostile strings where document-derived text goes."""

from __future__ import annotations

import copy
from typing import Any

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
HOSTILE = (SCRIPT, IMG, SVG)

DATASETS = ("documents", "relations", "relation_events", "ambassadors", "opinion_polls", "missions", "state_list")


def _check(
    name: str,
    column: str | None,
    failing: int,
    examples: list[dict[str, Any]] | None = None,
    *,
    severity: str = "error",
    kind: str = "schema",
    description: str = "",
) -> dict[str, Any]:
    return {
        "name": name,
        "column": column,
        "severity": severity,
        "kind": kind,
        "description": description,
        "failing_rows": failing,
        "passed": failing == 0,
        "examples": examples or [],
    }


def _dataset(
    rows_in: int,
    curated: int,
    columns: list[str],
    checks: list[dict[str, Any]],
    *,
    published: bool = True,
    completeness: dict[str, float] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "rows_in": rows_in,
        "rows_curated": curated,
        "rows_quarantined": rows_in - curated,
        "published": published,
        "kept_previous": not published,
        "columns": columns,
        "completeness": completeness or dict.fromkeys(columns, 1.0),
        "checks": checks,
        "recovered": [],
        "date_precision": {},
        "quarantine_reasons": {},
    }
    entry.update(extra)
    return entry


def sample_report() -> dict[str, Any]:
    """A report of a warned run with a diff: seven datasets, failing checks, findings and hostile document text."""
    relations_examples = [
        {
            "source_file": "001_d85be5eb45d2c744.txt",
            "source_line": 274,
            "value": "",
            "message": "country could not be recovered (between Malta and Montenegro)",
            "source_text": "| | | See Foreign relations of Madagascar |",
        },
        {
            "source_file": "001_d85be5eb45d2c744.txt",
            "source_line": 301,
            "value": SCRIPT,
            "message": f"country: str_matches {SVG}",
            "source_text": f"| {SCRIPT} | 1952 | {IMG} |",
        },
    ]
    iso_examples = [
        {
            "source_file": f"003_{IMG}.txt",
            "source_line": 88,
            "value": "Kosovo",
            "message": "country_iso3: no ISO 3166 code for the name",
            "source_text": "| Kosovo | 15 March 2009 | See Japan–Kosovo relations |",
        }
    ]
    relations = _dataset(
        107,
        105,
        ["country", "country_iso3", "established", "established_earliest", "established_latest", "source_file"],
        [
            _check("country_not_null", "country", 2, relations_examples),
            _check("country_iso3_known", "country_iso3", 5, iso_examples, severity="warning"),
            _check("established_in_range", "established_earliest", 0),
            _check(
                "rows_at_least_150",
                None,
                1,
                severity="warning",
                kind="gate",
                description="Japan has relations with about 195 states; fewer rows mean a table was missed.",
            ),
            _check("source_line_positive", "source_line", 0),
        ],
        completeness={
            "country": 0.98,
            "country_iso3": 0.9533,
            "established": 0.9714,
            "established_earliest": 0.9999,
            "established_latest": 0.74,
            "source_file": 1.0,
        },
        recovered=[
            {"column": "country", "method": "note", "count": 104},
            {"column": "positive", "method": "derived", "count": 25},
        ],
        date_precision={"established": {"day": 60, "month": 20, "year": 22, "decade": 2, "none": 3}},
        quarantine_reasons={
            "country could not be recovered (between Malta and Montenegro)": 1,
            f"established: unparseable date {SCRIPT}": 1,
        },
    )
    events = _dataset(
        64,
        64,
        ["country", "event", "date", "source_file", "source_line"],
        [_check("event_not_empty", "event", 0), _check("date_precision_known", "date_precision", 0)],
        date_precision={"date": {"day": 31, "month": 12, "year": 19, "none": 2}},
    )
    ambassadors = _dataset(
        41,
        38,
        ["name", "country", "from", "to", "source_file", "source_line"],
        [
            _check(
                "name_not_null",
                "name",
                3,
                [
                    {
                        "source_file": "004_92378c41a9349cf8.txt",
                        "source_line": 12 + i,
                        "value": None,
                        "message": "name: not_nullable",
                        "source_text": f"| | {1990 + i} | {1994 + i} |",
                    }
                    for i in range(7)
                ],
            )
        ],
        published=False,
        completeness={"name": 0.0, "country": 1.0, "from": 0.84, "to": 0.61, "source_file": 1.0, "source_line": 1.0},
        date_precision={"from": {"year": 30, "none": 8}, "to": {"year": 21, "month": 2, "none": 15}},
        quarantine_reasons={"name: not_nullable": 3},
    )
    polls = _dataset(
        19,
        19,
        ["country_polled", "positive", "negative", "neutral", "pos_minus_neg"],
        [_check("pos_minus_neg_consistent", "pos_minus_neg", 0, kind="gate")],
        completeness={"country_polled": 0.0, "positive": 0.0, "negative": 0.0, "neutral": 1.0, "pos_minus_neg": 1.0},
        recovered=[{"column": "positive", "method": "derived", "count": 19}],
    )
    report: dict[str, Any] = {
        "run_id": "20261121T233000Z-1a2b3c",
        "status": "warned",
        "started_at": "2026-11-21T23:30:00+00:00",
        "finished_at": "2026-11-21T23:30:03+00:00",
        "duration_seconds": 3.2,
        "raw_dir": "raw",
        "out_dir": "curated",
        "documents": {
            "read": 6,
            "parsed": 5,
            "rejected": 1,
            "rejected_files": [{"source_file": f"bad{IMG}.bin", "reason": "binary content (NUL bytes at byte 12)"}],
            "files": [
                {
                    "source_file": "000_f68905f39f9d6f28.txt",
                    "title": "Georgia–Japan relations",
                    "bytes": 3792,
                    "lines": 61,
                    "sections": 9,
                    "tables": 0,
                    "table_rows": 0,
                    "list_items": 20,
                },
                {
                    "source_file": "001_d85be5eb45d2c744.txt",
                    "title": "Foreign relations of Japan",
                    "bytes": 58211,
                    "lines": 911,
                    "sections": 31,
                    "tables": 6,
                    "table_rows": 247,
                    "list_items": 88,
                },
                {
                    "source_file": "002_a7ed35b76953de2c.txt",
                    "title": f"List of diplomatic missions of Japan {SCRIPT}",
                    "bytes": 21004,
                    "lines": 402,
                    "sections": 7,
                    "tables": 3,
                    "table_rows": 160,
                    "list_items": 12,
                },
                {
                    "source_file": f"003_{IMG}.txt",
                    "title": f"Japan–Kosovo relations{SVG}",
                    "bytes": 2210,
                    "lines": 40,
                    "sections": 4,
                    "tables": 1,
                    "table_rows": 2,
                    "list_items": 3,
                },
                {
                    "source_file": "004_92378c41a9349cf8.txt",
                    "title": "List of ambassadors of Japan to the United States",
                    "bytes": 9108,
                    "lines": 133,
                    "sections": 3,
                    "tables": 1,
                    "table_rows": 41,
                    "list_items": 0,
                },
            ],
        },
        "datasets": {
            "documents": _dataset(
                5,
                5,
                ["source_file", "title", "bytes", "sections"],
                [_check("title_not_empty", "title", 0), _check("source_file_unique", "source_file", 0)],
            ),
            "relations": relations,
            "relation_events": events,
            "ambassadors": ambassadors,
            "opinion_polls": polls,
            "missions": _dataset(
                160,
                158,
                ["city", "country", "kind", "source_file", "source_line"],
                [
                    _check(
                        "kind_in_set",
                        "kind",
                        2,
                        [
                            {
                                "source_file": "002_a7ed35b76953de2c.txt",
                                "source_line": 57,
                                "value": IMG,
                                "message": "kind: isin ['embassy', 'consulate-general', 'consulate']",
                                "source_text": f"| Tokyo | {IMG} |",
                            }
                        ],
                    )
                ],
                quarantine_reasons={"kind: isin ['embassy', 'consulate-general', 'consulate']": 2},
            ),
            "state_list": _dataset(0, 0, ["state", "recognized_by_japan"], []),
        },
        "unrecognized_tables": [
            {
                "source_file": "001_d85be5eb45d2c744.txt",
                "source_line": 7,
                "header": ["Country polled", "Positive"],
                "rows": 19,
            },
            {"source_file": "002_a7ed35b76953de2c.txt", "source_line": 12, "header": [SCRIPT, IMG, SVG], "rows": 3},
        ],
        "findings": [
            {
                "dataset": "relations",
                "source_file": "001_d85be5eb45d2c744.txt",
                "source_line": 274 + i,
                "severity": "warning",
                "message": "no date in cell: empty",
            }
            for i in range(4)
        ]
        + [
            {
                "dataset": "relations",
                "source_file": "001_d85be5eb45d2c744.txt",
                "source_line": 290,
                "severity": "error",
                "message": f"unparseable date {SVG}",
            },
            {
                "dataset": "ambassadors",
                "source_file": "004_92378c41a9349cf8.txt",
                "source_line": 19,
                "severity": "info",
                "message": f"name recovered from footnote {SCRIPT}",
            },
        ],
        "charts": {
            "established_per_decade": {
                "1850s": 5,
                "1860s": 7,
                "1870s": 3,
                "1890s": 2,
                "1900s": 4,
                "1910s": 6,
                "1920s": 5,
                "1950s": 31,
                "1960s": 38,
                "1970s": 12,
                "1990s": 22,
                "2000s": 4,
                "2010s": 3,
            },
        },
        "diff": {
            "previous_run_id": "20261120T230000Z-9f8e7d",
            "datasets": {
                "relations": {"added": 1, "removed": 0, "changed": 2},
                "ambassadors": {"added": 0, "removed": 3, "changed": 0},
                "missions": {"added": 0, "removed": 0, "changed": 0},
            },
            "checks_new": [{"dataset": "ambassadors", "column": "name", "name": "name_not_null"}],
            "checks_resolved": [
                {"dataset": "relations", "column": "established_earliest", "name": "established_in_range"}
            ],
        },
        "artifacts": {"gx_data_docs": "../gx/index.html"},
    }
    return report


def first_run_report() -> dict[str, Any]:
    """The sample report as a first run would write it: no previous run, so diff is null."""
    report = copy.deepcopy(sample_report())
    report["diff"] = None
    report["status"] = "passed"
    return report
