"""The stages of a curation run as plain functions; the Prefect flow and `curator check` both call these."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandera.polars as pa

from curator.datasets import BuiltDatasets, build_datasets
from curator.documents import DecodedDocument, LoadedDocuments, RawDocument, Rejection, decode_document
from curator.parse import parse_documents
from curator.quality import DatasetValidation, apply_gates, split_valid_rows
from curator.report import ReportInputs, build_report, report_markdown
from curator.report_html import render_report_html
from curator.storage import (
    Published,
    publish_datasets,
    read_latest_report,
    read_raw,
    read_version,
    reports_dir,
    write_report,
)
from schemas.gates import Gate


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id: UTC time to the second plus a random suffix."""
    moment = now or datetime.now(UTC)
    return f"{moment.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def batches(files: Sequence[str], size: int) -> list[list[str]]:
    """Split discovered files into parse batches of at most `size`, keeping order."""
    return [list(files[i : i + size]) for i in range(0, len(files), size)]


def load_documents(raw_dir: Path, files: Sequence[str]) -> LoadedDocuments:
    """Read, decode and parse a batch of raw files; what cannot be read becomes a Rejection with its reason."""
    decoded: list[tuple[DecodedDocument, RawDocument]] = []
    rejected: list[Rejection] = []
    for source_file in files:
        raw = read_raw(raw_dir, source_file)
        if isinstance(raw, Rejection):
            rejected.append(raw)
            continue
        text = decode_document(raw)
        if isinstance(text, Rejection):
            rejected.append(text)
            continue
        decoded.append((text, raw))
    documents = parse_documents([(text.text, text.source_file) for text, _raw in decoded])
    parsed = [(doc, raw) for doc, (_text, raw) in zip(documents, decoded, strict=True)]
    return LoadedDocuments(tuple(parsed), tuple(rejected))


def merge_loaded(loaded: Sequence[LoadedDocuments]) -> LoadedDocuments:
    """One LoadedDocuments from several batches, ordered by file."""
    parsed = sorted((item for batch in loaded for item in batch.parsed), key=lambda pair: pair[0].source_file)
    rejected = sorted((r for batch in loaded for r in batch.rejected), key=lambda r: r.source_file)
    return LoadedDocuments(tuple(parsed), tuple(rejected))


def build_all(loaded: LoadedDocuments) -> BuiltDatasets:
    """Build every dataset from the parsed documents."""
    return build_datasets(loaded.parsed)


def validate_all(
    built: BuiltDatasets,
    models: Mapping[str, type[pa.DataFrameModel]],
    gates: Sequence[Gate],
) -> dict[str, DatasetValidation]:
    """Validate each dataset against its contract and gates; a dataset without a contract is an error."""
    validations: dict[str, DatasetValidation] = {}
    for name, frame in built.frames.items():
        if name not in models:
            raise KeyError(f"dataset {name!r} has no Pandera contract in schemas/")
        validations[name] = apply_gates(split_valid_rows(name, frame, models[name]), gates)
    return validations


def publish_all(out_dir: Path, run_id: str, validations: Mapping[str, DatasetValidation]) -> Published:
    """Publish curated and quarantined frames as one version; blocked datasets keep their previous files."""
    return publish_datasets(
        out_dir,
        run_id,
        {name: v.curated for name, v in validations.items()},
        {name: v.quarantined for name, v in validations.items()},
        held_back=[name for name, v in validations.items() if v.blocked],
    )


def summarise(validations: Mapping[str, DatasetValidation]) -> dict[str, Any]:
    """rows in/curated/quarantined per dataset, for a terminal summary."""
    return {
        name: {"rows_in": v.rows_in, "rows_curated": v.rows_curated, "rows_quarantined": v.rows_quarantined}
        for name, v in validations.items()
    }


def write_run_report(
    inputs: ReportInputs, models: Mapping[str, type[pa.DataFrameModel]], with_data_docs: bool = True
) -> dict[str, Any]:
    """Build the run's report against the previous run, write JSON, HTML and Data Docs; returns report and paths."""
    previous_report = read_latest_report(inputs.out_dir)
    previous_frames = {name: read_version(inputs.published.previous_dir, name) for name in inputs.validations}
    artifacts: dict[str, str] = {}
    if with_data_docs:
        from curator.gx_docs import build_gx_data_docs  # Great Expectations takes seconds to import

        gx_dir = reports_dir(inputs.out_dir) / "gx"
        gx = build_gx_data_docs({name: v.curated for name, v in inputs.validations.items()}, models, gx_dir)
        artifacts["gx_data_docs"] = "../gx/index.html"
        artifacts["gx_success"] = str(gx.success)
    report = build_report(inputs, previous_report, previous_frames, datetime.now(UTC), artifacts)
    html_path = write_report(inputs.out_dir, inputs.run_id, report, render_report_html(report))
    return {
        "report": report,
        "markdown": report_markdown(report, html_path),
        "paths": {"html": html_path, "json": html_path.with_name("report.json")},
    }
