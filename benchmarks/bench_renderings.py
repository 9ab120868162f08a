"""Rows by rendering family for bench_extraction: each dump document rewritten by renderings.py, read again, scored."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_extraction import Extraction, Key, Score, run_pipeline, score_all  # noqa: E402
from renderings import RENDERINGS, render_corpus  # noqa: E402

# The columns that state a fact. Provenance (source_line, source_text, decision_id), layout (source, position,
# entry_style, *_source) and raw text spans (term_text, date_text, notes, statement) are left out, so that one
# fact reads the same in every rendering of a document.
FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "ambassadors": (
        "entry_kind",
        "name",
        "name_native",
        "honorific",
        "role",
        "sending_country",
        "receiving_country",
        "term_start_year",
        "term_end_year",
        "term_edtf",
        "term_end_status",
    ),
    "relation_events": ("subject_country", "country", "event", "date_edtf"),
    "relations": ("subject_country", "country", "established_event", "established_edtf"),
    "missions": ("country", "mission_type", "city", "host_country"),
    "opinion_polls": ("pollster", "poll_year", "country_polled", "positive", "negative", "neutral", "net"),
    "state_list": ("country",),
    "infobox": ("field", "value"),
}


def fact_keys(extraction: Extraction, documents: set[str]) -> Counter[Key]:
    """(dataset, document, fact columns...) of every curated row of `documents`, as a multiset."""
    keys: Counter[Key] = Counter()
    for dataset, columns in FACT_COLUMNS.items():
        frame = extraction.curated.get(dataset)
        if frame is None or "source_file" not in frame.columns:
            continue
        present = [column for column in columns if column in frame.columns]
        rows = frame.filter(pl.col("source_file").is_in(sorted(documents))).select(["source_file", *present])
        for row in rows.iter_rows():
            keys[(dataset, *(value if value is None or isinstance(value, int) else str(value) for value in row))] += 1
    return keys


@dataclass
class RenderingRow:
    """Scores of one rendering of the corpus's dump documents, and its facts compared with the dump's."""

    rendering: str
    documents: int
    scores: list[Score]
    dump_facts: Counter[Key]
    facts: Counter[Key]
    detected: Counter[str]  # documents.rendering values, when the pipeline records them

    @property
    def kept(self) -> Counter[Key]:
        return self.facts & self.dump_facts

    @property
    def lost(self) -> Counter[Key]:
        return self.dump_facts - self.facts

    @property
    def spurious(self) -> Counter[Key]:
        return self.facts - self.dump_facts

    def by_dataset(self) -> dict[str, tuple[int, int, int]]:
        """dataset -> (facts of the dump, kept, spurious)."""
        totals: dict[str, list[int]] = {}
        for counter, slot in ((self.dump_facts, 0), (self.kept, 1), (self.spurious, 2)):
            for key, count in counter.items():
                totals.setdefault(str(key[0]), [0, 0, 0])[slot] += count
        return {name: (t[0], t[1], t[2]) for name, t in sorted(totals.items())}


def rendering_row(
    rendering: str, extraction: Extraction, labels: Mapping[str, Any], dump_facts: Counter[Key], documents: set[str]
) -> RenderingRow:
    detected: Counter[str] = Counter()
    frame = extraction.curated.get("documents")
    if frame is not None and "rendering" in frame.columns:
        detected.update(str(value) for value in frame["rendering"].to_list())
    facts = fact_keys(extraction, documents)
    return RenderingRow(rendering, len(documents), score_all(extraction, labels), dump_facts, facts, detected)


def pool_rows(rendering: str, rows: list[RenderingRow], seeds: list[int]) -> RenderingRow:
    """One row for several seeds of a rendering: tp/fp/fn summed, facts keyed by their seed so none merge."""
    scores = [
        Score(
            parts[0].measure,
            tp=sum(s.tp for s in parts),
            false_positives=[key for s in parts for key in s.false_positives],
            false_negatives=[key for s in parts for key in s.false_negatives],
            unscored=sum(s.unscored for s in parts),
        )
        for parts in zip(*(row.scores for row in rows), strict=True)
    ]
    dump_facts: Counter[Key] = Counter()
    facts: Counter[Key] = Counter()
    detected: Counter[str] = Counter()
    for seed, row in zip(seeds, rows, strict=True):
        dump_facts.update({(*key, f"seed {seed}"): count for key, count in row.dump_facts.items()})
        facts.update({(*key, f"seed {seed}"): count for key, count in row.facts.items()})
        detected.update(row.detected)
    return RenderingRow(rendering, rows[0].documents, scores, dump_facts, facts, detected)


def score_renderings(corpus: Path, labels: Mapping[str, Any], dump: Extraction, seeds: list[int]) -> list[RenderingRow]:
    """Render every dump document of `corpus` in each rendering and seed, run the pipeline on each copy, score it.

    The first row is the dump itself over the same documents; each rendering's row pools its seeds.
    """
    per_rendering: dict[str, list[RenderingRow]] = {rendering: [] for rendering in RENDERINGS}
    dump_row: RenderingRow | None = None
    with tempfile.TemporaryDirectory(prefix="bench-renderings-") as tmp:
        for seed in seeds:
            out = Path(tmp) / f"seed-{seed}"
            written = render_corpus(corpus, out, RENDERINGS, seed)
            documents = set(written[RENDERINGS[0]])
            subset = {"documents": {k: v for k, v in labels["documents"].items() if k in documents}}
            dump_facts = fact_keys(dump, documents)
            dump_row = dump_row or rendering_row("dump", dump, subset, dump_facts, documents)
            for rendering in RENDERINGS:
                extraction = run_pipeline(out / rendering)
                per_rendering[rendering].append(rendering_row(rendering, extraction, subset, dump_facts, documents))
    if dump_row is None:
        return []
    return [dump_row, *(pool_rows(rendering, rows, seeds) for rendering, rows in per_rendering.items())]


def render_rendering_table(rows: list[RenderingRow], seeds: list[int], limit: int) -> str:
    documents = rows[0].documents if rows else 0
    out = [
        f"\nby rendering ({documents} dump documents rewritten by benchmarks/renderings.py with seeds"
        f" {', '.join(map(str, seeds))}, pooled; facts compared without their source lines):",
        f"  {'rendering':<17}{'amb P':>7}{'amb R':>7}{'start P':>9}{'start R':>9}{'facts kept':>18}{'spurious':>10}",
    ]
    for row in rows:
        amb, start = row.scores[0], row.scores[1]
        total, kept = sum(row.dump_facts.values()), sum(row.kept.values())
        share = kept / total if total else 0.0
        out.append(
            f"  {row.rendering:<17}{amb.precision:>7.3f}{amb.recall:>7.3f}{start.precision:>9.3f}{start.recall:>9.3f}"
            f"{f'{kept}/{total} {share:.3f}':>18}{sum(row.spurious.values()):>10}"
        )
    out.append("\nfacts kept / facts of the dump (spurious) by dataset:")
    datasets = sorted({name for row in rows for name in row.by_dataset()})
    out.append(f"  {'rendering':<17}" + "".join(f"{name:>20}" for name in datasets))
    for row in rows:
        cells = {name: f"{k}/{d} ({s})" for name, (d, k, s) in row.by_dataset().items()}
        out.append(f"  {row.rendering:<17}" + "".join(f"{cells.get(name, '-'):>20}" for name in datasets))
    if any(row.detected for row in rows):
        out.append("\ndetected rendering (documents.rendering):")
        out.extend(f"  {row.rendering:<17}{dict(sorted(row.detected.items()))}" for row in rows)
    shown = 5 if limit < 0 else limit
    for row in rows[1:]:
        for title, counter in (("lost", row.lost), ("spurious", row.spurious)):
            keys = sorted(counter.elements(), key=repr)
            if keys and shown:
                out.append(f"\n{title} facts ({row.rendering}, {len(keys)}; first {min(shown, len(keys))}):")
                out.extend(f"  {key}" for key in keys[:shown])
    return "\n".join(out)


def rendering_json(rows: list[RenderingRow], seeds: list[int]) -> dict[str, Any]:
    def measure(s: Score) -> dict[str, Any]:
        return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "tp": s.tp, "fp": s.fp, "fn": s.fn}

    result: dict[str, Any] = {"seeds": seeds}
    for row in rows:
        total, kept = sum(row.dump_facts.values()), sum(row.kept.values())
        result[row.rendering] = {
            "documents": row.documents,
            "ambassadors": measure(row.scores[0]),
            "relation_starts": measure(row.scores[1]),
            "facts_dump": total,
            "facts_kept": kept,
            "facts_kept_share": round(kept / total, 4) if total else 0.0,
            "facts_spurious": sum(row.spurious.values()),
            "facts_by_dataset": {
                name: {"dump": d, "kept": k, "spurious": s} for name, (d, k, s) in row.by_dataset().items()
            },
            "detected_rendering": dict(sorted(row.detected.items())),
        }
    return result
