"""The words and line shapes the readers share: roles, gaps, placeholders, page chrome, infobox keys, table headers.

Every reader recognises a block by what it looks like (header words, heading words, key names), never by the file
it came from; the recognisable words live here, once, with their own tests (tests/test_lexicon.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from curator.text.dashes import MINUS_SIGNS
from curator.text.markup import strip_markup, without_citations

# --- heads of mission ---------------------------------------------------------------------------------------------

# Role words, most specific first; matched case-insensitively anywhere in a phrase (a heading, a cell, a bracket).
ROLE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bcharg[ée]s?\s+d['’]?\s*affair(?:e)?s\b", re.I), "chargé d'affaires"),
    (re.compile(r"\b(?:minister\s+resident|resident\s+minister)\b", re.I), "minister resident"),
    (re.compile(r"\bconsuls?[- ]general\b", re.I), "consul general"),
    (re.compile(r"\bambassadors?\b", re.I), "ambassador"),
    (re.compile(r"\benvoys?\b", re.I), "envoy"),
    (re.compile(r"\bministers?\b|\bminister plenipotentiary\b", re.I), "minister"),
)
# A heading that names a rank is the role of the entries under it, not a list title: "Envoy Extraordinary and
# Minister Plenipotentiary", "Ambassadors, 1952–present", "Resident Minister of the Republic of China (1912–1949)".
_RANK_HEADING = re.compile(
    r"^\s*(?:(?:special|acting)\s+)?(?:envoys?|ambassadors?|charg[ée]s?\s+d['’]?\s*affair|ministers?|resident\s+minister"
    r"|minister\s+resident|heads?\s+of\s+mission|chiefs?\s+of\s+mission|political\s+representative|consuls?"
    r"|office-holders|list\s+of\s+(?:heads|chiefs|representatives|ambassadors|envoys))",
    re.I,
)
# Entries that are not people: gaps in representation, closures, suspensions.
_GAP = re.compile(
    r"^\s*(?:no\s+(?:[\w-]+\s+){0,2}(?:representation|ambassador|envoy|minister|mission|legation|embassy"
    r"|diplomatic\s+relations|relations)|suspension\s+of\s+relations"
    r"|relations\s+(?:were\s+)?(?:broken|severed|suspended|interrupted)|closed\b|vacant\b|post\s+vacant"
    r"|legation\s+closed|embassy\s+closed|mission\s+closed)",
    re.I,
)
# A spanning row that names a rank for the rows below it ("Titled as Envoy Extraordinary ...").
_TITLE_ROW = re.compile(r"^\s*(?:titled|styled|accredited)\s+as\b", re.I)
HONORIFICS = frozenset(
    {
        "viscount",
        "baron",
        "baroness",
        "count",
        "countess",
        "marquis",
        "marquess",
        "prince",
        "sir",
        "dame",
        "lord",
        "lady",
        "earl",
        "duke",
        "dr.",
        "dr",
        "his excellency",
        "her excellency",
        "h.e.",
        "the hon.",
        "hon.",
        "the honourable",
        "the honorable",
        "mr.",
        "mrs.",
        "ms.",
    }
)


def role_of(phrase: str) -> str | None:
    """The head-of-mission role a phrase names ('Envoy Extraordinary ...' -> envoy), or None."""
    return next((role for pattern, role in ROLE_WORDS if pattern.search(phrase)), None)


def is_rank_heading(heading: str) -> bool:
    """True for a heading that names a rank or the list of heads of mission rather than a topic."""
    return bool(_RANK_HEADING.match(heading))


def is_gap(text: str) -> bool:
    """True for an entry or row that records a gap or closure, never a person."""
    return bool(_GAP.match(text))


def is_title_row(text: str) -> bool:
    """True for a spanning table row that names a rank ('Titled as Envoy Extraordinary and ...')."""
    return bool(_TITLE_ROW.match(text))


# A cell that points at another article ('See Ann–Bee relations', 'See Foreign relations of Ann', 'See also Ann'):
# a note, never a name or a date.
_CROSS_REFERENCE = re.compile(r"^\s*see(?:\s+also)?\s+\S", re.I)


def is_cross_reference(cell: str) -> bool:
    """True for a cell that points at another article ('See Ann–Bee relations'): a note, never a name."""
    return bool(_CROSS_REFERENCE.match(cell))


# --- cells ------------------------------------------------------------------------------------------------------

# Cells that hold no value: dashes, dots, stars, question marks, N/A and the words for "not known".
PLACEHOLDER_CELLS = frozenset(
    {
        "",
        "-",
        "--",
        "–",
        "—",
        "―",
        "−",
        ".",
        "..",
        "...",
        "…",
        "*",
        "**",
        "?",
        "??",
        "???",
        "n/a",
        "na",
        "n.a",
        "n.a.",
        "none",
        "nil",
        "null",
        "unknown",
        "unk",
        "unk.",
        "not known",
        "not applicable",
        "no data",
        "tba",
        "tbd",
        "vacant",
        "x",
    }
)


def is_placeholder(cell: str) -> bool:
    """True for a cell that stands for 'nothing here' (a dash, a dot, N/A, a star)."""
    return cell.strip().casefold() in PLACEHOLDER_CELLS


# --- infoboxes -----------------------------------------------------------------------------------------------------

# Infobox key (normalised: lower case, digits and spaces dropped) -> what it says.
INFOBOX_KEYS: dict[str, str] = {
    "incumbent": "incumbent",
    "incumbentsince": "incumbent_since",
    "since": "incumbent_since",
    "inaugural": "inaugural",
    "inauguralholder": "inaugural",
    "firstholder": "inaugural",
    "formation": "formation",
    "established": "formation",
    "envoy": "envoy",
    "envoytitle": "envoy_title",
    "ambassador": "envoy",
    "consulgeneral": "envoy",
    "consul-general": "envoy",
    "mission": "mission",
    "party": "party",
    "post": "post",
    "body": "post",
    "style": "other",
    "appointer": "other",
    "appointerqualified": "other",
    "nominator": "other",
    "termlength": "other",
    "seat": "other",
    "website": "other",
    "salary": "other",
    "insignia": "other",
    "insigniasize": "other",
    "insigniacaption": "other",
    "flag": "other",
    "flagcaption": "other",
    "department": "other",
    "residence": "other",
    "map": "other",
    "filetype": "other",
    "image": "other",
    "imagesize": "other",
    "caption": "other",
    "reportsto": "other",
    "deputy": "other",
    "precursor": "other",
    "abolished": "other",
    # A mission's infobox (`Embassy of Sweden, Tokyo`): where it is and since when.
    "location": "other",
    "address": "other",
    "coordinates": "other",
    "opened": "other",
    "jurisdiction": "other",
}
INFOBOX_MARKER = re.compile(r"^\s*infobox\b", re.I)


def infobox_key(text: str) -> str | None:
    """What an infobox key means ('Incumbentsince', 'Inaugural holder', 'Envoy1' -> incumbent_since, inaugural,
    envoy), or None when it is not an infobox key."""
    normalised = re.sub(r"[\d\s_]+", "", text).casefold().rstrip(":")
    return INFOBOX_KEYS.get(normalised)


# Keys that may be glued to their value in older renderings ('Inaugural holderTatsuo Kawai', 'Formation1905'),
# longest first so that 'Incumbent since' wins over 'Incumbent'.
GLUED_KEYS = tuple(
    sorted(
        (
            "Incumbent since",
            "Incumbent",
            "Inaugural holder",
            "Inaugural",
            "Formation",
            "Style",
            "Appointer",
            "Website",
            "Seat",
            "Nominator",
            "Term length",
            "Salary",
            "Residence",
            "Ambassador",
            "Consul General",
            "Location",
            "Address",
            "Coordinates",
            "Opened",
            "Jurisdiction",
        ),
        key=len,
        reverse=True,
    )
)


# --- ambassador tables -------------------------------------------------------------------------------------------

# Header cell (normalised, see `header_words`) -> column role of a table of heads of mission.
AMBASSADOR_COLUMNS: dict[str, str] = {
    "name": "name",
    "name english": "name",
    "head of mission": "name",
    "heads of mission": "name",
    "incumbent": "name",
    "ambassador": "name",
    "ambassadors": "name",
    "envoy": "name",
    "representative": "name",
    "diplomat": "name",
    "officeholder": "name",
    "name japanese": "name_native",
    "name chinese": "name_native",
    "name korean": "name_native",
    "name in japanese": "name_native",
    "japanese name": "name_native",
    "native name": "name_native",
    "inaugural date": "start",
    "appointment": "start",
    "appointed": "start",
    "date of appointment": "start",
    "arrival": "start",
    "credentials presented": "start",
    "presented credentials": "start",
    "credentials": "start",
    "tenure begins": "start",
    "term begins": "start",
    "start date": "start",
    "start of term": "start",
    "term start": "start",
    "took office": "start",
    "from": "start",
    "start": "start",
    "tenure ends": "end",
    "term ends": "end",
    "end date": "end",
    "end of term": "end",
    "date of end of term": "end",
    "term end": "end",
    "left office": "end",
    "left post": "end",
    "to": "end",
    "end": "end",
    "period": "term",
    "term": "term",
    "tenure": "term",
    "term of office": "term",
    "years": "term",
    "official position": "role",
    "official position japanese": "role_native",
    "position": "role",
    "title": "role",
    "rank": "role",
    "note": "note",
    "notes": "note",
    "remarks": "note",
    "reason": "note",
    "reason for end of term": "note",
    "ref": "ignore",
    "refs": "ignore",
    "references": "ignore",
    "no": "number",
    "no.": "number",
    "#": "number",
    "accreditation": "ignore",
    "career": "ignore",
    "british monarch": "ignore",
    "japanese emperor": "ignore",
    "emperor": "ignore",
    "monarch": "ignore",
    "president": "ignore",
    "prime minister": "ignore",
    "prime minister nominated by": "ignore",
    "head of state": "ignore",
    "": "ignore",
}


def header_words(cell: str) -> str:
    """A header cell as the vocabularies spell it: lower case, brackets, citations and punctuation dropped."""
    text = without_citations(cell).casefold()
    text = re.sub(r"[()\[\]:*]", " ", text)
    return " ".join(text.replace("–", "-").split())


def fold(text: str) -> str:
    """Lower case without diacritics or extra spaces, for matching names ('Kōsai Uchida' ~ 'kosai uchida')."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


# --- tables claimed by their header -----------------------------------------------------------------------------

# Header cell (`normalise_header`) -> column role, per table kind (relations, state list, opinion polls).
RELATIONS_HEADER = {"country": "named", "formal relations began": "began", "notes": "notes"}
STATE_LIST_HEADER = {"#": "number", "country": "country", "date": "date"}
POLL_HEADER = {
    "country polled": "country",
    "country": "country",
    "positive": "positive",
    "favorable": "positive",
    "favourable": "positive",
    "negative": "negative",
    "unfavorable": "negative",
    "unfavourable": "negative",
    "neutral": "neutral",
    "pos - neg": "net",
    "fav - unfav": "net",
    "net": "net",
}


def normalise_header(cell: str) -> str:
    """Lower-case header text with markup removed, dashes and minus signs as '-', spaces folded."""
    text = strip_markup(cell).translate(MINUS_SIGNS).casefold()
    return " ".join(re.sub(r"\s*-\s*", " - ", text).split())


@lru_cache(maxsize=4096)
def header_role(cell: str) -> str | None:
    """The role a header cell names in any table vocabulary ('Tenure begins' -> start), or None."""
    words = header_words(cell)
    if words and words in AMBASSADOR_COLUMNS:
        return AMBASSADOR_COLUMNS[words]
    key = normalise_header(cell)
    for vocabulary in (RELATIONS_HEADER, POLL_HEADER, STATE_LIST_HEADER):
        if key in vocabulary:
            return vocabulary[key]
    return None


def is_header_row(cells: list[str]) -> bool:
    """True for a table row that repeats column names (a header or sub-header row: `| Start Date | PoC. | End Date |`):
    two or more of its filled cells are column names a vocabulary knows. Such a row is never a person."""
    filled = [cell for cell in cells if cell.strip() and not is_placeholder(cell)]
    return sum(header_role(cell) is not None for cell in filled) >= 2


def split_glued_header(line: str) -> list[str] | None:
    """Header cells glued without separators ('NameAppointmentLeft office', 'Country polledFavorableUnfavorable',
    '#CountryDate'), or None unless at least two parts and every part is a header some table vocabulary knows."""
    parts = [part.strip() for part in re.split(r"(?<=[a-z)\].%#])(?=[A-Z(#])", line.strip()) if part.strip()]
    if len(parts) < 2 or any(header_role(part) is None for part in parts):
        return None
    return parts
