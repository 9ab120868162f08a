"""The same fact stated in more than one place, compared: agree, compatible or conflict, with both provenances.

Facts compared, each between documents (scope `corpus`):
- `relations_began`: when relations with a country started (established, officialized or re-established events of
  tables, prose and lists). A start stated of a state of the past (`country_mapping = successor`, the Soviet Union
  for Russia) is compared only with statements naming that past state as written. Like is matched with like: an
  overview's "Formal relations began" date is compared with the other document's start event it matches best, so
  an overview giving the date relations were re-established agrees with an article that tells both the first
  establishment and the re-establishment.
- `recognition`: recognitions of the same kind (de facto, de jure, plain).
- `ambassador_term`: the same person, sent by and to the same countries, in two documents.
- `mission`: the same mission (country, type, city) in two documents: does the host country agree?
And within one list (scope `document`): `ambassador_term_overlap`, two consecutive terms that overlap.

Dates are compared as intervals of days: `agree` when both bounds are equal, `compatible` when they intersect
(1861 and 24 January 1861), `conflict` when they are disjoint. Documents making exactly the same claims about a
fact are compared once, as a group (`a_documents`, `b_documents` count them), so a corpus of many revisions of one
article costs one comparison, not one per pair of copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import polars as pl

from curator.countries import country_iso3
from curator.frames import from_rows, model_schema
from curator.text.vocabulary import fold
from schemas.consistency import Consistency

AGREE, COMPATIBLE, CONFLICT = "agree", "compatible", "conflict"
_RANK = {AGREE: 0, COMPATIBLE: 1, CONFLICT: 2}
START_EVENTS = ("established", "officialized", "re_established")
RECOGNITIONS = ("recognized", "recognized_de_facto", "recognized_de_jure")

_STRING = pl.String()
# The dataset assembly adds to a version: facts compared across its documents.
CONSISTENCY = "consistency"
CONSISTENCY_SCHEMA: dict[str, pl.DataType] = model_schema(Consistency)
# The columns of one statement of a comparison, `a_*` for the first and `b_*` for the second (the contract's names).
_SIDE = tuple(name.removeprefix("a_") for name in CONSISTENCY_SCHEMA if name.startswith("a_"))


@dataclass(frozen=True)
class Claim:
    """One statement of a fact by one document: what kind, which interval, where."""

    source_file: str
    source_line: int
    source_text: str | None
    dataset: str
    source: str | None
    event: str | None
    text: str | None
    edtf: str | None
    earliest: dt.date | None
    latest: dt.date | None

    def side(self, documents: int) -> dict[str, Any]:
        """The claim as the `a_*` / `b_*` columns of a comparison."""
        return {**{name: getattr(self, name) for name in _SIDE if name != "documents"}, "documents": documents}


# A group of documents with identical claims: its first document's claims, its second's (or none), its size.
Group = tuple[tuple[Claim, ...], tuple[Claim, ...], int]


def verdict(a: Claim, b: Claim) -> str:
    """agree (same bounds), compatible (the intervals intersect) or conflict (they are disjoint); open bounds are
    unbounded."""
    if (a.earliest, a.latest) == (b.earliest, b.latest):
        return AGREE
    low = max(a.earliest or dt.date.min, b.earliest or dt.date.min)
    high = min(a.latest or dt.date.max, b.latest or dt.date.max)
    return COMPATIBLE if low <= high else CONFLICT


def _explain(result: str, a: Claim, b: Claim) -> str:
    what = {AGREE: "both state", COMPATIBLE: "the statements overlap", CONFLICT: "the statements are disjoint"}[result]
    if result == AGREE:
        return f"{what} {a.edtf}"
    return f"{what}: {a.edtf} ({a.text}) and {b.edtf} ({b.text})"


def _best(a: Claim, others: Sequence[Claim], like: bool) -> tuple[str, Claim] | None:
    """The claim of `others` that `a` agrees with best (like kinds only when `like`)."""
    candidates = [b for b in others if not like or b.event == a.event]
    if not candidates:
        return None
    return min(((verdict(a, b), b) for b in candidates), key=lambda pair: (_RANK[pair[0]], pair[1].source_line))


def compare_groups(
    subject: str,
    field: str,
    groups: Sequence[Group],
    like: bool,
    conflicts_when_unmatched: bool,
) -> list[dict[str, Any]]:
    """Comparisons of one fact between groups of documents making the same claims.

    A group of two or more documents agrees with itself; two groups are compared claim by claim, each claim of the
    group with fewer claims against its best match in the other. A claim with no candidate is not compared (the
    other place does not state it); with no intersecting candidate it is a conflict only when
    `conflicts_when_unmatched` (same number of claims on both sides).
    """
    rows: list[dict[str, Any]] = []
    for claims, second, documents in groups:
        # The documents of one group agree: each claim of the first against the same claim of the next.
        for a, b in zip(claims, second, strict=False):
            explanation = f"{documents} documents state {a.edtf}"
            rows.append(_row(subject, field, "corpus", AGREE, explanation, a, documents, b, documents))
    for (left, _left_next, left_docs), (right, _right_next, right_docs) in combinations(groups, 2):
        if (len(right), right[0].source_file) < (len(left), left[0].source_file):
            left, left_docs, right, right_docs = right, right_docs, left, left_docs
        for a in left:
            found = _best(a, right, like)
            if found is None:
                continue
            result, b = found
            if result == CONFLICT and not conflicts_when_unmatched and len(left) != len(right):
                continue
            rows.append(_row(subject, field, "corpus", result, _explain(result, a, b), a, left_docs, b, right_docs))
    return rows


def _row(
    subject: str,
    field: str,
    scope: str,
    result: str,
    explanation: str,
    a: Claim,
    a_docs: int,
    b: Claim | None,
    b_docs: int,
) -> dict[str, Any]:
    return {
        "source_file": a.source_file,
        "source_line": a.source_line,
        "source_text": a.source_text,
        "subject": subject,
        "subject_iso3": country_iso3(subject) if subject else None,
        "field": field,
        "scope": scope,
        "verdict": result,
        "severity": "warning" if result == CONFLICT else "info",
        "explanation": explanation,
        **{f"a_{k}": v for k, v in a.side(a_docs).items()},
        **{f"b_{k}": v for k, v in (b.side(b_docs) if b else dict.fromkeys(_SIDE)).items()},
    }


def _claim(row: dict[str, Any], dataset: str, prefix: str) -> Claim:
    return Claim(
        row["source_file"],
        row["source_line"],
        row.get("source_text"),
        dataset,
        row.get("source"),
        row.get("event"),
        row.get(f"{prefix}_text"),
        row.get(f"{prefix}_edtf"),
        row.get(f"{prefix}_earliest"),
        row.get(f"{prefix}_latest"),
    )


def _fact_groups(
    frame: pl.DataFrame,
    keys: list[str],
    label: str,
    claim: Callable[[dict[str, Any]], Claim],
    prefix: str,
    full: pl.LazyFrame | None = None,
) -> list[tuple[Any, list[Group]]]:
    """Per fact (the `keys` of `frame`, in the order of `frame`, which its caller sorts by fact, file and line), the
    `label` of its first row and its documents with identical claims (kind and interval) as one group each: the
    claims of the group's first two documents (in file order), and how many documents it has. Documents are grouped
    in polars for every fact at once, and claims are made only for the two documents of each group that are
    compared, from their rows in `full` (every column a claim reads; `frame` may hold only the keys, file, line,
    kind and interval) or else in `frame`."""
    # One text per claim and per document the sorted texts of its claims: equal exactly when the claims are.
    claim_key = pl.concat_str(
        [
            pl.col(name).cast(pl.String).fill_null("\x00")
            for name in ("event", f"{prefix}_earliest", f"{prefix}_latest")
        ],
        separator="\x1f",
    )
    # Most documents make one claim about a fact: that claim is their signature, with no list built per document.
    claims_of = frame.select(*keys, "source_file", claim_key.alias("_signature"), pl.len().over(*keys, "source_file"))
    single = claims_of.filter(pl.col("len") == 1).drop("len")
    several = (
        claims_of.filter(pl.col("len") > 1)
        .group_by(*keys, "source_file")
        .agg(pl.col("_signature").sort().str.join("\x1e"))
    )
    documents = (
        pl.concat([single, several])
        .sort(*keys, "source_file")
        .group_by(*keys, "_signature", maintain_order=True)
        .agg(pl.col("source_file").head(2).alias("_files"), pl.len().alias("_documents"))
    )
    wanted = documents.select(*keys, pl.col("_files").alias("source_file")).explode("source_file")
    claims: dict[tuple[Any, ...], list[Claim]] = {}
    compared = (
        (full if full is not None else frame.lazy())
        .join(wanted.lazy(), on=[*keys, "source_file"], how="semi", nulls_equal=True, maintain_order="left")
        .sort(*keys, "source_file", "source_line")
        .collect()
    )
    for row in compared.iter_rows(named=True):
        claims.setdefault((*(row[k] for k in keys), row["source_file"]), []).append(claim(row))
    ordered = {
        place: tuple(sorted(found, key=lambda c: (c.source_line, c.event or ""))) for place, found in claims.items()
    }
    groups: dict[tuple[Any, ...], list[Group]] = {}
    for *key, files, count in documents.select(*keys, "_files", "_documents").iter_rows():
        first = ordered[(*key, files[0])]
        second = ordered[(*key, files[1])] if len(files) > 1 else ()
        groups.setdefault(tuple(key), []).append((first, second, count))
    labels = frame.group_by(keys, maintain_order=True).agg(pl.col(label).first())
    return [(name, groups[tuple(key)]) for *key, name in labels.iter_rows()]


def relation_comparisons(events: pl.LazyFrame, focal: str) -> list[dict[str, Any]]:
    """relations_began and recognition comparisons of the focal country's relation events across documents."""
    frame = (
        events.filter(
            (pl.col("subject_country") == focal)
            & pl.col("event").is_in([*START_EVENTS, *RECOGNITIONS])
            & pl.col("date_earliest").is_not_null()
        )
        # Like with like: a start of a state of the past mapped to its successor ('Kingdom of Prussia' -> Germany)
        # is compared with statements naming that same past state, not with those naming the state today.
        .with_columns(
            pl.when(pl.col("country_mapping") == "successor")
            .then(pl.format("{} as {}", "country_iso3", pl.col("party_as_named").str.to_lowercase()))
            .otherwise(pl.coalesce("country_iso3", pl.col("country").str.to_lowercase()))
            .alias("_key")
        )
        .select(
            "_key",
            "country",
            "source_file",
            "source_line",
            "source_text",
            "source",
            "event",
            "date_text",
            "date_edtf",
            "date_earliest",
            "date_latest",
        )
    )
    # Documents are grouped on a few columns; a claim's text and provenance are read for the compared ones only.
    slim = frame.select("_key", "country", "source_file", "source_line", "event", "date_earliest", "date_latest")
    grouped = slim.collect()
    rows: list[dict[str, Any]] = []
    for field, kinds, like in (("relations_began", START_EVENTS, False), ("recognition", RECOGNITIONS, True)):
        subset = grouped.filter(pl.col("event").is_in(kinds))
        # Only facts stated by two documents or more are compared.
        shared = (
            subset.group_by("_key").agg(pl.col("source_file").n_unique().alias("_docs")).filter(pl.col("_docs") >= 2)
        )
        subset = subset.join(shared.select("_key"), on="_key").sort("_key", "source_file", "source_line")
        full = frame.filter(pl.col("event").is_in(kinds))
        for country, groups in _fact_groups(
            subset, ["_key"], "country", lambda row: _claim(row, "relation_events", "date"), "date", full
        ):
            rows += compare_groups(country, field, groups, like, conflicts_when_unmatched=False)
    return rows


def ambassador_comparisons(ambassadors: pl.LazyFrame) -> list[dict[str, Any]]:
    """ambassador_term comparisons of a person (same sender and receiver) listed in two documents or more, and
    ambassador_term_overlap findings of consecutive terms of one list that overlap."""
    frame = (
        ambassadors.filter((pl.col("entry_kind") == "person") & pl.col("name").is_not_null())
        .select(
            "source_file",
            "source_line",
            "source_text",
            "source",
            "list_title",
            "name",
            "sending_country",
            "receiving_country",
            "term_text",
            "term_edtf",
            "term_earliest",
            "term_latest",
            "term_start_year",
            "term_end_year",
        )
        .collect()
        .with_columns(pl.col("name").map_elements(fold, return_dtype=_STRING).alias("_person"))
    )
    rows: list[dict[str, Any]] = []
    people = frame.filter(pl.col("term_earliest").is_not_null())
    shared = (
        people.group_by("_person", "sending_country", "receiving_country")
        .agg(pl.col("source_file").n_unique().alias("_docs"))
        .filter(pl.col("_docs") >= 2)
    )
    people = people.join(shared.drop("_docs"), on=["_person", "sending_country", "receiving_country"], nulls_equal=True)
    person = ["_person", "sending_country", "receiving_country"]
    for name, groups in _fact_groups(
        people.sort("_person", "source_file", "source_line").with_columns(pl.lit("term").alias("event")),
        person,
        "name",
        lambda row: _claim(row, "ambassadors", "term"),
        "term",
    ):
        rows += compare_groups(name, "ambassador_term", groups, True, conflicts_when_unmatched=False)
    # Within one list: a term that starts before the previous entry's term ended (boundary years do not count).
    ordered = frame.sort("source_file", "list_title", "source_line").with_columns(
        pl.col("term_end_year").shift(1).over("source_file", "list_title").alias("_previous_end"),
        pl.col("source_line").shift(1).over("source_file", "list_title").alias("_previous_line"),
    )
    overlapping = ordered.filter(pl.col("term_start_year") < pl.col("_previous_end"))
    previous_rows = frame.join(
        overlapping.select("source_file", pl.col("_previous_line").alias("source_line")).unique(),
        on=["source_file", "source_line"],
        how="semi",
        maintain_order="left",
    )
    by_line = {(r["source_file"], r["source_line"]): r for r in previous_rows.iter_rows(named=True)}
    for row in overlapping.iter_rows(named=True):
        previous = by_line[(row["source_file"], row["_previous_line"])]
        a = _claim(previous | {"event": "term"}, "ambassadors", "term")
        b = _claim(row | {"event": "term"}, "ambassadors", "term")
        explanation = f"{previous['name']}'s term {a.text} overlaps {row['name']}'s {b.text} in the same list"
        rows.append(
            _row(row["list_title"] or "", "ambassador_term_overlap", "document", CONFLICT, explanation, a, 1, b, 1)
        )
    return rows


def mission_comparisons(missions: pl.LazyFrame) -> list[dict[str, Any]]:
    """mission comparisons: the same mission in two documents or more, agreeing (or not) on its host country."""
    frame = missions.select(
        "source_file", "source_line", "source_text", "source", "country", "mission_type", "city", "host_country"
    ).collect()
    shared = (
        frame.group_by("country", "mission_type", "city")
        .agg(pl.col("source_file").n_unique().alias("_docs"))
        .filter(pl.col("_docs") >= 2)
    )
    rows: list[dict[str, Any]] = []
    subset = frame.join(shared.drop("_docs"), on=["country", "mission_type", "city"]).sort(
        "country", "mission_type", "city", "source_file", "source_line"
    )
    for (country, mission_type, city), part in subset.group_by(
        ["country", "mission_type", "city"], maintain_order=True
    ):
        # Each document once (its first statement); documents grouped by the host country they give.
        by_host = (
            part.unique("source_file", keep="first", maintain_order=True)
            .group_by("host_country", maintain_order=True)
            .agg(pl.all().first(), pl.len().alias("_documents"))
        )
        hosts: dict[str | None, tuple[dict[str, Any], int]] = {
            row["host_country"]: (row, row["_documents"]) for row in by_host.iter_rows(named=True)
        }
        claims = [
            (
                Claim(
                    r["source_file"],
                    r["source_line"],
                    r["source_text"],
                    "missions",
                    r["source"],
                    mission_type,
                    f"{mission_type} in {city}, {host}",
                    None,
                    None,
                    None,
                ),
                n,
            )
            for host, (r, n) in hosts.items()
        ]
        subject = f"{country} {mission_type} in {city}"
        for claim, documents in claims:
            if documents >= 2:
                rows.append(
                    _row(
                        country,
                        "mission",
                        "corpus",
                        AGREE,
                        f"{documents} documents state the {subject}",
                        claim,
                        documents,
                        claim,
                        documents,
                    )
                )
        for (a, a_docs), (b, b_docs) in combinations(claims, 2):
            host_a, host_b = a.text, b.text
            result = COMPATIBLE if ", None" in (host_a or "") or ", None" in (host_b or "") else CONFLICT
            rows.append(
                _row(country, "mission", "corpus", result, f"host country: {host_a} / {host_b}", a, a_docs, b, b_docs)
            )
    return rows


def consistency_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """The consistency dataset, in a stable order (field, subject, first side's file and line)."""
    frame = from_rows(rows, CONSISTENCY_SCHEMA)
    return frame.sort(
        "field", "subject", "a_source_file", "a_source_line", "b_source_file", "b_source_line", nulls_last=True
    )


def compare_all(
    relation_events: pl.LazyFrame | None, ambassadors: pl.LazyFrame | None, missions: pl.LazyFrame | None, focal: str
) -> pl.DataFrame:
    """Every comparison of a run, from the curated datasets (lazy scans of the staged files)."""
    rows: list[dict[str, Any]] = []
    if relation_events is not None:
        rows += relation_comparisons(relation_events, focal)
    if ambassadors is not None:
        rows += ambassador_comparisons(ambassadors)
    if missions is not None:
        rows += mission_comparisons(missions)
    return consistency_frame(rows)
