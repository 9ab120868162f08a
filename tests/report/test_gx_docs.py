"""Tests for the Great Expectations Data Docs built from suites generated out of Pandera models."""

import base64
import dataclasses
import hashlib
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl
import pytest
from browser import ChromiumSession

from curator.report import gx_docs
from curator.report.gx_assets import ASSETS, DEFAULT_NODE_MODULES, installed_assets, localize_page, network_urls
from curator.report.gx_docs import DATAFRAME, GxResult, build_gx_data_docs, expectations_from_model, untranslated_checks

# Under pytest-xdist (make test): its module-scoped fixtures are built once, on one worker.
pytestmark = pytest.mark.xdist_group("gx")


class Tiny(pa.DataFrameModel):
    """A three-column contract using a set check, a range check and a regex check."""

    country: str = pa.Field(nullable=False, isin=["JP", "KR", "US"])
    positive: int = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 100})
    code: str = pa.Field(nullable=True, str_matches=r"^[A-Z]{3}$")


class TinyWithCustom(Tiny):
    """Tiny plus a dataframe-wide custom check, which has no GX counterpart."""

    @pa.dataframe_check
    @classmethod
    def code_or_positive(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("code").is_not_null() | pl.col("positive").is_not_null())


class TinyStricter(Tiny):
    """Tiny with a narrower range for positive: a different suite for the same data."""

    positive: int = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 50})


def good_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {"country": ["JP", "KR", "US"], "positive": [0, 100, None], "code": ["JPN", None, "USA"]},
        schema={"country": pl.String, "positive": pl.Int64, "code": pl.String},
    )


def test_generated_suite_has_one_expectation_per_translatable_rule() -> None:
    """Tiny translates to exist+not-null+in-set for country, exist+between for positive, exist+regex for code."""
    specs = expectations_from_model(Tiny)
    assert [(spec.expectation_type, spec.column) for spec in specs] == [
        ("ExpectColumnToExist", "country"),
        ("ExpectColumnValuesToNotBeNull", "country"),
        ("ExpectColumnValuesToBeInSet", "country"),
        ("ExpectColumnToExist", "positive"),
        ("ExpectColumnValuesToBeBetween", "positive"),
        ("ExpectColumnToExist", "code"),
        ("ExpectColumnValuesToMatchRegex", "code"),
    ]


def test_in_range_becomes_an_inclusive_between() -> None:
    """in_range(0, 100) becomes ExpectColumnValuesToBeBetween from 0 to 100 with both ends allowed."""
    [between] = [s for s in expectations_from_model(Tiny) if s.expectation_type == "ExpectColumnValuesToBeBetween"]
    assert dict(between.kwargs) == {
        "column": "positive",
        "min_value": 0,
        "max_value": 100,
        "strict_min": False,
        "strict_max": False,
    }


def test_model_without_custom_checks_has_nothing_untranslated() -> None:
    """Every check of Tiny has a GX counterpart."""
    assert untranslated_checks(Tiny) == []


def test_module_import_does_not_import_great_expectations() -> None:
    """Importing curator.report.gx_docs leaves great_expectations unimported."""
    code = "import sys, curator.report.gx_docs; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.gx
def test_conforming_frame_succeeds_and_writes_an_index_naming_the_suite(tmp_path: Path) -> None:
    """A frame that satisfies Tiny validates successfully and docs_dir/index.html links the suite named after it."""
    result = build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, tmp_path / "docs")
    assert (result.success, result.docs_index) == (True, tmp_path / "docs" / "index.html")
    assert 'href="expectations/tiny.html"' in result.docs_index.read_text(encoding="utf-8")


@pytest.mark.gx
def test_validation_pages_are_filed_under_the_curation_run_id(tmp_path: Path) -> None:
    """The Data Docs name the run they validate (its run_id), not GX's `__none__`."""
    run = "20260101T000000Z-abc123"
    build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, tmp_path / "docs", run_name=run)
    pages = sorted((tmp_path / "docs" / "validations" / "tiny").rglob("*.html"))
    assert [page.relative_to(tmp_path / "docs" / "validations" / "tiny").parts[0] for page in pages] == [run]
    assert "__none__" not in (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")


@pytest.mark.gx
def test_each_violated_rule_counts_as_one_unsuccessful_expectation(tmp_path: Path) -> None:
    """One value out of range and one outside the set fail the run with exactly two unsuccessful expectations."""
    bad = good_frame().with_columns(
        pl.Series("positive", [101, 5, None], dtype=pl.Int64), pl.Series("country", ["JP", "XX", "US"])
    )
    result = build_gx_data_docs({"tiny": bad}, {"tiny": Tiny}, tmp_path / "docs")
    assert (result.success, result.per_dataset["tiny"]["unsuccessful_expectations"]) == (False, 2)


@pytest.mark.gx
def test_custom_dataframe_check_is_listed_as_untranslated(tmp_path: Path) -> None:
    """A @pa.dataframe_check is reported in `untranslated` under the dataset and the dataframe pseudo-column."""
    result = build_gx_data_docs({"tiny": good_frame()}, {"tiny": TinyWithCustom}, tmp_path / "docs")
    assert result.untranslated == [("tiny", DATAFRAME, "code_or_positive")]


@pytest.mark.gx
def test_building_the_docs_opens_no_network_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build_gx_data_docs never connects a socket."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, tmp_path / "docs")
    assert attempts == []


# --- Data Docs that open offline ------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
GX_TEMPLATES = Path(importlib.util.find_spec("great_expectations").submodule_search_locations[0]) / "render" / "view"
NO_NETWORK_ASSETS_REASON = "node_modules/ holds no Data Docs assets: run `make install`"
FRAGMENT = """<head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<script src="https://cdn.jsdelivr.net/npm/vega-lite@5"></script>
<script src="https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js" integrity="sha384-ApNbgh9B+Y1QKtv3Rn7W3mgPxhU9K/ScQsAP7hUibX39j7fakFPskvXusvfa0b4Q" crossorigin="anonymous"></script>
<link rel="shortcut icon" href="../../../static/images/favicon.ico" type="image/x-icon"/>
<style>.navbar-brand a { background: url('https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/full_logo_dark.png') 0 0 }</style>
</head><body><img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=20261122T010203.000001Z"/>
<a href="https://greatexpectations.io">Great Expectations</a></body>"""  # noqa: E501


def _asset_urls_in_gx_templates() -> set[str]:
    """Every http(s) URL the installed GX's page templates and default stylesheet load (links excluded)."""
    files = [
        *(GX_TEMPLATES / "templates").glob("*.j2"),
        GX_TEMPLATES / "static" / "styles" / "data_docs_default_styles.css",
    ]
    urls = {url for path in files for url in network_urls(path.read_text(encoding="utf-8"))}
    # The navbar's logo is `static_images_dir + "logo-long.png"`, with static_images_dir set to GX's bucket.
    bucket = re.search(
        r'static_images_dir = "(https://[^"]+)"', (GX_TEMPLATES / "templates" / "top_navbar.j2").read_text()
    )
    assert bucket is not None
    return urls | {bucket.group(1) + "logo-long.png"}


def test_every_cdn_asset_of_the_installed_gx_templates_has_a_local_copy_or_a_local_stand_in() -> None:
    """The URLs GX's templates load are exactly the npm-backed assets plus GX's two logos from its own bucket."""
    urls = _asset_urls_in_gx_templates()
    logos = {url for url in urls if "great-expectations-web-assets" in url}
    assert urls - logos == {asset.url for asset in ASSETS}
    assert {url.rsplit("/", 1)[1] for url in logos} == {"logo-long.png", "full_logo_dark.png"}


def test_package_json_and_its_lock_pin_exactly_the_versions_the_pages_reference() -> None:
    """package.json and package-lock.json pin each asset's package at the version in gx_assets.ASSETS."""
    manifest = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    pinned = {asset.package: asset.version for asset in ASSETS}
    declared = {name: spec.rsplit("@", 1)[-1] for name, spec in manifest["dependencies"].items()}
    assert declared == pinned
    assert {name: lock["packages"][f"node_modules/{name}"]["version"] for name in pinned} == pinned


def test_localize_page_points_available_assets_at_relative_copies_and_leaves_the_rest() -> None:
    """Installed assets become paths under the root (SRI dropped); a missing one stays a CDN URL; links stay."""
    available = {asset.url for asset in ASSETS if asset.package != "vega-lite"}
    page = localize_page(FRAGMENT, "../../../../", available)
    assert '<link rel="stylesheet" href="../../../../static/vendor/bootstrap/dist/css/bootstrap.min.css"/>' in page
    assert '<script src="../../../../static/vendor/vega/build/vega.min.js"></script>' in page
    assert '<script src="https://cdn.jsdelivr.net/npm/vega-lite@5"></script>' in page
    assert '<script src="../../../../static/vendor/popper.js/dist/umd/popper.min.js"></script>' in page
    assert 'href="../../../../static/images/favicon.ico"' in page
    assert "url('../../../../static/images/logo-long.png')" in page
    assert '<img src="../../../../static/images/logo-long.png"/>' in page
    assert '<a href="https://greatexpectations.io">' in page
    assert network_urls(page) == ["https://cdn.jsdelivr.net/npm/vega-lite@5"]


def test_localize_page_on_the_index_uses_paths_from_the_docs_root() -> None:
    """On index.html (root "") every installed asset becomes `static/vendor/...` and nothing loads from a network."""
    page = localize_page(FRAGMENT, "", {asset.url for asset in ASSETS})
    assert '<script src="static/vendor/vega-lite/build/vega-lite.min.js"></script>' in page
    assert 'href="static/images/favicon.ico"' in page
    assert network_urls(page) == []


@pytest.mark.skipif(not installed_assets(DEFAULT_NODE_MODULES), reason=NO_NETWORK_ASSETS_REASON)
def test_installed_assets_are_the_files_gx_pins_by_integrity_hash() -> None:
    """Every asset is installed, and popper.js and bootstrap.js match the sha384 hashes GX's <script> tags state."""
    assert installed_assets(DEFAULT_NODE_MODULES) == list(ASSETS)
    for asset in ASSETS:
        if asset.integrity is not None:
            data = (DEFAULT_NODE_MODULES / asset.package / asset.path).read_bytes()
            digest = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
            assert digest == asset.integrity


@pytest.fixture(scope="module")
def offline_docs(tmp_path_factory: pytest.TempPathFactory) -> GxResult:
    """Data Docs of one frame with a value out of range, built with the checkout's node_modules/."""
    if not installed_assets(DEFAULT_NODE_MODULES):
        pytest.skip(NO_NETWORK_ASSETS_REASON)
    bad = good_frame().with_columns(pl.Series("positive", [101, 5, None], dtype=pl.Int64))
    return build_gx_data_docs({"tiny": bad}, {"tiny": Tiny}, tmp_path_factory.mktemp("offline") / "docs")


@pytest.fixture(scope="module")
def online_docs(tmp_path_factory: pytest.TempPathFactory) -> GxResult:
    """Data Docs of one frame built where no asset is installed (an empty node_modules/)."""
    base = tmp_path_factory.mktemp("online")
    (base / "node_modules").mkdir()
    return build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, base / "docs", node_modules=base / "node_modules")


def _pages(result: GxResult) -> list[Path]:
    return sorted(result.docs_index.parent.rglob("*.html"))


@pytest.mark.gx
def test_built_pages_load_nothing_from_the_network(offline_docs: GxResult) -> None:
    """With the assets installed the result says offline, and no page of the site names a CDN asset."""
    assert (offline_docs.offline, offline_docs.network_assets) == (True, ())
    assert len(_pages(offline_docs)) == 3  # index, the suite, the validation
    assert {page.name: network_urls(page.read_text(encoding="utf-8")) for page in _pages(offline_docs)} == {
        page.name: [] for page in _pages(offline_docs)
    }
    vendor = offline_docs.docs_index.parent / "static" / "vendor"
    assert all((vendor.parent.parent / asset.local_path).is_file() for asset in ASSETS)
    assert (vendor / "@fortawesome" / "fontawesome-free" / "webfonts" / "fa-solid-900.woff2").is_file()


@pytest.mark.gx
def test_without_installed_assets_the_docs_still_build_and_say_they_need_the_network(online_docs: GxResult) -> None:
    """An empty node_modules/ gives a complete site whose pages keep GX's CDN URLs, each listed in the result."""
    assert online_docs.success
    assert not online_docs.offline
    assert online_docs.network_assets == tuple(asset.url for asset in ASSETS)
    index = online_docs.docs_index.read_text(encoding="utf-8")
    assert "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css" in index
    assert not (online_docs.docs_index.parent / "static" / "vendor").exists()


def _screenshots(tmp_path: Path) -> Path:
    return Path(os.environ.get("CURATOR_SCREENSHOT_DIR") or tmp_path) / "reports" / "screenshots"


# Evaluated in a Data Docs page: is Bootstrap's stylesheet applied, did the scripts and the icon font load, and
# how many rows does each table that is on screen show.
STYLE_AND_TABLES = """() => {
  const probe = document.createElement("div");
  probe.className = "d-none";
  document.body.appendChild(probe);
  const bootstrapCss = getComputedStyle(probe).display === "none";
  probe.remove();
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  return {
    bootstrapCss,
    bootstrapTable: !!(window.jQuery && window.jQuery.fn.bootstrapTable),
    vegaEmbed: typeof window.vegaEmbed === "function",
    iconFont: document.fonts.check('900 16px "Font Awesome 6 Free"'),
    rows: Array.from(document.querySelectorAll("table.table-bordered")).filter(visible)
      .map(t => Array.from(t.querySelectorAll("tbody tr")).filter(visible).length),
  };
}"""


@pytest.mark.gx
@pytest.mark.browser
def test_data_docs_open_styled_with_their_tables_when_only_local_files_load(
    chromium_browser: ChromiumSession, offline_docs: GxResult, tmp_path: Path
) -> None:
    """Offline, the index and the validation page load every asset from file:, apply Bootstrap and show table rows."""
    [validation] = offline_docs.docs_index.parent.glob("validations/tiny/*/*/*.html")
    for name, page in (("gx-index", offline_docs.docs_index), ("gx-validation", validation)):
        result = chromium_browser.open_html(
            page,
            _screenshots(tmp_path) / f"{name}.png",
            local_files=True,
            wait_for="table.table-bordered tbody tr",
            probe=STYLE_AND_TABLES,
        )
        assert (result.blocked, result.failed_local) == ([], [])
        assert (result.console_errors, result.page_errors, result.dialogs) == ([], [], [])
        assert {k: result.probe[k] for k in ("bootstrapCss", "bootstrapTable", "vegaEmbed", "iconFont")} == {
            "bootstrapCss": True,
            "bootstrapTable": True,
            "vegaEmbed": True,
            "iconFont": True,
        }
        assert result.probe["rows"] and all(rows > 0 for rows in result.probe["rows"])
        assert result.screenshot is not None and result.screenshot.stat().st_size > 10_000
    index = chromium_browser.open_html(offline_docs.docs_index, local_files=True, probe=STYLE_AND_TABLES)
    assert index.probe["rows"][0] == 1  # one validation: the one dataset
    assert "positive" in chromium_browser.open_html(validation, local_files=True).text


@pytest.mark.gx
@pytest.mark.browser
def test_the_offline_check_fails_for_pages_that_need_the_network(
    chromium_browser: ChromiumSession, online_docs: GxResult
) -> None:
    """Pages left on CDN URLs show blocked requests, no Bootstrap and an empty index table (the check can fail)."""
    result = chromium_browser.open_html(online_docs.docs_index, local_files=True, probe=STYLE_AND_TABLES)
    assert set(result.blocked) >= {"https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"}
    assert result.probe["bootstrapCss"] is False
    assert result.probe["rows"] == []


@pytest.mark.browser
def test_a_missing_local_asset_is_reported_as_a_failed_local_request(
    chromium_browser: ChromiumSession, tmp_path: Path
) -> None:
    """With local files allowed, a present stylesheet loads and a missing script is listed in failed_local."""
    (tmp_path / "present.css").write_text("p { color: red; }", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text('<link rel="stylesheet" href="present.css"><script src="missing.js"></script><p>x</p>')
    result = chromium_browser.open_html(page, local_files=True)
    assert result.blocked == []
    assert [failure.split(" ")[0] for failure in result.failed_local] == [(tmp_path / "missing.js").as_uri()]


# --- Skipping an unchanged build ------------------------------------------------------------------------------


@pytest.mark.gx
def test_same_fingerprint_returns_the_recorded_result_without_running_gx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second call with the same fingerprint and suites returns the first result, marked reused, and runs nothing."""
    first = build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, tmp_path / "docs", fingerprint="abc")
    monkeypatch.setattr(gx_docs, "_validate_and_render", _must_not_run)
    again = build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, tmp_path / "docs", fingerprint="abc")
    assert (first.reused, again.reused) == (False, True)
    assert dataclasses.replace(again, reused=False) == first


@pytest.mark.gx
@pytest.mark.parametrize(
    "change",
    [
        "fingerprint",  # the data changed
        "model",  # the contract changed: the suite is different
        "no fingerprint",  # a build in between without a fingerprint removed the stamp
        "index removed",  # someone deleted the docs
    ],
)
def test_a_changed_input_rebuilds(tmp_path: Path, change: str) -> None:
    """The stamp no longer matches when the fingerprint, the suites or the folder changed, and the docs are rebuilt."""
    docs = tmp_path / "docs"
    build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, docs, fingerprint="abc")
    model: type[pa.DataFrameModel] = Tiny
    fingerprint = "abc"
    if change == "fingerprint":
        fingerprint = "abd"
    elif change == "model":
        model = TinyStricter
    elif change == "no fingerprint":
        build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, docs)
    elif change == "index removed":
        (docs / "index.html").unlink()
    result = build_gx_data_docs({"tiny": good_frame()}, {"tiny": model}, docs, fingerprint=fingerprint)
    assert not result.reused
    assert result.docs_index.is_file()


@pytest.mark.gx
def test_a_reused_build_does_not_import_great_expectations(tmp_path: Path) -> None:
    """In a fresh interpreter, a call whose fingerprint matches the stamp returns without importing GX."""
    docs = tmp_path / "docs"
    build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, docs, fingerprint="abc")
    code = (
        "import sys; from pathlib import Path; import test_gx_docs as t; from curator.report import gx_docs;"
        f"r = gx_docs.build_gx_data_docs({{'tiny': t.good_frame()}}, {{'tiny': t.Tiny}}, Path({str(docs)!r}),"
        " fingerprint='abc'); print(r.reused, 'great_expectations' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},  # tests/: the helpers this module imports
    ).stdout
    assert out.split() == ["True", "False"]


@pytest.mark.gx
def test_a_rebuild_leaves_one_validation_page_per_dataset(tmp_path: Path) -> None:
    """Building twice into the same folder leaves only the second build's validation page."""
    build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, tmp_path / "docs")
    build_gx_data_docs({"tiny": good_frame()}, {"tiny": Tiny}, tmp_path / "docs")
    assert len(list((tmp_path / "docs").glob("validations/tiny/*/*/*.html"))) == 1


def _must_not_run(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("GX ran although the stamp matched")
