"""Replaying decisions on a run's rows: values set, rows excluded, failing checks accepted, each with its outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from curator.decisions.file import Decision, Target
from curator.validation.checks import Acceptance, CheckResult

STATUSES = ("applied", "accepted", "excluded", "stale")
DECISION_COLUMN = "decision_id"


def target_mask(rows: pl.DataFrame, target: Target) -> pl.Series:
    """The rows a target names: same file and line text, same identity values; by line when still several."""
    mask = (rows["source_file"] == target.source_file) & (rows["source_text"] == target.source_text)
    for column, value in target.identity.items():
        if column in rows.columns:
            mask &= rows[column].cast(pl.String).eq_missing(None if value is None else str(value))
    mask = mask.fill_null(False)
    if mask.sum() > 1 and target.line is not None:
        at_line = mask & (rows["source_line"] == target.line)
        if at_line.sum() >= 1:
            mask = at_line
    return mask if mask.sum() == 1 else pl.Series([False] * rows.height, dtype=pl.Boolean)


@dataclass
class Outcome:
    """What a run did with one decision."""

    decision: Decision
    status: str = "stale"
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The decision and its outcome as report.json lists it."""
        d = self.decision
        target = d.target.location if d.target else None
        return {
            "id": d.id,
            "action": d.action,
            "dataset": d.dataset,
            "target": target,
            "column": d.column,
            "value": None if d.value is None else str(d.value),
            "check": d.check,
            "rows": [row.location for row in d.rows],
            "by": d.by,
            "at": d.at.isoformat(),
            "until": d.until.isoformat() if d.until else None,
            "reason": d.reason,
            "status": self.status,
            "detail": self.detail,
            "line": d.line,
        }


def set_value(rows: pl.DataFrame, mask: pl.Series, decision: Decision, derive: Any) -> pl.DataFrame:
    """`rows` with the decision's value in its column on the masked row, what derives from it re-derived
    (`derive(column, value)` returns further column -> value pairs), and the decision's id recorded."""
    column = decision.column or ""
    values: dict[str, Any] = {column: decision.value, **derive(column, decision.value)}
    source = f"{column}_source"
    if source in rows.columns and rows.schema[source] == pl.String:
        values[source] = "review"
    updates = []
    for name, value in values.items():
        if name not in rows.columns:
            continue
        dtype = rows.schema[name]
        new = pl.lit(value).cast(dtype, strict=False) if value is not None else pl.lit(None, dtype=dtype)
        updates.append(pl.when(pl.lit(mask)).then(new).otherwise(pl.col(name)).alias(name))
    previous = pl.col(DECISION_COLUMN)
    joined = (
        pl.when(previous.is_null())
        .then(pl.lit(decision.id))
        .otherwise(pl.format("{},{}", previous, pl.lit(decision.id)))
    )
    updates.append(pl.when(pl.lit(mask)).then(joined).otherwise(previous).alias(DECISION_COLUMN))
    return rows.with_columns(updates)


def accept_checks(
    dataset: str,
    checks: Sequence[CheckResult],
    failing_rows: Mapping[str, list[list[str]]],
    decisions: Sequence[Decision],
    today: dt.date,
) -> tuple[tuple[CheckResult, ...], list[Outcome]]:
    """The checks with the acceptance of every failing check an accept decision covers, and each decision's outcome.

    An accept limited to rows covers a check only when every failing row of it is one of those rows; an accept
    past its `until` date, or of a check that no longer fails, is stale.
    """
    reviewed = list(checks)
    outcomes = []
    for decision in (d for d in decisions if d.action == "accept" and d.dataset == dataset):
        outcome = Outcome(decision, "stale", f"no failing check {decision.check!r} in {dataset}")
        for index, check in enumerate(reviewed):
            if check.name != decision.check or (decision.column and check.column != decision.column):
                continue
            if not check.failed:
                outcome.detail = f"{decision.check} passes now: nothing to accept"
                continue
            if decision.until and decision.until < today:
                outcome.detail = f"expired on {decision.until.isoformat()}"
                continue
            if decision.rows:
                listed = {(row.source_file, row.source_text) for row in decision.rows}
                failing = {tuple(key) for key in failing_rows.get(f"{check.column}:{check.name}", [])}
                if len(failing) < check.failing_rows or not failing <= listed:
                    outcome.detail = f"{check.failing_rows} rows fail {decision.check}, not only the rows accepted"
                    continue
            reviewed[index] = replace(check, acceptance=Acceptance(decision.id, _iso(decision.until), decision.reason))
            outcome.status, outcome.detail = "accepted", f"{check.failing_rows} failing rows accepted"
        outcomes.append(outcome)
    return tuple(reviewed), outcomes


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def derived_values(column: str, value: Any) -> dict[str, Any]:
    """What a set value implies in its row: a country's ISO code, a date text's whole fuzzy-date group."""
    from curator.countries import country_iso3
    from curator.dates import parse_fuzzy_date
    from curator.fuzzy import fuzzy_date_fields

    derived: dict[str, Any] = {f"{column}_iso3": country_iso3(str(value)) if value is not None else None}
    if column.endswith("_text"):
        prefix = column.removesuffix("_text")
        date = parse_fuzzy_date(str(value)) if value is not None else None
        derived.update({k: v for k, v in fuzzy_date_fields(prefix, value, date).items() if k != column})
    return derived


# Rows derived from another dataset's row (the events of a relations row's date cell) follow what a reviewer set
# there: dataset -> (the dataset it derives from, the columns that carry over).
DERIVED: dict[str, tuple[str, frozenset[str]]] = {"relation_events": ("relations", frozenset({"country"}))}


class Replay:
    """Applies the set and exclude decisions to a run's rows, chunk by chunk, and re-validates what they touch."""

    def __init__(self, decisions: Sequence[Decision], models: Mapping[str, Any]) -> None:
        self._all = tuple(decisions)
        self._pending = {d.id: d for d in decisions if d.action in ("set", "exclude")}
        self._models = models
        self._outcomes = {d.id: Outcome(d) for d in decisions if d.action in ("set", "exclude")}

    def rows(self, dataset: str, rows: pl.DataFrame, failures: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, int]:
        """A chunk's rows of `dataset` with its decisions applied, their failures (re-validated where a value was
        set) and how many rows were excluded. `rows` carry source_file, `__row`, `__reasons`; `failures` carry
        source_file and `__row` of the failing row."""
        from curator.validation.quality import reasons_by_row, row_failures

        decisions = [d for d in self._pending.values() if d.dataset == dataset and d.target is not None]
        touched: set[str] = set()
        excluded = 0
        if dataset in DERIVED and not rows.is_empty():
            before = rows.height
            rows, failures = self._follow(dataset, rows, failures, touched)
            excluded = before - rows.height
        if not decisions or rows.is_empty():
            if touched:
                rows, failures = self._revalidate(dataset, rows, failures, touched, row_failures, reasons_by_row)
            return rows, failures, excluded
        for decision in decisions:
            assert decision.target is not None
            mask = target_mask(rows, decision.target)
            if not mask.any():
                continue
            found = rows.filter(mask).row(0, named=True)
            outcome = self._outcomes[decision.id]
            where = f"{found['source_file']}:{found['source_line']}"
            del self._pending[decision.id]
            if decision.action == "exclude":
                rows = rows.filter(~mask)
                failures = failures.join(
                    pl.DataFrame({"source_file": [found["source_file"]], "__row": [found["__row"]]}),
                    on=["source_file", "__row"],
                    how="anti",
                )
                excluded += 1
                outcome.status, outcome.detail = "excluded", f"row {where} left out"
                continue
            rows = set_value(rows, mask, decision, derived_values)
            touched.add(found["source_file"])
            outcome.status = "applied"
            outcome.detail = f"{decision.column} = {decision.value!r} at {where}"
        if touched:
            rows, failures = self._revalidate(dataset, rows, failures, touched, row_failures, reasons_by_row)
        return rows, failures, excluded

    def _follow(
        self, dataset: str, rows: pl.DataFrame, failures: pl.DataFrame, touched: set[str]
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Rows derived from a row a reviewer set or excluded (same file and line text) follow: they take the value,
        or are left out too."""
        parent, columns = DERIVED[dataset]
        for decision in self._all:
            outcome = self._outcomes.get(decision.id)
            if decision.dataset != parent or decision.target is None or outcome is None:
                continue
            target = decision.target
            mask = (rows["source_file"] == target.source_file) & (rows["source_text"] == target.source_text)
            mask = mask.fill_null(False)
            if not mask.any():
                continue
            if decision.action == "exclude" and outcome.status == "excluded":
                gone = rows.filter(mask).select("source_file", "__row")
                rows = rows.filter(~mask)
                failures = failures.join(gone, on=["source_file", "__row"], how="anti")
            elif decision.action == "set" and outcome.status == "applied" and decision.column in columns:
                rows = set_value(rows, mask, decision, derived_values)
                touched.update(rows.filter(mask)["source_file"].to_list())
        return rows, failures

    def _revalidate(
        self, dataset: str, rows: pl.DataFrame, failures: pl.DataFrame, files: set[str], row_failures: Any, reasons: Any
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The touched documents' rows checked again against the contract: new reasons, new failures."""
        model = self._models[dataset]
        schema_columns = [c for c in model.to_schema().columns if c in rows.columns]
        touched = rows.with_row_index("__position").filter(pl.col("source_file").is_in(sorted(files)))
        found = row_failures(dataset, touched.select(schema_columns), model)
        new_reasons = reasons(found, touched.height)
        updated = touched.with_columns(new_reasons.alias("__reasons"))
        rows = (
            rows.with_row_index("__position")
            .join(updated.select("__position", pl.col("__reasons").alias("__new")), on="__position", how="left")
            .with_columns(
                pl.when(pl.col("__position").is_in(updated["__position"].implode()))
                .then("__new")
                .otherwise("__reasons")
                .alias("__reasons")
            )
            .drop("__position", "__new")
        )
        located = found.join(
            touched.with_row_index("index").select(
                pl.col("index").cast(pl.Int64), "sha256", "source_file", "source_line", "source_text", "__row"
            ),
            on="index",
        ).select(
            "sha256",
            pl.lit(dataset).alias("dataset"),
            "source_file",
            "__row",
            "column",
            "check",
            "failure_case",
            "source_line",
            "source_text",
            pl.format("{}:{}", "source_file", "__row").alias("row_id"),
        )
        kept = failures.filter(~pl.col("source_file").is_in(sorted(files)))
        return rows, pl.concat([kept, located.select(kept.columns)], how="vertical_relaxed")

    def outcomes(self) -> list[Outcome]:
        """Every set and exclude decision with its outcome; one that matched no row is stale."""
        for decision_id in self._pending:
            decision = self._outcomes[decision_id].decision
            location = decision.target.location if decision.target else "?"
            self._outcomes[decision_id].detail = (
                f"no row of {decision.dataset} in {location.split(':')[0]} has the line text it was made on "
                "(the row is gone or its text changed)"
            )
        return list(self._outcomes.values())
