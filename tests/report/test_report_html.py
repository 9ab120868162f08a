"""The HTML quality report: escaping of hostile document text, completeness of what it shows, and a real browser."""

from __future__ import annotations

import copy
import html
import itertools
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser import ChromiumSession, chromium_browser  # noqa: F401  (fixture, shared with conftest)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_report import (
    DATASETS,
    HOSTILE,
    IMG,
    SCRIPT,
    STALE_REASON,
    SVG,
    first_run_report,
    reviewed_report,
    sample_report,
)

from curator.report.history import upgrade_report
from curator.report.report_html import render_report_html
from curator.report.view import ReportShapeError, report_view

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "nav", "main", "header", "footer", "section",
    "h1", "h2", "h3", "h4", "p", "span", "strong", "a", "ul", "li", "dl", "dt", "dd", "code", "pre", "time",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "details", "summary", "figure", "figcaption",
    "svg", "g", "rect", "line", "text",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "rel", "title", "role",
    "aria-label", "aria-labelledby", "scope", "colspan", "datetime", "open", "style", "viewbox",
    "preserveaspectratio", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "text-anchor", "transform",
}  # fmt: skip


# ------------------------------------------------------------------------------------------- a tiny DOM


@dataclass
class Node:
    """An element of the parsed page (as Python's html.parser sees it)."""

    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes())]

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(found) == 1, f"expected one element with id {ident!r}, found {len(found)}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root


def cell_texts(row: Node) -> list[str]:
    return [" ".join(c.text().split()) for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]


def dataset_section(root: Node, matches: Callable[[str], bool]) -> Node:
    found = [s for s in root.find_all("section", "dataset") if matches(s.attrs.get("id") or "")]
    assert len(found) == 1
    return found[0]


def all_attributes(root: Node) -> Iterator[tuple[Node, str, str | None]]:
    for node in root.iter():
        for name, value in node.attrs.items():
            yield node, name, value


def assert_structurally_safe(root: Node) -> None:
    """No script, no event handler, only the page's own tags and attributes, links only to anchors or paths."""
    tags = {n.tag for n in root.iter()} - {"#document"}
    assert not root.find_all("script")
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    for node, name, value in all_attributes(root):
        assert not name.startswith("on"), (node.tag, name, value)
        assert name in ALLOWED_ATTRIBUTES, (node.tag, name)
        if name == "style":
            assert node.tag == "svg"
            assert re.fullmatch(r"max-width:\d+px", value or "")
        if name == "href":
            assert value is not None
            assert value.startswith("#") or re.fullmatch(r"[A-Za-z0-9._~/#?=&%+-]+", value), value
            assert not value.startswith("/"), value


def n(value: int) -> str:
    return f"{value:,}"


def render(report: dict[str, Any]) -> str:
    """The page of a report dict, read through its typed view as a run does."""
    return render_report_html(report_view(report))


# ------------------------------------------------------------------------------------------- escaping


def test_hostile_document_text_is_shown_escaped_never_as_markup() -> None:
    """Script, img-onerror and attribute-breaking svg strings from documents appear only in their escaped form."""
    page = render(sample_report())
    for hostile in HOSTILE:
        assert hostile not in page
        assert html.escape(hostile, quote=True) in page
    assert "<svg onload" not in page
    assert "<img" not in page


def test_rendered_page_has_no_script_element_and_no_event_handler_attribute() -> None:
    """Parsing the page finds no <script> element and no attribute whose name starts with "on"."""
    root = parse(render(sample_report()))
    assert root.find_all("script") == []
    assert [(node.tag, name) for node, name, _ in all_attributes(root) if name.lower().startswith("on")] == []


def test_hostile_text_survives_as_the_same_text_after_parsing() -> None:
    """What a reader sees in the page text is exactly the hostile string, character for character."""
    text = parse(render(sample_report())).text()
    for hostile in HOSTILE:
        assert hostile in text


def test_hostile_keys_run_id_status_times_and_links_are_escaped_too() -> None:
    """Dataset names, columns, chart labels, run id, status, times and artifact paths are escaped like cell text."""
    report = sample_report()
    report["run_id"] = SCRIPT
    report["status"] = SVG
    report["started_at"] = IMG
    report["raw_dir"] = SVG
    report["datasets"][IMG] = report["datasets"].pop("relations")
    report["datasets"][IMG]["completeness"][SCRIPT] = 0.5
    report["datasets"][IMG]["columns"].append(SCRIPT)
    report["datasets"][IMG]["date_precision"][SVG] = {SCRIPT: 3, "day": 1}
    report["datasets"][IMG]["quarantine_reasons"][SVG] = 7
    report["charts"]["established_per_decade"][SCRIPT] = 4
    report["charts"][SVG] = {IMG: 1}
    report["diff"]["datasets"][SCRIPT] = {"added": 2, "removed": 1, "changed": 0}
    report["diff"]["checks_new"].append({"dataset": IMG, "name": SCRIPT, "column": SVG})
    report["artifacts"] = {"gx_data_docs": 'x" onmouseover="alert(1)', SCRIPT: "javascript:alert(1)"}
    page = render(report)
    for hostile in HOSTILE:
        assert hostile not in page
    assert_structurally_safe(parse(page))
    assert f"<title>Data-quality report · {html.escape(SVG)} · {html.escape(SCRIPT)}</title>" in page


def test_control_characters_and_lone_surrogates_become_visible_placeholders() -> None:
    """A NUL byte shows as ␀, a lone surrogate as U+FFFD, so the page is always valid UTF-8."""
    report = sample_report()
    report["documents"]["rejected_files"][0]["reason"] = "NUL here:\x00 and \ud800 end"
    page = render(report)
    assert "NUL here:\u2400 and \ufffd end" in page
    page.encode("utf-8")


def _with_every_string(value: Any, text: str) -> Any:
    if isinstance(value, str):
        return text
    if isinstance(value, dict):
        return {k: _with_every_string(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_every_string(v, text) for v in value]
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_text_in_every_field_yields_a_structurally_safe_page(text: str) -> None:
    """Whatever string fills every value and every dataset name, the page keeps only its own tags and attributes."""
    report = _with_every_string(sample_report(), text)
    counter = itertools.count()
    report["datasets"] = {f"{text}{next(counter)}": v for v in report["datasets"].values()}
    page = render(report)
    assert_structurally_safe(parse(page))
    assert html.escape(text, quote=True) in page


# ------------------------------------------------------------------------------------------- content


def test_summary_table_lists_every_dataset_with_rows_in_curated_and_quarantined() -> None:
    """The datasets table has one row per dataset whose first four cells are its name and three row counts."""
    report = sample_report()
    root = parse(render(report))
    rows = root.find_all("table", "summary")[0].find_all("tr")[1:]
    by_name = {cell_texts(r)[0]: cell_texts(r) for r in rows}
    assert list(by_name) == list(DATASETS)
    for name, ds in report["datasets"].items():
        assert by_name[name][1:4] == [n(ds["rows_in"]), n(ds["rows_curated"]), n(ds["rows_quarantined"])]


def test_summary_table_shows_published_or_held_back_and_failing_check_count() -> None:
    """Each dataset's summary row says published or held back and starts its failing cell with the failing count."""
    report = sample_report()
    root = parse(render(report))
    rows = {cell_texts(r)[0]: cell_texts(r) for r in root.find_all("table", "summary")[0].find_all("tr")[1:]}
    for name, ds in report["datasets"].items():
        failing = sum(1 for c in ds["checks"] if not c["passed"])
        assert rows[name][4].startswith("published" if ds["published"] else "held back")
        assert rows[name][5].split()[0] == str(failing)


def test_every_check_appears_with_its_failing_count_severity_and_kind() -> None:
    """Every check of every dataset has a row in its dataset's checks table with name, column and failing rows."""
    report = sample_report()
    root = parse(render(report))
    for index, (_, ds) in enumerate(report["datasets"].items(), 1):
        prefix = f"ds-{index}-"
        section = dataset_section(root, lambda ident: ident.startswith(prefix))  # noqa: B023
        rows = [cell_texts(r) for t in section.find_all("table", "checks") for r in t.find_all("tr")[1:]]
        rows = [r for r in rows if len(r) == 6]
        assert len(rows) == len(ds["checks"])
        for check in ds["checks"]:
            row = next(r for r in rows if r[1].startswith(check["name"]))
            assert row[2] == (check["column"] or "—")
            assert row[3] == check["severity"]
            assert row[4] == check["kind"]
            assert row[5] == n(check["failing_rows"])


def test_check_examples_quote_at_most_five_source_lines_with_file_and_line() -> None:
    """A check with seven examples shows five, each as file:line with its source text in a <pre>, and says 2 more."""
    report = sample_report()
    check = report["datasets"]["ambassadors"]["checks"][0]
    assert len(check["examples"]) == 7
    root = parse(render(report))
    section = dataset_section(root, lambda ident: ident.endswith("-ambassadors"))
    examples = section.find_all("div", "example")
    assert len(examples) == 5
    for example, source in zip(examples, check["examples"], strict=False):
        assert example.find_all("code", "loc")[0].text() == f"{source['source_file']}:{source['source_line']}"
        assert source["source_text"] in example.find_all("pre", "src")[0].text()
    assert "2 more examples not shown." in section.text()


def test_completeness_has_an_svg_bar_and_percentage_per_column() -> None:
    """Each completeness column gets an inline SVG bar; 0.9999 shows as 99.9%, never rounded up to 100%."""
    report = sample_report()
    completeness = report["datasets"]["relations"]["completeness"]
    root = parse(render(report))
    table = next(
        t
        for t in root.find_all("table", "completeness")
        if "established_earliest" in t.text() and "country_iso3" in t.text()
    )
    rows = {cell_texts(r)[0]: (r, cell_texts(r)) for r in table.find_all("tr")[1:]}
    assert list(rows) == list(completeness)
    for row, cells in rows.values():
        assert len(row.find_all("svg", "meter")) == 1
        assert cells[2].endswith("%")
    assert rows["established_earliest"][1][2] == "99.9%"
    assert rows["country"][1][2] == "98.0%"
    assert rows["source_file"][1][2] == "100.0%"


def test_recovered_values_date_precision_and_quarantine_reasons_are_listed() -> None:
    """The relations section lists recovered counts by method, a precision bar per date column and reason counts."""
    report = sample_report()
    root = parse(render(report))
    section = dataset_section(root, lambda ident: ident.endswith("-relations"))
    recovered = [cell_texts(r) for r in section.find_all("table", "recovered")[0].find_all("tr")[1:]]
    assert recovered == [["country", "note", "104"], ["positive", "derived", "25"]]
    precision = section.find_all("table", "precision")[0]
    assert len(precision.find_all("svg", "stacked")) == 1
    assert "day 60 (56.1%)" in " ".join(precision.text().split())
    reasons = [cell_texts(r) for r in section.find_all("table", "quarantine")[0].find_all("tr")[1:]]
    assert sorted(reasons) == sorted(
        [[k, str(v)] for k, v in report["datasets"]["relations"]["quarantine_reasons"].items()]
    )


def test_established_per_decade_is_an_inline_svg_bar_chart_with_one_bar_per_decade() -> None:
    """The decade chart is an <svg> with one bar per decade, in chronological order."""
    report = sample_report()
    decades = report["charts"]["established_per_decade"]
    root = parse(render(report))
    chart = root.find_all("svg", "chart")[0]
    assert len(chart.find_all("rect", "col")) == len(decades)
    labels = [g.find_all("title")[0].text().split(":")[0] for g in chart.find_all("g")]
    assert labels == sorted(decades)


def test_documents_section_lists_each_rejected_file_with_its_reason() -> None:
    """Read, parsed and rejected counts appear, and each rejected file is listed with its reason."""
    report = sample_report()
    root = parse(render(report))
    section = root.by_id("documents")
    assert "6 read · 5 parsed · 1 rejected" in " ".join(section.text().split())
    rows = [cell_texts(r) for r in section.find_all("table", "rejected")[0].find_all("tr")[1:]]
    assert rows == [[f["source_file"], f["reason"]] for f in report["documents"]["rejected_files"]]


def test_unrecognized_tables_show_file_line_header_and_row_count() -> None:
    """Each unrecognized table is a row with file:line, its header cells and its row count."""
    report = sample_report()
    root = parse(render(report))
    rows = root.by_id("unrecognized").find_all("table", "unrecognized")[0].find_all("tr")[1:]
    assert len(rows) == len(report["unrecognized_tables"])
    for row, table in zip(rows, report["unrecognized_tables"], strict=True):
        cells = cell_texts(row)
        assert cells[0] == f"{table['source_file']}:{table['source_line']}"
        assert [c.text() for c in row.find_all("code", "chip")] == table["header"]
        assert cells[2] == str(table["rows"])


def test_findings_are_grouped_by_dataset_and_collapsed_when_many() -> None:
    """Findings are one <details> per dataset, open when few, closed with a most-frequent-messages table when many."""
    report = sample_report()
    few = parse(render(report)).by_id("findings").find_all("details", "group")
    assert len(few) == 2
    assert all("open" in d.attrs for d in few)
    report["findings"] = [
        {"dataset": "relations", "source_file": "a.txt", "source_line": i, "severity": "warning", "message": "no date"}
        for i in range(60)
    ]
    many = parse(render(report)).by_id("findings").find_all("details", "group")
    assert len(many) == 1
    assert "open" not in many[0].attrs
    assert cell_texts(many[0].find_all("table", "topmsg")[0].find_all("tr")[1]) == ["no date", "60"]


def test_first_run_report_without_diff_renders_and_says_first_run() -> None:
    """With diff null the changes section says it is the first run and shows no comparison table."""
    root = parse(render(first_run_report()))
    changes = root.by_id("changes")
    assert "First run" in changes.text()
    assert changes.find_all("table") == []
    assert root.find_all("span", "badge")[0].classes() == {"badge", "passed"}


def test_report_with_diff_shows_row_changes_and_new_and_resolved_checks() -> None:
    """With a diff the changes section has added/removed/changed per dataset and lists new and resolved checks."""
    report = sample_report()
    changes = parse(render(report)).by_id("changes")
    rows = {cell_texts(r)[0]: cell_texts(r)[1:] for r in changes.find_all("table", "diff")[0].find_all("tr")[1:]}
    assert rows == {"relations": ["+1", "0", "~2"], "ambassadors": ["0", "−3", "0"], "missions": ["0", "0", "0"]}
    items = [" ".join(li.text().split()) for li in changes.find_all("li")]
    assert items == ["ambassadors › name_not_null on name", "relations › established_in_range on established_earliest"]
    assert report["diff"]["previous_run_id"] in changes.text()


@pytest.mark.parametrize(("status", "css"), [("passed", "passed"), ("warned", "warned"), ("failed", "failed")])
def test_status_badge_class_follows_the_run_status(status: str, css: str) -> None:
    """The first badge on the page carries the status as its colour class (green, amber or red in the stylesheet)."""
    report = sample_report()
    report["status"] = status
    badge = parse(render(report)).find_all("span", "badge")[0]
    assert badge.classes() == {"badge", css}
    assert status in badge.text()


@pytest.mark.parametrize(
    ("link", "linked"),
    [
        ("../gx/index.html", True),
        ("gx/index.html#top", True),
        ("javascript:alert(1)", False),
        ("//evil.example/x", False),
        ("/etc/passwd", False),
        ("java\tscript:alert(1)", False),
        ('a" onclick="alert(1)', False),
    ],
)
def test_artifact_link_is_an_href_only_for_a_plain_relative_path(link: str, linked: bool) -> None:
    """gx_data_docs becomes a link only when it is a relative path without scheme, host or odd characters."""
    report = sample_report()
    report["artifacts"] = {"gx_data_docs": link}
    root = parse(render(report))
    hrefs = [a.attrs["href"] for a in root.by_id("artifacts").find_all("a")]
    assert hrefs == ([link] if linked else [])
    assert link in root.by_id("artifacts").text()


def test_page_is_self_contained_with_a_strict_content_security_policy() -> None:
    """The page loads nothing: CSP meta with default-src 'none', no src attributes, no URLs in the stylesheet."""
    page = render(sample_report())
    root = parse(page)
    csp = [m.attrs["content"] for m in root.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    assert (csp[0] or "").startswith(CSP)
    assert not [name for _, name, _ in all_attributes(root) if name == "src"]
    style = root.find_all("style")[0].text()
    assert "url(" not in style
    assert "@import" not in style
    assert "http" not in style


def _drop(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def drop(report: dict[str, Any]) -> None:
        parent: Any = report
        for key in path[:-1]:
            parent = parent[key]
        del parent[path[-1]]

    return drop


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def set_value(report: dict[str, Any]) -> None:
        parent: Any = report
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value

    return set_value


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (_drop(("run_id",)), "the report has no key 'run_id'"),
        (_drop(("datasets", "relations", "rows_in")), "the report.datasets.relations has no key 'rows_in'"),
        (
            _drop(("datasets", "missions", "checks", 0, "failing_rows")),
            "the report.datasets.missions.checks[0] has no key 'failing_rows'",
        ),
        (_set(("findings", 2, "source_line"), "12"), "the report.findings[2].source_line should be a whole number"),
        (_set(("documents", "rejected"), True), "the report.documents.rejected should be a whole number"),
        (_set(("consistency_summary",), {"conflict": 1}), "the report.consistency_summary has no key 'compatible'"),
    ],
)
def test_a_report_missing_a_key_or_with_a_wrong_type_is_refused_naming_the_key(
    change: Callable[[dict[str, Any]], None], named: str
) -> None:
    """Our own report with a key missing or of the wrong type is a bug: reading it raises, naming the key's path."""
    report = sample_report()
    change(report)
    with pytest.raises(ReportShapeError) as raised:
        report_view(report)
    assert named in str(raised.value)


def test_an_older_report_upgraded_renders_without_the_parts_it_did_not_record() -> None:
    """A report from before the focal country and the comparison, once upgraded, renders for Japan with no
    Consistency section, and the page stays structurally safe."""
    report = sample_report()
    del report["focal_country"], report["consistency"], report["consistency_summary"]
    with pytest.raises(ReportShapeError):
        report_view(report)
    page = render(upgrade_report(report))
    root = parse(page)
    assert "Japan’s diplomatic relations" in page
    assert "consistency" not in {node.attrs.get("id") for node in root.iter()}
    assert_structurally_safe(root)


def test_rendering_is_pure_it_neither_changes_the_report_nor_depends_on_anything_else() -> None:
    """Rendering twice gives the same page and leaves the report dict unchanged."""
    report = sample_report()
    before = copy.deepcopy(report)
    assert render(report) == render(report)
    assert report == before


def test_navigation_links_point_at_existing_anchors() -> None:
    """Every in-page link of the table of contents and the attention list targets an id present on the page."""
    root = parse(render(sample_report()))
    ids = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
    fragments = [a.attrs["href"] or "" for a in root.find_all("a") if (a.attrs.get("href") or "").startswith("#")]
    assert len(fragments) > len(DATASETS)
    assert {f[1:] for f in fragments} <= ids


# ------------------------------------------------------------------------------------------- browser


def _screenshot_dir(tmp_path: Path) -> Path:
    return Path(os.environ.get("CURATOR_SCREENSHOT_DIR") or tmp_path)


@pytest.mark.browser
def test_report_opens_in_chromium_without_errors_requests_or_dialogs(
    chromium_browser: ChromiumSession,  # noqa: F811
    tmp_path: Path,
) -> None:
    """In headless Chromium the page logs no error, requests nothing but itself, and shows hostile text as text."""
    page_file = tmp_path / "report.html"
    page_file.write_text(render(sample_report()), encoding="utf-8")
    screenshot = _screenshot_dir(tmp_path) / "reports" / "screenshots" / "report.png"
    result = chromium_browser.open_html(page_file, screenshot)
    assert result.console_errors == []
    assert result.page_errors == []
    assert result.requests == []
    assert result.dialogs == []
    assert result.script_elements == 0
    assert result.event_handler_attributes == []
    for hostile in HOSTILE:
        assert hostile in result.text
    assert screenshot.stat().st_size > 10_000
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
def test_report_fits_a_phone_screen_without_horizontal_scrolling(
    chromium_browser: ChromiumSession,  # noqa: F811
    tmp_path: Path,
) -> None:
    """At 390 px wide the page itself does not scroll sideways (wide tables scroll inside their own box)."""
    page_file = tmp_path / "report.html"
    page_file.write_text(render(sample_report()), encoding="utf-8")
    screenshot = _screenshot_dir(tmp_path) / "reports" / "screenshots" / "report-phone.png"
    result = chromium_browser.open_html(page_file, screenshot, width=390, height=844)
    assert result.console_errors == []
    assert not result.horizontal_overflow


@pytest.mark.browser
def test_browser_check_catches_console_errors_outside_requests_and_dialogs(
    chromium_browser: ChromiumSession,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A page that alerts, logs an error and loads an image is reported on all three counts (the check can fail)."""
    page_file = tmp_path / "bad.html"
    page_file.write_text(
        "<!DOCTYPE html><html><body><p>bad</p><img src='http://127.0.0.1:9/pixel.png'>"
        "<script>console.error('boom'); alert(1);</script></body></html>",
        encoding="utf-8",
    )
    result = chromium_browser.open_html(page_file)
    assert "boom" in result.console_errors
    assert "http://127.0.0.1:9/pixel.png" in result.requests
    assert result.dialogs == ["alert: 1"]
    assert result.script_elements == 1


# ------------------------------------------------------------------------------------------- consistency


def _tiles(section: Node) -> dict[str, str]:
    return {
        t.find_all("div", "tl")[0].text(): t.find_all("div", "tv")[0].text() for t in section.find_all("div", "tile")
    }


def _attention(root: Node) -> list[Node]:
    return [li for li in root.find_all("ul", "attention")[0].children if isinstance(li, Node)]


def test_consistency_section_counts_facts_compared_and_each_verdict() -> None:
    """The Consistency section shows the summary's counts: compared, conflicts, compatible, agree."""
    report = sample_report()
    summary = report["consistency_summary"]
    tiles = _tiles(parse(render(report)).by_id("consistency"))
    assert tiles == {
        "Facts compared": str(summary["compared"]),
        "Conflicts": str(summary["conflict"]),
        "Compatible": str(summary["compatible"]),
        "Agree": str(summary["agree"]),
    }


def test_a_conflict_quotes_both_sources_with_file_line_value_and_source_line_as_a_warning() -> None:
    """Each side of a conflict names its file:line, shows its value and quotes its source line; it is a warning."""
    report = sample_report()
    conflict = next(c for c in report["consistency"] if c["verdict"] == "conflict")
    (block,) = parse(render(report)).by_id("consistency").find_all("div", "comparison")
    assert block.find_all("span", "sev")[0].classes() == {"sev", "warning"}
    assert conflict["explanation"] in block.text()
    sides = block.find_all("div", "side")
    assert len(sides) == len(conflict["values"]) == 2
    for side, value in zip(sides, conflict["values"], strict=True):
        assert side.find_all("code", "loc")[0].text() == f"{value['source_file']}:{value['source_line']}"
        assert side.find_all("code", "val")[0].text() == value["text"]
        assert value["source_text"] in side.find_all("pre", "src")[0].text()


def test_agreements_and_compatibles_are_counted_and_listed_in_closed_details() -> None:
    """Compatible and agreeing facts sit in closed <details> whose summaries count them, never among conflicts."""
    section = parse(render(sample_report())).by_id("consistency")
    groups = section.find_all("details")
    assert [" ".join(d.find_all("summary")[0].text().split()) for d in groups] == ["1 compatible", "2 agree"]
    assert all("open" not in d.attrs for d in groups)
    assert [cell_texts(r)[0] for d in groups for r in d.find_all("tr")[1:]] == [
        "Kosovo",
        "Georgia (GEO)",
        "United States (USA)",
    ]
    assert len(section.find_all("div", "comparison")) == 1


def test_a_conflict_needs_attention_and_links_to_its_comparison() -> None:
    """ "Needs attention" lists the conflict as subject › field, linking to the conflict's block."""
    root = parse(render(sample_report()))
    (item,) = [li for li in _attention(root) if li.find_all("span", "sev")[0].text() == "conflict"]
    assert "Georgia › relations_began" in item.text()
    assert root.by_id((item.find_all("a")[0].attrs["href"] or "")[1:]).classes() == {"comparison"}


def test_a_report_without_the_review_keys_has_no_review_sections_columns_or_commands() -> None:
    """Without consistency, decisions, rows_excluded and commands, none of the parts they add is on the page."""
    report = sample_report()
    del report["consistency"], report["consistency_summary"]
    report = upgrade_report(report)  # a report from before the comparison
    for ds in report["datasets"].values():
        for check in ds["checks"]:
            check.pop("accept_command", None)
            for example in check["examples"]:
                example.pop("commands", None)
    root = parse(render(report))
    ids = {node.attrs.get("id") for node in root.iter()}
    assert "consistency" not in ids
    assert "decisions" not in ids
    assert root.find_all("code", "cmd") == []
    assert "Excluded" not in cell_texts(root.find_all("table", "summary")[0].find_all("tr")[0])
    assert [a.text() for a in root.find_all("nav")[0].find_all("a") if "Consistency" in a.text()] == []


# ------------------------------------------------------------------------------------------- decisions


def test_decisions_section_counts_applied_accepted_excluded_and_stale() -> None:
    """The Decisions section names the decisions file and shows the four counts of the report."""
    report = reviewed_report()
    section = parse(render(report)).by_id("decisions")
    decisions = report["decisions"]
    assert _tiles(section) == {k.capitalize(): str(decisions[k]) for k in ("applied", "accepted", "excluded", "stale")}
    assert decisions["file"] in section.text()


def test_decisions_are_grouped_by_status_stale_first_open_and_highlighted() -> None:
    """Groups come stale, applied, accepted, excluded; the stale group is open and the only highlighted one."""
    section = parse(render(reviewed_report())).by_id("decisions")
    groups = section.find_all("details")
    assert [g.find_all("summary")[0].text().split()[0] for g in groups] == ["Stale", "Applied", "Accepted", "Excluded"]
    assert [cell_texts(r)[0].split()[0] for g in groups for r in g.find_all("tr")[1:]] == [
        "D0004",
        "D0001",
        "D0002",
        "D0003",
    ]
    assert "stale" in groups[0].classes()
    assert "open" in groups[0].attrs
    assert not any("stale" in g.classes() for g in groups[1:])


def test_each_decision_shows_its_action_target_value_reason_author_and_outcome() -> None:
    """A decision's row has its id and action, dataset and target (column = value or check), reason, by, outcome."""
    report = reviewed_report()
    section = parse(render(report)).by_id("decisions")
    rows = {cell_texts(r)[0].split()[0]: r for r in section.find_all("tr") if r.attrs.get("id")}
    for decision in report["decisions"]["list"]:
        cells = [c.text() for c in rows[decision["id"]].children if isinstance(c, Node)]
        assert cells[0].split() == [decision["id"], decision["action"]]
        assert cells[1].startswith(decision["dataset"])
        for key in ("target", "column", "value", "check"):
            assert decision[key] is None or decision[key] in cells[1]
        assert cells[2].startswith(decision["reason"])
        assert f"by {decision['by']}" in cells[2]
        assert cells[3] == decision["detail"]


def test_a_stale_decision_needs_attention_and_links_to_its_row() -> None:
    """ "Needs attention" lists each stale decision by id with why it is stale, linking to its row."""
    report = reviewed_report()
    root = parse(render(report))
    (item,) = [li for li in _attention(root) if li.find_all("span", "sev")[0].text() == "stale decision"]
    link = item.find_all("a")[0]
    assert link.text() == "D0004"
    assert report["decisions"]["list"][3]["detail"] in item.text()
    assert root.by_id((link.attrs["href"] or "")[1:]).tag == "tr"


def test_hostile_decision_reason_is_escaped_text_and_the_page_stays_structurally_safe() -> None:
    """A reason quoting <script> is in the page only escaped, reads back as the same text, and adds no markup."""
    page = render(reviewed_report())
    assert STALE_REASON not in page
    assert html.escape(STALE_REASON, quote=True) in page
    root = parse(page)
    assert STALE_REASON in root.by_id("decisions").text()
    assert_structurally_safe(root)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_text_in_every_field_of_a_reviewed_report_yields_a_structurally_safe_page(text: str) -> None:
    """Whatever string fills every value of a report with decisions, verdicts and commands, the page stays safe."""
    page = render(_with_every_string(reviewed_report(), text))
    assert_structurally_safe(parse(page))
    assert html.escape(text, quote=True) in page


def test_excluded_rows_have_their_own_column_and_count_in_the_accounting() -> None:
    """With rows_excluded the summary gains an Excluded column after Quarantined, the dataset line counts them,
    and rows in = curated + quarantined + excluded is not flagged."""
    report = reviewed_report()
    root = parse(render(report))
    table = root.find_all("table", "summary")[0]
    assert cell_texts(table.find_all("tr")[0])[:5] == ["Dataset", "Rows in", "Curated", "Quarantined", "Excluded"]
    rows = {cell_texts(r)[0]: cell_texts(r) for r in table.find_all("tr")[1:]}
    for name, ds in report["datasets"].items():
        assert rows[name][1:5] == [n(ds[k]) for k in ("rows_in", "rows_curated", "rows_quarantined", "rows_excluded")]
    section = dataset_section(root, lambda ident: ident.endswith("-relations"))
    assert "0 quarantined (0.0%), 1 excluded (0.9%)" in " ".join(section.find_all("p")[0].text().split())
    assert not [li for li in _attention(root) if li.find_all("span", "sev")[0].text() == "inconsistent"]


def test_excluded_rows_that_do_not_add_up_are_flagged() -> None:
    """When curated + quarantined + excluded differs from rows in, the dataset says so and needs attention."""
    report = reviewed_report()
    report["datasets"]["relations"]["rows_excluded"] = 3
    root = parse(render(report))
    section = dataset_section(root, lambda ident: ident.endswith("-relations"))
    callout = " ".join(section.find_all("p", "callout")[0].text().split())
    assert callout == "Row counts do not add up: rows in (107) ≠ curated (106) + quarantined (0) + excluded (3)."
    assert [li for li in _attention(root) if li.find_all("span", "sev")[0].text() == "inconsistent"]


def test_an_accepted_check_stays_counted_marked_accepted_but_leaves_needs_attention() -> None:
    """An accepted failing check keeps its row (fail + accepted, linked to its decision) and its count, and is not
    in "Needs attention" nor offered an accept command again."""
    report = reviewed_report()
    root = parse(render(report))
    section = dataset_section(root, lambda ident: ident.endswith("-relations"))
    row = next(r for r in section.find_all("tr", "failrow") if cell_texts(r)[1].startswith("country_iso3_known"))
    assert "accepted" in row.classes()
    assert [p.text() for p in row.find_all("span", "pill")] == ["✗ fail", "accepted"]
    link = row.find_all("a")[0]
    assert link.text() == "D0002"
    assert root.by_id((link.attrs["href"] or "")[1:]).tag == "tr"
    assert "until 2027-01-01" in row.text()
    assert "country_iso3_known" not in root.find_all("ul", "attention")[0].text()
    assert "relations › rows_at_least_150" in root.find_all("ul", "attention")[0].text()
    summary = {cell_texts(r)[0]: cell_texts(r) for r in root.find_all("table", "summary")[0].find_all("tr")[1:]}
    assert summary["relations"][6] == "2 (0 err · 1 warn · 1 accepted)"
    accept = report["datasets"]["relations"]["checks"][1]["accept_command"]
    assert accept not in [c.text() for c in root.find_all("code", "cmd")]


# ------------------------------------------------------------------------------------------- commands


def test_every_shown_example_carries_its_set_and_exclude_commands_verbatim_in_code() -> None:
    """Next to each shown example (at most five per check) are its commands, each exactly in a <code>."""
    report = sample_report()
    root = parse(render(report))
    shown = sorted(c.text() for e in root.find_all("div", "example") for c in e.find_all("code", "cmd"))
    expected = sorted(
        command
        for ds in report["datasets"].values()
        for check in ds["checks"]
        for example in check["examples"][:5]
        for command in example.get("commands", {}).values()
    )
    assert shown == expected
    assert len(expected) == 2 * (2 + 1 + 5 + 1)


def test_a_failing_check_shows_its_accept_command_in_needs_attention_and_under_its_examples() -> None:
    """ "Needs attention" gives a failing check's accept command, then its example rows' commands; the accept
    command also follows the check's examples."""
    report = sample_report()
    check = report["datasets"]["missions"]["checks"][0]
    root = parse(render(report))
    (item,) = [li for li in _attention(root) if "missions › kind_in_set" in li.text()]
    assert [c.text() for c in item.find_all("code", "cmd")] == [
        check["accept_command"],
        *check["examples"][0]["commands"].values(),
    ]
    section = dataset_section(root, lambda ident: ident.endswith("-missions"))
    examples_row = section.find_all("tr", "examples")[0]
    assert [c.text() for c in examples_row.find_all("code", "cmd")][-1] == check["accept_command"]


def test_commands_with_document_derived_paths_are_escaped_like_any_text() -> None:
    """A command naming a hostile file is in the page only escaped, and copies back as the exact command."""
    report = sample_report()
    command = report["datasets"]["relations"]["checks"][1]["examples"][0]["commands"]["set"]
    assert IMG in command
    page = render(report)
    assert command not in page
    assert html.escape(command, quote=True) in page
    assert command in [c.text() for c in parse(page).find_all("code", "cmd")]


# ------------------------------------------------------------------------------------------- templates


def test_every_printed_value_is_escaped_exactly_once_and_the_same_way() -> None:
    """No value is escaped twice (&amp;lt;) or by a second escaper with other entities (&#34;, &#39;)."""
    page = render(reviewed_report())
    for twice in ("&amp;lt;", "&amp;gt;", "&amp;quot;", "&amp;#x27;"):
        assert twice not in page
    assert "&#34;" not in page
    assert "&#39;" not in page
    assert "&quot;&gt;&lt;svg onload" in page


def test_templates_are_package_data_and_never_mark_text_safe() -> None:
    """Every template file is covered by pyproject's package-data globs, and none uses |safe or Markup."""
    project = Path(__file__).resolve().parents[2]
    package = project / "src" / "curator"
    config = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    packaged = {
        path for pattern in config["tool"]["setuptools"]["package-data"]["curator"] for path in package.glob(pattern)
    }
    templates = [path for path in (package / "templates").rglob("*") if path.is_file()]
    assert any(path.name == "report.html.j2" for path in templates)
    assert set(templates) <= packaged
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b", text), path
        assert "Markup" not in text, path


# ------------------------------------------------------------------------------------------- browser: review

_REVIEW_PROBE = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top}; };
  const sides = Array.from(document.querySelectorAll("#consistency .comparison .side")).map(box);
  const groups = Array.from(document.querySelectorAll("#consistency details")).map(d => ({
    open: d.open, tableShown: d.querySelector("table").checkVisibility()}));
  const stale = document.querySelector("#decisions details.stale tr[id] td:nth-child(3)");
  const injected = document.querySelectorAll("script, img, iframe, object, embed, form, input, link, base").length;
  const details = Array.from(document.querySelectorAll("details"));
  const wasOpen = details.map(d => d.open);
  details.forEach(d => { d.open = true; });
  const overflowOpen = document.documentElement.scrollWidth > window.innerWidth;
  details.forEach((d, i) => { d.open = wasOpen[i]; });
  return {sides, groups, reason: stale ? stale.firstChild.nodeValue : null, injected, overflowOpen};
}"""


@pytest.mark.browser
def test_consistency_and_decisions_in_chromium_side_by_side_collapsed_and_inert(
    chromium_browser: ChromiumSession,  # noqa: F811
    tmp_path: Path,
) -> None:
    """In Chromium the conflict's two sources stand side by side, agreements start closed, the hostile decision
    reason is plain text, and the page injects nothing, logs no error and requests nothing."""
    page_file = tmp_path / "report.html"
    page_file.write_text(render(reviewed_report()), encoding="utf-8")
    shots = _screenshot_dir(tmp_path) / "reports" / "screenshots"
    sections = {"#consistency": shots / "report-consistency.png", "#decisions": shots / "report-decisions.png"}
    result = chromium_browser.open_html(page_file, probe=_REVIEW_PROBE, element_screenshots=sections)
    assert result.console_errors == []
    assert result.page_errors == []
    assert result.requests == []
    assert result.dialogs == []
    assert result.script_elements == 0
    assert result.event_handler_attributes == []
    probe = result.probe
    left, right = probe["sides"]
    assert abs(left["top"] - right["top"]) < 1
    assert left["right"] <= right["left"] + 1
    assert probe["groups"] == [{"open": False, "tableShown": False}] * 2
    assert probe["reason"] == STALE_REASON
    assert probe["injected"] == 0
    assert STALE_REASON in result.text
    for shot in sections.values():
        assert shot.stat().st_size > 10_000
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
def test_reviewed_report_fits_a_phone_screen_closed_and_with_every_details_open(
    chromium_browser: ChromiumSession,  # noqa: F811
    tmp_path: Path,
) -> None:
    """At 390 px wide the page with consistency, decisions and commands does not scroll sideways, even with every
    <details> opened."""
    page_file = tmp_path / "report.html"
    page_file.write_text(render(reviewed_report()), encoding="utf-8")
    shots = _screenshot_dir(tmp_path) / "reports" / "screenshots"
    result = chromium_browser.open_html(
        page_file,
        shots / "report-review-phone.png",
        width=390,
        height=844,
        probe=_REVIEW_PROBE,
        element_screenshots={"#decisions": shots / "report-decisions-phone.png"},
    )
    assert result.console_errors == []
    assert result.requests == []
    assert not result.horizontal_overflow
    assert not result.probe["overflowOpen"]
