"""Great Expectations' side of the Data Docs: the context and suites, result objects built from polars outcomes, the
site build. Importing this module imports GX (seconds); `gx_docs` imports it only when pages must be built."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import great_expectations as gx
import great_expectations.expectations as gxe
import polars as pl
from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResult
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    SiteSectionIdentifier,
    ValidationResultIdentifier,
)
from great_expectations.expectations.expectation import ColumnMapExpectation, MulticolumnMapExpectation
from great_expectations.expectations.expectation_configuration import parse_result_format
from great_expectations.util import convert_to_json_serializable
from great_expectations.validator.validation_statistics import calc_validation_statistics

from curator.report.gx_validate import Outcome, outcome

if TYPE_CHECKING:
    from curator.report.gx_docs import ExpectationSpec

# Names used inside the throw-away GX context (they show up in the Data Docs pages).
SITE_NAME = "curator"
DATASOURCE_NAME = "curator"
# What ValidationDefinition.run files a result's dataframe parameter under (GX's DATAFRAME_REPLACEMENT_STR).
_DATAFRAME_PARAMETER = "<DATAFRAME>"
_RESULT_FORMAT: Final = "SUMMARY"


class DocsSite:
    """An ephemeral GX context whose one Data Docs site is `docs_dir`, its suites, and the validations of one build.

    Building the context and the suites does not depend on the data: a run may do it before its datasets exist.
    """

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        # Every store (suites, results) is in memory, so no great_expectations.yml or gx/ folder lands in the
        # repository or in $HOME. The only Data Docs site is a local filesystem site rooted at docs_dir;
        # `init_temp_docs_sites=False` stops GX adding its default site in a temporary directory. Analytics are off
        # in the context's own config, and the entry point sets GX_ANALYTICS_ENABLED=false.
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
        self.context: Any = gx.get_context(mode="ephemeral", project_config=config)
        self.source: Any = self.context.data_sources.add_pandas(name=DATASOURCE_NAME)
        # The site builder `build_data_docs` would make on every call, kept: its Jinja environments compile each
        # template once per process instead of once per build.
        self.site: Any = self.context._init_site_builder_for_data_docs_site_creation(
            site_name=SITE_NAME, site_config=(self.context.variables.data_docs_sites or {})[SITE_NAME]
        )
        self._suites: dict[str, tuple[str, Any, Any]] = {}  # dataset -> (suite key, suite, batch definition)
        self._suite_pages: dict[str, tuple[str, str]] = {}  # dataset -> (suite key, its page's HTML)
        self._expectations: dict[tuple[str, str, str], list[Any]] = {}  # (suite, its key, batch id) -> evaluated

    def prepare(self, suites: Mapping[str, Sequence[ExpectationSpec]]) -> None:
        """Add (or replace) the GX suite of each dataset; a suite already added for the same specs is kept."""
        for dataset, specs in suites.items():
            key = _suite_key(specs)
            held = self._suites.get(dataset)
            if held is not None and held[0] == key:
                continue
            if held is not None:
                self.context.suites.delete(dataset)
            else:
                self.source.add_dataframe_asset(name=dataset).add_batch_definition_whole_dataframe(name=dataset)
            batch = self.source.get_asset(dataset).get_batch_definition(dataset)
            expectations = [
                getattr(gxe, spec.expectation_type)(**spec.kwargs, meta={"pandera_rule": spec.rule}) for spec in specs
            ]
            suite = self.context.suites.add(gx.ExpectationSuite(name=dataset, expectations=expectations))
            self._suites[dataset] = (key, suite, batch)
            self._suite_pages[dataset] = (key, self._suite_page(dataset))

    def _suite_page(self, dataset: str) -> str:
        """The HTML of a suite's page, as the site's expectations section renders it (it does not depend on data)."""
        section = self.site.site_section_builders["expectations"]
        identifier = ExpectationSuiteIdentifier(name=dataset)
        suite = gx.ExpectationSuite(**section.source_store.get(identifier))
        return str(
            section.view_class.render(
                section.renderer_class.render(suite),
                data_context_id=section.data_context_id,
                show_how_to_buttons=section.show_how_to_buttons,
            )
        )

    def build(
        self,
        frames: Mapping[str, pl.DataFrame | pl.LazyFrame],
        suites: Mapping[str, Sequence[ExpectationSpec]],
        run_name: str | None,
    ) -> tuple[bool, dict[str, dict[str, Any]]]:
        """Validate each frame against its suite (under one run id), file the results, build the site once."""
        self.prepare(suites)
        store = self.context.validation_results_store
        for key in store.list_keys():  # an earlier build's results: its pages are gone, so are they
            store.remove_key(key)
        run_id = RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.UTC))
        success = True
        per_dataset: dict[str, dict[str, Any]] = {}
        validations = []
        for dataset, frame in frames.items():
            _key, suite, batch_definition = self._suites[dataset]
            validation = self.validate(frame.lazy().collect(), suite, batch_definition, run_id)
            identifier = ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
                run_id=run_id,
                batch_identifier=validation.batch_id,
            )
            store.set(identifier, validation)
            validations.append(identifier)
            success = success and bool(validation.success)
            per_dataset[dataset] = _dataset_summary(validation)
        # The suite pages rendered ahead, then GX's own build of the validation pages, the static files and the index.
        for dataset in suites:
            page = SiteSectionIdentifier("expectations", ExpectationSuiteIdentifier(name=dataset))
            self.site.target_store.set(page, self._suite_pages[dataset][1])
        self.site.build(resource_identifiers=validations)
        return success, per_dataset

    def validate(
        self, frame: pl.DataFrame, suite: Any, batch_definition: Any, run_id: RunIdentifier
    ) -> ExpectationSuiteValidationResult:
        """The result GX's ValidationDefinition.run gives for `frame`: counted with polars where `outcome` can, else
        (for the whole suite) by GX's own validator."""
        pandas_frame = frame.to_pandas()
        batch = batch_definition.get_batch(batch_parameters={"dataframe": pandas_frame})
        expectations = self._evaluated(suite, batch.id)
        outcomes = [outcome(frame, type(e).__name__, _suite_kwargs(e)) for e in expectations]
        if any(found is None for found in outcomes):
            return self._validate_with_gx(pandas_frame, suite, batch_definition, run_id)
        results = [
            _result(expectation, found, pandas_frame)
            for expectation, found in zip(expectations, outcomes, strict=True)
            if found is not None
        ]
        statistics = calc_validation_statistics(results)
        validation = ExpectationSuiteValidationResult(
            results=results,
            success=statistics.success,
            suite_name=suite.name,
            statistics={
                "evaluated_expectations": statistics.evaluated_expectations,
                "successful_expectations": statistics.successful_expectations,
                "unsuccessful_expectations": statistics.unsuccessful_expectations,
                "success_percent": statistics.success_percent,
            },
            meta={
                "great_expectations_version": gx.__version__,
                "batch_spec": convert_to_json_serializable(batch.batch_spec),
                "batch_markers": batch.batch_markers,
                "active_batch_definition": convert_to_json_serializable(batch.batch_definition),
            },
            batch_id=batch.id,
        )
        return _as_run(validation, run_id)

    def _evaluated(self, suite: Any, batch_id: str) -> list[Any]:
        """The suite's expectations as GX's validator evaluates them: in its order, each with the batch's id in its
        kwargs (built once per suite and batch: they do not depend on the data)."""
        key = (suite.name, _suite_key_of(suite), batch_id)
        if key not in self._expectations:
            evaluated = []
            for configuration in _in_validation_order(suite.expectation_configurations):
                configuration = copy.deepcopy(configuration)
                configuration.kwargs.update({"batch_id": batch_id})
                evaluated.append(configuration.to_domain_obj())
            self._expectations[key] = evaluated
        return self._expectations[key]

    def _validate_with_gx(
        self, pandas_frame: Any, suite: Any, batch_definition: Any, run_id: RunIdentifier
    ) -> ExpectationSuiteValidationResult:
        """GX's own validation of the whole suite (its metric graph): for a suite `outcome` cannot count."""
        from great_expectations.validator.v1_validator import Validator

        validator = Validator(
            batch_definition=batch_definition,
            batch_parameters={"dataframe": pandas_frame},
            result_format=_RESULT_FORMAT,
        )
        validation = validator.validate_expectation_suite(suite)
        return _as_run(validation, run_id)


def _as_run(validation: ExpectationSuiteValidationResult, run_id: RunIdentifier) -> ExpectationSuiteValidationResult:
    """The validation with the metadata GX's `ValidationDefinition.run` adds (a new id, the run, its time)."""
    validation.meta["validation_id"] = str(uuid.uuid4())
    validation.meta["checkpoint_id"] = None
    validation.meta["run_id"] = run_id
    validation.meta["validation_time"] = run_id.run_time
    validation.meta["batch_parameters"] = {"dataframe": _DATAFRAME_PARAMETER}
    return validation


@functools.lru_cache(maxsize=2)
def docs_site(docs_dir: Path) -> DocsSite:
    """The site for `docs_dir`, built once per process (`curator serve` runs reuse it: templates compile once)."""
    return DocsSite(docs_dir)


def _suite_key(specs: Sequence[ExpectationSpec]) -> str:
    content = [[spec.expectation_type, dict(spec.kwargs), spec.rule] for spec in specs]
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _suite_kwargs(expectation: Any) -> dict[str, Any]:
    """An evaluated expectation's kwargs as its suite states them (without the batch id the validator adds)."""
    return {key: value for key, value in expectation.configuration.kwargs.items() if key != "batch_id"}


def _suite_key_of(suite: Any) -> str:
    """What a GX suite's expectations are (their ids included), for caching what is derived from them."""
    content = [[c.type, c.kwargs, c.id] for c in suite.expectation_configurations]
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _in_validation_order(configurations: list[Any]) -> list[Any]:
    """The order GX's validator evaluates and lists a suite in: grouped by column, in order of first appearance,
    the expectations of no single column as one group where the first of them appears."""
    groups: dict[str, list[Any]] = {}
    for configuration in configurations:
        column = configuration.kwargs.get("column")
        groups.setdefault(column if isinstance(column, str) else "\0", []).append(configuration)
    return [configuration for group in groups.values() for configuration in group]


def _result(expectation: Any, found: Outcome, pandas_frame: Any) -> Any:
    """The ExpectationValidationResult GX's validator gives, from GX's own result code fed polars' counts."""
    metrics: dict[str, Any] = {"table.row_count": found.row_count, "table.columns": list(found.columns)}
    rows = list(found.unexpected_rows)
    if isinstance(expectation, ColumnMapExpectation):
        name = expectation.map_metric
        metrics["column_values.nonnull.unexpected_count"] = found.missing_count
        metrics[f"{name}.unexpected_count"] = found.unexpected_count
        # The values themselves from the pandas copy GX validates, so they have its types (NaN, Timestamp, ...).
        metrics[f"{name}.unexpected_values"] = list(pandas_frame[expectation.column].iloc[rows])
        metrics[f"{name}.unexpected_index_list"] = rows
    elif isinstance(expectation, MulticolumnMapExpectation):
        name = expectation.map_metric
        metrics[f"{name}.filtered_row_count"] = found.considered_count
        metrics[f"{name}.unexpected_count"] = found.unexpected_count
        metrics[f"{name}.unexpected_values"] = pandas_frame[list(expectation.column_list)].iloc[rows].to_dict("records")
        metrics[f"{name}.unexpected_index_list"] = rows
    raw = expectation._validate(
        metrics=metrics, runtime_configuration={"result_format": parse_result_format(_RESULT_FORMAT)}
    )
    return expectation._build_evr(raw_response=raw)


def _dataset_summary(validation: ExpectationSuiteValidationResult) -> dict[str, Any]:
    stats = validation.statistics
    return {
        "success": bool(validation.success),
        "evaluated_expectations": int(stats["evaluated_expectations"]),
        "successful_expectations": int(stats["successful_expectations"]),
        "unsuccessful_expectations": int(stats["unsuccessful_expectations"]),
        "failed": [_rule(r.expectation_config) for r in validation.results if not r.success],
    }


def _rule(configuration: Any) -> str:
    """The Pandera rule an expectation came from (its type when it carries none)."""
    return str((configuration.meta or {}).get("pandera_rule", configuration.type))


def build_site(
    docs_dir: Path,
    frames: Mapping[str, pl.DataFrame | pl.LazyFrame],
    suites: Mapping[str, Sequence[ExpectationSpec]],
    run_name: str | None,
) -> tuple[bool, dict[str, dict[str, Any]]]:
    """Validate `frames` and build `docs_dir`'s site with this process's (possibly warmed) context."""
    return docs_site(docs_dir).build(frames, suites, run_name)
