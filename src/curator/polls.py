"""Opinion-poll tables: poll identity from the caption, percentages from cells, blanks derived when exact."""

from __future__ import annotations

import re
from typing import Any

from curator.parse import ParsedDocument, Table, strip_markup

_CAPTION_POLL = re.compile(r"results of (?:the )?(?P<year>\d{4}) (?P<pollster>.+?) poll", re.IGNORECASE)
_NUMBER = re.compile(r"^[+−–-]?\d+(?:\.\d+)?$")
_MINUS = str.maketrans({"−": "-", "–": "-", "—": "-"})


def poll_identity(caption: str | None) -> tuple[str | None, str | None, int | None]:
    """('2017 BBC World Service poll', 'BBC World Service', 2017) from a 'Results of 2017 BBC ... poll' caption."""
    match = _CAPTION_POLL.search(caption or "")
    if not match:
        return None, None, None
    pollster = match.group("pollster").strip()
    year = int(match.group("year"))
    return f"{year} {pollster} poll", pollster, year


def read_percent(text: str) -> tuple[int | None, str | None]:
    """A whole percentage from a cell ('42', '42%', '−53'), or None and why not."""
    cleaned = strip_markup(text).replace("%", "").replace(" ", "").translate(_MINUS)
    if not cleaned:
        return None, None
    if not _NUMBER.match(cleaned):
        return None, f"not a number: {text!r}"
    value = float(cleaned)
    if not value.is_integer():
        return None, f"not a whole percentage: {text!r}"
    return int(value), None


def derive_split(neutral: int, net: int) -> tuple[int, int] | None:
    """Positive and negative from neutral and net, only when both come out whole and within 0..100."""
    positive_twice, negative_twice = 100 - neutral + net, 100 - neutral - net
    if positive_twice % 2 or negative_twice % 2:
        return None
    positive, negative = positive_twice // 2, negative_twice // 2
    if not (0 <= positive <= 100 and 0 <= negative <= 100):
        return None
    return positive, negative


def poll_rows(
    doc: ParsedDocument, table: Table, columns: dict[str, int]
) -> tuple[list[dict[str, Any]], list[tuple[int, str, str]]]:
    """Rows of one poll table (identity: poll and rank) and (line, severity, message) findings."""
    poll, pollster, year = poll_identity(table.caption)
    findings: list[tuple[int, str, str]] = []
    if poll is None:
        findings.append((table.header_line, "warning", "poll table without a 'Results of YEAR POLLSTER poll' caption"))
    rows: list[dict[str, Any]] = []
    for rank, row in enumerate(table.rows, start=1):

        def cell(name: str, cells: tuple[str, ...] = row.cells) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        values: dict[str, int | None] = {}
        sources: dict[str, str] = {}
        for name in ("positive", "negative", "neutral", "net"):
            value, problem = read_percent(cell(name))
            values[name] = value
            sources[name] = "cell" if value is not None else "missing"
            if problem:
                findings.append((row.line, "warning", f"{name}: {problem}"))
        positive, negative, neutral, net = (values[k] for k in ("positive", "negative", "neutral", "net"))
        if positive is None and negative is None and neutral is not None and net is not None:
            derived = derive_split(neutral, net)
            if derived:
                values["positive"], values["negative"] = derived
                sources["positive"] = sources["negative"] = "derived"
            else:
                findings.append(
                    (row.line, "warning", f"positive/negative not derivable from neutral {neutral} and net {net}")
                )
        if net is None and values["positive"] is not None and values["negative"] is not None:
            values["net"] = values["positive"] - values["negative"]
            sources["net"] = "derived"
        country = strip_markup(cell("country"))
        rows.append(
            {
                "source_file": doc.source_file,
                "source_line": row.line,
                "poll": poll,
                "pollster": pollster,
                "poll_year": year,
                "caption": table.caption,
                "rank": rank,
                "country_polled": country or None,
                "country_polled_source": "cell" if country else "missing",
                "positive": values["positive"],
                "negative": values["negative"],
                "neutral": values["neutral"],
                "net": values["net"],
                "positive_source": sources["positive"],
                "negative_source": sources["negative"],
                "neutral_source": sources["neutral"],
                "net_source": sources["net"],
            }
        )
    return rows, findings
