"""Ambassador lists: who was sent by whom to whom, in which role and term, never inventing a missing name."""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from curator.countries import country_from_name_or_demonym
from curator.dates import explain_date, parse_fuzzy_date
from curator.frames import map_distinct
from curator.fuzzy import fuzzy_date_fields, fuzzy_date_schema
from curator.parse import strip_markup

HONORIFICS = ("viscount", "baron", "count", "marquis", "marquess", "prince", "sir", "lord", "earl", "duke", "dr.")

_LIST_HEADING = (
    re.compile(
        r"^(?:list of )?(?P<sender>.+?)\s+(?:ambassadors|heads of mission|envoys)\s+to\s+(?P<receiver>.+)$", re.I
    ),
    re.compile(
        r"^(?:list of )?(?:ambassadors|heads of mission|envoys)\s+of\s+(?P<sender>.+?)\s+to\s+(?P<receiver>.+)$", re.I
    ),
)
_ROLE_WORDS = (
    (re.compile(r"charg[ée] d'?\s*affaires", re.I), "chargé d'affaires"),
    (re.compile(r"minister resident", re.I), "minister resident"),
    (re.compile(r"envoy", re.I), "envoy"),
    (re.compile(r"consul[- ]general", re.I), "consul general"),
    (re.compile(r"\bminister\b", re.I), "minister"),
    (re.compile(r"\bambassador\b", re.I), "ambassador"),
)
_GAP = re.compile(
    r"^(?:no representation|suspension of relations|relations (?:were )?(?:broken|severed|suspended)|closed\b|vacant)",
    re.I,
)
_TRAILING_PAREN = re.compile(r"\((?P<inner>[^()]*)\)\s*$")
_NATIVE_SCRIPT = re.compile(r"[\(\[](?P<native>[^\x00-\x7f()\[\]]*[^\x00-\x7fÀ-ɏ()\[\]][^()\[\]]*)[\)\]]")
_RESIDENT = re.compile(r"^(?:resident\s+)?in\s+(?P<city>.+)$", re.I)


def list_countries(heading: str) -> tuple[str | None, str | None] | None:
    """(sending, receiving) from an ambassador-list heading, or None when the heading is not one."""
    for pattern in _LIST_HEADING:
        match = pattern.match(heading.strip())
        if match:
            return (
                country_from_name_or_demonym(match.group("sender")),
                country_from_name_or_demonym(match.group("receiver")),
            )
    return None


def _role_of(part: str) -> str | None:
    return next((role for pattern, role in _ROLE_WORDS if pattern.search(part)), None)


def parse_entry(text: str) -> dict[str, Any]:
    """Name, honorific, native-script name, role, residence and term read off one list entry's text."""
    entry: dict[str, Any] = {
        "entry_kind": "person",
        "name": None,
        "honorific": None,
        "name_native": None,
        "role": None,
        "resident_in": None,
        "term_text": None,
        "notes": None,
        "finding": None,
    }
    body = strip_markup(text)
    if _GAP.match(body):
        entry["entry_kind"] = "gap"
        entry["notes"] = body
        return entry
    native = _NATIVE_SCRIPT.search(body)
    if native:
        entry["name_native"] = native.group("native").strip()
        body = (body[: native.start()] + body[native.end() :]).strip()
    details: list[str] = []
    paren = _TRAILING_PAREN.search(body)
    if paren:
        details = [part.strip() for part in paren.group("inner").split(",") if part.strip()]
        body = body[: paren.start()].strip()
    elif "," in body:
        # Bulleted form: 'Name, 1870–1872' or ', 1873–1874' (name missing).
        head, _, tail = body.rpartition(",")
        if parse_fuzzy_date(tail.strip()) is not None:
            body, details = head.strip(), [tail.strip()]
    others: list[str] = []
    for part in details:
        resident = _RESIDENT.match(part)
        if entry["term_text"] is None and parse_fuzzy_date(part) is not None:
            entry["term_text"] = part
        elif resident:
            entry["resident_in"] = resident.group("city").strip()
        elif _role_of(part):
            entry["role"] = _role_of(part)
        else:
            others.append(part)
            if re.search(r"\d{4}", part):
                entry["finding"] = f"term {part!r} not read: {explain_date(part).reason}"
    words = body.split()
    honorifics = []
    while words and words[0].casefold() in HONORIFICS:
        honorifics.append(words.pop(0))
    entry["honorific"] = " ".join(honorifics) or None
    entry["name"] = " ".join(words).strip(" ,;:-") or None
    entry["notes"] = "; ".join(others) or None
    return entry


def term_fields(term_text: str | None) -> dict[str, Any]:
    """term_start_year, term_end_year, term_end_status and the term's fuzzy-date group."""
    date = parse_fuzzy_date(term_text) if term_text else None
    if date is None:
        status = None
    elif date.end_status in ("ongoing", "unknown"):
        status = date.end_status
    else:
        status = "ended"
    return {
        **fuzzy_date_fields("term", term_text, date),
        "term_start_year": date.earliest.year if date and date.earliest else None,
        "term_end_year": date.latest.year if date and date.latest and status == "ended" else None,
        # Replaces the group's closed/ongoing/unknown with the contract's ended/ongoing/unknown.
        "term_end_status": status,
    }


_STRING, _INT = pl.String(), pl.Int64()
_ENTRY_SCHEMA = {
    "entry_kind": _STRING,
    "name": _STRING,
    "honorific": _STRING,
    "name_native": _STRING,
    "role": _STRING,
    "resident_in": _STRING,
    "term_text": _STRING,
    "notes": _STRING,
    "finding": _STRING,
}
_TERM_SCHEMA = {
    **{name: dtype for name, dtype in fuzzy_date_schema("term").items() if name != "term_text"},
    "term_start_year": _INT,
    "term_end_year": _INT,
}


def _countries_of(heading: str | None) -> dict[str, Any]:
    countries = list_countries(heading or "")
    return {
        "_is_list": countries is not None,
        "sending_country": countries[0] if countries else None,
        "receiving_country": countries[1] if countries else None,
    }


def ambassador_lists(items: pl.DataFrame) -> pl.DataFrame:
    """doc, list_index, list_title, sending_country, receiving_country of every list that is an ambassador list.

    `items` carry each item's `heading` (its section's title); a list is an ambassador list when the heading of
    its first item names one ("Georgian Ambassadors to Japan").
    """
    lists = items.group_by("doc", "list_index", maintain_order=True).agg(pl.col("heading").first())
    lists = map_distinct(
        lists,
        ["heading"],
        _countries_of,
        {"_is_list": pl.Boolean(), "sending_country": _STRING, "receiving_country": _STRING},
    )
    return lists.filter("_is_list").select(
        "doc", "list_index", pl.col("heading").alias("list_title"), "sending_country", "receiving_country"
    )


def ambassador_rows(items: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows of ambassador-list items and their findings (doc, line, severity, message).

    `items` are the list items of ambassador lists with their list's title and countries.
    """
    rows = map_distinct(items, ["text"], parse_entry, _ENTRY_SCHEMA)
    rows = map_distinct(rows, ["term_text"], term_fields, _TERM_SCHEMA).sort("doc", "line")
    ambassadors = rows.select(
        "doc",
        pl.col("line").alias("source_line"),
        pl.col("raw").alias("source_text"),
        pl.lit("list").alias("source"),
        "list_title",
        "sending_country",
        "receiving_country",
        pl.col("number").alias("position"),
        pl.col("kind").alias("entry_style"),
        "entry_kind",
        "name",
        "honorific",
        "name_native",
        pl.when(pl.col("role").is_null() & (pl.col("entry_kind") == "person"))
        .then(pl.lit("ambassador"))
        .otherwise("role")
        .alias("role"),
        "resident_in",
        "notes",
        "term_start_year",
        "term_end_year",
        *fuzzy_date_schema("term"),  # its term_end_status is the contract's ended/ongoing/unknown (term_fields)
    )
    findings = pl.concat(
        [
            rows.filter(pl.col("finding").is_not_null()).select(
                "doc", "line", pl.lit("warning").alias("severity"), pl.lit("term not read").alias("message")
            ),
            rows.filter((pl.col("entry_kind") == "person") & pl.col("name").is_null()).select(
                "doc", "line", pl.lit("info").alias("severity"), pl.lit("name missing in the source").alias("message")
            ),
        ]
    ).sort("doc", "line", maintain_order=True)
    return ambassadors, findings
