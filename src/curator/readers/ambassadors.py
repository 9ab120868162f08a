"""Heads of mission: who was sent by whom to whom, in which role and term, never inventing a missing name.

Three shapes are read: list entries (`- Name, 1870–1872`, numbered or bulleted, under a list heading or a rank
heading of a list article), tables whose header names a name column and a date column (columns in any order and
wording), and the people an infobox names (`curator.readers.infobox`). It will not read:

- a rank heading's year range as anyone's term ("Ministers of the Republic (1912–1949)");
- gap lines and closures ("No representation ...", "Closed following ..."): kept as `entry_kind = gap`;
- spanning rows that name a rank ("Titled as Envoy Extraordinary ..."): `entry_kind = heading`, and the rank
  becomes the role of the rows below;
- placeholder cells (`-`, `.`, `N/A`, `*`) as names: the name stays null;
- a term it cannot parse: the entry keeps its text and a finding says why.
An infobox person already listed in the document is not a second entry; the infobox only says that list entry is
the current holder (`term_end_status = ongoing`, `term_end_status_source = infobox`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import polars as pl

from curator.countries import country_from_name_or_demonym
from curator.dates import explain_date, find_dates, parse_fuzzy_date
from curator.frames import from_rows, map_distinct
from curator.fuzzy import fuzzy_date_fields, fuzzy_date_schema
from curator.text.markup import strip_markup
from curator.text.vocabulary import (
    AMBASSADOR_COLUMNS,
    HONORIFICS,
    fold,
    header_words,
    is_gap,
    is_header_row,
    is_placeholder,
    is_rank_heading,
    is_title_row,
    role_of,
)

_LIST_HEADING = (
    re.compile(
        r"^(?:list of )?(?P<sender>.+?)\s+(?:ambassadors|heads of mission|envoys)\s+to\s+(?P<receiver>.+)$", re.I
    ),
    re.compile(
        r"^(?:list of )?(?:ambassadors|heads of mission|envoys)\s+of\s+(?P<sender>.+?)\s+to\s+(?P<receiver>.+)$", re.I
    ),
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


_NOT_APPLICABLE = frozenset({"n/a", "na", "n.a.", "not applicable", "*"})
_REMARK = re.compile(r"\b(?:was|were|is|had|has|but|did|never|declined|served|because|which|who)\b")


def _is_remark(text: str) -> bool:
    """True for a cell that reads as a sentence (a verb among many words), never as a person's name."""
    return len(text.split()) > 6 and bool(_REMARK.search(text))


_SKIPPED_SECTIONS = re.compile(r"^(?:see also|references|notes|external links|further reading|bibliography)$", re.I)

_STRING, _INT, _BOOL = pl.String(), pl.Int64(), pl.Boolean()
ENTRY_FIELDS = ("entry_kind", "name", "honorific", "name_native", "role", "resident_in", "term_text", "notes")


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


def _empty_entry() -> dict[str, Any]:
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


def parse_entry(text: str) -> dict[str, Any]:
    """Name, honorific, native-script name, role, residence and term read off one list entry's text."""
    entry = _empty_entry()
    body = strip_markup(text)
    if is_gap(body):
        entry["entry_kind"] = "gap"
        entry["notes"] = body
        return entry
    if _is_remark(body) and not find_dates(body):
        # A footnote under the list ('Depew was commissioned ... but declined the appointment'), not an entry.
        entry["entry_kind"] = "note"
        entry["notes"] = body
        return entry
    native = _NATIVE_SCRIPT.search(body)
    if native:
        entry["name_native"] = native.group("native").strip()
        body = (body[: native.start()] + body[native.end() :]).strip()
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
        return _empty_entry() | {"entry_kind": "note", "notes": strip_markup(text)}
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


_ENTRY_SCHEMA = {**dict.fromkeys(ENTRY_FIELDS, _STRING), "finding": _STRING, "start_only": _BOOL}
# An entry built in Python (table rows, infobox people) with everything `_finish` reads.
_BUILT_ENTRY_SCHEMA = {
    **_ENTRY_SCHEMA,
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


def _entry(text: str) -> dict[str, Any]:
    return parse_entry(text)


def _terms(term_text: str | None, start_only: bool | None) -> dict[str, Any]:
    return term_fields(term_text, bool(start_only))


# --------------------------------------------------------------------------------------------------------- lists


def ambassador_lists(items: pl.DataFrame, documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """doc, list_index, list_title, sending_country, receiving_country, list_role of every ambassador list, and
    every item read as an entry (doc, line and the entry's fields: each item is read once, here).

    A list is an ambassador list when the heading above it names one ("Georgian Ambassadors to Japan"), or when
    the document is a list article (its title names the two countries) and the list sits under a rank heading
    or most of its entries read as heads of mission. `documents` carry each document's title `sender` and
    `receiver`.
    """
    entries = map_distinct(
        items.select("doc", "line", "list_index", "text", "heading"), ["text"], _entry, _ENTRY_SCHEMA
    )
    entries = entries.with_columns(
        ((pl.col("entry_kind") == "gap") | pl.col("term_text").is_not_null()).alias("_reads")
    )
    lists = entries.group_by("doc", "list_index", maintain_order=True).agg(
        pl.col("heading").first(), pl.col("_reads").mean().alias("_share")
    )
    lists = map_distinct(
        lists,
        ["heading"],
        _list_heading,
        {
            "_named": _BOOL,
            "_rank": _BOOL,
            "_skip": _BOOL,
            "_sender": _STRING,
            "_receiver": _STRING,
            "list_role": _STRING,
        },
    ).join(documents.select("doc", "sender", "receiver"), on="doc", how="left")
    article = pl.col("sender").is_not_null() & pl.col("receiver").is_not_null() & ~pl.col("_skip")
    qualifies = pl.col("_named") | (article & (pl.col("_rank") | (pl.col("_share") >= 0.6)))
    found = lists.filter(qualifies).select(
        "doc",
        "list_index",
        pl.coalesce("heading", pl.lit("")).alias("list_title"),
        pl.when(pl.col("_named")).then(pl.col("_sender")).otherwise(pl.col("sender")).alias("sending_country"),
        pl.when(pl.col("_named")).then(pl.col("_receiver")).otherwise(pl.col("receiver")).alias("receiving_country"),
        "list_role",
    )
    return found, entries.select("doc", "line", *_ENTRY_SCHEMA)


def _list_heading(heading: str | None) -> dict[str, Any]:
    countries = list_countries(heading or "")
    rank = bool(heading) and is_rank_heading(heading or "")
    return {
        "_named": countries is not None,
        "_rank": rank,
        "_skip": bool(heading and _SKIPPED_SECTIONS.match(heading.strip())),
        "_sender": countries[0] if countries else None,
        "_receiver": countries[1] if countries else None,
        "list_role": role_of(heading) if rank and heading else None,
    }


def _finish(rows: pl.DataFrame, source: str) -> tuple[pl.DataFrame, pl.DataFrame]:
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


_STARTS_ONLY = re.compile(
    r"\b(?:dates?\s+(?:are|is|give|of)\b.{0,40}\b(?:arrival|appointment|credentials)|(?:date|year)s?\s+of\s+"
    r"(?:arrival|appointment|credentials)|arrived|took up (?:the|their|his|her) post)",
    re.IGNORECASE,
)


def ambassador_rows(items: pl.DataFrame, entries: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows of ambassador-list items and their findings (doc, line, severity, message).

    `items` are the list items of ambassador lists with their list's title, countries, role and `intro` (the line
    before the list); `entries` the items as `ambassador_lists` read them. When the intro says the dates are
    arrivals or appointments, a single date starts a term whose end is unknown, instead of being a one-year term.
    """
    rows = items.join(entries, on=["doc", "line"], how="left", maintain_order="left")
    starts_only = pl.col("intro").fill_null("").str.contains(f"(?i){_STARTS_ONLY.pattern}")
    single = pl.col("term_text").is_not_null() & ~pl.col("term_text").str.contains(r"[–-]|\bto\b|\bsince\b")
    rows = rows.with_columns((pl.col("start_only").fill_null(False) | (starts_only & single)).alias("start_only"))
    rows = rows.with_columns(
        pl.col("raw").alias("source_text"),
        pl.col("number").alias("position"),
        pl.col("kind").alias("entry_style"),
        pl.col("list_role").alias("default_role"),
        pl.lit(0).alias("_order"),
    )
    return _finish(rows, "list")


# -------------------------------------------------------------------------------------------------------- tables


def table_columns(header: Sequence[str]) -> dict[str, list[int]] | None:
    """Column role -> indexes of a table of heads of mission, or None when the header is not one.

    The header must name a name column and a date column; other cells must be known words (a head-of-state
    column, a note, a reference) or empty, one unknown cell at most.
    """
    roles: dict[str, list[int]] = {}
    unknown = 0
    for index, cell in enumerate(header):
        role = AMBASSADOR_COLUMNS.get(header_words(cell))
        if role is None:
            unknown += 1
            continue
        roles.setdefault(role, []).append(index)
    if "name" not in roles or not ({"start", "end", "term"} & roles.keys()) or unknown > 1:
        return None
    return roles


def _sub_header(header: Sequence[str], first: Sequence[str]) -> list[str] | None:
    """A second header row ('| Tenure begins | Tenure ends | |' under '| Tenure | | Name |'), merged into one."""
    if not any(cell.strip() for cell in first) or any(re.search(r"\d", cell) for cell in first):
        return None
    if not all(header_words(cell) in AMBASSADOR_COLUMNS for cell in first if cell.strip()):
        return None
    return [sub if sub.strip() else top for top, sub in zip([*header, *[""] * len(first)], first, strict=False)]


def _cell(cells: Sequence[str], indexes: Sequence[int]) -> list[str]:
    values = []
    for index in indexes:
        value = strip_markup(cells[index]) if index < len(cells) else ""
        values.append("" if is_placeholder(value) else value)
    return values


def _row_entry(cells: Sequence[str], roles: dict[str, list[int]], rank: str | None) -> dict[str, Any]:
    """One table row as an entry: person (with its term and role), gap, or a spanning rank heading."""
    entry = _empty_entry()
    texts = [strip_markup(cell) for cell in cells]
    filled = [text for text in texts if text and not is_placeholder(text)]
    if any(is_gap(text) for text in filled):
        entry.update(entry_kind="gap", notes="; ".join(filled))
        return entry
    if filled and is_title_row(filled[0]) and len(filled) == 1:
        entry.update(entry_kind="heading", notes=filled[0], role=role_of(filled[0]))
        return entry
    if is_header_row(texts):
        # A header or sub-header row repeated inside the table ('Start Date | PoC. | End Date') names no one.
        entry.update(entry_kind="heading", notes="; ".join(filled))
        return entry
    names = _cell(cells, roles.get("name", []))
    raw_name = next((name for name in names if name), "")
    dates = [strip_markup(cells[i]) for key in ("start", "end", "term") for i in roles.get(key, []) if i < len(cells)]
    if raw_name and _is_remark(raw_name):
        # A footnote or remark spanning the row ('Depew was commissioned ... but declined'), not a name.
        entry.update(entry_kind="note", notes=raw_name)
        return entry
    if dates and all(text.casefold() in _NOT_APPLICABLE for text in dates):
        # Every tenure cell says 'N/A': the table lists an appointment that never became a tenure.
        entry.update(entry_kind="note", notes="; ".join(filled))
        return entry
    native = next((n for n in _cell(cells, roles.get("name_native", [])) if n), None)
    role_text = next((r for r in _cell(cells, roles.get("role", [])) if r), None)
    inline_role = re.search(r"\(([^()]*)\)", raw_name)
    if inline_role and role_of(inline_role.group(1)):
        role_text = role_text or inline_role.group(1)
        raw_name = (raw_name[: inline_role.start()] + raw_name[inline_role.end() :]).strip()
    entry["honorific"], entry["name"] = split_honorifics(raw_name)
    entry["name_native"] = native
    entry["role"] = role_of(role_text) if role_text else None
    starts = [parse_fuzzy_date(text) for text in _cell(cells, roles.get("start", [])) if text]
    ends = [(text, parse_fuzzy_date(text)) for text in _cell(cells, roles.get("end", [])) if text]
    terms = [text for text in _cell(cells, roles.get("term", [])) if text]
    start_texts = [text for text in _cell(cells, roles.get("start", [])) if text]
    notes = [text for text in _cell(cells, roles.get("note", [])) if text]
    known_starts = [(text, date) for text, date in zip(start_texts, starts, strict=True) if date is not None]
    if terms:
        entry["term_text"] = terms[0]
    elif known_starts:
        # Several start-like columns (appointment, arrival, credentials): the term starts at the earliest.
        start_text = min(known_starts, key=lambda pair: pair[1].earliest or pair[1].latest)[0]  # type: ignore[arg-type,return-value]
        end_text = next((text for text, date in ends if date is not None), None)
        entry["term_text"] = f"{start_text} – {end_text}" if end_text else start_text
        entry["start_only"] = end_text is None
    elif ends:
        entry["term_text"] = f"? – {ends[0][0]}"
    unread = [text for text in start_texts if parse_fuzzy_date(text) is None]
    if unread:
        entry["finding"] = f"date {unread[0]!r} not read: {explain_date(unread[0]).reason}"
    entry["notes"] = "; ".join(notes) or None
    if entry["name"] is None and entry["term_text"] is None and not entry["role"]:
        entry.update(entry_kind="gap", notes="; ".join(filled) or None)
    elif entry["role"] is None:
        entry["role"] = rank
    return entry


def table_rows(rows: pl.DataFrame, tables: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ambassadors rows (and findings) of the rows of tables claimed as tables of heads of mission.

    `tables` carry doc, table, header, heading (the section title), sender and receiver; `rows` their rows.
    """
    entries: list[dict[str, Any]] = []
    by_table: dict[tuple[int, int], list[tuple[int, list[str], str]]] = {}
    for doc, table, line, cells, text in rows.select("doc", "table", "line", "cells", "text").iter_rows():
        by_table.setdefault((doc, table), []).append((line, cells, text))
    for table in tables.iter_rows(named=True):
        header = list(table["header"])
        table_lines = by_table.get((table["doc"], table["table"]), [])
        roles = table_columns(header)
        merged = _sub_header(header, table_lines[0][1]) if table_lines else None
        if merged is not None and table_columns(merged):
            roles = table_columns(merged)
        if roles is None:
            continue
        rank = role_of(table["heading"]) if table["heading"] and is_rank_heading(table["heading"]) else None
        for position, (line, cells, text) in enumerate(table_lines):
            if position == 0 and merged is not None:
                entry = _empty_entry() | {"entry_kind": "heading", "notes": " | ".join(c for c in cells if c.strip())}
            else:
                entry = _row_entry(cells, roles, rank)
                if entry["entry_kind"] == "heading" and entry["role"]:
                    rank = entry["role"]
            entries.append(
                entry
                | {
                    "doc": table["doc"],
                    "line": line,
                    "source_text": text,
                    "list_title": table["heading"] or "",
                    "sending_country": table["sender"],
                    "receiving_country": table["receiver"],
                    "position": None,
                    "entry_style": "table",
                    "default_role": "ambassador",
                    "_order": 0,
                }
            )
    return _finish(from_rows(entries, _BUILT_ENTRY_SCHEMA), "table")


# ------------------------------------------------------------------------------------------------------ infoboxes


def infobox_rows(people: pl.DataFrame, listed: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ambassadors rows for the people an infobox names who are not already entries of the same document, and
    the current-holder mark (doc, source_line) for the list or table entries an infobox incumbent names.

    `people`: doc, line, source_text, field, name, role, since, sender, receiver; `listed`: the document's
    list and table entries (doc, source_line, name, term_end_status).
    """
    if people.is_empty():
        return _finish(from_rows([], _BUILT_ENTRY_SCHEMA), "infobox")[0], listed.select("doc", "source_line").clear()
    names = listed.filter(pl.col("name").is_not_null()).with_columns(
        pl.col("name").map_elements(fold, return_dtype=_STRING).alias("_folded")
    )
    people = people.with_columns(pl.col("name").map_elements(fold, return_dtype=_STRING).alias("_folded"))
    known = people.join(names.select("doc", "_folded").unique(), on=["doc", "_folded"], how="semi")
    new = people.join(names.select("doc", "_folded").unique(), on=["doc", "_folded"], how="anti")
    # The incumbent's own latest entry is the current term when it has no end of its own.
    current = (
        known.filter(pl.col("field") == "incumbent")
        .join(names, on=["doc", "_folded"])
        .sort("doc", "source_line")
        .group_by("doc", "_folded", maintain_order=True)
        .last()
        .filter(pl.col("term_end_status").is_null() | (pl.col("term_end_status") != "ended") | pl.col("single_year"))
        .select("doc", "source_line")
    )
    entries = [
        _empty_entry()
        | {
            "name": person["name"],
            "role": person["role"],
            "term_text": f"since {person['since']}" if person["since"] else None,
            "doc": person["doc"],
            "line": person["line"],
            "source_text": person["source_text"],
            "list_title": "Infobox",
            "sending_country": person["sender"],
            "receiving_country": person["receiver"],
            "position": None,
            "entry_style": "infobox",
            "default_role": "ambassador",
            "_order": 0,
        }
        for person in new.iter_rows(named=True)
    ]
    rows, _findings = _finish(from_rows(entries, _BUILT_ENTRY_SCHEMA), "infobox")
    return rows, current


# ------------------------------------------------------------------------------------------ space-separated tables

# A line of header words (`Incumbent Start of term End of term Notes`, `Head of mission  Tenure`) opens a table
# rendered with spaces; its rows are `Name date [date] [note]` lines.
_SPACE_HEADER = re.compile(
    r"^\s*(?:incumbent|head of mission|heads of mission|name|ambassador|envoy|officeholder)"
    r"(?:\s+(?:of|notes?|title|rank|remarks|office|[A-Z][\w-]*))*?"
    r"\s+(?:start|end|term|tenure|begins|ends|took\s+office|left\s+office)\b.*$",
    re.I,
)
_ROW_TAIL = re.compile(r"^[\s.,;]*(?:\[\s*[\w ]+\s*\])*[\s.,;]*$")


def read_space_row(text: str) -> tuple[str, list[str]] | None:
    """(name, date texts) of a row of a space-separated table ('Tatsuo Kawai 2 January 1941 7 December 1941 [3]'),
    or None when the line does not end in one or two dates after a short name."""
    cleaned = strip_markup(text)
    spans = find_dates(cleaned)
    if not spans or len(spans) > 2 or not _ROW_TAIL.match(cleaned[spans[-1].end :]):
        return None
    between = cleaned[spans[0].end : spans[1].start] if len(spans) == 2 else ""
    name = cleaned[: spans[0].start].strip(" ,;")
    if between.strip(" ,;") or len(name.split()) > 8 or re.search(r"[.!?]$", name):
        return None
    return name, [cleaned[span.start : span.end].strip(" ,.") for span in spans]


def space_table_rows(paragraphs: pl.DataFrame, documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ambassadors rows of tables rendered with spaces instead of pipes, in documents whose title names the
    sending and receiving countries; a line without dates inside such a table (a head of state) is not a row."""
    titled = documents.filter(pl.col("sender").is_not_null() & pl.col("receiver").is_not_null())
    candidates = paragraphs.join(titled.select("doc", "sender", "receiver"), on="doc")
    entries: list[dict[str, Any]] = []
    by_doc: dict[int, list[tuple[int, str, int | None, str, str]]] = {}
    for doc, line, text, section, sender, receiver in candidates.select(
        "doc", "line", "text", "section", "sender", "receiver"
    ).iter_rows():
        by_doc.setdefault(doc, []).append((line, text, section, sender, receiver))
    for doc, lines in by_doc.items():
        in_table: int | None = None  # section of the table being read
        for line, text, section, sender, receiver in lines:
            if _SPACE_HEADER.match(strip_markup(text)):
                in_table = section if section is not None else -1
                continue
            if in_table is None or (section if section is not None else -1) != in_table:
                in_table = None
                continue
            row = read_space_row(text)
            if row is None:
                continue
            name, dates = row
            entry = _empty_entry()
            inline_role = re.search(r"\(([^()]*)\)", name)
            if inline_role and role_of(inline_role.group(1)):
                entry["role"] = role_of(inline_role.group(1))
                name = (name[: inline_role.start()] + name[inline_role.end() :]).strip()
            entry["honorific"], entry["name"] = split_honorifics(name)
            entry["term_text"] = f"{dates[0]} – {dates[1]}" if len(dates) == 2 else dates[0]
            entry["start_only"] = len(dates) == 1
            entries.append(
                entry
                | {
                    "doc": doc,
                    "line": line,
                    "source_text": text,
                    "list_title": "",
                    "sending_country": sender,
                    "receiving_country": receiver,
                    "position": None,
                    "entry_style": "table",
                    "default_role": "ambassador",
                    "_order": 0,
                }
            )
    return _finish(from_rows(entries, _BUILT_ENTRY_SCHEMA), "table")


_CURRENT = re.compile(r"\b(?:current|currently|present|incumbent|serving|now)\b", re.I)


def current_in_prose(paragraphs: pl.DataFrame, entries: pl.DataFrame) -> pl.DataFrame:
    """(doc, source_line) of the latest entry of a person whom a sentence before the first heading calls the
    current or present holder ('The present envoy, Shigeo Yamada, took up the post ...')."""
    lead = paragraphs.filter(pl.col("section").is_null() & pl.col("text").str.contains(_CURRENT.pattern))
    lead = map_distinct(lead.select("doc", "text"), ["text"], lambda text: {"_text": fold(strip_markup(text))}, _TEXT)
    people = entries.filter(
        (pl.col("entry_kind") == "person") & pl.col("name").is_not_null() & pl.col("doc").is_in(lead["doc"].implode())
    )
    # A name stands for its person's latest entry; only names longer than four characters are looked for.
    latest = (
        map_distinct(people.select("doc", "source_line", "name"), ["name"], lambda name: {"_name": fold(name)}, _NAME)
        .filter(pl.col("_name").str.len_chars() > 4)
        .group_by("doc", "_name")
        .agg(pl.col("source_line").max())
    )
    return (
        lead.join(latest, on="doc")
        .filter(pl.col("_text").str.contains(pl.col("_name"), literal=True))
        .select(pl.col("doc").cast(pl.UInt32()), pl.col("source_line").cast(_INT))
        .unique()
        .sort("doc", "source_line")
    )


_TEXT = {"_text": pl.String()}
_NAME = {"_name": pl.String()}
