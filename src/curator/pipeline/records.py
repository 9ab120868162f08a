"""What the stages hand on: the manifest's and cache index's columns, a document's status, a segment's parts."""

from __future__ import annotations

import polars as pl

# Cap on the documents, findings, rejections and unrecognized tables report.json lists one by one (all are counted).
MAX_LISTED = 1000
INDEX, FAILURES, FINDINGS, UNRECOGNIZED = "index", "failures", "findings", "unrecognized"
PARSED, REJECTED = "parsed", "rejected"
_STRING, _INT = pl.String(), pl.Int64()
MANIFEST_SCHEMA: dict[str, pl.DataType] = {
    "source_file": _STRING,
    "size": _INT,
    "mtime_ns": _INT,
    "sha256": _STRING,
    "status": _STRING,
    "reason": _STRING,
}
INDEX_SCHEMA: dict[str, pl.DataType] = {"sha256": _STRING, "status": _STRING, "reason": _STRING}
