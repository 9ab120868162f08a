"""The `curate` Prefect flow: thin tasks at stage boundaries, each one call into the curator core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from curator.datasets import BuiltDatasets
from curator.documents import LoadedDocuments
from curator.pipeline import (
    batches,
    build_all,
    load_documents,
    merge_loaded,
    new_run_id,
    publish_all,
    summarise,
    validate_all,
    write_run_report,
)
from curator.quality import DatasetValidation, run_status
from curator.report import ReportInputs
from curator.storage import Discovery, Published, discover_raw
from flows.artifacts import publish_artifacts
from flows.progress import progress
from schemas import MODELS
from schemas.gates import GATES

T = TypeVar("T")


@dataclass(frozen=True)
class RunSummary:
    """What a run did, for the CLI's summary and exit code."""

    run_id: str
    status: str
    documents: int
    rejected: int
    datasets: dict[str, dict[str, int]]
    report_html: str
    report_json: str


def as_is(value: T) -> T:
    """Hand a large in-memory value to a task without Prefect walking it for futures (typed as the value itself)."""
    return cast(T, quote(value))


@task(name="discover", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover(raw_dir: Path) -> Discovery:
    """List the raw root's documents."""
    return discover_raw(raw_dir)


@task(name="parse", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def parse_batch(raw_dir: Path, files: list[str]) -> LoadedDocuments:
    """Read, decode and parse one batch of files."""
    return load_documents(raw_dir, files)


@task(name="build-datasets", cache_policy=NO_CACHE)
def build(loaded: LoadedDocuments) -> BuiltDatasets:
    """Build every dataset from the parsed documents."""
    return build_all(loaded)


@task(name="validate", cache_policy=NO_CACHE)
def validate(built: BuiltDatasets) -> dict[str, DatasetValidation]:
    """Validate every dataset against its contract and gates."""
    return validate_all(built, MODELS, GATES)


@task(name="publish", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def publish(out_dir: Path, run_id: str, validations: dict[str, DatasetValidation]) -> Published:
    """Publish one complete version of the datasets."""
    return publish_all(out_dir, run_id, validations)


@task(name="report", retries=1, cache_policy=NO_CACHE)
def report(inputs: ReportInputs, data_docs: bool) -> dict[str, Any]:
    """Write report.json, report.html and the Data Docs, and publish the Prefect artifacts."""
    written = write_run_report(inputs, MODELS, with_data_docs=data_docs)
    publish_artifacts(written["report"], written["markdown"], written["paths"]["html"])
    return written


@flow(name="curate", log_prints=False)
def curate(raw_dir: str = "raw", out_dir: str = "curated", batch_size: int = 200, data_docs: bool = True) -> RunSummary:
    """Curate every document under `raw_dir` into the datasets and reports under `out_dir`."""
    raw, out = Path(raw_dir), Path(out_dir)
    started_at = datetime.now(UTC)
    run_id = new_run_id(started_at)
    progress("discover", 0, 1)
    discovery = discover(raw)
    futures = [parse_batch.submit(raw, batch) for batch in batches(discovery.files, batch_size)]
    total = len(discovery.files)
    done = 0
    progress("parse", done, total)
    loaded_batches: list[LoadedDocuments] = []
    for future in futures:
        loaded_batches.append(future.result())
        done += len(loaded_batches[-1].parsed) + len(loaded_batches[-1].rejected)
        progress("parse", done, total)
    loaded = merge_loaded(loaded_batches)
    progress("build", 0, 1)
    built = build(as_is(loaded))
    progress("validate", 0, 1)
    validations = validate(as_is(built))
    status = run_status(validations, len(discovery.rejected) + len(loaded.rejected))
    progress("publish", 0, 1)
    published = publish(out, run_id, as_is(validations))
    progress("report", 0, 1)
    written = report(
        as_is(
            ReportInputs(
                run_id=run_id,
                status=status,
                raw_dir=raw,
                out_dir=out,
                discovery=discovery,
                loaded=loaded,
                built=built,
                validations=validations,
                published=published,
                started_at=started_at,
            )
        ),
        data_docs,
    )
    progress("done", 1, 1)
    return RunSummary(
        run_id=run_id,
        status=status,
        documents=len(loaded.parsed),
        rejected=len(discovery.rejected) + len(loaded.rejected),
        datasets=summarise(validations),
        report_html=str(written["paths"]["html"]),
        report_json=str(written["paths"]["json"]),
    )
