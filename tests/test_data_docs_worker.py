"""The Data Docs worker `curator run` starts: it builds the same pages as GX in the run's process, and never outlives
the run."""

import os
import re
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pytest

from curator.report.gx_docs import build_gx_data_docs
from flows.data_docs import DataDocsWorker, current_data_docs_worker, data_docs_worker, worker_pays

pytestmark = pytest.mark.xdist_group("gx")


class Tiny(pa.DataFrameModel):
    """A set check and a range check, with a row failing each."""

    country: str = pa.Field(nullable=False, isin=["JP", "KR"])
    positive: int = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 100})


def _pages(docs_dir: Path) -> dict[str, str]:
    """Every page under docs_dir, keyed by its path with run times masked, its text with times and ids masked."""
    pages = {}
    for page in sorted(docs_dir.rglob("*.html")):
        if "static" in page.relative_to(docs_dir).parts:
            continue
        key = re.sub(r"\d{8}T\d{6}\.\d+Z", "TIME", page.relative_to(docs_dir).as_posix())
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"\d{8}T\d{6}(\.\d+)?Z|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?( UTC|Z|\+00:00)?", "TIME", text)
        text = re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "UUID", text)
        text = re.sub(r"'_run_time_sort': [0-9.]+", "'_run_time_sort': TIME", text)
        pages[key] = text
    return pages


@pytest.mark.gx
def test_the_worker_builds_the_pages_gx_builds_in_the_run_process(tmp_path: Path) -> None:
    """Through the worker (suites and GX warmed up ahead, the frame sent as a lazy scan), the index, suite and
    validation pages are the ones an in-process build writes, up to times and ids; the worker is gone after."""
    frames = {
        "tiny": pl.DataFrame(
            {"country": ["JP", "KR", "XX", None], "positive": [0, 100, 150, None]},
            schema={"country": pl.String, "positive": pl.Int64},
        ).lazy()
    }
    models = {"tiny": Tiny}
    in_process = build_gx_data_docs(frames, models, tmp_path / "here", run_name="run-1")
    with data_docs_worker(tmp_path / "there") as worker:
        assert worker is not None and current_data_docs_worker() is worker
        through_worker = build_gx_data_docs(frames, models, tmp_path / "there", run_name="run-1", renderer=worker)
        processes = list(worker._pool._processes.values())  # type: ignore[union-attr]
    assert not in_process.success
    assert (through_worker.success, through_worker.per_dataset) == (in_process.success, in_process.per_dataset)
    assert _pages(tmp_path / "there") == _pages(tmp_path / "here")
    assert processes and not any(process.is_alive() for process in processes)
    assert current_data_docs_worker() is None


@pytest.mark.gx
def test_a_run_that_stops_early_ends_its_worker_at_once(tmp_path: Path) -> None:
    """A worker closed before it built anything (a failed or interrupted run) is terminated, not waited for."""
    worker = DataDocsWorker(tmp_path / "docs")
    processes = list(worker._pool._processes.values())  # type: ignore[union-attr]
    worker.close()
    assert processes and not any(process.is_alive() for process in processes)
    assert not (tmp_path / "docs").exists()


@pytest.mark.parametrize(
    ("load", "cpus", "pays"),
    [
        (0.4, 2, True),  # a quiet two-CPU machine: one CPU to spare beside the run
        (1.0, 2, True),
        (1.6, 2, False),  # busy: the worker would only compete with the run's process and server
        (6.0, 4, False),
        (2.5, 4, True),
    ],
)
def test_a_worker_is_started_only_with_a_cpu_to_spare(
    monkeypatch: pytest.MonkeyPatch, load: float, cpus: int, pays: bool
) -> None:
    """The worker starts when the last minute's load leaves a CPU idle beside the run's own, and not otherwise."""
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert worker_pays(cpus) is pays
