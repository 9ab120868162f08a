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


@pytest.fixture
def one_document(tmp_path: Path) -> Path:
    """A raw folder holding the smallest document of raw/."""
    smallest = min((p for p in RAW.iterdir() if p.is_file()), key=lambda p: p.stat().st_size)
    target = tmp_path / "raw"
    target.mkdir()
    shutil.copy2(smallest, target / smallest.name)
    return target


def test_docs_built_for_the_published_version_are_current(one_document: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    curate_in_process(one_document, out, MODELS, GATES, with_data_docs=True)
    assert data_docs_current(out)


def test_nothing_published_or_built_is_not_current(tmp_path: Path) -> None:
    assert not data_docs_current(tmp_path / "out")


def test_a_version_published_after_the_docs_were_built_is_not_current(one_document: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    curate_in_process(one_document, out, MODELS, GATES, with_data_docs=True)
    document = next(one_document.iterdir())
    document.write_text(document.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    curate_in_process(one_document, out, MODELS, GATES, with_data_docs=False)
    assert not data_docs_current(out)


def test_docs_whose_index_is_gone_are_not_current(one_document: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    curate_in_process(one_document, out, MODELS, GATES, with_data_docs=True)
    (gx_docs_dir(out) / "index.html").unlink()
    assert not data_docs_current(out)
