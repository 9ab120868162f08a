"""Faults of a bad day, each through the `curator` command: a damaged cache, a full or read-only disk, a path that
vanishes, a damaged published version, the run's own Prefect server dying. Each run after one publishes what a cold
run publishes; a failed run keeps the previous outputs, says what failed in one line and exits with its code."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from curator_cli import REPO, own_server_env, run_cli
from test_operations import leftovers, published

from curator.stages import curate_in_process
from curator.storage.layout import SEGMENTS
from curator.storage.lock import RUN_HOLDER_FILE, run_lock_is_free
from schemas import MODELS
from schemas.gates import GATES

RAW = REPO / "raw"
FAULTY = Path(__file__).parent / "helpers" / "faulty_run.py"
EXIT_STORAGE, EXIT_SERVER = 3, 4
PREFECT_LOG_LINE = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} \| ")


def _run_args(raw: Path, out: Path) -> list[str]:
    return ["run", "--raw", str(raw), "--out", str(out), "--no-data-docs", "--decisions", str(out.parent / "none.yaml")]


def curator(raw: Path, out: Path, api_url: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    """`curator run` on `raw` into `out` (no Data Docs, no decisions file), with `fault` injected when given, its
    flow run recorded by the Prefect server at `api_url` (the session's: these faults are not about the server a run
    starts, and a server start-up per run was most of these tests' time)."""
    args = _run_args(raw, out)
    env = own_server_env(PREFECT_API_URL=api_url)
    if fault is None:
        return run_cli(*args, env=env)
    return subprocess.run(
        [sys.executable, str(FAULTY), fault, "--", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def run_core(raw: Path, out: Path) -> dict[str, Any]:
    """The same run (no decisions file) through the run stages in this process: for set-up and for the run after a
    fault, where what is checked is the outputs, not the command's exit code or message."""
    report = curate_in_process(raw, out, MODELS, GATES, decisions=out.parent / "none.yaml")["report"]
    assert report["status"] != "failed", report["status"]  # as `curator run`'s exit 0: no error gate failed
    return report  # type: ignore[no-any-return]


def report(out: Path) -> dict[str, Any]:
    return json.loads((out / "reports" / "latest" / "report.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def damage(path: Path) -> None:
    """Overwrite 8 bytes in the middle of a file (its size stays the same)."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))


def the_message(result: subprocess.CompletedProcess[str]) -> str:
    """The one line `curator` wrote on stderr (besides Prefect's own log lines when stderr is not a terminal)."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.strip() and not PREFECT_LOG_LINE.match(line)]
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith("curator run: error: ")
    return lines[0]


def assert_failed_cleanly(
    result: subprocess.CompletedProcess[str], out: Path, before: dict[str, str], code: int
) -> str:
    """The run exited `code` with one line, kept the previous outputs, left nothing behind and released its lock."""
    assert result.returncode == code, result.stderr[-3000:]
    message = the_message(result)
    assert published(out) == before
    assert leftovers(out) == []
    assert run_lock_is_free(out) and not (out / RUN_HOLDER_FILE).exists()
    return message


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """raw/ as it was for the previous run, and the same with one document changed (the others keep their stat)."""
    before = tmp_path_factory.mktemp("before") / "raw"
    shutil.copytree(RAW, before)
    after = tmp_path_factory.mktemp("after") / "raw"
    shutil.copytree(before, after)
    changed = sorted(after.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n== Added ==\nA new paragraph.\n", encoding="utf-8")
    return before, after


@pytest.fixture(scope="module")
def previous(corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output root after a run on the corpus before its change (copied by each test)."""
    out = tmp_path_factory.mktemp("previous") / "out"
    run_core(corpus[0], out)
    return out


@pytest.fixture(scope="module")
def cold(corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What a cold run on the changed corpus publishes."""
    out = tmp_path_factory.mktemp("cold") / "out"
    run_core(corpus[1], out)
    return published(out)


@pytest.fixture
def out(previous: Path, tmp_path: Path) -> Path:
    """A copy of the previous run's output root."""
    copy = tmp_path / "out"
    shutil.copytree(previous, copy, symlinks=True)
    return copy


def the_segment(out: Path) -> Path:
    (segment,) = out.glob(f".cache/*/{SEGMENTS}/*")  # raw/ is one batch
    return segment


def test_a_damaged_cache_segment_is_dropped_and_its_documents_parsed_again(
    corpus: tuple[Path, Path], prefect_api_url: str, out: Path, cold: dict[str, str]
) -> None:
    """8 bytes overwritten in a cached Parquet part: the run drops the segment, parses its 4 unchanged documents
    again (counted as recached, with a finding naming the file) and publishes what a cold run publishes."""
    part = the_segment(out) / "relations.parquet"
    damage(part)
    result = curator(corpus[1], out, prefect_api_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert published(out) == cold
    documents = report(out)["documents"]
    assert documents["recached"] == 4 and documents["reparsed"] == 5
    named = [f for f in report(out)["findings"] if f["source_file"] == part.relative_to(out).as_posix()]
    assert len(named) == 1 and "checksum mismatch" in named[0]["message"]


def test_a_truncated_cache_index_is_dropped_and_its_documents_parsed_again(
    corpus: tuple[Path, Path], prefect_api_url: str, out: Path, cold: dict[str, str]
) -> None:
    """A segment's index cut to 100 bytes: its documents are parsed again and the outputs are a cold run's."""
    index = the_segment(out) / "index.parquet"
    os.truncate(index, 100)
    result = curator(corpus[1], out, prefect_api_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert published(out) == cold
    assert report(out)["documents"]["recached"] == 4
    assert index.relative_to(out).as_posix() in {f["source_file"] for f in report(out)["findings"]}


def test_a_damaged_known_documents_file_is_not_used(
    corpus: tuple[Path, Path], prefect_api_url: str, out: Path, cold: dict[str, str]
) -> None:
    """The run's known-* file damaged after it was written: batches read the cache index instead (nothing is parsed
    twice), a finding names the file, and the outputs are a cold run's."""
    result = curator(corpus[1], out, prefect_api_url, "damage-known")
    assert result.returncode == 0, result.stderr[-3000:]
    assert published(out) == cold
    assert report(out)["documents"]["reparsed"] == 1
    named = [f["source_file"] for f in report(out)["findings"] if "/known-" in str(f["source_file"])]
    assert len(named) == 1 and named[0].startswith(".cache/")


@contextmanager
def small_filesystem(where: Path, size: str) -> Iterator[bool]:
    """A tmpfs of `size` mounted at `where` (True), or nothing (False) where this process may not mount one."""
    where.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, check=False
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", str(where)], check=True)


def test_a_full_disk_exits_3_with_one_line_and_keeps_the_previous_outputs(
    corpus: tuple[Path, Path], prefect_api_url: str, previous: Path, cold: dict[str, str], tmp_path: Path
) -> None:
    """With 64 KiB left on the output's filesystem (a small tmpfs, or a writer raising ENOSPC where none can be
    mounted), the run exits 3 with one line naming the path, the previous outputs stay, staging is removed and the
    lock released; once space is freed the next run publishes what a cold run publishes."""
    with small_filesystem(tmp_path / "disk", "4m") as mounted:
        out = tmp_path / "disk" / "out"
        shutil.copytree(previous, out, symlinks=True)
        before = published(out)
        filler = tmp_path / "disk" / "filler"
        if mounted:
            free = shutil.disk_usage(out).free
            with filler.open("wb") as handle:
                handle.write(b"\0" * (free - 64 * 1024))
        result = curator(corpus[1], out, prefect_api_url, None if mounted else "no-space")
        message = assert_failed_cleanly(result, out, before, EXIT_STORAGE)
        assert message.endswith("failed: No space left on device") and str(out) in message
        filler.unlink(missing_ok=True)
        run_core(corpus[1], out)
        assert published(out) == cold


def test_a_read_only_output_exits_3_with_one_line_and_keeps_the_previous_outputs(
    corpus: tuple[Path, Path], prefect_api_url: str, out: Path, cold: dict[str, str]
) -> None:
    """`versions/` remounted read-only (or a staging folder refused with EROFS where remounting is not allowed): exit
    3, one line naming the operation and the path, previous outputs kept; writable again, the next run is right."""
    before = published(out)
    versions = out / "versions"
    mount = ["mount", "--bind", str(versions), str(versions)]
    remount = ["mount", "-o", "remount,ro,bind", str(versions)]
    bound = os.geteuid() == 0 and subprocess.run(mount, capture_output=True, check=False).returncode == 0
    try:
        if bound:
            subprocess.run(remount, check=True)
        result = curator(corpus[1], out, prefect_api_url, None if bound else "read-only")
    finally:
        if bound:
            subprocess.run(["umount", str(versions)], check=True)
    message = assert_failed_cleanly(result, out, before, EXIT_STORAGE)
    assert re.search(r"error: creating \S+/versions/\.staging-\S+ failed: Read-only file system$", message), message
    run_core(corpus[1], out)
    assert published(out) == cold


def test_cached_results_that_vanish_mid_run_exit_3_instead_of_publishing_an_empty_version(
    corpus: tuple[Path, Path], prefect_api_url: str, out: Path, cold: dict[str, str]
) -> None:
    """The cache's segments deleted by someone else between the batches and the assembly: exit 3 with one line
    naming the cache folder (before, an empty version was published with exit 0); the next run is right."""
    before = published(out)
    result = curator(corpus[1], out, prefect_api_url, "vanish-segments")
    message = assert_failed_cleanly(result, out, before, EXIT_STORAGE)
    assert f"/{SEGMENTS} failed: the cached results of 5 documents" in message
    run_core(corpus[1], out)
    assert published(out) == cold


def test_a_damaged_published_version_is_not_reused_and_the_diff_says_so(
    corpus: tuple[Path, Path], prefect_api_url: str, out: Path, cold: dict[str, str]
) -> None:
    """A file of the current version altered: the next run still publishes (not a hard link to the damaged file),
    and its diff says the previous relations could not be read instead of failing."""
    damage(out / "current" / "relations.parquet")
    result = curator(corpus[1], out, prefect_api_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert published(out) == cold
    diff = report(out)["diff"]
    assert diff["previous_unreadable"] == ["relations.parquet"]
    assert diff["datasets"]["relations"]["previous_unreadable"] is True
    assert "The previous version could not be read" in (out / "reports" / "latest" / "report.html").read_text()


def test_the_run_s_own_server_dying_ends_the_run_with_one_line_and_exit_4(
    corpus: tuple[Path, Path],
    out: Path,
    cold: dict[str, str],
    servers_started_by: Callable[[int], list[int]],
    created_prefect_home: Path,
) -> None:
    """The run's Prefect server killed during the run: the run stops with exit 4 and one line saying so, the previous
    outputs stay whole, nothing is left running, and the next run works."""
    before = published(out)
    process = subprocess.Popen(
        [sys.executable, str(FAULTY), "kill-server", "--", *_run_args(corpus[1], out)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=own_server_env(PREFECT_HOME=str(created_prefect_home)),
    )
    stdout, stderr = process.communicate(timeout=300)
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    message = assert_failed_cleanly(result, out, before, EXIT_SERVER)
    assert "the local Prefect server exited (code -9) during the run" in message
    assert servers_started_by(process.pid) == []
    run_core(corpus[1], out)
    assert published(out) == cold
