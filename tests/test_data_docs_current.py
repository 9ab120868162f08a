"""`data_docs_current`: the hint that lets a rerun skip loading Great Expectations early says yes only for whole
Data Docs built for the published version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curator.report.gx_docs import data_docs_current
from curator.stages import curate_in_process
from curator.storage.layout import gx_docs_dir
from schemas import MODELS
from schemas.gates import GATES

RAW = Path(__file__).resolve().parents[1] / "raw"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A raw folder holding the smallest document of raw/, and an output root with its run and Data Docs: built
    once for the module (Great Expectations takes seconds), copied by each test that changes it."""
    base = tmp_path_factory.mktemp("docs-current")
    smallest = min((p for p in RAW.iterdir() if p.is_file()), key=lambda p: p.stat().st_size)
    raw = base / "raw"
    raw.mkdir()
    shutil.copy2(smallest, raw / smallest.name)
    out = base / "out"
    curate_in_process(raw, out, MODELS, GATES, with_data_docs=True)
    return raw, out


def copy_of(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """This test's own copy of the raw folder and output root (symlinks, e.g. `current`, kept as links)."""
    raw, out = (tmp_path / "raw", tmp_path / "out")
    shutil.copytree(built[0], raw)
    shutil.copytree(built[1], out, symlinks=True)
    return raw, out


def test_docs_built_for_the_published_version_are_current(built: tuple[Path, Path]) -> None:
    assert data_docs_current(built[1])


def test_nothing_published_or_built_is_not_current(tmp_path: Path) -> None:
    assert not data_docs_current(tmp_path / "out")


def test_a_version_published_after_the_docs_were_built_is_not_current(built: tuple[Path, Path], tmp_path: Path) -> None:
    raw, out = copy_of(built, tmp_path)
    document = next(raw.iterdir())
    document.write_text(document.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    curate_in_process(raw, out, MODELS, GATES, with_data_docs=False)
    assert not data_docs_current(out)


def test_docs_whose_index_is_gone_are_not_current(built: tuple[Path, Path], tmp_path: Path) -> None:
    _raw, out = copy_of(built, tmp_path)
    (gx_docs_dir(out) / "index.html").unlink()
    assert not data_docs_current(out)
