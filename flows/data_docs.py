"""The Data Docs worker of `curator run`: a process started with the run that imports Great Expectations, builds
the context and the suites and renders the suite pages while the run reads its documents (none of that depends on
the data); the report stage hands it the published datasets, and it validates them and renders the rest.

It imports the core and GX only, never Prefect. A run whose Data Docs already describe the published version starts
none (a rerun that changes nothing reuses the pages without GX), nor does a run on a busy machine: the worker only
pays with a CPU to spare (see `worker_pays`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

    from curator.report.gx_docs import ExpectationSpec


class DataDocsWorker:
    """One spawned process holding a warm GX site for `docs_dir`; called as a `gx_docs.DataDocsRenderer`."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir.resolve()
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self._warm: Future[None] = self._pool.submit(_warm, self.docs_dir)
        self._built = False

    def __call__(
        self,
        docs_dir: Path,
        frames: Mapping[str, pl.DataFrame | pl.LazyFrame],
        suites: Mapping[str, list[ExpectationSpec]],
        run_name: str | None,
    ) -> tuple[bool, dict[str, dict[str, Any]]]:
        # Lazy scans travel as their plans (the worker reads the published files itself); a warm-up that failed only
        # leaves the work to the build, which raises its own error.
        self._warm.exception()
        result = self._pool.submit(_build, Path(docs_dir).resolve(), dict(frames), dict(suites), run_name).result()
        self._built = True
        return result

    def close(self) -> None:
        """Stop the process: at once when the run did not finish its build (an error or an interruption)."""
        if not self._built:
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


def worker_pays(cpus: int) -> bool:
    """Whether a worker would shorten the run: when the machine has had a CPU idle over the last minute beside the
    ones the run's own process and server take. On a busy machine it only competes with them: measured on two CPUs at
    load 4.5-8, it took 2-6 s more CPU than GX in the run's own process and made the run 6 s longer (median of 3)."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load average on this platform
        return False
    return load <= cpus - 1


# The worker of the running `curator run`; the report task runs in the flow's context, so it sees it.
DATA_DOCS_WORKER: ContextVar[DataDocsWorker | None] = ContextVar("data_docs_worker", default=None)


def current_data_docs_worker() -> DataDocsWorker | None:
    """The Data Docs worker of this run, if it started one."""
    return DATA_DOCS_WORKER.get()


@contextmanager
def data_docs_worker(docs_dir: Path | None) -> Iterator[DataDocsWorker | None]:
    """A worker warming up for `docs_dir` inside the block (None: no worker), stopped on the way out."""
    if docs_dir is None:
        yield None
        return
    worker = DataDocsWorker(docs_dir)
    token = DATA_DOCS_WORKER.set(worker)
    try:
        yield worker
    finally:
        DATA_DOCS_WORKER.reset(token)
        worker.close()


def _warm(docs_dir: Path) -> None:
    """In the worker: import GX, build the site and the suites of every contract, render the suite pages."""
    from curator.report.gx_docs import expectations_from_model
    from curator.report.gx_render import warm_site
    from schemas import ALL_MODELS

    warm_site(docs_dir, {name: expectations_from_model(model) for name, model in ALL_MODELS.items()})


def _build(
    docs_dir: Path,
    frames: Mapping[str, pl.DataFrame | pl.LazyFrame],
    suites: Mapping[str, list[ExpectationSpec]],
    run_name: str | None,
) -> tuple[bool, dict[str, dict[str, Any]]]:
    """In the worker: validate the frames and build the site (GX is imported here, never in the run's process)."""
    from curator.report.gx_render import build_site

    return build_site(docs_dir, frames, suites, run_name)
