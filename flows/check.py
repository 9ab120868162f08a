"""`curator check FILE...`: the batch stage of a run on some files, writing nothing; prints what it found."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from curator.assembly import REASONS
from curator.datasets import DOCUMENTS
from curator.pipeline.batch import check_batch
from curator.readers.subject import FOCAL_COUNTRY
from schemas import MODELS

EXIT_OK = 0
EXIT_FINDINGS = 1


def check_files(files: list[Path], focal: str = FOCAL_COUNTRY) -> int:
    """Print what each file would give; 0 when every row is valid, 1 when a file or row fails.

    The CLI has already refused missing or unreadable files (exit 2); the batch stage of a run reads the rest.
    """
    checked = check_batch(Path(), [str(path) for path in files], MODELS, focal)
    for source_file, reason in checked.rejected:
        print(f"{source_file}: rejected: {reason}")
    for doc in checked.datasets[DOCUMENTS].iter_rows(named=True):
        print(
            f"{doc['source_file']}: title {doc['title']!r}, {doc['sections']} sections, {doc['tables']} tables, "
            f"{doc['list_items']} list items"
        )
    problems = len(checked.rejected)
    for name, rows in checked.datasets.items():
        quarantined = rows.filter(pl.col(REASONS).is_not_null())
        print(f"{name}: {rows.height} rows, {rows.height - quarantined.height} valid, {quarantined.height} quarantined")
        for row in quarantined.iter_rows(named=True):
            print(f"  {row['source_file']}:{row['source_line']}: {'; '.join(row[REASONS])}")
        problems += quarantined.height
    for finding in checked.findings.iter_rows(named=True):
        print(f"{finding['source_file']}:{finding['source_line']}: {finding['severity']}: {finding['message']}")
    return EXIT_FINDINGS if problems else EXIT_OK
