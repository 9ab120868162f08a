"""Relation starts stated in prose: "Diplomatic relations were established on 15 May 1952" -> relation_events.

Reads a sentence only when it says that relations (diplomatic, formal or official relations, ties) between two
states were established, opened, begun, normalised, recognised (de facto / de jure), broken, suspended or
restored, and takes only the date written next to that statement. It will not read:

- visits, wars, trade, treaties or agreements that do not say relations began, missions opened or raised, first
  contacts by traders or missionaries, centuries and life spans (no such statement, or a century date);
- a statement after "before" / "prior to" / "until" or one that is hoped for, planned or negotiated;
- relative dates ("a month later", "the same year") or open ones ("before 1991");
- a statement whose counterpart it cannot name: no country in the sentence besides the focal one, and none given
  by the title; a statement that does not involve the focal country at all.
What it does not read stays in its paragraph; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from curator.countries import countries_in_text, country_iso3
from curator.dates import DateSpan, FuzzyDate, find_dates, parse_fuzzy_date
from curator.text.markup import strip_markup
from curator.text.sentences import sentences

_RELATIONS = r"(?:relations|ties|relationship)"
_QUALIFIERS = r"(?:(?:their|its|formal|full|official|diplomatic|bilateral|consular|normal|friendly)\s+)*"
# Past tense, and the present of timelines ('1855 – Japan and Russia sign a treaty, which opens relations').
_ACTIVE = {
    "re_established": r"re-?establish(?:ed|es)|restor(?:ed|es)|resum(?:ed|es)|renew(?:ed|s)|re-?open(?:ed|s)",
    "established": r"establish(?:ed|es)|open(?:ed|s)|set\s+up|institut(?:ed|es)|inaugurat(?:ed|es)"
    r"|normali[sz](?:ed|es)|enter(?:ed|s)\s+into",
    "broken": r"broke\s+off|breaks\s+off|broken\s+off|sever(?:ed|s)|cut\s+off|cut|ruptured",
    "suspended": r"suspend(?:ed|s)|froze|freezes",
}
_PASSIVE = {
    "re_established": r"re-?established|restored|resumed|renewed|re-?opened",
    "established": r"established|opened|set\s+up|put\s+in\s+place|instituted|normali[sz]ed|formali[sz]ed",
    "broken": r"broken(?:\s+off)?|severed|cut(?:\s+off)?|ruptured|terminated",
    "suspended": r"suspended|frozen|interrupted",
}
_DECIDED = {
    "re_established": r"restore|resume|re-?establish",
    "established": r"establish|normali[sz]e|open",
}
_NOUNS = {
    "re_established": r"re-?establishment|restoration|resumption|renewal",
    "established": r"establishment|normali[sz]ation|opening|inauguration",
    "broken": r"rupture|severance|breaking\s+off|break",
    "suspended": r"suspension",
}


def _alternation(verbs: dict[str, str]) -> str:
    return "|".join(f"(?P<{event}>{pattern})" for event, pattern in verbs.items())


_PREDICATES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # "Japan and Mexico opened formal diplomatic relations", "broke off diplomatic relations with Japan"
        rf"\b(?:{_alternation(_ACTIVE)})\s+{_QUALIFIERS}(?:diplomatic\s+)?{_RELATIONS}\b",
        # "Georgian-Japanese relations were established", "relations ... had been restored"
        rf"\b{_RELATIONS}\b(?:\s+[\w'’–-]+){{0,8}}?\s+(?:were|was|have\s+been|had\s+been|has\s+been|are|is|got)\s+"
        rf"(?:\w+ly\s+)?(?:first\s+|then\s+|again\s+|finally\s+|also\s+)?(?:{_alternation(_PASSIVE)})\b",
        # headline style: "1961 Diplomatic relations established."
        rf"\b{_RELATIONS}\s+(?:{_alternation(_PASSIVE)})\s*(?:[.;,]|$|\s+(?:on|in|upon|by)\b)",
        # "relations between the two formally began on 2 June 1869"
        rf"\b{_RELATIONS}\b(?:\s+[\w'’–-]+){{0,7}}?\s+(?:\w+ly\s+)?(?P<established>began|started|commenced)\b",
        # "the establishment of diplomatic relations in 1972", "the resumption of ties"
        rf"\b(?:{_alternation(_NOUNS)})\s+of\s+{_QUALIFIERS}(?:diplomatic\s+)?{_RELATIONS}\b",
        # "both sides decided to normalize diplomatic relations"
        rf"\bdecided\s+to\s+(?:{_alternation(_DECIDED)})\s+{_QUALIFIERS}(?:diplomatic\s+)?{_RELATIONS}\b",
        # "the cabinet decided on 6 March 1919 to recognise the independence of ..."
        r"\bdecided\b(?:\s+[\w,]+){0,5}?\s+to\s+(?P<recognized>recogni[sz]e)\b",
        # "the treaty put diplomatic relations between them in place"
        rf"\b(?P<established>put)\s+{_QUALIFIERS}(?:diplomatic\s+)?{_RELATIONS}\b(?:\s+[\w'’–-]+){{0,5}}?\s+in\s+place\b",
        # "relations with Spain date from the treaty of 1868", "historians date the first formal ties from"
        rf"\b{_RELATIONS}\b(?:\s+[\w'’–-]+){{0,4}}?\s+(?P<established>date\s+from)\b",
        rf"\b(?P<established>date)\s+(?:the\s+)?(?:first\s+)?{_QUALIFIERS}{_RELATIONS}\s+from\b",
        # "Freedonia has had diplomatic relations with Japan since 1958"
        rf"\b(?:has|have|had)\s+(?:had|maintained|enjoyed|kept)\s+{_QUALIFIERS}(?:diplomatic\s+)?{_RELATIONS}\b"
        rf"(?:\s+[\w'’–-]+){{0,6}}?\s+(?P<established>since)\b",
        # "Japan recognised Estonia de jure", "extended diplomatic recognition to", "de facto recognition of"
        r"\b(?P<recognized>(?:de\s+(?:facto|jure|iure)\s+)?(?:re-?)?recogni[sz]ed|(?:extended|granted|gave)\s+"
        r"(?:\w+\s+){0,2}recognition|(?:de\s+(?:facto|jure|iure)\s+)?recognition\s+(?:of|to))\b",
    )
)
# Word stems of which every predicate above (and the anaphora) needs one: a paragraph holding none of them states
# no relation event, so a reader may skip it unread. Case-insensitive like the predicates; markup removal only
# ever puts spaces into a text, so a stem in the cleaned text is in the text as written.
STATEMENT_STEMS = (
    "establish",
    "restor",
    "resum",
    "renew",
    "open",
    "set",
    "institut",
    "inaugurat",
    "normali",
    "formali",
    "enter",
    "broke",
    "break",
    "sever",
    "cut",
    "ruptur",
    "termina",
    "suspen",
    "interrupt",
    "froze",
    "freez",
    "put",
    "began",
    "started",
    "commenced",
    "decided",
    "date",
    "since",
    "recogni",
)
# The stems as a polars (Rust) pattern; Python's IGNORECASE also folds 'ı' and 'İ' to 'i', Rust's does not.
STATEMENT_WORDS = "(?i)" + "|".join(STATEMENT_STEMS).replace("i", "[iıİ]")
# A sentence after one that names relations (anywhere in a word, as 'parties' does) may say "They were restored".
_RELATIONS_NAMED = re.compile(_RELATIONS, re.IGNORECASE)
# "They were restored in 1952": relations named by the sentence before.
_ANAPHORA = re.compile(
    rf"^\s*(?:they|these|these\s+{_RELATIONS}|the\s+{_RELATIONS})\s+(?:were|was|had\s+been|have\s+been)\s+"
    rf"(?:\w+ly\s+)?(?:{_alternation(_PASSIVE)})\b",
    re.IGNORECASE,
)
# Words before a statement that make it not (yet) a fact, or a date of something earlier.
_NOT_A_FACT = re.compile(
    r"\b(?:before|prior\s+to|until|till|ahead\s+of|without|no|not|never|hopes?|hoped|aims?|aimed|plans?|planned"
    r"|propos\w*|talks?|negotiat\w*|attempt\w*|tried|sought|seek\w*|wish\w*|would|could|might|may|intend\w*"
    r"|expect\w*|call(?:ed|s)?\s+for|towards?|prepar\w*)\W+(?:\w+\W+){0,5}$",
    re.IGNORECASE,
)
_DE_FACTO = re.compile(r"\bde\s+facto\b", re.IGNORECASE)
_DE_JURE = re.compile(r"\bde\s+(?:jure|iure)\b", re.IGNORECASE)
# A date this far (in characters) from its statement belongs to something else.
_MAX_DISTANCE = 80
_CONNECTIVE = re.compile(r"[;:]|\bwhile\b|\bwhereas\b|\bbut\b", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """A dated event of the relations between two states, read from one sentence."""

    event: str
    date: FuzzyDate
    date_text: str
    sentence: str
    mentions: tuple[tuple[int, int, str], ...]  # (start, end, country) of every state the sentence names


@dataclass(frozen=True)
class _Predicate:
    start: int
    end: int
    event: str


def _predicates(sentence: str, after_relations: bool) -> list[_Predicate]:
    found: dict[tuple[int, int], _Predicate] = {}
    patterns = list(_PREDICATES) + ([_ANAPHORA] if after_relations else [])
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            event = next(name for name, value in match.groupdict().items() if value)
            verb_start, verb_end = match.span(event)
            if _NOT_A_FACT.search(sentence[: match.start()]):
                continue
            if event == "recognized":
                window = sentence[max(0, match.start() - 25) : match.end() + 60]
                if _DE_JURE.search(window):
                    event = "recognized_de_jure"
                elif _DE_FACTO.search(window):
                    event = "recognized_de_facto"
            found.setdefault((verb_start, verb_end), _Predicate(verb_start, verb_end, event))
    # Overlapping matches (active and noun forms of one verb) are one statement.
    ordered = sorted(found.values(), key=lambda p: (p.start, -p.end))
    kept: list[_Predicate] = []
    for predicate in ordered:
        if kept and predicate.start < kept[-1].end:
            continue
        kept.append(predicate)
    return kept


_OPEN_START = re.compile(r"^(?:since|from)\s+", re.IGNORECASE)


def _start_of(span: DateSpan, sentence: str) -> DateSpan | None:
    """'since 1922' in 'have had relations since 1922' dates the start: the date after the word, not an open range.
    Any other open range ('2021–') is not the date of one event."""
    if span.date.end_status != "ongoing":
        return span
    written = sentence[span.start : span.end]
    word = _OPEN_START.match(written)
    start = parse_fuzzy_date(written[word.end() :]) if word else None
    if word is None or start is None or start.end_status is not None:
        return None
    return DateSpan(span.start + word.end(), span.end, start)


def _distance(predicate: _Predicate, start: int, end: int, sentence: str) -> int | None:
    """Characters between a statement and a date in the same clause; None when a clause break lies between."""
    left, right = (end, predicate.start) if end <= predicate.start else (predicate.end, start)
    if left > right:
        return 0
    if _CONNECTIVE.search(sentence[left:right]) or right - left > _MAX_DISTANCE:
        return None
    return right - left


@lru_cache(maxsize=65536)
def read_sentence(sentence: str, after_relations: bool = False) -> tuple[Statement, ...]:
    """The relation statements of one sentence (markup already removed), each with the date nearest to it."""
    predicates = _predicates(sentence, after_relations)
    if not predicates:
        return ()
    spans = [
        span
        for found in find_dates(sentence)
        if (span := _start_of(found, sentence)) is not None
        and span.date.earliest is not None
        and span.date.precision != "century"
    ]
    claimed: dict[int, tuple[int, int]] = {}  # date index -> (distance, predicate index)
    for p_index, predicate in enumerate(predicates):
        for d_index, span in enumerate(spans):
            distance = _distance(predicate, span.start, span.end, sentence)
            if distance is None:
                continue
            # After the statement wins ties ("established ... on 3 May"); each date serves its nearest statement.
            key = (distance + (1 if span.end <= predicate.start else 0), p_index)
            if d_index not in claimed or key < claimed[d_index]:
                claimed[d_index] = key
    by_predicate: dict[int, tuple[int, int]] = {}
    for d_index, (distance, p_index) in claimed.items():
        if p_index not in by_predicate or distance < by_predicate[p_index][0]:
            by_predicate[p_index] = (distance, d_index)
    mentioned = tuple((m.start, m.end, m.country) for m in countries_in_text(sentence))
    return tuple(
        Statement(
            predicates[p_index].event,
            spans[d_index].date,
            sentence[spans[d_index].start : spans[d_index].end].strip(" .,;:"),
            sentence,
            mentioned,
        )
        for p_index, (_distance_, d_index) in sorted(by_predicate.items())
    )


def read_paragraph(text: str) -> list[Statement]:
    """Relation statements of a paragraph or list item, sentence by sentence."""
    statements: list[Statement] = []
    # "They were restored in 1952" reads as relations once the paragraph has spoken of relations.
    relations_named = False
    for sentence in sentences(strip_markup(text)):
        found = read_sentence(sentence, relations_named)
        statements.extend(found)
        relations_named = relations_named or bool(found) or bool(_RELATIONS_NAMED.search(sentence))
    return statements


_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$")


def counterparts(statement: Statement, focal: str, subject: str | None, counterpart: str | None) -> list[str]:
    """The state(s) on the other side of the focal country in a statement; empty when that cannot be told.

    `subject` and `counterpart` are the title's parties ('Japan–Mexico relations': Japan and Mexico; 'Foreign
    relations of Latvia': Latvia and none). A sentence naming the focal country and one other state names its
    counterpart; one naming no other state ("the two countries restored relations") takes the title's; a
    coordinated list ("recognised Estonia, Latvia and Lithuania") names several. A sentence that does not involve
    the focal country (named, or a party of the title) gives nothing; nor does one naming two other states.
    """

    def key(country: str | None) -> str | None:
        return (country_iso3(country) or country.casefold()) if country else None

    focal_named = any(key(country) == key(focal) for _start, _end, country in statement.mentions)
    others = [(start, end, country) for start, end, country in statement.mentions if key(country) != key(focal)]
    # One name per state, the title's spelling when it is the title's counterpart ('Republic of Korea' -> South Korea).
    by_key = {
        key(country): (counterpart or country if key(country) == key(counterpart) else country)
        for *_, country in others
    }
    names: list[str] = list(by_key.values())
    implicit = counterpart or (subject if subject and key(subject) != key(focal) else None)
    if not focal_named:
        if key(focal) not in (key(subject), key(counterpart)):
            return []
        if not names:
            return [implicit] if implicit else []
        return names if len(names) == 1 and (counterpart is None or names[0] == counterpart) else []
    if not names:
        return [implicit] if implicit else []
    if counterpart in names:
        return [counterpart]
    if len(names) == 1:
        return names
    glued = all(_LIST_GLUE.match(statement.sentence[left[1] : right[0]]) for left, right in pairwise(others))
    return names if glued else []
