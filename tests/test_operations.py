"""Unattended runs: incremental reruns, byte-identical outputs, kill safety, one run at a time, no dangling link."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest
from curator_cli import CURATOR, REPO, own_server_env

from curator.pipeline import batch, plan
from curator.stages import curate_in_process
from curator.storage.layout import SEGMENTS, cache_root
from schemas import MODELS
from schemas.gates import ERROR, GATES, Gate

# Under pytest-xdist (make test): its module-scoped fixtures are built once, on one worker.
pytestmark = pytest.mark.xdist_group("operations")

RAW = REPO / "raw"
KILLABLE = Path(__file__).parent / "helpers" / "killable_run.py"
BATCH = 8


def _make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "benchmarks" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_corpus(folder: Path, seed: int = 3) -> Path:
    """About 30 varied documents from raw/ (several batches of BATCH), no two with the same bytes."""
    _make_corpus().generate(folder, 0.25, seed, sorted(RAW.iterdir()))
    return folder


def change_add_remove(raw: Path) -> tuple[str, str, str]:
    """Edit one document, add one, remove one; returns their paths relative to `raw`."""
    files = sorted(p for p in raw.rglob("*.txt"))
    changed, removed = files[1], files[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n== Added ==\nA new paragraph.\n", encoding="utf-8")
    added = raw / "0000" / "added.txt"
    shutil.copyfile(RAW / sorted(p.name for p in RAW.iterdir())[0], added)
    removed.unlink()
    return tuple(str(p.relative_to(raw)) for p in (changed, added, removed))  # type: ignore[return-value]


def run_core(raw: Path, out: Path, batch_size: int = BATCH, gates: tuple[Gate, ...] = GATES) -> dict[str, Any]:
    return curate_in_process(raw, out, MODELS, gates, batch_size=batch_size)["report"]  # type: ignore[no-any-return]


def published(out: Path) -> dict[str, str]:
    """sha256 of every file a reader can open through `out/<name>.parquet` and `out/quarantine/<name>.parquet`."""
    found = {}
    for link in sorted([*out.glob("*.parquet"), *(out / "quarantine").glob("*.parquet")]):
        found[str(link.relative_to(out))] = hashlib.sha256(link.read_bytes()).hexdigest()
    return found


def leftovers(out: Path) -> list[str]:
    """Paths a finished run never leaves: staging folders, temporary segments, temporary files and links, dangling
    links, and a version newer than the current one (renamed into place, never published)."""
    current = (out / "current").resolve().name if (out / "current").exists() else ""
    found = [f"versions/{p.name}" for p in (out / "versions").glob("2*") if p.name > current]
    for path in out.rglob("*"):
        name = path.name
        temporary_name = name.startswith(".") and len(name.rsplit(".", 1)[-1]) == 32  # .<name>.<uuid hex>
        temporary = name.startswith((".staging-", ".tmp-")) or temporary_name
        if temporary or (path.is_symlink() and not path.exists()):
            found.append(str(path.relative_to(out)))
    return sorted(found)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "raw")


@pytest.fixture(scope="module")
def edited(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus with one document changed, one added and one removed."""
    target = tmp_path_factory.mktemp("edited") / "raw"
    shutil.copytree(corpus, target)
    change_add_remove(target)
    return target


@pytest.fixture(scope="module")
def edited_cold(edited: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What a cold run on the edited corpus publishes."""
    out = tmp_path_factory.mktemp("edited-cold") / "out"
    run_core(edited, out)
    return published(out)


@pytest.fixture(scope="module")
def first_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """An output root after a cold run on the corpus, and its report (tests that start from it copy it)."""
    out = tmp_path_factory.mktemp("first-run") / "out"
    return out, run_core(corpus, out)


def after_first_run(first_run: tuple[Path, dict[str, Any]], corpus: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the corpus (file times kept) and of the output root of the cold run on it, as a test's own."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(corpus, raw)
    shutil.copytree(first_run[0], out, symlinks=True)  # the output's links are relative: they stay inside the copy
    return raw, out


def test_outputs_are_byte_identical_cold_warm_and_whatever_the_batch_size(
    corpus: Path, first_run: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """The same input gives the same Parquet bytes: cold in batches of 8 or of 500, rerun unchanged, rerun with
    every file touched (re-read, not re-parsed)."""
    raw, out = after_first_run(first_run, corpus, tmp_path)  # cold, in batches of 8
    cold = published(out)
    assert len(cold) >= 12
    run_core(raw, tmp_path / "one-batch", batch_size=500)
    assert published(tmp_path / "one-batch") == cold
    warm = run_core(raw, out)
    assert published(out) == cold
    assert warm["documents"]["reused"] == warm["documents"]["parsed"]
    for path in raw.rglob("*.txt"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    touched = run_core(raw, out)
    assert (touched["documents"]["reread"], touched["documents"]["reparsed"]) == (touched["documents"]["parsed"], 0)
    assert published(out) == cold


def test_a_rerun_on_unchanged_input_reads_no_raw_document(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged files (same size and mtime as the published manifest) are answered by the cache, never read."""
    reads: list[str] = []
    real_read = batch.read_raw

    def counting(raw_dir: Path, source_file: str) -> Any:
        reads.append(source_file)
        return real_read(raw_dir, source_file)

    monkeypatch.setattr(batch, "read_raw", counting)
    out = tmp_path / "out"
    cold = run_core(corpus, out)
    assert len(reads) == cold["documents"]["parsed"] > 3 * BATCH
    reads.clear()
    warm = run_core(corpus, out)
    assert reads == []
    assert (warm["documents"]["reused"], warm["documents"]["reread"], warm["documents"]["reparsed"]) == (
        cold["documents"]["parsed"],
        0,
        0,
    )


def test_a_changed_an_added_and_a_removed_document_are_reflected(
    corpus: Path, first_run: tuple[Path, dict[str, Any]], tmp_path: Path, edited_cold: dict[str, str]
) -> None:
    """After an edit, the next run reads only the changed and added files, drops the removed one from every
    dataset, counts each in the report, and publishes what a cold run on the new input publishes."""
    raw, out = after_first_run(first_run, corpus, tmp_path)
    first = first_run[1]
    changed, added, removed = change_add_remove(raw)
    second = run_core(raw, out)
    counts = second["documents"]
    assert (counts["reread"], counts["reparsed"], counts["removed"]) == (2, 2, 1)
    assert counts["reused"] == first["documents"]["parsed"] - 2
    documents = pl.read_parquet(out / "documents.parquet")
    assert {changed, added} <= set(documents["source_file"]) and removed not in set(documents["source_file"])
    for link in [*out.glob("*.parquet"), *(out / "quarantine").glob("*.parquet")]:
        frame = pl.read_parquet(link)
        if "source_file" in frame.columns:
            assert removed not in set(frame["source_file"]), link.name
    sections = pl.read_parquet(out / "documents.parquet").filter(pl.col("source_file") == changed)["sections"]
    assert sections.item() >= 1
    assert published(out) == edited_cold


def test_segments_no_document_uses_are_dropped(
    corpus: Path, first_run: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """The cache holds what the published documents need: after every document changed, no old segment stays."""
    raw, out = after_first_run(first_run, corpus, tmp_path)
    segments = cache_root(out, plan.code_version()) / SEGMENTS
    before = {p.name for p in segments.iterdir()}
    for path in raw.rglob("*.txt"):
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    run_core(raw, out)
    after = {p.name for p in segments.iterdir()}
    assert before and after and not (before & after)


@pytest.mark.parametrize(
    ("point", "nth", "when"),
    [
        ("segment", "2", "while parsing: a cache segment half-written"),
        ("assemble", "3", "while assembling the staged datasets"),
        ("publish", "1", "after the staged version was renamed into place, before `current` switched"),
        ("publish", "2", "after `current` switched, before the run's report became the latest"),
    ],
)
def test_a_run_killed_at_any_point_leaves_whole_outputs_and_the_next_run_cleans_up(
    corpus: Path,
    first_run: tuple[Path, dict[str, Any]],
    edited: Path,
    edited_cold: dict[str, str],
    tmp_path: Path,
    point: str,
    nth: str,
    when: str,
) -> None:
    """SIGKILL at a point of a run on changed input: readers still open one complete set (the previous one until
    `current` switched, the new one after), and the next run removes what the killed one left and publishes what a
    cold run publishes."""
    raw, out = after_first_run(first_run, corpus, tmp_path)
    before = published(out)
    shutil.rmtree(raw)
    shutil.copytree(edited, raw)
    marker = tmp_path / "paused"
    process = subprocess.Popen(
        [sys.executable, str(KILLABLE), str(raw), str(out), str(BATCH), point, nth, str(marker)],
        cwd=REPO,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), f"the run never reached {when}: {process.stderr.read().decode()[-2000:]}"  # type: ignore[union-attr]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    readable = published(out)
    if point == "publish" and nth == "2":
        assert readable == edited_cold  # the new set was published whole; its report is what the kill cut short
    else:
        assert readable == before, f"killed {when}: readers no longer see the previous set"
        assert leftovers(out), f"a run killed {when} left nothing behind: the kill point exercised nothing"
    for link in out.glob("*.parquet"):
        assert pl.read_parquet(link).width > 0
    assert (out / "reports" / "latest" / "report.json").exists()
    run_core(raw, out)
    assert leftovers(out) == []
    assert published(out) == edited_cold


def test_a_first_run_whose_gate_fails_leaves_no_dangling_link(corpus: Path, tmp_path: Path) -> None:
    """A dataset never published (its error gate failed on the first run) has no link at all; the others open."""
    out = tmp_path / "out"
    strict = (*GATES, Gate("relations", "impossible", None, ERROR, "always fails", lambda _f, _n: 1))
    report = run_core(corpus, out, gates=strict)
    assert report["status"] == "failed"
    assert not (out / "relations.parquet").is_symlink() and not (out / "relations.parquet").exists()
    assert not (out / "quarantine" / "relations.parquet").exists()
    links = list(out.glob("*.parquet"))
    assert "documents.parquet" in {p.name for p in links}
    assert all(link.exists() for link in links)
    assert run_core(corpus, out)["status"] == "warned"  # a later run without the failing gate publishes it
    assert (out / "relations.parquet").exists()


def test_a_second_run_while_one_holds_the_output_exits_2_naming_it(
    corpus: Path,
    first_run: tuple[Path, dict[str, Any]],
    tmp_path: Path,
    servers_started_by: Callable[[int], list[int]],
) -> None:
    """`curator run` on an output another run holds exits 2 with one line naming the holder's pid and start, and
    writes nothing; the held output is untouched."""
    from curator.storage.lock import run_lock

    _raw, out = after_first_run(first_run, corpus, tmp_path)
    before = published(out)
    holder = f"run 20261122T101500Z-abcdef (pid {os.getpid()} on host, started 2026-11-22 10:15:00 UTC)"
    with run_lock(out, holder):
        process = subprocess.Popen(
            [str(CURATOR), "run", "--raw", str(corpus), "--out", str(out), "--no-data-docs"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=own_server_env(),
        )
        _, stderr = process.communicate(timeout=300)
    lines = stderr.strip().splitlines()
    assert process.returncode == 2, stderr[-2000:]
    assert len(lines) == 1
    assert f"pid {os.getpid()}" in lines[0] and "started 2026-11-22 10:15:00 UTC" in lines[0]
    assert "--wait" in lines[0]
    assert published(out) == before
    assert servers_started_by(process.pid) == []


def test_a_staged_file_never_writes_through_a_hard_link_into_a_published_version(tmp_path: Path) -> None:
    """Writing a staged dataset where a hard link to a published file sits replaces the link; the published file
    keeps its bytes."""
    from curator.storage.files import PartWriter, write_parquet

    published_file, staged = tmp_path / "published.parquet", tmp_path / "staged.parquet"
    write_parquet(pl.DataFrame({"a": [1, 2]}), published_file)
    os.link(published_file, staged)
    before = published_file.read_bytes()
    writer = PartWriter(staged, {"a": pl.Int64})
    writer.write(pl.DataFrame({"a": [3]}))
    writer.close()
    assert published_file.read_bytes() == before
    assert pl.read_parquet(staged)["a"].to_list() == [3]
