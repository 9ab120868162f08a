"""Great Expectations Data Docs for curated polars frames, with suites generated from the Pandera models."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from curator.report import gx_assets
from curator.storage.files import (
    is_file,
    make_dir,
    read_text,
    read_texts,
    remove_paths,
    replace_copies,
    write_text_atomic,
    write_texts,
)
from curator.storage.layout import current_version_dir, gx_docs_dir
from curator.storage.versions import read_summary

if TYPE_CHECKING:  # pandera is imported where a model is translated: `data_docs_current` is read before it loads
    import pandera.polars as pa

# `untranslated` reports a check that belongs to no single column under this column name.
DATAFRAME = "<dataframe>"
# Usage events: GX 1.24 ships no analytics client at all; earlier 1.x releases read GX_ANALYTICS_ENABLED (set off
# by the entry point, flows/cli.py) and the context's `analytics_enabled` (set off below), so none phones home.
# Beside index.html: the fingerprint of the build the folder holds, and that build's result.
STAMP_NAME = ".curator-build.json"
# Bumped when what a build writes changes for the same inputs, so older stamps stop matching.
_BUILD_FORMAT = 1

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
    """Outcome of validating every dataset once, and where its Data Docs are."""

    success: bool  # GX's verdict: every expectation of every dataset passed (severity="warning" ones too)
    docs_index: Path  # docs_dir/index.html
    # dataset -> {"success", "evaluated_expectations", "successful_expectations",
    #             "unsuccessful_expectations", "failed": [rule, ...]}
    per_dataset: dict[str, dict[str, Any]]
    untranslated: list[tuple[str, str, str]]  # (dataset, column or DATAFRAME, check name)
    # CDN URLs the pages still load because their npm copy is not installed (`make install` fills node_modules/);
    # empty when the pages open offline.
    network_assets: tuple[str, ...] = ()
    reused: bool = False  # True when the folder already held the build for this fingerprint and nothing ran

    @property
    def offline(self) -> bool:
        """Every script, stylesheet and font of the pages is a local file beside them."""
        return not self.network_assets


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
    frames: Mapping[str, pl.DataFrame | pl.LazyFrame],
    models: Mapping[str, type[pa.DataFrameModel]],
    docs_dir: Path,
    *,
    fingerprint: str | None = None,
    node_modules: Path | None = None,
    run_name: str | None = None,
) -> GxResult:
    """Validate each frame once against the suite generated from its model, writing Data Docs under `docs_dir`.

    `docs_dir/index.html` links every suite and validation; pages of earlier builds are removed. The pages load
    their scripts, stylesheets and fonts from copies under `docs_dir/static/vendor/`, taken from `node_modules`
    (default: the checkout's, filled by `make install`); an asset not installed there stays a CDN URL and is named
    in `network_assets`. With a `fingerprint` (e.g. the datasets' content hashes), a stamp beside the index records
    the build, and a later call with the same fingerprint, suites, GX version and installed assets returns that
    build's result (`reused=True`) without importing GX. The validations are filed under `run_name` (the curation
    run's id). Nothing is written outside `docs_dir`. Raises ValueError when `frames` is empty or a frame has no
    model.
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
        absent = translation.optional_columns - set(frame.collect_schema().names())
        suites[dataset] = [kept for spec in translation.expectations if (kept := _drop_absent(spec, absent))]
        untranslated += [(dataset, column, name) for column, name in translation.untranslated]

    docs_dir = Path(docs_dir).absolute()  # where GX writes the pages: pure path arithmetic
    node_modules = gx_assets.DEFAULT_NODE_MODULES if node_modules is None else Path(node_modules)
    assets = gx_assets.installed_assets(node_modules)
    stamp = docs_dir / STAMP_NAME
    key = None if fingerprint is None else _build_key(fingerprint, suites, assets)
    if key is not None and (previous := _read_stamp(stamp, key, docs_dir)) is not None:
        return previous

    make_dir(docs_dir)
    # The folder is about to change: no stamp may vouch for it meanwhile; nor may pages of an earlier build linger.
    remove_paths(docs_dir, (STAMP_NAME, "index.html", "expectations", "validations"))
    # Analytics are off in the context's own config, and the entry point sets GX_ANALYTICS_ENABLED=false.
    success, per_dataset = _validate_and_render(docs_dir, frames, suites, run_name)
    replace_copies(docs_dir / gx_assets.VENDOR_DIR, gx_assets.asset_copies(assets, node_modules))
    available = {asset.url for asset in assets}
    write_texts(gx_assets.localized_pages(docs_dir, available, read_texts(docs_dir, "*.html")))
    result = GxResult(
        success=success,
        docs_index=docs_dir / "index.html",
        per_dataset=per_dataset,
        untranslated=untranslated,
        network_assets=tuple(asset.url for asset in gx_assets.ASSETS if asset.url not in available),
    )
    if key is not None and fingerprint is not None:
        _write_stamp(stamp, key, result, fingerprint)
    return result


def data_docs_current(out_dir: Path) -> bool:
    """True when `out_dir`'s Data Docs were built whole for the fingerprint of its published version.

    A hint only, read without importing GX or the contracts: a run uses it to skip loading Great Expectations early
    when a rerun will likely reuse the pages. Whether a build is reused is decided by `build_gx_data_docs` alone
    (fingerprint, suites, GX version and assets), so a wrong hint costs time, never correctness.
    """
    docs_dir = gx_docs_dir(out_dir)
    summary = read_summary(current_version_dir(out_dir)) or {}
    try:
        recorded = json.loads(read_text(docs_dir / STAMP_NAME) or "null")
        built_for = recorded.get("fingerprint")
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(built_for, str) and built_for == summary.get("fingerprint") and is_file(docs_dir / "index.html")


# --- Skipping an unchanged build -------------------------------------------------------------


def _build_key(
    fingerprint: str, suites: Mapping[str, list[ExpectationSpec]], assets: list[gx_assets.VendorAsset]
) -> str:
    """What a build's pages depend on besides the data: the caller's fingerprint, the suites, GX, the assets."""
    try:
        gx_version = metadata.version("great_expectations")
    except metadata.PackageNotFoundError:
        gx_version = "unknown"
    content = {
        "format": _BUILD_FORMAT,
        "fingerprint": fingerprint,
        "great_expectations": gx_version,
        "suites": {
            dataset: [[spec.expectation_type, dict(spec.kwargs), spec.rule] for spec in specs]
            for dataset, specs in sorted(suites.items())
        },
        "assets": sorted(asset.url for asset in assets),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _read_stamp(stamp: Path, key: str, docs_dir: Path) -> GxResult | None:
    """The result recorded in `stamp` when it was written for `key` and the index is still there, else None."""
    try:
        recorded = json.loads(read_text(stamp) or "null")
        if recorded.get("key") != key or not is_file(docs_dir / "index.html"):
            return None
        return GxResult(
            success=bool(recorded["success"]),
            docs_index=docs_dir / "index.html",
            per_dataset=dict(recorded["per_dataset"]),
            untranslated=[(str(d), str(c), str(n)) for d, c, n in recorded["untranslated"]],
            network_assets=tuple(str(url) for url in recorded["network_assets"]),
            reused=True,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_stamp(stamp: Path, key: str, result: GxResult, fingerprint: str) -> None:
    """Record `result` under `key` with the fingerprint it was built for, written whole or not at all (a half-written
    stamp never matches)."""
    recorded = {
        "key": key,
        "fingerprint": fingerprint,
        "success": result.success,
        "per_dataset": result.per_dataset,
        "untranslated": result.untranslated,
        "network_assets": list(result.network_assets),
    }
    write_text_atomic(stamp, json.dumps(recorded, indent=1))


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
        if isinstance(candidate, str) and _is_builtin_check(candidate):
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


def _is_builtin_check(name: str) -> bool:
    import pandera.polars as pa

    return bool(pa.Check.is_builtin_check(name))


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


def _validate_and_render(
    docs_dir: Path,
    frames: Mapping[str, pl.DataFrame | pl.LazyFrame],
    suites: Mapping[str, list[ExpectationSpec]],
    run_name: str | None,
) -> tuple[bool, dict[str, dict[str, Any]]]:
    """Validate every frame and build the site with GX, in this process."""
    # Imported here: importing GX takes seconds, which callers of this module's pure helpers should not pay.
    from curator.report.gx_render import build_site

    return build_site(docs_dir, frames, suites, run_name)
