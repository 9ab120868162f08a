"""One head-of-mission entry read from its text, and entries turned into `ambassadors` rows: the part every
envoy reader shares (lists, tables, space-separated tables, infobox people).

An entry's text (`- Viscount Ann Example (resident in Peking), 1870–1872`) gives its kind (person, gap, heading,
note), name, honorific, native-script name, role, residence, term and notes. It will not take a date, a sentence
or a placeholder (`-`, `N/A`) for a name, nor guess a term it cannot parse (a finding says why).
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from curator.dates import explain_date, find_dates, parse_fuzzy_date
from curator.frames import map_distinct
from curator.fuzzy import fuzzy_date_fields, fuzzy_date_schema
from curator.text.markup import strip_markup
from curator.text.vocabulary import (
    HONORIFICS,
    is_gap,
    is_placeholder,
    role_of,
)

_POST_NOMINAL = re.compile(r"^[A-Z]{2,5}$")
_NATIVE_SCRIPT = re.compile(r"[\(\[](?P<native>[^\x00-\x7f()\[\]]*[^\x00-\x7fÀ-ɏ()\[\]][^()\[\]]*)[\)\]]")
_TRAILING_GROUP = re.compile(r"\((?P<inner>[^()]*)\)\s*[.,;]?\s*$")
_RESIDENT = re.compile(r"^(?:resident\s+)?in\s+(?P<city>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2})$")
_APPOINTED = re.compile(r"^(?:appointed|named|accredited)\b\s*(?P<rest>.*)$", re.I)
_PERIOD_BEFORE_DATE = re.compile(r"\.\s+(?=[(~]?\d)")
_LEADING_NOTE = re.compile(r"^\s*[:–-]?\s*\([^()]*\)\s*[:–-]?\s*")
_LIFE_SPAN = re.compile(r"\((?:b\.\s*|born\s+)?(?P<span>\d{3,4}\s*[–-]\s*\d{2,4})\)")
_ORDINAL = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
_PERIOD_BEFORE_TEXT = re.compile(r"\.\s+(?=[A-Z])")
# Lower-case words a name may hold: particles of European names, and Arabic and Malay ones.
_NAME_PARTICLES = frozenset(
    {
        "de",
        "van",
        "der",
        "den",
        "von",
        "zu",
        "la",
        "le",
        "du",
        "da",
        "das",
        "dos",
        "di",
        "del",
        "della",
        "y",
        "e",
        "bin",
        "binti",
        "bint",
        "al",
        "el",
        "ibn",
        "ben",
        "ter",
        "ten",
        "af",
        "of",
        "d'",
        "mac",
    }
)


def looks_like_name(text: str) -> bool:
    """True when a text can be a person's name: a few words, each capitalised, an initial, a particle or in a
    script without case; False for a sentence ('A Russian consulate is opened in Hakodate')."""
    words = text.replace(",", " ").split()
    if not words or len(words) > 8:
        return False
    if any(ch.isdigit() for word in words if not _ORDINAL.match(word) for ch in word):
        return False  # a date or a number, never a name ('8th Earl of Elgin' keeps its ordinal)
    for word in words:
        first = word.lstrip("('\"‘“")[:1]
        if not first or first.isupper() or not first.isalpha() or not first.islower():
            continue
        if word.casefold().strip(".,") not in _NAME_PARTICLES:
            return False
    return True


NOT_APPLICABLE = frozenset({"n/a", "na", "n.a.", "not applicable", "*"})
_REMARK = re.compile(r"\b(?:was|were|is|had|has|but|did|never|declined|served|because|which|who)\b")


def is_remark(text: str) -> bool:
    """True for a cell that reads as a sentence (a verb among many words), never as a person's name."""
    return len(text.split()) > 6 and bool(_REMARK.search(text))


_STRING, _INT, _BOOL = pl.String(), pl.Int64(), pl.Boolean()
ENTRY_FIELDS = ("entry_kind", "name", "honorific", "name_native", "role", "resident_in", "term_text", "notes")


def split_honorifics(name: str) -> tuple[str | None, str | None]:
    """(honorific, name) of 'Viscount Shūzō Aoki'; a footnote star or stray punctuation is not part of a name."""
    words = name.replace("*", " ").split()
    honorifics: list[str] = []
    while words:
        two = " ".join(words[:2]).casefold()
        if two in HONORIFICS:
            honorifics.extend(words[:2])
            words = words[2:]
        elif words[0].casefold() in HONORIFICS:
            honorifics.append(words.pop(0))
        else:
            break
    # Post-nominal letters ('KCMG PC') are not part of the name.
    while len(words) > 2 and _POST_NOMINAL.match(words[-1]):
        words.pop()
    cleaned = " ".join(words).strip(" ,;:-.")
    return (" ".join(honorifics) or None), (None if not cleaned or is_placeholder(cleaned) else cleaned)


def empty_entry() -> dict[str, Any]:
    return dict.fromkeys((*ENTRY_FIELDS, "finding", "start_only"), None) | {"entry_kind": "person"}


def _read_detail(part: str, entry: dict[str, Any], others: list[str]) -> None:
    """Put one comma-separated detail of an entry where it belongs: term, residence, role or note."""
    appointed = _APPOINTED.match(part)
    if appointed:
        rest = appointed.group("rest")
        entry["role"] = entry["role"] or role_of(rest)
        entry["start_only"] = True
        if rest and parse_fuzzy_date(rest):
            entry["term_text"] = entry["term_text"] or rest
        return
    resident = _RESIDENT.match(part)
    if entry["term_text"] is None and parse_fuzzy_date(part) is not None:
        entry["term_text"] = part
    elif resident:
        entry["resident_in"] = resident.group("city").strip()
    elif role_of(part) and len(part.split()) <= 6:
        entry["role"] = entry["role"] or role_of(part)
    else:
        others.append(part)
        if entry["term_text"] is None and re.search(r"\d{4}", part) and not re.search(r"\d(?:st|nd|rd|th)\b", part):
            entry["finding"] = f"term {part!r} not read: {explain_date(part).reason}"


_SPAN_OPEN = re.compile(r"^(?:from|since)\s+", re.I)
_SPAN_SPLIT = re.compile(r"\s+(?:to|until|till)\s+|\s*[–-]\s*", re.I)


def _span_bounds(span: str) -> tuple[str, str | None]:
    """('June 1891', '1892') of 'from June 1891 to 1892'; ('May 1890', None) of 'May 1890'."""
    parts = _SPAN_SPLIT.split(_SPAN_OPEN.sub("", span.strip(" ,.;")), maxsplit=1)
    return parts[0].strip(), (parts[1].strip() or None) if len(parts) == 2 else None


def _phased_entry(body: str) -> dict[str, Any] | None:
    """A name, then phases split by semicolons, each dated ('Cy Example; consul from May 1890; consul-general from
    June 1891 to 1892'): one entry with the whole span (the first phase's start to the last phase's end, open when
    the last phase has none), the last named role, and the phases in `notes`. None for any other shape."""
    name, *phases = [part.strip() for part in body.split(";")]
    if not phases or find_dates(name) or not looks_like_name(name):
        return None
    spans = [[phase[span.start : span.end] for span in find_dates(phase)] for phase in phases]
    if not all(spans):
        return None
    start, _ = _span_bounds(spans[0][0])
    _, end = _span_bounds(spans[-1][-1])
    honorific, person = split_honorifics(name)
    role = next((role for role in (role_of(phase) for phase in reversed(phases)) if role), None)
    return {
        "name": person,
        "honorific": honorific,
        "role": role,
        "term_text": f"{start} – {end}" if end else start,
        "start_only": end is None,
        "notes": "; ".join(phases),
    }


def parse_entry(text: str) -> dict[str, Any]:
    """Name, honorific, native-script name, role, residence and term read off one list entry's text."""
    entry = empty_entry()
    body = strip_markup(text)
    if is_gap(body):
        entry["entry_kind"] = "gap"
        entry["notes"] = body
        return entry
    if is_remark(body) and not find_dates(body):
        # A footnote under the list ('Depew was commissioned ... but declined the appointment'), not an entry.
        entry["entry_kind"] = "note"
        entry["notes"] = body
        return entry
    native = _NATIVE_SCRIPT.search(body)
    if native:
        entry["name_native"] = native.group("native").strip()
        body = (body[: native.start()] + body[native.end() :]).strip()
    phased = _phased_entry(body)
    if phased is not None:
        return entry | phased
    leading = find_dates(body)
    if (
        leading
        and leading[0].start == 0
        and parse_fuzzy_date(body[: leading[0].end])
        and body[leading[0].end :].strip()
    ):
        # 'March 1932 - August 1932 Honjō Shigeru': the term first, then the name (after a note such as an era
        # year in brackets: '30 January 2024 (Reiwa 6): Masato Otaka').
        entry["term_text"] = body[: leading[0].end].strip(" ,.:;")
        body = _LEADING_NOTE.sub("", body[leading[0].end :]).strip(" ,.:–-")
    groups: list[str] = []
    while (group := _TRAILING_GROUP.search(body)) is not None:
        groups.insert(0, group.group("inner"))
        body = body[: group.start()].strip()
    # A life span in brackets after the name ('Marler (1876-1940), 1929-36') is not the term.
    life = _LIFE_SPAN.search(body)
    if life:
        body = (body[: life.start()] + body[life.end() :]).strip()
    head, *details = [part.strip() for part in body.split(",")]
    if details:
        # '1929-36. A Montreal notary ...': the term, then a sentence about the person.
        term_and_note = _PERIOD_BEFORE_TEXT.split(details[0], maxsplit=1)
        if len(term_and_note) == 2 and parse_fuzzy_date(term_and_note[0].strip(" .")):
            details = [term_and_note[0], term_and_note[1], *details[1:]]
    if not details:
        # 'Liu Chen-Hai. 1907–1911': a full stop instead of a comma before the term.
        pieces = _PERIOD_BEFORE_DATE.split(head)
        if len(pieces) > 1 and parse_fuzzy_date(pieces[-1].strip(" .")):
            head, details = ".".join(pieces[:-1]), [pieces[-1].strip(" .")]
    others: list[str] = []
    for part in [detail.strip(" .") for detail in details if detail.strip(" .")]:
        _read_detail(part, entry, others)
    for inner in groups:
        # '1871-Left post': a dash glued between a date and the next words separates them.
        dates = find_dates(inner := re.sub(r"(\d)\s*[-–]\s*(?=[A-Za-z])", r"\1 – ", inner))
        if entry["term_text"] is None and len(dates) >= 2 and not parse_fuzzy_date(inner):
            # '(Presented credentials, November 5, 1859-Presented recall, April 26, 1862)': from the first date
            # to the last one.
            first, last = (inner[span.start : span.end].strip(" ,.-–") for span in (dates[0], dates[-1]))
            entry["term_text"] = f"{first} – {last}"
            others.append(inner)
            continue
        for part in [piece.strip() for piece in inner.split(",") if piece.strip()]:
            _read_detail(part, entry, others)
    entry["honorific"], entry["name"] = split_honorifics(head)
    if life:
        others.insert(0, f"life {life.group('span')}")
    entry["notes"] = "; ".join(others) or None
    if entry["name"] is not None and not looks_like_name(entry["name"]):
        # A timeline line ('1858 – A Russian consulate is opened in Hakodate') reads like an entry, but what stands
        # where the name would be is a sentence: it is a note, never a person.
        return empty_entry() | {"entry_kind": "note", "notes": strip_markup(text)}
    return entry


def term_fields(term_text: str | None, start_only: bool = False) -> dict[str, Any]:
    """term_start_year, term_end_year, term_end_status and the term's fuzzy-date group.

    With `start_only` (an appointment date, an inaugural date), the date is where the term starts and its end is
    unknown, never the end of the same day or year.
    """
    date = parse_fuzzy_date(term_text) if term_text else None
    if start_only and date is not None and date.end_status is None:
        date = parse_fuzzy_date(f"{(term_text or '').strip(' .,:;')} – ?") or date
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


ENTRY_SCHEMA = {**dict.fromkeys(ENTRY_FIELDS, _STRING), "finding": _STRING, "start_only": _BOOL}
# An entry built in Python (table rows, infobox people) with everything `_finish` reads.
BUILT_ENTRY_SCHEMA = {
    **ENTRY_SCHEMA,
    "doc": pl.UInt32(),
    "line": _INT,
    "source_text": _STRING,
    "list_title": _STRING,
    "sending_country": _STRING,
    "receiving_country": _STRING,
    "position": _INT,
    "entry_style": _STRING,
    "default_role": _STRING,
    "_order": _INT,
}
_TERM_SCHEMA = {
    **{name: dtype for name, dtype in fuzzy_date_schema("term").items() if name != "term_text"},
    "term_start_year": _INT,
    "term_end_year": _INT,
}


def _terms(term_text: str | None, start_only: bool | None) -> dict[str, Any]:
    return term_fields(term_text, bool(start_only))


def entry_rows(rows: pl.DataFrame, source: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Entries with their terms, as ambassadors rows, and their findings. Whatever the shape, a 'person' whose
    name does not read as a name (a date, a sentence) is a note."""
    rows = map_distinct(rows, ["term_text", "start_only"], _terms, _TERM_SCHEMA).sort("doc", "line", "_order")
    named = map_distinct(
        rows.select("name"),
        ["name"],
        lambda name: {"_name_ok": name is None or looks_like_name(name)},
        {"_name_ok": _BOOL},
    )
    rows = rows.with_columns(named["_name_ok"]).with_columns(
        pl.when((pl.col("entry_kind") == "person") & ~pl.col("_name_ok"))
        .then(pl.lit("note"))
        .otherwise("entry_kind")
        .alias("entry_kind"),
        pl.when((pl.col("entry_kind") == "person") & ~pl.col("_name_ok"))
        .then(pl.lit(None, dtype=_STRING))
        .otherwise("name")
        .alias("name"),
    )
    ambassadors = rows.select(
        "doc",
        pl.col("line").alias("source_line"),
        "source_text",
        pl.lit(source).alias("source"),
        "list_title",
        "sending_country",
        "receiving_country",
        "position",
        "entry_style",
        "entry_kind",
        "name",
        "honorific",
        "name_native",
        pl.when(pl.col("entry_kind") != "person")
        .then(pl.lit(None, dtype=_STRING))
        .otherwise(pl.coalesce("role", "default_role", pl.lit("ambassador")))
        .alias("role"),
        "resident_in",
        "notes",
        "term_start_year",
        "term_end_year",
        *fuzzy_date_schema("term"),  # its term_end_status is the contract's ended/ongoing/unknown (term_fields)
        pl.when(pl.col("term_end_status").is_not_null()).then(pl.lit("cell")).alias("term_end_status_source"),
    )
    findings = pl.concat(
        [
            rows.filter(pl.col("finding").is_not_null()).select(
                "doc", "line", pl.lit("warning").alias("severity"), pl.col("finding").alias("message")
            ),
            rows.filter((pl.col("entry_kind") == "person") & pl.col("name").is_null()).select(
                "doc", "line", pl.lit("info").alias("severity"), pl.lit("name missing in the source").alias("message")
            ),
        ]
    ).sort("doc", "line", maintain_order=True)
    return ambassadors, findings
