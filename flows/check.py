"""`curator check FILE...`: parse and validate files with the same core as a run, write nothing, print findings."""

from __future__ import annotations

from pathlib import Path

from curator.pipeline import build_all, load_documents, validate_all
from curator.readers.subject import FOCAL_COUNTRY
from schemas import MODELS
from schemas.gates import GATES

EXIT_OK = 0
EXIT_FINDINGS = 1


def check_files(files: list[Path], focal: str = FOCAL_COUNTRY) -> int:
    """Print what each file would give; 0 when every row is valid, 1 when a file or row fails.

    The CLI has already refused missing or unreadable files (exit 2); the same core as a run reads the rest.
    """
    loaded = load_documents(Path(), [str(path) for path in files])
    built = build_all(loaded, focal)
    validations = validate_all(built, MODELS, GATES)
    rejected, parsed = loaded.rejected, loaded.parsed

    for rejection in rejected:
        print(f"{rejection.source_file}: rejected: {rejection.reason}")
    for doc, _raw in parsed:
        tables = len(doc.tables)
        print(
            f"{doc.source_file}: title {doc.title!r}, {len(doc.sections)} sections, {tables} tables, "
            f"{len(doc.items)} list items"
        )
    problems = len(rejected)
    for name, validation in validations.items():
        print(
            f"{name}: {validation.rows_in} rows, {validation.rows_curated} valid, "
            f"{validation.rows_quarantined} quarantined"
        )
        for row in validation.quarantined.iter_rows(named=True):
            print(f"  {row['source_file']}:{row['source_line']}: {'; '.join(row['reasons'])}")
        problems += validation.rows_quarantined
    for finding in built.findings:
        print(f"{finding['source_file']}:{finding['source_line']}: {finding['severity']}: {finding['message']}")
    return EXIT_FINDINGS if problems else EXIT_OK
