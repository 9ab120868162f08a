"""The one list of a run's stages, in order: the in-process runner calls them directly, the Prefect flow as tasks.

discover -> plan -> process-batch (each batch) -> assemble -> publish -> report, inside the output's run lock.
A runner supplies how each stage is called (`Stages`); `run_stages` is the wiring both share.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import pandera.polars as pa

from curator.consistency import CONSISTENCY
from curator.countries import focal_country_name
from curator.pipeline.assemble import Assembly, assemble_run
from curator.pipeline.batch import BatchResult, process_batch
from curator.pipeline.plan import RunPlan, code_version, new_run_id, plan_run
from curator.pipeline.publish import publish_run, write_run_report
from curator.readers.subject import FOCAL_COUNTRY
from curator.storage.errors import StorageError
from curator.storage.lock import remove_leftovers, run_lock
from curator.storage.raw import Discovery, discover_raw
from curator.storage.versions import Published
from schemas.consistency import Consistency
from schemas.gates import Gate

# A stage's progress: (stage, done, total), e.g. ("parse", 120, 5000).
Progress = Callable[[str, int, int], None]


class Stages(Protocol):
    """How a runner calls each stage of a run (plainly, or as a Prefect task)."""

    def discover(self, raw_dir: Path) -> Discovery:
        """List the raw root's documents."""
        ...

    def plan(
        self, raw_dir: Path, out_dir: Path, run_id: str, discovery: Discovery, batch_size: int, version: str
    ) -> RunPlan:
        """Decide what the cache answers and batch the rest."""
        ...

    def process(self, plan: RunPlan) -> Iterator[BatchResult]:
        """Run the batch stage on every batch of the plan; results in batch order."""
        ...

    def assemble(self, plan: RunPlan, results: list[BatchResult]) -> Assembly:
        """Assemble the staging version."""
        ...

    def publish(self, plan: RunPlan, assembly: Assembly) -> Published:
        """Publish the staging version."""
        ...

    def report(
        self, plan: RunPlan, results: list[BatchResult], assembly: Assembly, published: Published
    ) -> dict[str, Any]:
        """Write the run's report; returns the report, its Markdown and its paths."""
        ...


@dataclass(frozen=True)
class RunRequest:
    """What a run is asked to do: plain values, read once at the entry point."""

    raw_dir: Path
    out_dir: Path
    batch_size: int = 500
    focal: str = FOCAL_COUNTRY
    wait_for_lock: bool = False


@contextmanager
def cleaned_on_failure(out: Path, version: str) -> Iterator[None]:
    """Remove what an earlier killed run left, and on the way out of a failed or interrupted run what this one left
    (staging, temporary files, a version renamed into place but never made current), with the lock still held."""
    remove_leftovers(out, version)
    try:
        yield
    except BaseException:
        with suppress(StorageError):  # e.g. a read-only filesystem: the next run removes them
            remove_leftovers(out, version)
        raise


def run_stages(
    stages: Stages, request: RunRequest, progress: Progress = lambda _stage, _done, _total: None
) -> tuple[dict[str, Any], Assembly]:
    """Run every stage in order inside the output's run lock; returns what the report stage wrote and the assembly."""
    run_id = new_run_id(datetime.now(UTC))
    holder = (
        f"run {run_id} (pid {os.getpid()} on {os.uname().nodename}, started {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC)"
    )
    raw, out = request.raw_dir, request.out_dir
    version = code_version(request.focal)
    with run_lock(out, holder, wait=request.wait_for_lock), cleaned_on_failure(out, version):
        progress("discover", 0, 1)
        discovery = stages.discover(raw)
        plan = stages.plan(raw, out, run_id, discovery, request.batch_size, version)
        total, done = len(discovery.files), plan.known.height
        progress("parse", done, total)
        results: list[BatchResult] = []
        for result in stages.process(plan):
            results.append(result)
            done += result.entries.height
            progress("parse", done, total)
        progress("assemble", 0, 1)
        assembly = stages.assemble(plan, results)
        progress("publish", 0, 1)
        published = stages.publish(plan, assembly)
        progress("report", 0, 1)
        written = stages.report(plan, results, assembly, published)
    progress("done", 1, 1)
    return written, assembly


@dataclass(frozen=True)
class InProcessStages:
    """Each stage as a plain call in this process, one batch after another (tests and benchmarks)."""

    models: Mapping[str, type[pa.DataFrameModel]]
    gates: Sequence[Gate]
    decisions: Path | None = None
    focal: str = FOCAL_COUNTRY
    with_data_docs: bool = False

    def discover(self, raw_dir: Path) -> Discovery:
        return discover_raw(raw_dir)

    def plan(
        self, raw_dir: Path, out_dir: Path, run_id: str, discovery: Discovery, batch_size: int, version: str
    ) -> RunPlan:
        return plan_run(raw_dir, out_dir, run_id, discovery, batch_size, version, self.decisions, self.focal)

    def process(self, plan: RunPlan) -> Iterator[BatchResult]:
        for files in plan.batches:
            yield process_batch(
                plan.raw_dir, files, plan.out_dir, plan.version, plan.known_path, self.models, self.focal
            )

    def assemble(self, plan: RunPlan, results: list[BatchResult]) -> Assembly:
        return assemble_run(plan, results, self.models, self.gates)

    def publish(self, plan: RunPlan, assembly: Assembly) -> Published:
        return publish_run(plan, assembly)

    def report(
        self, plan: RunPlan, results: list[BatchResult], assembly: Assembly, published: Published
    ) -> dict[str, Any]:
        models: dict[str, type[pa.DataFrameModel]] = {**self.models, CONSISTENCY: Consistency}
        return write_run_report(plan, results, assembly, published, models, self.with_data_docs)


def curate_in_process(
    raw_dir: Path,
    out_dir: Path,
    models: Mapping[str, type[pa.DataFrameModel]],
    gates: Sequence[Gate],
    batch_size: int = 500,
    with_data_docs: bool = False,
    decisions: Path | None = None,
    focal: str = FOCAL_COUNTRY,
) -> dict[str, Any]:
    """One whole run without Prefect (tests and benchmarks): the flow's stages, called in this process."""
    focal = focal_country_name(focal)  # as the flow does: 'JPN' and 'Japan' are one focal country, one cache
    stages = InProcessStages(models, gates, decisions, focal, with_data_docs)
    written, _assembly = run_stages(stages, RunRequest(raw_dir, out_dir, batch_size, focal))
    return written
