"""Lanes for the batch stage of a local run: the flow's own process and spawned worker processes read batches side
by side, one batch per lane at a time.

A worker process imports the core only (polars, pandera, `curator`), never Prefect: it starts in about a second,
where a worker of Prefect's process-pool task runner imports Prefect and the flow module as well. The batch tasks
stay Prefect tasks in the flow's threads; each waits for a free lane and hands its one core call to it.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# Below this many bytes to read, a worker's start-up (a second or two of imports) costs more than it saves: on two
# CPUs a second process lost time at 10 MB, broke even at 20 MB and saved 1.3 s at 30 MB, 2 s at 50 MB.
MIN_PARALLEL_BYTES = 24 * 1024 * 1024


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def worker_processes(workers: int, batch_sizes: list[int]) -> int:
    """How many processes to spawn beside the flow's own for these batches (byte sizes): none for one batch or a
    small input, else one lane per batch up to `workers` lanes in all."""
    if len(batch_sizes) < 2 or sum(batch_sizes) < MIN_PARALLEL_BYTES:
        return 0
    return max(0, min(workers, len(batch_sizes)) - 1)


class BatchLanes:
    """One lane in the flow's own process (one thread, so that batch after batch reuses its memory) plus one per
    worker process; `run` waits for a free lane and calls there."""

    def __init__(self, processes: int) -> None:
        self._executors: list[Executor] = []
        self._processes = processes
        self._lanes: queue.SimpleQueue[Executor] = queue.SimpleQueue()

    def __enter__(self) -> BatchLanes:
        here = ThreadPoolExecutor(1, thread_name_prefix="batch-lane")
        self._executors.append(here)
        self._lanes.put(here)
        if self._processes:
            pool = ProcessPoolExecutor(self._processes, mp_context=multiprocessing.get_context("spawn"))
            self._executors.append(pool)
            for _ in range(self._processes):
                # A worker's lane opens once it has imported the core; until then batches go to the lanes open.
                pool.submit(_ready).add_done_callback(partial(self._open, pool))
        return self

    def _open(self, pool: Executor, ready: Future[None]) -> None:
        if not ready.cancelled() and ready.exception() is None:
            self._lanes.put(pool)

    def __exit__(self, *_exc: object) -> None:
        for executor in self._executors:
            executor.shutdown(wait=True, cancel_futures=True)

    def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`function(*args, **kwargs)` on the next free lane (this process's lane thread, or a worker process)."""
        lane = self._lanes.get()
        try:
            result = lane.submit(function, *args, **kwargs).result()
        except BrokenExecutor:
            raise  # a worker died: its lane stays closed, the others (this process's at least) carry on
        except BaseException:
            self._lanes.put(lane)
            raise
        self._lanes.put(lane)
        return result


# The lanes of the running flow's batch stage; tasks run in copies of the flow's context, so they see it.
BATCH_LANES: ContextVar[BatchLanes | None] = ContextVar("batch_lanes", default=None)


def current_lanes() -> BatchLanes | None:
    """The lanes of the batch stage this task runs in, if any (a function, so that a flow or task pickled by value,
    as `curator serve` does, never carries the context variable itself)."""
    return BATCH_LANES.get()


@contextmanager
def batch_lanes(processes: int) -> Iterator[BatchLanes]:
    """Lanes for the batch stage, visible to the tasks submitted inside the block."""
    with BatchLanes(processes) as lanes:
        token = BATCH_LANES.set(lanes)
        try:
            yield lanes
        finally:
            BATCH_LANES.reset(token)


def _ready() -> None:
    import curator.pipeline.batch  # noqa: F401 - the import is the point: a worker is ready once the core is loaded
    import schemas  # noqa: F401
