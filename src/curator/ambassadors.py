"""Ambassador lists: who was sent by whom to whom, in which role and term, never inventing a missing name."""

from __future__ import annotations

import re
from typing import Any

from curator.countries import country_from_name_or_demonym
from curator.dates import explain_date, parse_fuzzy_date
from curator.fuzzy import fuzzy_date_fields
from curator.parse import ListItem, ParsedDocument, strip_markup

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


def ambassador_rows(
    doc: ParsedDocument, items: list[ListItem], heading: str, countries: tuple[str | None, str | None]
) -> tuple[list[dict[str, Any]], list[tuple[int, str, str]]]:
    """Rows of one ambassador list and (line, severity, message) findings."""
    sending, receiving = countries
    default_role = "ambassador"
    rows: list[dict[str, Any]] = []
    findings: list[tuple[int, str, str]] = []
    for item in items:
        entry = parse_entry(item.text)
        if entry.pop("finding"):
            findings.append((item.line, "warning", "term not read"))
        if entry["entry_kind"] == "person" and entry["name"] is None:
            findings.append((item.line, "info", "name missing in the source"))
        rows.append(
            {
                "source_file": doc.source_file,
                "source_line": item.line,
                "list_title": heading,
                "sending_country": sending,
                "receiving_country": receiving,
                "position": item.number,
                "entry_style": item.kind,
                **entry,
                "role": entry["role"] or (default_role if entry["entry_kind"] == "person" else None),
                **term_fields(entry["term_text"]),
            }
        )
    return rows, findings
