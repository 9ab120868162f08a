"""A core run that stops at a chosen point and waits to be killed: `killable_run.py RAW OUT BATCH POINT N MARKER`.

POINT names where the run pauses, on the N-th call: `segment` (writing a file of a cache segment, so a half-written
segment exists), `assemble` (writing a chunk of a staged dataset), `publish` (replacing a link: the first is
`current`, later ones the dataset links, then the report's `latest`). On that call the run writes MARKER and sleeps;
the test sends SIGKILL.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from curator.stages import curate_in_process
from curator.storage import files, layout, reports, versions
from schemas import MODELS
from schemas.gates import GATES


def pausing(function: Callable[..., Any], nth: int, marker: Path) -> Callable[..., Any]:
    """`function`, except that its `nth` call writes `marker` and never returns."""
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == nth:
            marker.write_text("paused\n", encoding="utf-8")
            time.sleep(600)
        return function(*args, **kwargs)

    return wrapper


def main(raw: str, out: str, batch_size: str, point: str, nth: str, marker: str) -> None:
    pause = Path(marker)
    if point == "segment":
        write_parquet = pl.DataFrame.write_parquet

        def write_segment_file(frame: pl.DataFrame, where: Any, **kwargs: Any) -> None:
            inside_segment = Path(where).parent.name.startswith(layout.TEMPORARY_PREFIX)
            (counted if inside_segment else write_parquet)(frame, where, **kwargs)

        counted = pausing(write_parquet, int(nth), pause)
        pl.DataFrame.write_parquet = write_segment_file  # type: ignore[method-assign]
    elif point == "assemble":
        files.PartWriter.write = pausing(files.PartWriter.write, int(nth), pause)  # type: ignore[method-assign]
    elif point == "publish":
        # One count over every link replaced: `current` and the dataset links, then the report's `latest`.
        versions.replace_link = reports.replace_link = pausing(files.replace_link, int(nth), pause)
    else:
        raise SystemExit(f"unknown point {point!r}")
    curate_in_process(Path(raw), Path(out), MODELS, GATES, batch_size=int(batch_size))


if __name__ == "__main__":
    main(*sys.argv[1:])
