"""A stand-in for the batch stage's core call that notes which process ran each batch (for the worker-lane test).

Each call touches a file named by its pid in $CURATOR_LANE_PROBE. In the flow's own process a call waits (up to
20 s, once) until some other process has noted a batch, so the worker lanes get batches whatever the timing; when no
worker ever runs one, every batch stays in the flow's process and the test sees a single pid.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from curator.pipeline.batch import BatchResult, process_batch

FLOW_PID = "CURATOR_LANE_PROBE_FLOW_PID"
WAIT_SECONDS = 20.0
_waited_in_vain = threading.Event()


def pids_seen() -> set[int]:
    return {int(path.name) for path in Path(os.environ["CURATOR_LANE_PROBE"]).iterdir()}


def process_batch_noting_its_process(*args: Any, **kwargs: Any) -> BatchResult:
    (Path(os.environ["CURATOR_LANE_PROBE"]) / str(os.getpid())).touch()
    if os.getpid() == int(os.environ[FLOW_PID]) and not _waited_in_vain.is_set():
        deadline = time.monotonic() + WAIT_SECONDS
        while pids_seen() <= {os.getpid()} and time.monotonic() < deadline:
            time.sleep(0.05)
        if pids_seen() <= {os.getpid()}:
            _waited_in_vain.set()  # no worker came: the other batches run here without waiting
    return process_batch(*args, **kwargs)
