"""Precision and recall of ambassador and relation-start extraction on the labelled corpus in benchmarks/extraction/."""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from curator.countries import modern_iso3

HERE = Path(__file__).resolve().parent

CORPUS = HERE / "extraction" / "corpus"
LABELS = HERE / "extraction" / "labels.json"

START_EVENTS = frozenset(
    {"established", "re_established", "recognized", "recognized_de_facto", "recognized_de_jure", "officialized"}
)
HONORIFICS = frozenset({"baron", "viscount", "count", "marquis", "sir", "dr", "dr."})
FOCAL_COUNTRY = "Japan"
REPORTED_DATASETS = ("ambassadors", "relation_events", "relations", "missions", "opinion_polls")

Key = tuple[Hashable, ...]


@dataclass(frozen=True)
class Extraction:
    """What the pipeline curated from the corpus: the frames scored here and every dataset's row counts."""

    ambassadors: pl.DataFrame
    relation_events: pl.DataFrame
    row_counts: dict[str, tuple[int, int]]  # dataset -> (curated, quarantined)
    curated: dict[str, pl.DataFrame] = field(default_factory=dict)  # every dataset's curated rows


def run_pipeline(corpus_dir: Path) -> Extraction:
    """Run the pipeline's core over `corpus_dir`; the only place that knows the core API (adapt it here)."""
    from curator.pipeline.batch import build_all, load_documents, validate_all
    from curator.storage.raw import discover_raw
    from schemas import MODELS
    from schemas.gates import GATES

    discovery = discover_raw(corpus_dir)
    loaded = load_documents(corpus_dir, list(discovery.files))
    validations = validate_all(build_all(loaded), MODELS, GATES)
    counts = {name: (v.curated.height, v.quarantined.height) for name, v in validations.items()}
    curated = {name: v.curated for name, v in validations.items()}
    return Extraction(validations["ambassadors"].curated, validations["relation_events"].curated, counts, curated)


def normalise_name(name: str | None) -> str | None:
    """Casefolded, without diacritics, honorifics (Baron, Sir, ...) or extra whitespace; None stays None."""
    if name is None:
        return None
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = [word for word in text.split() if word not in HONORIFICS]
    cleaned = " ".join(words).strip(" .,;:")
    return cleaned or None


def country_key(name: str | None) -> str | None:
    """ISO alpha-3 of the state today a country name stands for (the successor table maps the Soviet Union to
    Russia on both sides), else the casefolded name (non-states, states of the past with no successor)."""
    if name is None or not name.strip():
        return None
    return modern_iso3(name) or " ".join(name.casefold().split())


@dataclass
class Score:
    """Multiset comparison of extracted keys with labelled keys."""

    measure: str
    tp: int = 0
    false_positives: list[Key] = field(default_factory=list)
    false_negatives: list[Key] = field(default_factory=list)
    unscored: int = 0

    @property
    def fp(self) -> int:
        return len(self.false_positives)

    @property
    def fn(self) -> int:
        return len(self.false_negatives)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def compare(measure: str, predicted: Iterable[Key], gold: Iterable[Key], unscored: int = 0) -> Score:
    """True positives are the multiset intersection; what is left on either side is a false positive or negative."""
    predicted_counts, gold_counts = Counter(predicted), Counter(gold)
    matched = predicted_counts & gold_counts
    return Score(
        measure,
        tp=sum(matched.values()),
        false_positives=sorted((predicted_counts - matched).elements(), key=repr),
        false_negatives=sorted((gold_counts - matched).elements(), key=repr),
        unscored=unscored,
    )


def _year(value: Any) -> int | None:
    return value.year if isinstance(value, date) else None


def _column(frame: pl.DataFrame, name: str) -> list[Any]:
    return frame[name].to_list() if name in frame.columns else [None] * frame.height


def ambassador_keys(frame: pl.DataFrame, with_countries: bool) -> list[Key]:
    """(document, normalised name, start year, end year), plus both countries' keys when asked."""
    rows = zip(
        _column(frame, "source_file"),
        _column(frame, "name"),
        _column(frame, "term_start_year"),
        _column(frame, "term_end_year"),
        _column(frame, "sending_country"),
        _column(frame, "receiving_country"),
        strict=True,
    )
    keys: list[Key] = []
    for source, name, start, end, sending, receiving in rows:
        key: Key = (source, normalise_name(name), start, end)
        keys.append((*key, country_key(sending), country_key(receiving)) if with_countries else key)
    return keys


def gold_ambassador_keys(labels: Mapping[str, Any], with_countries: bool) -> list[Key]:
    keys: list[Key] = []
    for source, document in labels["documents"].items():
        for entry in document.get("ambassadors", []):
            key: Key = (source, normalise_name(entry["name"]), entry["term_start_year"], entry["term_end_year"])
            countries = (country_key(entry["sending_country"]), country_key(entry["receiving_country"]))
            keys.append((*key, *countries) if with_countries else key)
    return keys


def relation_start_keys(frame: pl.DataFrame) -> tuple[list[Key], int]:
    """(document, country key, year of the earliest bound) of start-like events; events without one are unscored."""
    keys: list[Key] = []
    unscored = 0
    rows = zip(
        _column(frame, "source_file"),
        _column(frame, "country"),
        _column(frame, "event"),
        _column(frame, "date_earliest"),
        strict=True,
    )
    for source, country, event, earliest in rows:
        if event not in START_EVENTS:
            continue
        year = _year(earliest)
        if year is None:
            unscored += 1
            continue
        keys.append((source, country_key(country), year))
    return keys, unscored


def gold_relation_start_keys(labels: Mapping[str, Any]) -> list[Key]:
    return [
        (source, country_key(entry["country"]), entry["year"])
        for source, document in labels["documents"].items()
        for entry in document.get("relation_starts", [])
    ]


def score_all(extraction: Extraction, labels: Mapping[str, Any]) -> list[Score]:
    """Every measure, over the documents that have labels (rows from unlabelled documents are ignored)."""
    labelled = set(labels["documents"])
    ambassadors = extraction.ambassadors.filter(pl.col("source_file").is_in(list(labelled)))
    if "entry_kind" in ambassadors.columns:
        # Gap lines, closures and rank rows are kept as entries of their list, but they are not people.
        ambassadors = ambassadors.filter(pl.col("entry_kind") == "person")
    events = extraction.relation_events.filter(pl.col("source_file").is_in(list(labelled)))
    if "subject_country" in events.columns:
        # The labels count relations of the focal country; relations between two other states are kept, unscored.
        events = events.filter(pl.col("subject_country") == FOCAL_COUNTRY)
    starts, unscored = relation_start_keys(events)
    return [
        compare("ambassadors", ambassador_keys(ambassadors, False), gold_ambassador_keys(labels, False)),
        compare("relation_starts", starts, gold_relation_start_keys(labels), unscored),
        compare("ambassadors+countries", ambassador_keys(ambassadors, True), gold_ambassador_keys(labels, True)),
    ]


def score_by_family(extraction: Extraction, labels: Mapping[str, Any], key: str = "family") -> dict[str, list[Score]]:
    """The same measures restricted to each document family (ambassador_list, bilateral, ...) or other label `key`."""
    families: dict[str, dict[str, Any]] = {}
    for source, document in labels["documents"].items():
        families.setdefault(document.get(key, "other"), {})[source] = document
    return {family: score_all(extraction, {"documents": docs}) for family, docs in sorted(families.items())}


def _fmt_key(measure: str, key: Key) -> str:
    source, *values = key
    if measure.startswith("ambassadors"):
        name, start, end, *countries = values
        years = f"{start if start is not None else '?'}–{end if end is not None else ''}"
        text = f"name={name!r} term={years}"
        return f"{source}  {text} countries={countries[0]}->{countries[1]}" if countries else f"{source}  {text}"
    country, year = values
    return f"{source}  country={country} year={year}"


def render_table(scores: list[Score]) -> str:
    lines = [f"{'measure':<24}{'precision':>10}{'recall':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for s in scores:
        lines.append(f"{s.measure:<24}{s.precision:>10.3f}{s.recall:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    return "\n".join(lines)


def render_text(extraction: Extraction, scores: list[Score], by_family: dict[str, list[Score]], limit: int) -> str:
    out = [render_table(scores)]
    unscored = next((s.unscored for s in scores if s.measure == "relation_starts"), 0)
    if unscored:
        out.append(f"({unscored} start-like relation events have no earliest bound and are not scored)")
    out.append("\nrows per dataset (curated / quarantined):")
    for name in REPORTED_DATASETS:
        curated, quarantined = extraction.row_counts.get(name, (0, 0))
        out.append(f"  {name:<18}{curated:>6} / {quarantined}")
    out.append("\nby document family:")
    for family, family_scores in by_family.items():
        for s in family_scores[:2]:
            out.append(
                f"  {family:<18}{s.measure:<18} P={s.precision:.3f} R={s.recall:.3f} tp={s.tp} fp={s.fp} fn={s.fn}"
            )
    for s in scores[:2]:  # the strict country measure repeats these keys
        for title, keys in (("false positives", s.false_positives), ("false negatives", s.false_negatives)):
            out.append(f"\n{title} ({s.measure}, {len(keys)}):")
            shown = keys if limit < 0 else keys[:limit]
            out.extend(f"  {_fmt_key(s.measure, key)}" for key in shown)
            if len(shown) < len(keys):
                out.append(f"  ... {len(keys) - len(shown)} more (use --limit -1 to see all)")
    return "\n".join(out)


def render_json(
    extraction: Extraction,
    scores: list[Score],
    by_family: dict[str, list[Score]],
    by_phrasing: dict[str, Any] | None = None,
    by_rendering: dict[str, Any] | None = None,
) -> str:
    def as_dict(s: Score, with_lists: bool) -> dict[str, Any]:
        result: dict[str, Any] = {
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
        }
        if s.unscored:
            result["unscored"] = s.unscored
        if with_lists:
            result["false_positives"] = [list(k) for k in s.false_positives]
            result["false_negatives"] = [list(k) for k in s.false_negatives]
        return result

    payload = {
        "measures": {s.measure: as_dict(s, True) for s in scores},
        "by_family": {f: {s.measure: as_dict(s, False) for s in fs} for f, fs in by_family.items()},
        "rows": {name: {"curated": c, "quarantined": q} for name, (c, q) in sorted(extraction.row_counts.items())},
    }
    if by_phrasing is not None:
        payload["by_phrasing"] = by_phrasing
    if by_rendering is not None:
        payload["by_rendering"] = by_rendering
    return json.dumps(payload, ensure_ascii=False, indent=1)


# ---- Relation starts and events by phrasing family (issue 18) ----

PHRASING_MEASURES = ("starts", "starts_as_named", "events")


@dataclass(frozen=True)
class PhrasingRow:
    """One family's score on one measure: labelled = tp + fn, found = tp."""

    family: str
    measure: str
    score: Score

    @property
    def labelled(self) -> int:
        return self.score.tp + self.score.fn

    @property
    def precision(self) -> float | None:
        """None when nothing was reported for the family (no precision to speak of)."""
        reported = self.score.tp + self.score.fp
        return self.score.tp / reported if reported else None


def phrasing_groups(labels: Mapping[str, Any]) -> tuple[str, dict[str, dict[str, Any]]]:
    """Documents grouped by their `phrasing` label, else by their document `family`; ("", {}) when neither."""
    documents: Mapping[str, Any] = labels["documents"]
    key = next((k for k in ("phrasing", "family") if any(k in doc for doc in documents.values())), "")
    groups: dict[str, dict[str, Any]] = {}
    if key:
        for source, document in documents.items():
            groups.setdefault(str(document.get(key, "other")), {})[source] = document
    return key, dict(sorted(groups.items()))


def state_name_key(name: str | None) -> str | None:
    """A state's name as written, casefolded, without diacritics, a leading 'the' or extra spaces."""
    if name is None or not name.strip():
        return None
    text = unicodedata.normalize("NFKD", name)
    text = " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).casefold().split())
    return text.removeprefix("the ") or None


def _focal_events(extraction: Extraction, sources: Iterable[str]) -> pl.DataFrame:
    events = extraction.relation_events.filter(pl.col("source_file").is_in(list(sources)))
    if "subject_country" in events.columns:
        events = events.filter(pl.col("subject_country") == FOCAL_COUNTRY)
    return events


def as_named_start_keys(frame: pl.DataFrame) -> list[Key]:
    """(document, state as named, year) of start-like events: `party_as_named` when the output has it, else
    `country`."""
    rows = zip(
        _column(frame, "source_file"),
        _column(frame, "party_as_named"),
        _column(frame, "country"),
        _column(frame, "event"),
        _column(frame, "date_earliest"),
        strict=True,
    )
    return [
        (source, state_name_key(named or country), _year(earliest))
        for source, named, country, event, earliest in rows
        if event in START_EVENTS and _year(earliest) is not None
    ]


def gold_as_named_start_keys(documents: Mapping[str, Any]) -> list[Key]:
    return [
        (source, state_name_key(entry.get("party_as_named") or entry["country"]), entry["year"])
        for source, document in documents.items()
        for entry in document.get("relation_starts", [])
    ]


def _labelled_events(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [*document.get("relation_starts", []), *document.get("relation_events", [])]


def event_keys(frame: pl.DataFrame, documents: Mapping[str, Any], kinds: frozenset[str]) -> list[Key]:
    """(document, country key, year, event) of the output events whose kind the labels score: every kind the
    corpus's labels use where the document lists its `relation_events`, only start kinds where it does not."""
    rows = zip(
        _column(frame, "source_file"),
        _column(frame, "country"),
        _column(frame, "event"),
        _column(frame, "date_earliest"),
        strict=True,
    )
    keys: list[Key] = []
    for source, country, event, earliest in rows:
        scored = kinds if "relation_events" in documents.get(source, {}) else kinds & START_EVENTS
        year = _year(earliest)
        if event in scored and year is not None:
            keys.append((source, country_key(country), year, event))
    return keys


def gold_event_keys(documents: Mapping[str, Any]) -> list[Key]:
    return [
        (source, country_key(entry["country"]), entry["year"], entry["event"])
        for source, document in documents.items()
        for entry in _labelled_events(document)
    ]


def score_by_phrasing(extraction: Extraction, labels: Mapping[str, Any]) -> tuple[str, list[PhrasingRow]]:
    """Relation starts (successor-aware and as named) and events per phrasing family, then over all families.
    The as-named measure is kept only when some label names a state (`party_as_named`)."""
    key, groups = phrasing_groups(labels)
    if not groups:
        return key, []
    documents: Mapping[str, Any] = labels["documents"]
    kinds = frozenset(entry["event"] for doc in documents.values() for entry in _labelled_events(doc))
    named = any("party_as_named" in e for doc in documents.values() for e in doc.get("relation_starts", []))
    measures = [m for m in PHRASING_MEASURES if named or m != "starts_as_named"]
    rows: list[PhrasingRow] = []
    for family, docs in [*groups.items(), ("all", dict(documents))]:
        events = _focal_events(extraction, docs)
        predicted: dict[str, list[Key]] = {
            "starts": relation_start_keys(events)[0],
            "starts_as_named": as_named_start_keys(events),
            "events": event_keys(events, docs, kinds),
        }
        gold: dict[str, list[Key]] = {
            "starts": gold_relation_start_keys({"documents": docs}),
            "starts_as_named": gold_as_named_start_keys(docs),
            "events": gold_event_keys(docs),
        }
        rows.extend(PhrasingRow(family, m, compare(m, predicted[m], gold[m])) for m in measures)
    return key, rows


def render_phrasing_table(key: str, rows: list[PhrasingRow]) -> str:
    if not rows:
        return "\nby phrasing family: the labels carry no `phrasing` or `family`"
    out = [f"\nby phrasing family (labels' `{key}`):"]
    out.append(f"  {'family':<20}{'measure':<18}{'labelled':>9}{'found':>7}{'fp':>5}{'precision':>11}{'recall':>8}")
    for r in rows:
        precision = "—" if r.precision is None else f"{r.precision:.3f}"
        out.append(
            f"  {r.family:<20}{r.measure:<18}{r.labelled:>9}{r.score.tp:>7}{r.score.fp:>5}{precision:>11}"
            f"{r.score.recall:>8.3f}"
        )
    return "\n".join(out)


def phrasing_json(key: str, rows: list[PhrasingRow]) -> dict[str, Any]:
    families: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry: dict[str, Any] = {
            "labelled": r.labelled,
            "found": r.score.tp,
            "fp": r.score.fp,
            "precision": None if r.precision is None else round(r.precision, 4),
            "recall": round(r.score.recall, 4),
        }
        if r.family == "all":
            entry["false_positives"] = [list(k) for k in r.score.false_positives]
            entry["false_negatives"] = [list(k) for k in r.score.false_negatives]
        families.setdefault(r.family, {})[r.measure] = entry
    return {"grouped_by": key, "families": families}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="directory of labelled documents")
    parser.add_argument("--labels", type=Path, default=LABELS, help="labels.json for that directory")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--limit", type=int, default=-1, help="false positives/negatives listed per measure (-1: all)")
    parser.add_argument(
        "--renderings",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also score every dump document rewritten in each rendering of benchmarks/renderings.py",
    )
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[0, 1, 2], help="seeds of the rendering generator (rows pool them)"
    )
    args = parser.parse_args()
    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    extraction = run_pipeline(args.corpus)
    present = {path.relative_to(args.corpus).as_posix() for path in args.corpus.rglob("*") if path.is_file()}
    missing = sorted(set(labels["documents"]) - present)
    if missing:
        print(f"warning: labelled documents absent from {args.corpus}: {', '.join(missing)}")
    scores = score_all(extraction, labels)
    by_family = score_by_family(extraction, labels)
    phrasing_key, phrasing_rows = score_by_phrasing(extraction, labels)
    from bench_renderings import render_rendering_table, rendering_json, score_renderings  # it imports this module

    rows = score_renderings(args.corpus, labels, extraction, args.seeds) if args.renderings else []
    if args.json:
        print(
            render_json(
                extraction,
                scores,
                by_family,
                phrasing_json(phrasing_key, phrasing_rows),
                rendering_json(rows, args.seeds) if rows else None,
            )
        )
    else:
        print(render_text(extraction, scores, by_family, args.limit))
        print(render_phrasing_table(phrasing_key, phrasing_rows))
        if any("rendering" in document for document in labels["documents"].values()):
            # held-out pages kept in the rendering they had: the same measures by that rendering
            print("\nby rendering of the page (labels' `rendering`):")
            for rendering, family_scores in score_by_family(extraction, labels, "rendering").items():
                for s in family_scores[:2]:
                    print(
                        f"  {rendering:<18}{s.measure:<18} P={s.precision:.3f} R={s.recall:.3f}"
                        f" tp={s.tp} fp={s.fp} fn={s.fn}"
                    )
        if rows:
            print(render_rendering_table(rows, args.seeds, args.limit))
        elif args.renderings:
            print("\nby rendering: no dump-format document in this corpus, so no rendering rows")


if __name__ == "__main__":
    main()
