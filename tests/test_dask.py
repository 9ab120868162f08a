"""The Dask runner: batches run in Dask worker processes and publish the same bytes as a local run."""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
import sys
import uuid
from pathlib import Path

import pytest
from curator_cli import REPO, own_server_env, run_cli

# Under pytest-xdist (make test): one embedded Prefect server (prefect_harness) for the flow and Dask tests.
pytestmark = pytest.mark.xdist_group("prefect")

BATCH_SIZE = 10
CORPUS_MB = 0.45  # about 60 generated documents: six batches of ten


def published_digests(out: Path) -> dict[str, str]:
    """sha256 of every published dataset and quarantine file, by its path under the output root (links followed)."""
    files = [*out.glob("*.parquet"), *out.glob("quarantine/*.parquet")]
    return {path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def alive(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def processes_with(marker: str) -> list[int]:
    """Live processes whose environment holds `marker` (the children of a process inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return [pid for pid in found if alive(pid)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of about 60 documents (variants of raw/) in a few subfolders."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from make_corpus import generate

    raw = tmp_path_factory.mktemp("corpus") / "raw"
    generate(raw, CORPUS_MB, seed=7, sources=sorted((REPO / "raw").iterdir()))
    return raw


@pytest.fixture(scope="module")
def local_digests(prefect_harness: None, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The published files of a run of the corpus with the local task runner."""
    from flows.curate import curate

    out = tmp_path_factory.mktemp("local") / "curated"
    curate(raw_dir=str(corpus), out_dir=str(out), batch_size=BATCH_SIZE, data_docs=False)
    return published_digests(out)


@pytest.mark.flow
def test_batches_run_on_the_workers_of_an_existing_cluster_and_publish_a_local_runs_bytes(
    prefect_harness: None,
    corpus: Path,
    local_digests: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Given a two-worker cluster's address, every batch runs in a worker process (never the flow's), even with
    paths relative to a directory that is not the workers', the published files are byte for byte those of a local
    run, and closing the cluster leaves no worker process behind."""
    from distributed import Client, LocalCluster, get_task_stream
    from prefect_dask.task_runners import DaskTaskRunner

    from flows.curate import curate

    documents = len(list(corpus.rglob("*.txt")))
    workers_dir = tmp_path / "workers"
    workers_dir.mkdir()
    monkeypatch.chdir(workers_dir)  # the workers start here, like a cluster someone else started
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster.scheduler_address, set_as_default=False) as observer,
    ):
        monkeypatch.chdir(tmp_path)  # the flow runs here, given paths relative to it
        worker_pids: dict[str, int] = observer.run(os.getpid)
        assert set(observer.run(os.getcwd).values()) == {str(workers_dir)}
        with get_task_stream(observer) as stream:
            runner = DaskTaskRunner(address=cluster.scheduler_address)
            summary = curate.with_options(task_runner=runner)(
                raw_dir=os.path.relpath(corpus), out_dir="curated", batch_size=BATCH_SIZE, data_docs=False
            )

    assert summary.documents == documents
    assert summary.rejected == 0
    assert published_digests(tmp_path / "curated") == local_digests
    # The scheduler saw one task per batch, each run by a worker process other than this one.
    assert len(stream.data) == math.ceil(documents / BATCH_SIZE)
    ran_in = {worker_pids[record["worker"]] for record in stream.data}
    assert ran_in <= set(worker_pids.values())
    assert os.getpid() not in ran_in
    assert [pid for pid in worker_pids.values() if alive(pid)] == []


@pytest.mark.flow
def test_curator_run_with_the_dask_runner_starts_a_local_cluster_and_publishes_a_local_runs_bytes(
    corpus: Path, local_digests: dict[str, str], tmp_path: Path, created_prefect_home: Path
) -> None:
    """`curator run --runner dask` without an address runs on a Dask cluster of its own, exits 0, publishes the
    files of a local run byte for byte, records every batch's task run, and leaves no process behind."""
    token = uuid.uuid4().hex  # in the environment of the run and of every process it starts
    env = own_server_env(PREFECT_HOME=str(created_prefect_home), CURATOR_DASK_TEST=token)
    out = tmp_path / "curated"
    options = ["--runner", "dask", "--batch-size", str(BATCH_SIZE), "--no-data-docs"]
    process = run_cli("run", "--raw", str(corpus), "--out", str(out), *options, cwd=tmp_path, env=env)
    assert process.returncode == 0, process.stderr[-2000:]
    assert "Creating a new Dask cluster" in process.stderr
    assert published_digests(out) == local_digests
    with sqlite3.connect(created_prefect_home / "prefect.db") as db:
        batches = db.execute("SELECT state_type FROM task_run WHERE name LIKE 'process-batch-%'").fetchall()
    assert batches == [("COMPLETED",)] * math.ceil(len(list(corpus.rglob("*.txt"))) / BATCH_SIZE)
    assert processes_with(f"CURATOR_DASK_TEST={token}") == []
