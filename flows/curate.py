"""The `curate` Prefect flow: thin tasks at stage boundaries, each one call into the curator core."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from curator.countries import focal_country_name
from curator.pipeline import (
    Assembly,
    BatchResult,
    RunPlan,
    assemble_run,
    code_version,
    new_run_id,
    plan_run,
    process_batch,
    publish_run,
    summarise,
    write_run_report,
)
from curator.readers.subject import FOCAL_COUNTRY
from curator.storage import Discovery, Published, discover_raw, remove_leftovers, run_lock
from flows.artifacts import publish_artifacts
from flows.progress import progress
from flows.workers import available_cpus, batch_lanes, current_lanes, worker_processes
from schemas import ALL_MODELS, MODELS
from schemas.gates import GATES

T = TypeVar("T")


@dataclass(frozen=True)
class RunSummary:
    """What a run did, for the CLI's summary and exit code."""

    run_id: str
    status: str
    documents: int
    rejected: int
    reused: int
    reread: int
    removed: int
    datasets: dict[str, dict[str, int]]
    report_html: str
    report_json: str


def as_is(value: T) -> T:
    """Hand a large in-memory value to a task without Prefect walking it for futures (typed as the value itself)."""
    return cast(T, quote(value))


@task(name="discover", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover(raw_dir: Path) -> Discovery:
    """List the raw root's documents with their sizes and modification times."""
    return discover_raw(raw_dir)


@task(name="plan", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def plan(
    raw_dir: Path,
    out_dir: Path,
    run_id: str,
    discovery: Discovery,
    batch_size: int,
    version: str,
    decisions: Path,
    focal: str,
) -> RunPlan:
    """Decide which documents the cache already answers and batch the others; read the reviewers' decisions."""
    return plan_run(raw_dir, out_dir, run_id, discovery, batch_size, version, decisions, focal)


@task(name="process-batch", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def process(
    raw_dir: Path, files: tuple[tuple[str, int, int], ...], out_dir: Path, version: str, known: Path, focal: str
) -> BatchResult:
    """Read, parse, build and validate one batch of documents into a cache segment (on a free lane of the run's
    batch stage when it has lanes: this thread or a worker process)."""
    lanes = current_lanes()
    if lanes is None:
        return process_batch(raw_dir, files, out_dir, version, known, MODELS, focal)
    return lanes.run(process_batch, raw_dir, files, out_dir, version, known, MODELS, focal)


@task(name="assemble", retries=1, retry_delay_seconds=1, cache_policy=NO_CACHE)
def assemble(run: RunPlan, results: list[BatchResult]) -> Assembly:
    """Assemble every dataset in file order into the staging version and evaluate the gates."""
    return assemble_run(run, results, MODELS, GATES)


@task(name="publish", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def publish(run: RunPlan, assembly: Assembly) -> Published:
    """Publish the staging version in one rename."""
    return publish_run(run, assembly)


@task(name="report", retries=1, cache_policy=NO_CACHE)
def report(
    run: RunPlan, results: list[BatchResult], assembly: Assembly, published: Published, data_docs: bool
) -> dict[str, Any]:
    """Write report.json, report.html and the Data Docs, and publish the Prefect artifacts."""
    written = write_run_report(run, results, assembly, published, ALL_MODELS, with_data_docs=data_docs)
    publish_artifacts(written["report"], written["markdown"], written["paths"]["html"])
    return written


@contextmanager
def batch_stage(workers: int | None, run: RunPlan) -> Iterator[None]:
    """The batch stage's lanes on the local (thread) runner: one batch at a time in this process, plus worker
    processes when `worker_processes` says the input is worth them. Other runners place tasks themselves."""
    context = FlowRunContext.get()
    if context is None or not isinstance(context.task_runner, ThreadPoolTaskRunner):
        yield
        return
    sizes = [sum(size for _file, size, _mtime in files) for files in run.batches]
    with batch_lanes(worker_processes(workers or available_cpus(), sizes)):
        yield


@flow(name="curate", log_prints=False)
def curate(
    raw_dir: str = "raw",
    out_dir: str = "curated",
    batch_size: int = 500,
    data_docs: bool = True,
    wait_for_lock: bool = False,
    decisions: str = "review/decisions.yaml",
    workers: int | None = None,
    focal_country: str = FOCAL_COUNTRY,
) -> RunSummary:
    """Curate every document under `raw_dir` into the datasets and reports under `out_dir`.

    On the local (thread) runner `workers` batches are read side by side, in this process and in worker processes
    (default: one per CPU available), when the input is large enough to repay their start-up. `focal_country` is the
    country whose relations the datasets hold (a state's name or ISO code; ValueError otherwise).
    """
    focal_country = focal_country_name(focal_country)
    raw, out = Path(raw_dir), Path(out_dir)
    run_id = new_run_id(datetime.now(UTC))
    holder = (
        f"run {run_id} (pid {os.getpid()} on {socket.gethostname()}, started {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC)"
    )
    with run_lock(out, holder, wait=wait_for_lock):
        version = code_version(focal_country)
        remove_leftovers(out, version)
        progress("discover", 0, 1)
        discovery = discover(raw)
        run = plan(raw, out, run_id, as_is(discovery), batch_size, version, Path(decisions), focal_country)
        total = len(discovery.files)
        done = run.known.height
        progress("parse", done, total)
        # Batches may run on Dask workers started in another directory: they get absolute paths.
        batch_raw, batch_out, known = raw.absolute(), out.absolute(), run.known_path.absolute()
        results: list[BatchResult] = []
        with batch_stage(workers, run):
            futures = [
                process.submit(batch_raw, files, batch_out, version, known, focal_country) for files in run.batches
            ]
            for future in futures:
                results.append(future.result())
                done += results[-1].entries.height
                progress("parse", done, total)
        progress("assemble", 0, 1)
        assembly = assemble(as_is(run), as_is(results))
        progress("publish", 0, 1)
        published = publish(as_is(run), as_is(assembly))
        progress("report", 0, 1)
        written = report(as_is(run), as_is(results), as_is(assembly), as_is(published), data_docs)
    progress("done", 1, 1)
    documents = written["report"]["documents"]
    return RunSummary(
        run_id=run_id,
        status=written["report"]["status"],
        documents=documents["parsed"],
        rejected=documents["rejected"],
        reused=documents["reused"],
        reread=documents["reread"],
        removed=documents["removed"],
        datasets=summarise(assembly.summary),
        report_html=str(written["paths"]["html"]),
        report_json=str(written["paths"]["json"]),
    )
