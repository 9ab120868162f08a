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
from typing import Any

import polars as pl

from curator.countries import country_from_name_or_demonym
from curator.dates import explain_date, find_dates, parse_fuzzy_date
from curator.frames import map_distinct
from curator.fuzzy import fuzzy_date_fields, fuzzy_date_schema
from curator.readers.composite import AMBASSADORS, Open, Reading
from curator.text.envoys import envoy_list_names
from curator.text.markup import strip_markup
from curator.text.vocabulary import (
    HONORIFICS,
    header_role,
    is_gap,
    is_placeholder,
    is_rank_heading,
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


_NOT_APPLICABLE = frozenset({"n/a", "na", "n.a.", "not applicable", "*"})
_REMARK = re.compile(r"\b(?:was|were|is|had|has|but|did|never|declined|served|because|which|who)\b")


def _is_remark(text: str) -> bool:
    """True for a cell that reads as a sentence (a verb among many words), never as a person's name."""
    return len(text.split()) > 6 and bool(_REMARK.search(text))


_SKIPPED_SECTIONS = re.compile(r"^(?:see also|references|notes|external links|further reading|bibliography)$", re.I)

_STRING, _INT, _BOOL = pl.String(), pl.Int64(), pl.Boolean()
ENTRY_FIELDS = ("entry_kind", "name", "honorific", "name_native", "role", "resident_in", "term_text", "notes")


def list_countries(heading: str) -> tuple[str | None, str | None] | None:
    """(sending, receiving) from an ambassador-list heading in any form of the envoy-list grammar, or None when the
    heading is not one; a name that is no country stays None."""
    named = envoy_list_names(heading.strip())
    if not named:
        return None
    sender, receiver = named[0]
    return country_from_name_or_demonym(sender), country_from_name_or_demonym(receiver)


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
    entry = parse_entry(text)
    if entry["entry_kind"] == "person" and entry["term_text"] is None and header_role(entry["name"] or "") is not None:
        # A column name left on a line of its own by a table rendered as lines ('Tenure') names no one.
        entry.update(entry_kind="heading", notes=entry["name"], name=None, honorific=None)
    return entry


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


# -------------------------------------------------------------------------------------------------------- reader


def lists_of_envoys(open_: Open) -> Reading:
    """Rows of the open items of ambassador lists; every item of such a list is claimed, read as a person or not."""
    lists, entries = ambassador_lists(open_.items, open_.context)
    items = open_.items.join(lists, on=["doc", "list_index"]).join(
        _list_intros(open_.loaded.batch.lines, open_.items), on=["doc", "list_index"], how="left"
    )
    rows, found = ambassador_rows(items, entries)
    return Reading({AMBASSADORS: rows}, [(AMBASSADORS, found)], lines=items.select("doc", "line"))


def _list_intros(lines: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    """doc, list_index, intro: the content line just before each list (a sentence such as 'Dates are those of
    arrival' says how to read the list)."""
    previous = (
        lines.filter(pl.col("kind") != "blank")
        .with_columns(pl.col("content").shift(1).over("doc").alias("intro"))
        .select("doc", "line", "intro")
    )
    firsts = items.group_by("doc", "list_index").agg(pl.col("line").min())
    return firsts.join(previous, on=["doc", "line"], how="left").select("doc", "list_index", "intro")
