"""`curator run`: one flow run with the chosen task runner, progress on a terminal, a summary and an exit code."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from flows.progress import add_listener, remove_listener

EXIT_OK = 0
EXIT_GATE_FAILED = 1


def task_runner(runner: str, dask_address: str | None) -> Any:
    """The Prefect task runner named on the command line."""
    if runner == "dask":
        from prefect_dask.task_runners import DaskTaskRunner

        return DaskTaskRunner(address=dask_address) if dask_address else DaskTaskRunner()
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner()


def run_once(args: argparse.Namespace) -> int:
    """Run the curate flow once and return 0 (completed) or 1 (a blocking gate failed)."""
    from flows.curate import curate

    flow = curate.with_options(task_runner=task_runner(args.runner, args.dask_address))
    interactive = sys.stdout.isatty()
    listener = _terminal_progress() if interactive else None
    if listener is not None:
        add_listener(listener)
    try:
        summary = flow(
            raw_dir=str(args.raw),
            out_dir=str(args.out),
            batch_size=args.batch_size,
            data_docs=not args.no_data_docs,
            wait_for_lock=args.wait,
            decisions=str(args.decisions),
        )
    finally:
        if listener is not None:
            remove_listener(listener)
            listener.close()
    print(f"run {summary.run_id}: {summary.status}")
    print(
        f"documents: {summary.documents} parsed, {summary.rejected} rejected"
        f" ({summary.reused} reused from the cache, {summary.reread} read, {summary.removed} removed)"
    )
    for name, counts in summary.datasets.items():
        print(
            f"  {name:<16} {counts['rows_in']:>7} in  {counts['rows_curated']:>7} curated"
            f"  {counts['rows_quarantined']:>7} quarantined"
        )
    print(f"report: {summary.report_html}")
    return EXIT_GATE_FAILED if summary.status == "failed" else EXIT_OK


class _terminal_progress:  # noqa: N801 - used like a function that returns a listener
    """A rich progress bar on the terminal: documents parsed of total, then the stage."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
        )
        self._task = self._progress.add_task("starting Prefect", total=None)
        self._progress.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        description = "parse documents" if stage == "parse" else stage
        self._progress.update(self._task, description=description, completed=done, total=total)

    def close(self) -> None:
        self._progress.stop()
