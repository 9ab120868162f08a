"""Pipeline benchmark: per-stage throughput, the floor, end to end, fixed start-up and peak memory; run on demand.

    .venv/bin/python benchmarks/bench_pipeline.py CORPUS [--tiny raw] [--batch-size 500] [--data-docs]

CORPUS is a folder of documents (make one with `benchmarks/make_corpus.py`). In one run it measures:

- the floor: read every file, split it into lines, classify each line with one regular expression, write the
  lines to Parquet (what any pipeline over this input must at least do), on CORPUS and on the tiny corpus;
- the stages, by timing the core's own functions during one in-process run (no Prefect), each stage's own time
  (dates read inside the dataset builders count as dates): read (and hash), decode, parse, datasets, dates,
  validation, cache segments, assembly, publish, report, Data Docs (with --data-docs), and `other` (the rest);
- `curator run` end to end as a user runs it (its own Prefect server, the default runner), cold then warm
  (nothing changed), on CORPUS and on the tiny corpus (the fixed start-up), with the peak memory of its whole
  process tree (sampled every 50 ms) and the CPU time of that tree;
- the marginal cost: (end to end on CORPUS - on the tiny corpus) / (floor on CORPUS - on the tiny corpus).

It prints a Markdown table (the README's) and, with --json PATH, writes the figures.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl

REPO = Path(__file__).resolve().parents[1]
CURATOR = REPO / ".venv" / "bin" / "curator"
_KIND = re.compile(r"^(?:\s*\||\s*=|\s*[-*#]|\s*$)")


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def floor(root: Path, scratch: Path) -> float:
    """Seconds to read every file, split lines, classify each line with one regular expression, write Parquet."""
    start = time.perf_counter()
    names, texts = [], []
    for path in corpus_files(root):
        names.append(str(path))
        texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    lines = (
        pl.DataFrame({"file": names, "text": texts})
        .with_columns(pl.col("text").str.split("\n"))
        .explode("text")
        .with_columns(pl.col("text").str.contains(_KIND.pattern).alias("kind"))
    )
    lines.write_parquet(scratch / "floor.parquet")
    return time.perf_counter() - start


class StageClock:
    """Wall seconds spent in named functions of the core during one run, exclusive: time inside a timed function
    called from another timed function counts for the inner one only, so the stages and `other` add up to the run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[str] = []
        self._last = time.perf_counter()
        self._patched: list[tuple[Any, str, Any]] = []

    def _switch(self) -> None:
        now = time.perf_counter()
        self.seconds[self._stack[-1] if self._stack else "other"] += now - self._last
        self._last = now

    def wrap(self, owner: Any, attribute: str, stage: str) -> None:
        original = getattr(owner, attribute)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._switch()
            self._stack.append(stage)
            try:
                return original(*args, **kwargs)
            finally:
                self._switch()
                self._stack.pop()

        setattr(owner, attribute, timed)
        self._patched.append((owner, attribute, original))

    def restore(self) -> None:
        for owner, attribute, original in reversed(self._patched):
            setattr(owner, attribute, original)
        self._patched.clear()


def staged_run(corpus: Path, out: Path, batch_size: int, data_docs: bool) -> tuple[dict[str, float], float]:
    """One in-process run with the core's stage functions timed; returns seconds per stage and in total."""
    import curator.stages as stages
    from curator import dates
    from curator.pipeline import assemble, batch, plan, publish
    from curator.report import gx_docs
    from schemas import MODELS
    from schemas.gates import GATES

    clock = StageClock()
    for attribute, stage in [
        ("read_raw", "read"),
        ("decode_document", "decode"),
        ("load_batch", "parse"),
        ("build_datasets", "datasets"),
        ("row_failures", "validation"),
        ("write_segment", "cache segments"),
        ("assemble_run", "assembly"),
        ("publish_run", "publish"),
        ("build_report", "report"),
        ("render_report_html", "report"),
    ]:
        # A stage function the stage list (curator.stages) calls by its own imported name is timed there.
        for owner in (plan, batch, assemble, publish, stages):
            if hasattr(owner, attribute):
                clock.wrap(owner, attribute, stage)
    clock.wrap(gx_docs, "build_gx_data_docs", "Data Docs")
    # Dates are read inside the dataset builders, which imported the functions by name: time them where they live.
    date_functions = {getattr(dates, name): name for name in ("parse_fuzzy_date", "find_dates", "parse_date_events")}
    for module in [m for name, m in sys.modules.items() if name.startswith("curator.") and m is not dates]:
        for attribute, value in list(vars(module).items()):
            if callable(value) and value in date_functions:
                clock.wrap(module, attribute, "dates")
    try:
        start = clock._last = time.perf_counter()
        stages.curate_in_process(corpus, out, MODELS, GATES, batch_size=batch_size, with_data_docs=data_docs)
        clock._switch()
        total = time.perf_counter() - start
    finally:
        clock.restore()
    return dict(clock.seconds), total


def _tree_rss_bytes(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children[int(stat[1])].append(int(entry.name))
            rss[int(entry.name)] = int((entry / "statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


@contextmanager
def peak_tree_rss(pid_of: Callable[[], int | None]) -> Iterator[list[int]]:
    """Sample the process tree's resident memory every 50 ms; the list holds the peak when the block ends."""
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            pid = pid_of()
            if pid is not None:
                peak[0] = max(peak[0], _tree_rss_bytes(pid))
            stop.wait(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


def curator_run(corpus: Path, out: Path, batch_size: int, data_docs: bool) -> tuple[float, int, str, float]:
    """`curator run` as a user runs it: (wall seconds, peak RSS of its process tree, its summary line, CPU seconds of
    its process tree: user and system time of it and of every process it waited for, its server and lanes)."""
    command = [str(CURATOR), "run", "--raw", str(corpus), "--out", str(out), "--batch-size", str(batch_size)]
    if not data_docs:
        command.append("--no-data-docs")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 (our own console script)
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    with peak_tree_rss(lambda: process.pid) as peak:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    if process.returncode not in (0, 1):
        raise SystemExit(f"curator run failed ({process.returncode}): {stderr[-2000:]}")
    documents = next((line for line in stdout.splitlines() if line.startswith("documents:")), "")
    return seconds, peak[0], documents, cpu


def megabytes(root: Path) -> float:
    return sum(p.stat().st_size for p in corpus_files(root)) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="folder of documents (benchmarks/make_corpus.py makes one)")
    parser.add_argument("--tiny", type=Path, default=REPO / "raw", help="tiny corpus for the fixed start-up")
    parser.add_argument("--batch-size", type=int, default=500, help="documents per batch (default %(default)s)")
    parser.add_argument("--data-docs", action="store_true", help="include Great Expectations Data Docs")
    parser.add_argument("--skip-stages", action="store_true", help="skip the in-process stage timing")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    size, tiny_size = megabytes(args.corpus), megabytes(args.tiny)
    documents = len(corpus_files(args.corpus))
    figures: dict[str, Any] = {
        "corpus": str(args.corpus),
        "megabytes": round(size, 1),
        "documents": documents,
        "batch_size": args.batch_size,
        "data_docs": args.data_docs,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_before": os.getloadavg()[0],
    }
    with tempfile.TemporaryDirectory(prefix="curator-bench-") as scratch_name:
        scratch = Path(scratch_name)
        floor_big, floor_tiny = floor(args.corpus, scratch), floor(args.tiny, scratch)
        figures["floor_seconds"], figures["floor_tiny_seconds"] = floor_big, floor_tiny
        if not args.skip_stages:
            stages, total = staged_run(args.corpus, scratch / "staged", args.batch_size, args.data_docs)
            figures["stages"], figures["staged_total_seconds"] = stages, total
            shutil.rmtree(scratch / "staged")
        cold, cold_rss, cold_docs, cold_cpu = curator_run(args.corpus, scratch / "out", args.batch_size, args.data_docs)
        warm, warm_rss, warm_docs, warm_cpu = curator_run(args.corpus, scratch / "out", args.batch_size, args.data_docs)
        tiny, tiny_rss, _, tiny_cpu = curator_run(args.tiny, scratch / "tiny", args.batch_size, args.data_docs)
        figures.update(
            cold_seconds=cold,
            cold_cpu_seconds=cold_cpu,
            cold_peak_rss_mb=cold_rss / 1e6,
            cold_documents=cold_docs,
            warm_seconds=warm,
            warm_cpu_seconds=warm_cpu,
            warm_peak_rss_mb=warm_rss / 1e6,
            warm_documents=warm_docs,
            startup_seconds=tiny,
            startup_cpu_seconds=tiny_cpu,
            startup_peak_rss_mb=tiny_rss / 1e6,
        )
    figures["marginal_vs_floor"] = (cold - tiny) / max(floor_big - floor_tiny, 1e-9)
    figures["warm_share_beyond_startup"] = max(warm - tiny, 0.0) / max(cold - tiny, 1e-9)
    figures["load_after"] = os.getloadavg()[0]
    print(table(figures, size, tiny_size))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def table(f: dict[str, Any], size: float, tiny_size: float) -> str:
    """The figures as the README's Markdown table."""
    rows = [
        f"Corpus `{f['corpus']}`: {f['documents']} documents, {size:.1f} MB; batch size {f['batch_size']};"
        f" Data Docs {'on' if f['data_docs'] else 'off'}; {f['machine']}; load {f['load_before']:.1f}.",
        "",
        "| figure | seconds | MB/s | x floor |",
        "| --- | ---: | ---: | ---: |",
        f"| floor (read, split lines, classify, write Parquet) | {f['floor_seconds']:.2f} |"
        f" {size / f['floor_seconds']:.1f} | 1.0 |",
    ]
    for stage, seconds in (f.get("stages") or {}).items():
        rows.append(
            f"| stage: {stage} | {seconds:.2f} | {size / max(seconds, 1e-9):.1f} | {seconds / f['floor_seconds']:.1f} |"
        )
    if "staged_total_seconds" in f:
        seconds = f["staged_total_seconds"]
        rows.append(
            f"| all stages in one process (no Prefect) | {seconds:.2f} | {size / seconds:.1f} |"
            f" {seconds / f['floor_seconds']:.1f} |"
        )
    rows += [
        f"| `curator run`, cold | {f['cold_seconds']:.2f} | {size / f['cold_seconds']:.1f} |"
        f" {f['cold_seconds'] / f['floor_seconds']:.1f} |",
        f"| `curator run`, warm (nothing changed) | {f['warm_seconds']:.2f} | | |",
        f"| fixed start-up: `curator run` on {tiny_size * 1000:.0f} kB | {f['startup_seconds']:.2f} | | |",
        f"| marginal cost of the corpus against the floor | | | **{f['marginal_vs_floor']:.1f}** |",
        "",
        f"Peak memory of `curator run`'s process tree: cold {f['cold_peak_rss_mb']:.0f} MB, warm"
        f" {f['warm_peak_rss_mb']:.0f} MB, tiny corpus {f['startup_peak_rss_mb']:.0f} MB. A warm rerun does"
        f" {100 * f['warm_share_beyond_startup']:.0f}% of a cold run's work beyond the fixed start-up. CPU time of the"
        f" process tree: cold {f['cold_cpu_seconds']:.1f} s, warm {f['warm_cpu_seconds']:.1f} s, tiny corpus"
        f" {f['startup_cpu_seconds']:.1f} s (less affected by other load than the wall times).",
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    main()
