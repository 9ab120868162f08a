"""Publishing is atomic and all-or-nothing per dataset; the report balances and diffs against the previous run."""

from __future__ import annotations

import shutil
from hashlib import sha256
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pytest

from curator.assembly import DatasetTally
from curator.report.report import row_diff
from curator.stages import curate_in_process
from curator.validation.quality import apply_gates, filled_columns, split_valid_rows
from schemas import MODELS
from schemas.gates import ERROR, GATES, Gate
from schemas.vocabulary import NULL_BY_DESIGN

RAW = Path(__file__).resolve().parents[1] / "raw"


def run_core(raw: Path, out: Path, gates: tuple[Gate, ...] = GATES) -> dict[str, object]:
    """One run through the core stages (what the flow's tasks call), without Prefect."""
    return curate_in_process(raw, out, MODELS, gates)["report"]  # type: ignore[no-any-return]


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def test_report_counts_the_rows_of_every_published_and_quarantined_file(raw_copy: Path, tmp_path: Path) -> None:
    """Each dataset's rows_curated and rows_quarantined are the row counts of its published and quarantine files."""
    out = tmp_path / "out"
    report = run_core(raw_copy, out)
    datasets = report["datasets"]
    assert isinstance(datasets, dict)
    assert datasets["relations"]["rows_quarantined"] == 5
    for name, entry in datasets.items():
        assert entry["rows_curated"] == pl.read_parquet(out / f"{name}.parquet").height, name
        assert entry["rows_quarantined"] == pl.read_parquet(out / "quarantine" / f"{name}.parquet").height, name
    assert report["status"] == "warned"
    assert {"run_id", "status", "documents", "datasets", "unrecognized_tables"} <= set(report)


def test_the_same_bytes_read_in_two_batches_give_each_file_its_rows_once(tmp_path: Path) -> None:
    """Two files with the same bytes in different batches (both batches cache that content) publish the same files
    as when one batch reads both: each file's rows once."""
    raw = tmp_path / "raw"
    raw.mkdir()
    first, second, third = sorted(RAW.iterdir())[:3]
    for name, source in (("a.txt", first), ("b.txt", second), ("c.txt", first), ("d.txt", third)):
        shutil.copy(source, raw / name)
    published = {}
    for batch_size in (2, 4):  # batches [a, b] and [c, d]; then one batch
        out = tmp_path / f"out-{batch_size}"
        curate_in_process(raw, out, MODELS, GATES, batch_size=batch_size)
        published[batch_size] = {name: sha256((out / f"{name}.parquet").read_bytes()).hexdigest() for name in MODELS}
    assert len(list((tmp_path / "out-2" / ".cache").glob("*/segments/*"))) == 2
    assert published[2] == published[4]
    assert pl.read_parquet(tmp_path / "out-2" / "documents.parquet")["source_file"].to_list() == [
        "a.txt",
        "b.txt",
        "c.txt",
        "d.txt",
    ]


def test_readers_open_fixed_paths_into_one_complete_version(raw_copy: Path, tmp_path: Path) -> None:
    """curated/<name>.parquet and quarantine/<name>.parquet resolve into the current version directory."""
    out = tmp_path / "out"
    run_core(raw_copy, out)
    current = (out / "current").resolve()
    for name in MODELS:
        assert (out / f"{name}.parquet").resolve().parent == current
        assert (out / "quarantine" / f"{name}.parquet").resolve().parent == current / "quarantine"
    assert pl.read_parquet(out / "documents.parquet").height == 5


def test_diff_finds_a_row_added_between_two_runs(raw_copy: Path, tmp_path: Path) -> None:
    """Adding one relations row to a document shows up as one row added in the next run's diff."""
    out = tmp_path / "out"
    first = run_core(raw_copy, out)
    assert first["diff"] is None
    path = raw_copy / "001_d85be5eb45d2c744.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    oceania = lines.index("| | 1970 | See Japan–Tonga relations |")
    lines.insert(oceania + 1, "| | 1980 | See Japan–Vanuatu relations |")
    path.write_text("\n".join(lines), encoding="utf-8")
    second = run_core(raw_copy, out)
    diff = second["diff"]
    assert isinstance(diff, dict)
    assert diff["previous_run_id"] == first["run_id"]
    # Rows are matched on their identity, not their line, so the rows below the insertion are not "new".
    assert diff["datasets"]["relations"]["added"] == 1
    assert diff["datasets"]["relations"]["removed"] == 0
    assert second["datasets"]["relations"]["rows_in"] == first["datasets"]["relations"]["rows_in"] + 1


def test_row_diff_counts_added_removed_changed() -> None:
    """Rows are matched by provenance; a changed value counts as changed, not added."""
    before = pl.DataFrame({"source_file": ["a", "a", "a"], "source_line": [1, 2, 3], "v": [1, 2, 3]})
    after = pl.DataFrame({"source_file": ["a", "a", "a"], "source_line": [1, 2, 4], "v": [1, 20, 4]})
    assert row_diff(before, after) == {"added": 1, "removed": 1, "changed": 1}


def test_an_unchanged_rerun_publishes_what_the_previous_run_published(raw_copy: Path, tmp_path: Path) -> None:
    """A rerun on unchanged input reuses the previous version and says so: every dataset the first run published is
    published again (none "held back"), and a dataset whose error gate kept older files is still marked kept."""
    out = tmp_path / "out"
    first = run_core(raw_copy, out)
    second = run_core(raw_copy, out)
    assert second["reused_from"] is not None
    states = {name: (e["published"], e["kept_previous"]) for name, e in second["datasets"].items()}  # type: ignore[attr-defined]
    assert states == {name: (True, False) for name in first["datasets"]}  # type: ignore[attr-defined]
    strict = (*GATES, Gate("relations", "impossible", None, ERROR, "always fails", lambda _f, _n: 1))
    assert run_core(raw_copy, out, strict)["datasets"]["relations"]["kept_previous"] is True  # type: ignore[index]
    rerun = run_core(raw_copy, out, strict)
    assert rerun["reused_from"] is not None
    assert rerun["datasets"]["relations"]["kept_previous"] is True  # type: ignore[index]
    assert rerun["datasets"]["missions"]["published"] is True  # type: ignore[index]


def test_failed_error_gate_keeps_previous_files(raw_copy: Path, tmp_path: Path) -> None:
    """When an error gate fails, the run is `failed` and that dataset's published file stays the previous one."""
    out = tmp_path / "out"
    run_core(raw_copy, out)
    before = (out / "relations.parquet").resolve()
    strict = (*GATES, Gate("relations", "impossible", None, ERROR, "always fails", lambda _f, _n: 1))
    report = run_core(raw_copy, out, strict)
    assert report["status"] == "failed"
    assert report["datasets"]["relations"]["kept_previous"] is True
    after = (out / "relations.parquet").resolve()
    assert after != before  # a new version directory ...
    assert after.read_bytes() == before.read_bytes()  # ... holding the previous file
    assert (out / "documents.parquet").resolve().parent == after.parent


def test_gate_failure_is_counted_with_severity() -> None:
    """A gate's failing count and severity land in the dataset's checks."""
    frame = pl.DataFrame(
        {"source_file": ["a"], "source_line": [1], "country": [None]}, schema_overrides={"country": pl.String}
    )
    import pandera.polars as pa

    class Loose(pa.DataFrameModel):
        source_file: str
        source_line: int
        country: str = pa.Field(nullable=True)

    validation = apply_gates(
        split_valid_rows("relations", frame, Loose),
        [Gate("relations", "country_90", "country", ERROR, "", lambda f, n: 1)],
    )
    gate = next(c for c in validation.checks if c.kind == "gate")
    assert (gate.name, gate.severity, gate.failing_rows, validation.blocked) == ("country_90", "error", 1, True)


def test_old_reports_are_pruned_and_latest_kept(tmp_path: Path) -> None:
    """Only the newest KEEP_REPORTS run reports stay; `latest` points at the newest, other folders are untouched."""
    from curator.storage import reports

    out = tmp_path / "out"
    (out / "reports" / "gx").mkdir(parents=True)
    run_ids = [f"2026010{day}T000000Z-00000{day}" for day in range(1, 6)]
    original = reports.KEEP_REPORTS
    reports.KEEP_REPORTS = 3
    try:
        for run_id in run_ids:
            reports.write_report(out, run_id, {"run_id": run_id}, "<p>x</p>")
    finally:
        reports.KEEP_REPORTS = original
    kept = sorted(p.name for p in (out / "reports").iterdir() if p.name.startswith("2026"))
    assert kept == run_ids[-3:]
    assert (out / "reports" / "latest").resolve().name == run_ids[-1]
    assert (out / "reports" / "gx").is_dir()


def test_a_second_run_on_the_same_output_is_refused_naming_the_first(raw_copy: Path, tmp_path: Path) -> None:
    """While one run holds the output root, another exits with a message naming the holder's pid and start."""
    from curator.storage.lock import OutputBusyError, run_lock

    out = tmp_path / "out"
    holder = "run X (pid 4242, started 2026-11-22 10:00:00 UTC)"
    with run_lock(out, holder), pytest.raises(OutputBusyError, match=r"pid 4242, started 2026-11-22 10:00:00"):
        run_core(raw_copy, out)
    assert run_core(raw_copy, out)["status"] == "warned"  # once released, a run goes ahead


class _Tiny(pa.DataFrameModel):
    source_file: str
    name: str = pa.Field(nullable=True)
    decision_id: str = pa.Field(nullable=True, metadata=NULL_BY_DESIGN)


def test_completeness_leaves_out_the_columns_null_by_design() -> None:
    """Completeness is reported for the columns meant to be filled; a reviewer's decision_id is not among them."""
    tally = DatasetTally("tiny", _Tiny, ["source_file", "name", "decision_id"])
    curated = pl.DataFrame({"source_file": ["a", "a"], "name": ["x", None], "decision_id": [None, None]})
    tally.add(curated, pl.DataFrame(), pl.DataFrame())
    assert tally.summary()["completeness"] == {"source_file": 1.0, "name": 0.5}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_contract_marks_decision_id_null_by_design(name: str) -> None:
    """No dataset's completeness counts the reviewers' decision ids as missing values."""
    assert "decision_id" in MODELS[name].to_schema().columns
    assert "decision_id" not in filled_columns(MODELS[name])
