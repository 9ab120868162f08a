"""The `curate` Prefect flow: thin tasks at stage boundaries, each one call into the curator core."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from curator.countries import focal_country_name
from curator.pipeline.assemble import Assembly, assemble_run
from curator.pipeline.batch import BatchResult, process_batch
from curator.pipeline.plan import RunPlan, plan_run
from curator.pipeline.publish import publish_run, summarise, write_run_report
from curator.readers.subject import FOCAL_COUNTRY
from curator.stages import RunRequest, run_stages
from curator.storage.errors import StorageError
from curator.storage.raw import Discovery, discover_raw
from curator.storage.versions import Published
from flows.artifacts import publish_artifacts
from flows.notify import notify_after_publishing
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
    notifications: list[dict[str, Any]] = field(default_factory=list)


def not_a_storage_error(_task: Any, _task_run: Any, state: Any) -> bool:
    """Retry a failed task unless a storage error failed it: no space, a read-only filesystem or a refused permission
    do not go away in a second."""
    return not isinstance(state.data, StorageError)


def as_is(value: T) -> T:
    """Hand a large in-memory value to a task without Prefect walking it for futures (typed as the value itself)."""
    return cast(T, quote(value))


@task(name="discover", retries=2, retry_delay_seconds=1, retry_condition_fn=not_a_storage_error, cache_policy=NO_CACHE)
def discover(raw_dir: Path) -> Discovery:
    """List the raw root's documents with their sizes and modification times."""
    return discover_raw(raw_dir)


@task(name="plan", retries=2, retry_delay_seconds=1, retry_condition_fn=not_a_storage_error, cache_policy=NO_CACHE)
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


@task(
    name="process-batch",
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=not_a_storage_error,
    cache_policy=NO_CACHE,
)
def process(
    raw_dir: Path, files: tuple[tuple[str, int, int], ...], out_dir: Path, version: str, known: Path, focal: str
) -> BatchResult:
    """Read, parse, build and validate one batch of documents into a cache segment (on a free lane of the run's
    batch stage when it has lanes: this thread or a worker process)."""
    lanes = current_lanes()
    if lanes is None:
        return process_batch(raw_dir, files, out_dir, version, known, MODELS, focal)
    return lanes.run(process_batch, raw_dir, files, out_dir, version, known, MODELS, focal)


@task(name="assemble", retries=1, retry_delay_seconds=1, retry_condition_fn=not_a_storage_error, cache_policy=NO_CACHE)
def assemble(run: RunPlan, results: list[BatchResult]) -> Assembly:
    """Assemble every dataset in file order into the staging version and evaluate the gates."""
    return assemble_run(run, results, MODELS, GATES)


@task(name="publish", retries=2, retry_delay_seconds=1, retry_condition_fn=not_a_storage_error, cache_policy=NO_CACHE)
def publish(run: RunPlan, assembly: Assembly) -> Published:
    """Publish the staging version in one rename."""
    return publish_run(run, assembly)


@task(name="report", retries=1, retry_condition_fn=not_a_storage_error, cache_policy=NO_CACHE)
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


@dataclass(frozen=True)
class FlowStages:
    """Each stage of a run as a Prefect task of the flow run (see curator.stages for the list they follow)."""

    workers: int | None
    data_docs: bool
    decisions: Path
    focal: str
    notify: tuple[str, ...] = ()
    reports_url: str | None = None

    def discover(self, raw_dir: Path) -> Discovery:
        return discover(raw_dir)

    def plan(
        self, raw_dir: Path, out_dir: Path, run_id: str, discovery: Discovery, batch_size: int, version: str
    ) -> RunPlan:
        return plan(raw_dir, out_dir, run_id, as_is(discovery), batch_size, version, self.decisions, self.focal)

    def process(self, run: RunPlan) -> Iterator[BatchResult]:
        # Batches may run on Dask workers started in another directory: they get absolute paths.
        raw, out, known = run.raw_dir.absolute(), run.out_dir.absolute(), run.known_path.absolute()
        with batch_stage(self.workers, run):
            futures = [process.submit(raw, files, out, run.version, known, self.focal) for files in run.batches]
            for future in futures:
                yield future.result()

    def assemble(self, run: RunPlan, results: list[BatchResult]) -> Assembly:
        return assemble(as_is(run), as_is(results))

    def publish(self, run: RunPlan, assembly: Assembly) -> Published:
        return publish(as_is(run), as_is(assembly))

    def report(
        self, run: RunPlan, results: list[BatchResult], assembly: Assembly, published: Published
    ) -> dict[str, Any]:
        written = report(as_is(run), as_is(results), as_is(assembly), as_is(published), self.data_docs)
        # Inside the run lock, after publishing: the notifications sent are recorded in this run's report.json.
        notifications = notify_after_publishing(run.out_dir, written, list(self.notify), self.reports_url)
        return {**written, "notifications": notifications}


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
    notify: list[str] | None = None,
    reports_url: str | None = None,
) -> RunSummary:
    """Curate every document under `raw_dir` into the datasets and reports under `out_dir`.

    On the local (thread) runner `workers` batches are read side by side, in this process and in worker processes
    (default: one per CPU available), when the input is large enough to repay their start-up. `focal_country` is the
    country whose relations the datasets hold (a state's name or ISO code; ValueError otherwise). When the run got
    worse than the previous one, each `notify` target (an Apprise URL or `block:NAME`) is told, linking the report
    under `reports_url` when one is given; a failure to notify never fails the run.
    """
    focal_country = focal_country_name(focal_country)
    request = RunRequest(Path(raw_dir), Path(out_dir), batch_size, focal_country, wait_for_lock)
    stages = FlowStages(workers, data_docs, Path(decisions), focal_country, tuple(notify or ()), reports_url)
    written, assembly = run_stages(stages, request, progress)
    documents = written["report"]["documents"]
    return RunSummary(
        run_id=written["report"]["run_id"],
        status=written["report"]["status"],
        documents=documents["parsed"],
        rejected=documents["rejected"],
        reused=documents["reused"],
        reread=documents["reread"],
        removed=documents["removed"],
        datasets=summarise(assembly.summary),
        report_html=str(written["paths"]["html"]),
        report_json=str(written["paths"]["json"]),
        notifications=written["notifications"],
    )
