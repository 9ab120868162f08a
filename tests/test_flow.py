"""The Prefect flow under the session's test harness: task states, summary and artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest

# Under pytest-xdist (make test): one embedded Prefect server (prefect_harness) for the flow and Dask tests.
pytestmark = pytest.mark.xdist_group("prefect")

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.flow
def test_curate_flow_publishes_and_creates_artifacts(prefect_harness: None, tmp_path: Path) -> None:
    """A flow run curates raw/, returns its summary, and leaves the summary (linking the HTML report) and table
    artifacts under stable keys."""

    from flows.artifacts import SUMMARY_KEY, TABLE_KEY
    from flows.curate import curate

    # Its own (absent) decisions file: the repository's decisions are not this test's fixture.
    decisions = str(tmp_path / "decisions.yaml")
    summary = curate(raw_dir=str(REPO / "raw"), out_dir=str(tmp_path / "out"), data_docs=False, decisions=decisions)
    assert summary.status == "warned"
    assert summary.documents == 5
    assert summary.datasets["relations"] == {"rows_in": 107, "rows_curated": 102, "rows_quarantined": 5}

    markdown, table = latest_artifact_data(SUMMARY_KEY), latest_artifact_data(TABLE_KEY)
    assert summary.run_id in markdown
    assert "| relations | 107 | 102 | 5 |" in markdown
    # A same-origin link to the HTML report, as `curator serve` publishes it (the UI drops file: links).
    assert f"[Open the HTML report](/curator-reports/{summary.run_id}/report.html)" in markdown
    assert (tmp_path / "out" / "reports" / summary.run_id / "report.html").resolve().as_uri() in markdown
    assert "opinion_polls" in table


def latest_artifact_data(key: str) -> str:
    """The data of the newest artifact under `key`, read through the API (the 3.8 client omits required fields)."""
    import asyncio
    import concurrent.futures

    from prefect.client.orchestration import get_client

    async def read() -> str:
        async with get_client() as client:
            body = {
                "artifacts": {"key": {"any_": [key]}},
                "sort": "CREATED_DESC",
                "limit": 1,
                "offset": 0,
                "flow_runs": {},
                "task_runs": {},
            }
            response = await client._client.post("/artifacts/filter", json=body)
            response.raise_for_status()
            return str(response.json()[0]["data"])

    # In a thread of its own: a browser test earlier in the session may keep an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, read()).result()


@pytest.mark.parametrize(
    ("workers", "sizes", "processes"),
    [
        (2, [30_000_000], 0),  # one batch: nothing to share
        (2, [5_000_000, 5_000_000], 0),  # small input: a worker's start-up costs more than it saves
        (2, [20_000_000, 20_000_000], 1),  # this process and one worker
        (8, [20_000_000, 20_000_000, 1_000], 2),  # never more lanes than batches
        (1, [20_000_000, 20_000_000], 0),  # one lane asked for
    ],
)
def test_worker_processes_only_for_several_batches_of_a_large_input(
    workers: int, sizes: list[int], processes: int
) -> None:
    """Worker processes are spawned only when the run has two batches or more and enough bytes to read."""
    from flows.workers import worker_processes

    assert worker_processes(workers, sizes) == processes


@pytest.mark.flow
def test_worker_processes_publish_the_same_bytes(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run whose batches are read by worker processes publishes the same dataset files as one read in-process."""
    import hashlib
    import os

    import lane_probe

    import flows.curate
    import flows.workers
    from curator.stages import curate_in_process
    from flows.curate import curate
    from schemas import MODELS
    from schemas.gates import GATES

    monkeypatch.setattr(flows.workers, "MIN_PARALLEL_BYTES", 0)
    (tmp_path / "pids").mkdir()
    monkeypatch.setenv("CURATOR_LANE_PROBE", str(tmp_path / "pids"))
    monkeypatch.setenv(lane_probe.FLOW_PID, str(os.getpid()))
    monkeypatch.setattr(flows.curate, "process_batch", lane_probe.process_batch_noting_its_process)
    decisions = REPO / "review" / "decisions.yaml"
    curate(
        raw_dir=str(REPO / "raw"),
        out_dir=str(tmp_path / "flow"),
        batch_size=1,
        data_docs=False,
        decisions=str(decisions),
        workers=3,
    )
    curate_in_process(REPO / "raw", tmp_path / "in_process", MODELS, GATES, batch_size=5, decisions=decisions)

    def digests(out: Path) -> dict[str, str]:
        current = (out / "current").resolve()
        return {
            str(path.relative_to(current)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(current.rglob("*.parquet"))
        }

    assert lane_probe.pids_seen() - {os.getpid()}, "no batch was read by a worker process"
    assert digests(tmp_path / "flow") == digests(tmp_path / "in_process")


def test_the_flow_pickles_by_value() -> None:
    """`curator serve` starts each run by pickling the flow (its function by value): nothing it refers to may be
    unpicklable, such as the batch stage's context variable."""
    import cloudpickle

    from flows.curate import curate, process

    assert cloudpickle.loads(cloudpickle.dumps(curate)).name == "curate"
    assert cloudpickle.loads(cloudpickle.dumps(process)).name == "process-batch"
