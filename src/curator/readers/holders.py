"""Who holds a post now: the heads of mission an infobox names, and the list or table entries an infobox or a lead
sentence calls the current holder.

It will not end or open a term it was not told about: only an entry whose term is written as one year or left open
becomes ongoing, and `term_end_status_source` says who told so (infobox or prose). An infobox person already listed
in the document is not a second entry.
"""

from __future__ import annotations

import re

import polars as pl

from curator.frames import from_rows, map_distinct
from curator.readers import infobox
from curator.readers.composite import AMBASSADORS, INFOBOX, Open
from curator.readers.entries import BUILT_ENTRY_SCHEMA, empty_entry, entry_rows
from curator.readers.subject import title_parties
from curator.text.markup import strip_markup
from curator.text.vocabulary import fold

_STRING, _INT, _DOC = pl.String(), pl.Int64(), pl.UInt32()


def current_holders(frames: dict[str, pl.DataFrame], open_: Open) -> dict[str, pl.DataFrame]:
    """The ambassadors rows with the infobox's people not already listed, and the current holders marked."""
    entries = frames[AMBASSADORS]
    people, current = _infobox_people(infobox.lines_of(frames.get(INFOBOX)), open_.context, entries)
    stated = current_in_prose(open_.loaded.batch.paragraphs, entries).join(
        current, on=["doc", "source_line"], how="anti"
    )
    marks = pl.concat(
        [current.with_columns(pl.lit("infobox").alias("_by")), stated.with_columns(pl.lit("prose").alias("_by"))]
    )
    return frames | {AMBASSADORS: _mark_current(pl.concat([entries, people]), marks)}


def infobox_rows(people: pl.DataFrame, listed: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ambassadors rows for the people an infobox names who are not already entries of the same document, and
    the current-holder mark (doc, source_line) for the list or table entries an infobox incumbent names.

    `people`: doc, line, source_text, field, name, role, since, sender, receiver; `listed`: the document's
    list and table entries (doc, source_line, name, term_end_status).
    """
    if people.is_empty():
        return entry_rows(from_rows([], BUILT_ENTRY_SCHEMA), "infobox")[0], listed.select("doc", "source_line").clear()
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
        empty_entry()
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
    rows, _findings = entry_rows(from_rows(entries, BUILT_ENTRY_SCHEMA), "infobox")
    return rows, current


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


def _infobox_people(
    found: list[infobox.InfoboxLine], context: pl.DataFrame, entries: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ambassadors rows of infobox people not already listed, and the list entries an incumbent makes current."""
    by_doc = infobox.by_document(found)
    parties = {row["doc"]: row for row in context.iter_rows(named=True)}
    people = []
    for doc, lines in by_doc.items():
        party1, party2 = infobox.parties(lines)
        document = parties.get(doc, {})
        for person in infobox.people(lines):
            sender: str | None
            receiver: str | None
            post = title_parties(person.pop("post")) if person.get("post") else None
            if post is not None and post.sender and post.receiver:
                # 'Envoytitle2: Ambassador of the United Kingdom to Japan' says who sends whom.
                sender, receiver = post.sender, post.receiver
            elif person["field"] == "envoy" and party1 and party2:
                sender, receiver = (party1, party2) if person["index"] == 1 else (party2, party1)
            else:
                sender, receiver = document.get("sender"), document.get("receiver")
            people.append({"doc": doc, **person, "sender": sender, "receiver": receiver})
    schema = {
        "doc": _DOC,
        "line": _INT,
        "source_text": _STRING,
        "field": _STRING,
        "name": _STRING,
        "role": _STRING,
        "since": _STRING,
        "index": _INT,
        "sender": _STRING,
        "receiver": _STRING,
    }
    listed = entries.filter(pl.col("entry_kind") == "person").select(
        "doc",
        "source_line",
        "name",
        "term_end_status",
        ((pl.col("term_start_year") == pl.col("term_end_year")) & ~pl.col("term_text").str.contains(r"[–-]"))
        .fill_null(False)
        .alias("single_year"),
    )
    return infobox_rows(from_rows(people, schema), listed)


def _mark_current(ambassadors: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """Entries the document names as the current holder (`_by`: infobox or prose): a term written as one year or
    left open is ongoing, and `term_end_status_source` says who told so. A closed range is left as written."""
    if current.is_empty():
        return ambassadors
    ambassadors = ambassadors.join(current.unique(["doc", "source_line"]), on=["doc", "source_line"], how="left")
    single_year = (pl.col("term_start_year") == pl.col("term_end_year")) & ~pl.col("term_text").str.contains(r"[–-]")
    open_term = (
        pl.col("term_end_status").is_null() | (pl.col("term_end_status") != "ended") | single_year.fill_null(False)
    )
    changed = pl.col("_by").is_not_null() & open_term & (pl.col("term_end_status") != "ongoing").fill_null(True)
    return ambassadors.with_columns(
        pl.when(changed).then(pl.lit(None, dtype=_INT)).otherwise("term_end_year").alias("term_end_year"),
        pl.when(changed).then(pl.lit("ongoing")).otherwise("term_end_status").alias("term_end_status"),
        pl.when(changed).then(pl.col("_by")).otherwise("term_end_status_source").alias("term_end_status_source"),
    ).drop("_by")
