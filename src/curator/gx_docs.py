"""Great Expectations Data Docs for curated polars frames, with suites generated from the Pandera models."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl

# Names used inside the throw-away GX context (they show up in the Data Docs pages).
SITE_NAME = "curator"
DATASOURCE_NAME = "curator"
CHECKPOINT_NAME = "curator"
# `untranslated` reports a check that belongs to no single column under this column name.
DATAFRAME = "<dataframe>"
# Earlier GX 1.x releases read this when building a context to decide whether to send usage events;
# 1.24 ships no analytics client at all (only this variable's name and the `analytics_enabled` config
# key remain). Both are set off anyway, so no GX version this project allows phones home.
ANALYTICS_ENV = "GX_ANALYTICS_ENABLED"

_BETWEEN = "ExpectColumnValuesToBeBetween"
_IN_SET = "ExpectColumnValuesToBeInSet"
_NOT_IN_SET = "ExpectColumnValuesToNotBeInSet"
_REGEX = "ExpectColumnValuesToMatchRegex"
_LENGTHS = "ExpectColumnValueLengthsToBeBetween"


@dataclass(frozen=True)
class ExpectationSpec:
    """One GX expectation generated from one Pandera rule: GX class name, its kwargs, and the rule."""

    expectation_type: str  # class name in `great_expectations.expectations`, e.g. "ExpectColumnToExist"
    kwargs: Mapping[str, Any] = field(hash=False)  # constructor kwargs, including `column`/`column_list`
    rule: str  # the Pandera rule it came from, e.g. "positive: in_range(0, 100)"

    @property
    def column(self) -> str | None:
        """The column the expectation is about, or None for a table-wide one."""
        column = self.kwargs.get("column")
        return column if isinstance(column, str) else None


@dataclass(frozen=True)
class GxResult:
    """Outcome of one Checkpoint run over all datasets, and where its Data Docs are."""

    success: bool  # GX's verdict: every expectation of every dataset passed (severity="warning" ones too)
    docs_index: Path  # docs_dir/index.html
    # dataset -> {"success", "evaluated_expectations", "successful_expectations",
    #             "unsuccessful_expectations", "failed": [rule, ...]}
    per_dataset: dict[str, dict[str, Any]]
    untranslated: list[tuple[str, str, str]]  # (dataset, column or DATAFRAME, check name)


@dataclass(frozen=True)
class _Translation:
    expectations: list[ExpectationSpec]
    untranslated: list[tuple[str, str]]  # (column or DATAFRAME, check name)
    optional_columns: frozenset[str]


def expectations_from_model(model: type[pa.DataFrameModel]) -> list[ExpectationSpec]:
    """The GX expectations that `model`'s rules translate to, in schema order (pure: GX is not imported)."""
    return _translate(model).expectations


def untranslated_checks(model: type[pa.DataFrameModel]) -> list[tuple[str, str]]:
    """`model`'s checks that have no GX equivalent, as (column or DATAFRAME, check name)."""
    return _translate(model).untranslated


def build_gx_data_docs(
    frames: Mapping[str, pl.DataFrame],
    models: Mapping[str, type[pa.DataFrameModel]],
    docs_dir: Path,
) -> GxResult:
    """Validate each frame against the suite generated from its model in one GX Checkpoint, writing Data Docs.

    Writes static HTML under `docs_dir` (`docs_dir/index.html` links every suite and validation); the
    only other file writes go to a temporary directory removed before returning. Raises ValueError when
    `frames` is empty or a frame has no model.
    """
    if not frames:
        raise ValueError("build_gx_data_docs needs at least one dataset")
    missing = sorted(set(frames) - set(models))
    if missing:
        raise ValueError(f"no Pandera model for dataset(s): {', '.join(missing)}")

    suites: dict[str, list[ExpectationSpec]] = {}
    untranslated: list[tuple[str, str, str]] = []
    for dataset, frame in frames.items():
        translation = _translate(models[dataset])
        # An optional (required=False) column that is absent is fine for Pandera: skip its rules.
        absent = translation.optional_columns - set(frame.columns)
        suites[dataset] = [kept for spec in translation.expectations if (kept := _drop_absent(spec, absent))]
        untranslated += [(dataset, column, name) for column, name in translation.untranslated]

    docs_dir = Path(docs_dir).resolve()
    docs_dir.mkdir(parents=True, exist_ok=True)
    with _analytics_disabled(), tempfile.TemporaryDirectory(prefix="curator-gx-") as staging:
        success, per_dataset = _run_checkpoint(frames, suites, docs_dir, Path(staging))
    return GxResult(
        success=success,
        docs_index=docs_dir / "index.html",
        per_dataset=per_dataset,
        untranslated=untranslated,
    )


# --- Pandera -> GX translation (pure) ---------------------------------------------------------


def _translate(model: type[pa.DataFrameModel]) -> _Translation:
    schema = model.to_schema()
    specs: list[ExpectationSpec] = []
    untranslated: list[tuple[str, str]] = []
    optional: set[str] = set()
    regex_columns = False

    for name, column in schema.columns.items():
        col = str(name)
        if column.regex:
            # The name is a pattern over column names: nothing to point a column expectation at.
            regex_columns = True
            untranslated.append((col, "regex_column"))
            untranslated += [(col, _check_name(check)) for check in column.checks]
            continue
        if column.required:
            specs.append(ExpectationSpec("ExpectColumnToExist", {"column": col}, f"{col}: required"))
        else:
            optional.add(col)
        if not column.nullable:
            specs.append(ExpectationSpec("ExpectColumnValuesToNotBeNull", {"column": col}, f"{col}: nullable=False"))
        if column.unique:
            specs.append(ExpectationSpec("ExpectColumnValuesToBeUnique", {"column": col}, f"{col}: unique=True"))
        is_date = _is_date(column.dtype)
        for check in column.checks:
            translated = _translate_check(col, check, nullable=bool(column.nullable), is_date=is_date)
            if translated is None:
                untranslated.append((col, _check_name(check)))
            else:
                specs.append(translated)

    unique = [schema.unique] if isinstance(schema.unique, str) else list(schema.unique or [])
    if len(unique) == 1:
        col = str(unique[0])
        if not any(s.expectation_type == "ExpectColumnValuesToBeUnique" and s.column == col for s in specs):
            specs.append(ExpectationSpec("ExpectColumnValuesToBeUnique", {"column": col}, f"unique=[{col}]"))
    elif unique:
        cols = [str(c) for c in unique]
        specs.append(ExpectationSpec("ExpectCompoundColumnsToBeUnique", {"column_list": cols}, f"unique={cols}"))

    names = [str(n) for n in schema.columns]
    if schema.strict is True:
        if regex_columns:
            untranslated.append((DATAFRAME, "strict"))
        elif schema.ordered:
            specs.append(ExpectationSpec("ExpectTableColumnsToMatchOrderedList", {"column_list": names}, "strict"))
        else:
            specs.append(
                ExpectationSpec(
                    "ExpectTableColumnsToMatchSet", {"column_set": names, "exact_match": True}, "strict=True"
                )
            )
    untranslated += [(DATAFRAME, _check_name(check)) for check in schema.checks]
    return _Translation(specs, untranslated, frozenset(optional))


def _translate_check(column: str, check: pa.Check, *, nullable: bool, is_date: bool) -> ExpectationSpec | None:
    """The GX expectation for one built-in Pandera column check, or None when there is no clean one."""
    name = _builtin_name(check)
    if name is None or check.groupby is not None:
        return None
    if not check.ignore_na and nullable:
        # Pandera would fail the nulls; GX column-map expectations always skip them.
        return None
    stats: Mapping[str, Any] = check.statistics or {}
    kwargs: dict[str, Any] = {"column": column}
    expectation: str

    def bound(key: str) -> Any:
        return _bound(stats[key], is_date)

    try:
        if name == "isin":
            expectation, kwargs["value_set"] = _IN_SET, list(stats["allowed_values"])
        elif name == "notin":
            expectation, kwargs["value_set"] = _NOT_IN_SET, list(stats["forbidden_values"])
        elif name == "equal_to":
            expectation, kwargs["value_set"] = _IN_SET, [stats["value"]]
        elif name == "not_equal_to":
            expectation, kwargs["value_set"] = _NOT_IN_SET, [stats["value"]]
        elif name in ("greater_than", "greater_than_or_equal_to"):
            expectation = _BETWEEN
            kwargs.update(min_value=bound("min_value"), strict_min=name == "greater_than")
        elif name in ("less_than", "less_than_or_equal_to"):
            expectation = _BETWEEN
            kwargs.update(max_value=bound("max_value"), strict_max=name == "less_than")
        elif name == "in_range":
            expectation = _BETWEEN
            kwargs.update(
                min_value=bound("min_value"),
                max_value=bound("max_value"),
                strict_min=not stats.get("include_min", True),
                strict_max=not stats.get("include_max", True),
            )
        elif name == "str_matches":
            # Pandera anchors str_matches at the start; GX's regex expectation searches anywhere.
            pattern = _pattern(stats["pattern"])
            expectation, kwargs["regex"] = _REGEX, pattern if pattern.startswith("^") else f"^{pattern}"
        elif name == "str_contains":
            expectation, kwargs["regex"] = _REGEX, _pattern(stats["pattern"])
        elif name == "str_startswith":
            expectation, kwargs["regex"] = _REGEX, "^" + re.escape(stats["string"])
        elif name == "str_endswith":
            expectation, kwargs["regex"] = _REGEX, re.escape(stats["string"]) + r"\Z"
        elif name == "str_length":
            expectation = _LENGTHS
            exact = stats.get("exact_value")
            if exact is not None:
                kwargs.update(min_value=exact, max_value=exact)
            else:
                kwargs.update(min_value=stats.get("min_value"), max_value=stats.get("max_value"))
        else:
            # Not translated on purpose: unique_values_eq (GX 1.24's Data Docs renderer raises KeyError
            # 'unexpected_percent' on a failed ExpectColumnDistinctValuesToEqualSet), and every check
            # without a GX column-map counterpart.
            return None
    except (KeyError, TypeError):  # a check that only borrows a built-in's name
        return None
    if check.raise_warning:
        kwargs["severity"] = "warning"
    return ExpectationSpec(expectation, kwargs, f"{column}: {_check_label(check)}")


def _builtin_name(check: pa.Check) -> str | None:
    """The built-in check's registered name (even when the user renamed it), or None for a custom check."""
    for candidate in (check.name, getattr(check, "registry_name", None)):
        if isinstance(candidate, str) and pa.Check.is_builtin_check(candidate):
            return candidate
    return None


def _drop_absent(spec: ExpectationSpec, absent: frozenset[str]) -> ExpectationSpec | None:
    """`spec` without the optional columns a frame lacks; None when it is about one of them."""
    if not absent:
        return spec
    kwargs = dict(spec.kwargs)
    compound = spec.expectation_type == "ExpectCompoundColumnsToBeUnique"
    if spec.column in absent or (compound and set(kwargs["column_list"]) & absent):
        return None
    for key in ("column_set", "column_list"):
        if key in kwargs:
            kwargs[key] = [c for c in kwargs[key] if c not in absent]
    return ExpectationSpec(spec.expectation_type, kwargs, spec.rule)


def _check_name(check: pa.Check) -> str:
    """A check's name: the built-in's registered name ("isin"), else the name the user gave it."""
    return _builtin_name(check) or str(check.name)


def _check_label(check: pa.Check) -> str:
    """How a check is named in reports: its error text for built-ins ("isin(['JP'])"), else its name."""
    if _builtin_name(check) is not None and isinstance(check.error, str):
        return check.error
    return str(check.name)


def _is_date(dtype: Any) -> bool:
    return getattr(dtype, "type", None) == pl.Date


def _bound(value: Any, is_date: bool) -> Any:
    # polars Date becomes pandas datetime64 in `to_pandas()`, which does not compare with `date`.
    if is_date and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value


def _pattern(pattern: str | re.Pattern[str]) -> str:
    return pattern.pattern if isinstance(pattern, re.Pattern) else pattern


# --- GX side ----------------------------------------------------------------------------------


@contextmanager
def _analytics_disabled() -> Iterator[None]:
    """Set GX_ANALYTICS_ENABLED=false for the duration of the GX work, then restore the caller's value."""
    previous = os.environ.get(ANALYTICS_ENV)
    os.environ[ANALYTICS_ENV] = "false"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ANALYTICS_ENV, None)
        else:
            os.environ[ANALYTICS_ENV] = previous


def _run_checkpoint(
    frames: Mapping[str, pl.DataFrame],
    suites: Mapping[str, list[ExpectationSpec]],
    docs_dir: Path,
    staging: Path,
) -> tuple[bool, dict[str, dict[str, Any]]]:
    """Run one Checkpoint (one ValidationDefinition per dataset) whose action writes the Data Docs site."""
    # Imported here: importing GX takes ~3 s, which callers of this module's pure helpers should not pay.
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.checkpoint.actions import UpdateDataDocsAction
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    # An ephemeral context: every store (suites, validation definitions, checkpoints, results) is in
    # memory, so no great_expectations.yml or gx/ folder lands in the repository or in $HOME. Its
    # only Data Docs site is a local filesystem site (TupleFilesystemStoreBackend) rooted at docs_dir;
    # `init_temp_docs_sites=False` stops GX adding its default site in a temporary directory.
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={
            SITE_NAME: {
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        },
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    context: Any = gx.get_context(mode="ephemeral", project_config=config)
    source: Any = context.data_sources.add_pandas(name=DATASOURCE_NAME)

    definitions: list[Any] = []
    for dataset, frame in frames.items():
        # GX 1.x has no polars support, so it gets a pandas copy. It cannot get it as a dataframe
        # asset: those receive their frame from `Checkpoint.run(batch_parameters={"dataframe": df})`,
        # and a Checkpoint hands the same batch_parameters to every ValidationDefinition, so one
        # Checkpoint could not validate several frames. The pandas copy is therefore staged as a
        # Parquet file (dtypes kept by pandas' metadata) in a temporary directory removed on return,
        # and read back by a Parquet asset of the pandas data source.
        path = staging / f"{len(definitions)}.parquet"
        frame.to_pandas().to_parquet(path, index=False)
        batch = source.add_parquet_asset(name=dataset, path=path).add_batch_definition_whole_dataframe(name=dataset)
        expectations = [
            getattr(gxe, spec.expectation_type)(**spec.kwargs, meta={"pandera_rule": spec.rule})
            for spec in suites[dataset]
        ]
        suite = context.suites.add(gx.ExpectationSuite(name=dataset, expectations=expectations))
        definitions.append(
            context.validation_definitions.add(gx.ValidationDefinition(name=dataset, data=batch, suite=suite))
        )

    checkpoint: Any = context.checkpoints.add(
        gx.Checkpoint(
            name=CHECKPOINT_NAME,
            validation_definitions=definitions,
            actions=[UpdateDataDocsAction(name="update_data_docs", site_names=[SITE_NAME])],
            result_format="SUMMARY",
        )
    )
    outcome: Any = checkpoint.run()
    if not (docs_dir / "index.html").is_file():
        context.build_data_docs(site_names=[SITE_NAME])

    per_dataset: dict[str, dict[str, Any]] = {}
    for validation in outcome.run_results.values():
        stats = validation.statistics
        per_dataset[validation.suite_name] = {
            "success": bool(validation.success),
            "evaluated_expectations": int(stats["evaluated_expectations"]),
            "successful_expectations": int(stats["successful_expectations"]),
            "unsuccessful_expectations": int(stats["unsuccessful_expectations"]),
            "failed": [
                (r.expectation_config.meta or {}).get("pandera_rule", r.expectation_config.type)
                for r in validation.results
                if not r.success
            ],
        }
    return bool(outcome.success), per_dataset
