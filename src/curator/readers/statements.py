"""Relation events from prose and state lists, and every relation seen from the focal country's side.

`prose_rows` turns the statements `curator.readers.prose` reads into relation_events rows (`source = prose`, or `list`
for a list item such as `- 1961 Diplomatic relations established.`), each with its sentence. `state_list_events`
reads the start date of a `# | Country | Date` row that names a country (a blank cell gives nothing). A relation
between the focal country and another is always written with the focal country as `subject_country` and the
other as `country`, whichever side the table or sentence put it on; relations between two other states are kept
as written.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import polars as pl

from curator.countries import country_iso3, is_country_name, same_state, state_today
from curator.dates import parse_fuzzy_date
from curator.frames import from_rows, map_distinct, model_schema
from curator.fuzzy import fuzzy_date_fields
from curator.readers.parties import counterparts
from curator.readers.prose import Statement, Unresolved, read_paragraph_with_findings
from curator.readers.relation_phrases import FIRST_RELATIONS_HEADING, STATEMENT_WORDS
from curator.readers.subject import FOCAL_COUNTRY
from schemas.relation_events import RelationEvents

_STRING, _INT = pl.String(), pl.Int64()
_PROVENANCE = ("doc", "source_line", "source_text", "source")
# The relation_events contract's columns (schemas/), with the document's number for its file and no decision yet.
EVENT_SCHEMA: dict[str, pl.DataType] = {
    "doc": pl.UInt32(),
    **{
        name: dtype
        for name, dtype in model_schema(RelationEvents).items()
        if name not in ("source_file", "decision_id")
    },
}
# Set by `name_parties` once every reader has given its rows.
_NAMING = ("party_as_named", "country_mapping")
# What a statement gives, whichever paragraph it was read from.
_STATED_SCHEMA = {name: dtype for name, dtype in EVENT_SCHEMA.items() if name not in (*_PROVENANCE, *_NAMING)}
# Prose cheaply worth a closer look: it speaks of relations, ties, diplomatic links, recognition or envoys exchanged.
_CANDIDATE = (
    r"(?i)relations|ties\b|relationship|recogni(?:[sz]|tion)|diplomatic\s+links"
    r"|exchange[ds]?\s+(?:envoys|ambassadors|ministers|diplomatic)"
)
_READ_KEYS = ("text", "heading", "dateline", "subject", "counterpart")
# A dateline: a date alone on its line ('April 12, 2005', 'date 2024-01-11', '18 January 2019 - 11:41',
# '01 February 2006, Japan'), or opening a paragraph after a place in capitals ('TOKYO, 28 April 2012 – ...',
# 'BANGKOK, Sept. 12, 2017 /PRNewswire/ -- ...').
_DATELINE_ALONE = re.compile(
    r"^\s*(?:(?:date|dated|published|posted|updated)\s*:?\s+)?(?P<date>[^;(]{4,30}?)"
    r"(?:\s*,\s*[A-Z][\w .'’-]{0,30}|\s+[-–—]\s+\d{1,2}:\d{2}(?:\s*[APap]\.?[Mm]\.?)?)?\s*$",
    re.IGNORECASE,
)
_DATELINE_PLACE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]{2,30},\s+(?P<date>[^–—:/]{4,30}?)\s*(?:\([^()]*\)\s*|/[^/]{1,30}/\s*)?(?:--|[–—-])\s"
)
_LEAD_PARAGRAPHS = 3


def _dateline_year(text: str) -> int | None:
    for pattern in (_DATELINE_ALONE, _DATELINE_PLACE):
        found = pattern.match(text)
        date = parse_fuzzy_date(found.group("date")) if found else None
        if (
            date is not None
            and date.earliest is not None
            and date.end_status is None
            and date.precision
            in (
                "day",
                "month",
            )
        ):
            return date.earliest.year
    return None


def dateline_years(paragraphs: pl.DataFrame) -> pl.DataFrame:
    """doc and the year of its dateline: the first of the opening paragraphs before any heading that is a dated
    dateline (a date of day or month precision, alone or after a place in capitals). Documents without one are
    left out."""
    lead = (
        paragraphs.filter(pl.col("section").is_null())
        .sort("doc", "line")
        .group_by("doc", maintain_order=True)
        .head(_LEAD_PARAGRAPHS)
    )
    dated = map_distinct(lead, ["text"], lambda text: {"dateline": _dateline_year(text)}, {"dateline": _INT})
    return (
        dated.filter(pl.col("dateline").is_not_null())
        .group_by("doc", maintain_order=True)
        .agg(pl.col("dateline").first())
    )


def prose_rows(
    texts: pl.DataFrame, context: pl.DataFrame, focal: str = FOCAL_COUNTRY
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """relation_events rows of the relation statements in paragraphs and list items (doc, line, text, source, and
    optionally the `heading` of their section), and findings (doc, line, severity, message) of statements whose
    relative date ('the same year') has no single date to count from: reported, never guessed."""
    if "heading" not in texts.columns:
        texts = texts.with_columns(pl.lit(None, dtype=_STRING).alias("heading"))
    if "dateline" not in texts.columns:
        texts = texts.with_columns(pl.lit(None, dtype=_INT).alias("dateline"))
    # A treaty signed in a section about the first relations is read even where the text never says 'relations'.
    first_treaty = pl.col("heading").str.contains(f"(?i){FIRST_RELATIONS_HEADING.pattern}").fill_null(
        value=False
    ) & pl.col("text").str.contains("(?i)treaty")
    candidates = texts.filter(
        (pl.col("text").str.contains(_CANDIDATE) & pl.col("text").str.contains(STATEMENT_WORDS)) | first_treaty
    ).join(context.select("doc", "subject", "counterpart"), on="doc", how="left", maintain_order="left")
    # A corpus repeats its paragraphs: each distinct text is read once, for each pair of title parties it meets.
    read: dict[tuple[str, str | None, int | None], tuple[list[Statement], list[Unresolved]]] = {}
    rows: list[dict[str, Any]] = []
    open_texts: dict[str, str] = {}
    for text, heading, dateline, subject, counterpart in (
        candidates.select(_READ_KEYS).unique(maintain_order=True).iter_rows()
    ):
        if (text, heading, dateline) not in read:
            read[text, heading, dateline] = read_paragraph_with_findings(text, heading, dateline)
            if read[text, heading, dateline][1]:
                open_texts[text] = "; ".join(
                    f"relative date {item.phrase!r} not resolved ({item.reason}): {item.sentence}"
                    for item in read[text, heading, dateline][1]
                )
        order = 0
        for statement in read[text, heading, dateline][0]:
            for country in counterparts(statement, focal, subject, counterpart):
                order += 1
                rows.append(
                    {
                        "text": text,
                        "heading": heading,
                        "dateline": dateline,
                        "subject": subject,
                        "counterpart": counterpart,
                        "subject_country": focal,
                        "country": country,
                        "country_iso3": country_iso3(country),
                        "event_order": order,
                        "event": statement.event,
                        **fuzzy_date_fields("date", statement.date_text, statement.date),
                        "date_derived_from": statement.derived_from,
                        "statement": statement.sentence,
                        "treaty": statement.treaty,
                    }
                )
    found = from_rows(rows, {**dict.fromkeys(_READ_KEYS, _STRING), "dateline": _INT, **_STATED_SCHEMA})
    events = candidates.join(found, on=list(_READ_KEYS), nulls_equal=True, maintain_order="left").select(
        "doc",
        pl.col("line").alias("source_line"),
        pl.col("text").alias("source_text"),
        "source",
        *(name for name in _STATED_SCHEMA if name != "date_derived_from"),
        # A counted date names its anchor's line: the anchor is in the same paragraph or item.
        pl.when(pl.col("date_derived_from").is_not_null())
        .then(pl.format("{} (line {})", "date_derived_from", "line"))
        .alias("date_derived_from"),
    )
    messages = pl.DataFrame(
        {"text": list(open_texts), "message": list(open_texts.values())}, schema={"text": _STRING, "message": _STRING}
    )
    findings = (
        texts.join(messages, on="text", maintain_order="left")
        .unique(["doc", "line"], maintain_order=True)
        .select("doc", "line", pl.lit("warning").alias("severity"), "message")
    )
    return events.select("doc", "source_line", "source_text", "source", *_STATED_SCHEMA), findings


def state_list_events(state_list: pl.DataFrame, context: pl.DataFrame, focal: str = FOCAL_COUNTRY) -> pl.DataFrame:
    """`established` events of state-list rows that name a country and a readable date."""
    named = state_list.filter(pl.col("country").is_not_null() & pl.col("date_text").is_not_null()).join(
        context.select("doc", "subject"), on="doc", how="left"
    )
    rows: list[dict[str, Any]] = []
    for doc, line, text, country, date_text, subject in named.select(
        "doc", "source_line", "source_text", "country", "date_text", "subject"
    ).iter_rows():
        date = parse_fuzzy_date(date_text)
        if date is None or date.earliest is None or not is_country_name(country):
            continue
        rows.append(
            {
                "doc": doc,
                "source_line": line,
                "source_text": text,
                "source": "table",
                "subject_country": subject or focal,
                "country": country,
                "country_iso3": country_iso3(country),
                "event_order": 1,
                "event": "established",
                **fuzzy_date_fields("date", date_text, date),
                "date_derived_from": None,
                "statement": None,
                "treaty": None,
            }
        )
    return from_rows(rows, {name: dtype for name, dtype in EVENT_SCHEMA.items() if name not in _NAMING})


# A Notes cell that gives another date for its row's start: "Some references give 28 July 1956."
_ALTERNATIVE = re.compile(
    r"\b(?:some|other|several|a\s+few)\s+(?:references|sources|accounts)\s+(?:give|gives|have|say)\s+"
    r"(?P<date>[^.;,()]{4,30}?)\s*(?:[.;]|$)",
    re.IGNORECASE,
)


def alternative_starts(relations: pl.DataFrame) -> pl.DataFrame:
    """An `established` event for each other start date the Notes cell of a relations row gives ('Some references
    give 28 July 1956'), with the sentence as its statement: the row's own date stays its first event."""
    rows: list[dict[str, Any]] = []
    if "notes" in relations.columns:
        named = relations.filter(pl.col("notes").str.contains(r"(?i)\b(?:references|sources|accounts)\b"))
        for doc, line, notes, subject, country in named.select(
            "doc", "source_line", "notes", "subject_country", "country"
        ).iter_rows():
            for found in _ALTERNATIVE.finditer(notes or ""):
                date = parse_fuzzy_date(found["date"])
                if date is None or date.earliest is None or date.end_status is not None or country is None:
                    continue
                rows.append(
                    {
                        "doc": doc,
                        "source_line": line,
                        "source_text": notes,
                        "source": "note",
                        "subject_country": subject,
                        "country": country,
                        "country_iso3": country_iso3(country),
                        "event_order": 1,
                        "event": "established",
                        **fuzzy_date_fields("date", found["date"], date),
                        "date_derived_from": None,
                        "statement": found.group(0).strip(),
                        "treaty": None,
                    }
                )
    return from_rows(rows, {name: dtype for name, dtype in EVENT_SCHEMA.items() if name not in _NAMING})


_SWAP_SCHEMA = {"_subject": _STRING, "_country": _STRING}


def _swap(subject: str | None, country: str | None, focal: str) -> dict[str, Any]:
    focal_is_country = same_state(country, focal) and bool(subject) and not same_state(subject, focal)
    return {
        "_subject": focal if focal_is_country else subject,
        "_country": subject if focal_is_country else country,
    }


def from_focal_country(
    relations: pl.DataFrame, events: pl.DataFrame, focal: str = FOCAL_COUNTRY
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Relations and events written from the focal country's side (subject = focal, country = the other state)."""
    swapped = []
    for frame in (relations, events):
        if frame.is_empty():
            swapped.append(frame)
            continue
        frame = map_distinct(frame, ["subject_country", "country"], partial(_swap, focal=focal), _SWAP_SCHEMA)
        changed = pl.col("_country").ne_missing(pl.col("country"))
        frame = frame.with_columns(
            pl.col("_subject").alias("subject_country"),
            pl.col("_country").alias("country"),
            pl.when(changed)
            .then(pl.col("_country").map_elements(country_iso3, return_dtype=_STRING))
            .otherwise("country_iso3")
            .alias("country_iso3"),
        ).drop("_subject", "_country")
        swapped.append(frame)
    return swapped[0], swapped[1]


_NAMED_SCHEMA = {"party_as_named": _STRING, "_country": _STRING, "_iso3": _STRING, "country_mapping": _STRING}


def _named_party(country: str | None, iso3: str | None) -> dict[str, Any]:
    if country is None:
        return {"party_as_named": None, "_country": None, "_iso3": iso3, "country_mapping": None}
    today, code, mapping = state_today(country)
    if mapping == "as_named":
        return {"party_as_named": country, "_country": country, "_iso3": iso3, "country_mapping": mapping}
    return {"party_as_named": country, "_country": today, "_iso3": code, "country_mapping": mapping}


def name_parties(events: pl.DataFrame) -> pl.DataFrame:
    """Events with the counterpart as the text names it (`party_as_named`) and `country` the state today, through the
    successor table ('Kingdom of Prussia' -> Germany, `successor`) or a former name of the alias table ('Siam' ->
    Thailand, `alias`); a state of the past with no successor (Kingdom of Hawaii) keeps its name (`as_named`)."""
    if events.is_empty():
        return events.with_columns(pl.lit(None, dtype=_STRING).alias(name) for name in _NAMING)
    named = map_distinct(events, ["country", "country_iso3"], _named_party, _NAMED_SCHEMA)
    return named.with_columns(pl.col("_country").alias("country"), pl.col("_iso3").alias("country_iso3")).drop(
        "_country", "_iso3"
    )


def _state_by_alias(country: str | None) -> dict[str, Any]:
    today = state_today(country) if country else None
    return {"_country": today[0] if today and today[2] == "alias" else country}


def name_relations(relations: pl.DataFrame) -> pl.DataFrame:
    """Relations with a former or informal name of the alias table named as the state today ('See East Timor–Japan
    relations' -> Timor-Leste), as its events name it; the name as written stays in the row's notes. A state of the
    past keeps its own name (its relations are compared with its own)."""
    if relations.is_empty() or "country" not in relations.columns:
        return relations
    named = map_distinct(relations, ["country"], _state_by_alias, {"_country": _STRING})
    return named.with_columns(pl.col("_country").alias("country")).drop("_country")
