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
from dataclasses import dataclass, replace
from functools import lru_cache

from curator.countries import countries_in_text
from curator.dates import DateSpan, FuzzyDate, find_dates, parse_fuzzy_date
from curator.readers.gapping import gapped
from curator.readers.relation_phrases import (
    ANAPHORA,
    ANNIVERSARY_YEARS,
    CLEFT,
    CONNECTIVE,
    COORDINATED,
    DE_FACTO,
    DE_JURE,
    ENDED_BY,
    FIRST_RELATIONS_HEADING,
    KEY_VALUE,
    NEXT_CLAUSE,
    NOT_A_FACT,
    NOT_UNTIL,
    OBJECT_PRONOUN,
    OPENING_DATE,
    OPENING_ENDED,
    ORDINAL_YEARS,
    OTHER_EVENT,
    OTHER_RELATIONS,
    OTHER_YEAR,
    OWN_DAY,
    POINTS_BACK,
    PREDICATES,
    RELATIONS_NAMED,
    SIGNED,
    SIGNED_CLAUSE,
    TREATY,
    TREATY_OF_AMITY,
    WHEN,
)
from curator.readers.relative_dates import POINTS, relative_spans, years_of
from curator.text.markup import strip_markup
from curator.text.sentences import sentences

# A date this far (in characters) from its statement belongs to something else, unless it ends the clause that
# says when the treaty named after the verb was signed.
_MAX_DISTANCE = 80
_MAX_SIGNED_DISTANCE = 160
_MAX_OPENING_DISTANCE = 200


@dataclass(frozen=True)
class Statement:
    """A dated event of the relations between two states, read from one sentence."""

    event: str
    date: FuzzyDate
    date_text: str
    sentence: str
    mentions: tuple[tuple[int, int, str], ...]  # (start, end, country) of every state the sentence names
    treaty: str | None = None  # the treaty the sentence names as the instrument of the event
    derived_from: str | None = None  # how a date not written as such was computed ('50th anniversary in 2008')
    at: int | None = None  # where its verb starts in the sentence


@dataclass(frozen=True)
class Unresolved:
    """A statement whose only date is a relative one ('the same year') with no single date to count from."""

    sentence: str
    phrase: str
    reason: str


@dataclass(frozen=True)
class _Predicate:
    start: int
    end: int
    event: str
    years: int | None = None  # an anniversary's count of years
    after_only: bool = False  # a verb pointing back ("... and restored them in 1952") takes no date before it
    treaty: str | None = None  # the treaty a 'signed' statement signs (read only under a first-relations heading)


_STARTS = ("established", "re_established", "anniversary")


def _anniversary_years(text: str) -> int | None:
    found = ANNIVERSARY_YEARS.search(text)
    if found is None:
        return None
    return int(found.group(1)) if found.group(1) else ORDINAL_YEARS[" ".join(found.group(2).casefold().split())]


def _signed_treaties(sentence: str) -> list[_Predicate]:
    """'signed a Treaty of Amity, Commerce and Navigation', 'a treaty of friendship was signed': `established`, with
    the treaty (one of amity, friendship, commerce or navigation) right after the verb or right before it."""
    treaties = [match for match in TREATY.finditer(sentence) if TREATY_OF_AMITY.search(match.group(0))]
    found: list[_Predicate] = []
    for match in SIGNED.finditer(sentence):
        if NOT_A_FACT.search(sentence[: match.start()]):
            continue
        named = [
            treaty
            for treaty in treaties
            if 0 <= treaty.start() - match.end() <= 6 or 0 <= match.start() - treaty.end() <= 12
        ]
        if len(named) == 1:
            found.append(_Predicate(*match.span(), "established", treaty=named[0].group(0).strip(" ,")))
    return found


def _predicates(sentence: str, after_relations: bool, treaty_starts: bool = False) -> list[_Predicate]:
    found: dict[tuple[int, int], _Predicate] = {}
    ends: list[int] = []  # where statements read as what ended something else ('until relations were cut') end
    if treaty_starts:
        found.update({(p.start, p.end): p for p in _signed_treaties(sentence)})
    for pattern in (*PREDICATES, ANAPHORA, OBJECT_PRONOUN, COORDINATED):
        for match in pattern.finditer(sentence):
            if pattern in (ANAPHORA, OBJECT_PRONOUN) and not (
                after_relations or RELATIONS_NAMED.search(sentence, 0, match.start())
            ):
                continue
            if pattern is COORDINATED and not any(
                end <= match.start() for end in (*ends, *(p.end for p in found.values()))
            ):
                continue
            event = next(name for name, value in match.groupdict().items() if value)
            verb_start, verb_end = match.span(event)
            before = sentence[: match.start()]
            # "contacts were kept up until relations were suspended in 1943 and were restored in 1950": the second
            # verb coordinated with the first is a fact.
            if NOT_A_FACT.search(before) and not CLEFT.search(before) and not (pattern is COORDINATED and ends):
                if ENDED_BY.search(before):
                    ends.append(verb_end)
                continue
            relations = RELATIONS_NAMED.search(match.group(0))
            if relations and OTHER_RELATIONS.search(sentence[: match.start() + relations.start()]):
                continue
            years = None
            if event == "anniversary":
                years = _anniversary_years(match.group(event))
                if years is None:
                    continue
            if event == "recognized":
                window = sentence[max(0, match.start() - 25) : match.end() + 60]
                if DE_JURE.search(window):
                    event = "recognized_de_jure"
                elif DE_FACTO.search(window):
                    event = "recognized_de_facto"
            predicate = _Predicate(verb_start, verb_end, event, years, pattern in (COORDINATED, OBJECT_PRONOUN))
            found.setdefault((verb_start, verb_end), predicate)
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


def _distance(
    predicate: _Predicate, start: int, end: int, sentence: str, treaties: tuple[tuple[int, int], ...]
) -> int | None:
    """Characters between a statement and a date in the same clause (a treaty's name between them does not count);
    None when a clause break, or a word of another event after the statement, lies between."""
    if predicate.after_only and end <= predicate.start:
        return None
    left, right = (end, predicate.start) if end <= predicate.start else (predicate.end, start)
    if left > right:
        return 0
    between = sentence[left:right]
    named = sum(
        min(right, t_end) - max(left, t_start) for t_start, t_end in treaties if t_start < right and t_end > left
    )
    for t_start, t_end in sorted(treaties, reverse=True):
        if t_start >= left and t_end <= right:
            between = between[: t_start - left] + " " + between[t_end - left :]
    if (CONNECTIVE.search(between) and not KEY_VALUE.fullmatch(between)) or right - left - named > _limit(
        predicate, sentence, treaties, left, right, start
    ):
        return None
    # "recognised it on 28 December 1991, and the two established relations on 16 March 1992": a date before a
    # statement, in the clause before it, is that clause's.
    # (A date's span may hold the comma after it.)
    # Unless the statement points back to it ('... on 22 March 1919, and relations date from that day').
    if (
        end <= predicate.start
        and NEXT_CLAUSE.search(sentence[max(left - 1, 0) : right])
        and not POINTS_BACK.match(sentence, predicate.end)
    ):
        return None
    # A start is not dated by another event ('relations go back to the first contacts in 1543'); a break often is
    # ('ties were cut when the two went to war in December 1941').
    if start >= predicate.end and predicate.event in _STARTS and OTHER_EVENT.search(between):
        return None
    return right - left - named


def _limit(
    predicate: _Predicate, sentence: str, treaties: tuple[tuple[int, int], ...], left: int, right: int, start: int
) -> int:
    """How far a date may lie from a statement: further when the date opens the statement's clause ('and on 28 April
    1952, the day ..., the envoys exchanged notes by which both agreed to resume relations'), or when a treaty
    follows the verb and the date ends the clause that says when it was signed ('go back to a treaty of friendship
    ... that the plenipotentiaries A and B signed at Kanagawa on 12 November 1868')."""
    if (
        right == predicate.start
        and OPENING_DATE.search(sentence, 0, start)
        and "," in sentence[left - 1 : left + 1]
        and not OPENING_ENDED.search(sentence, left, right)
        and not OWN_DAY.search(sentence, predicate.start)
    ):
        return _MAX_OPENING_DISTANCE
    if predicate.event not in _STARTS or left != predicate.end:
        return _MAX_DISTANCE
    following = [end for start, end in treaties if left <= start <= left + 12 and end <= right]
    if following and SIGNED_CLAUSE.fullmatch(sentence[following[0] : right]):
        return _MAX_SIGNED_DISTANCE
    return _MAX_DISTANCE


@lru_cache(maxsize=65536)
def read_sentence_with_findings(
    sentence: str,
    after_relations: bool = False,
    previous_years: tuple[int, ...] = (),
    treaty_starts: bool = False,
    item_date: str | None = None,
    dateline: int | None = None,
) -> tuple[tuple[Statement, ...], tuple[Unresolved, ...]]:
    """The relation statements of one sentence (markup already removed), each with the date nearest to it, and the
    statements whose nearest date is a relative one that cannot be counted (`previous_years`: the years of the
    dates of the sentence before; `treaty_starts`: the sentence is under a heading about the first relations, where
    signing a treaty of amity is the start; `item_date`: the date a timeline item opens with, which dates a statement
    the sentence leaves undated; `dateline`: the year of the document's dateline, from which an anniversary in a
    sentence that writes no year is counted)."""
    predicates = _predicates(sentence, after_relations, treaty_starts)
    if not predicates:
        return (), ()
    written = [
        span
        for found in find_dates(_without_not_until(sentence))
        if (span := _start_of(found, sentence)) is not None
        and span.date.earliest is not None
        and span.date.precision != "century"
    ]
    relative = relative_spans(sentence, written, previous_years)
    # A relative date that cannot be counted still takes part, so that no other date stands in for it.
    candidates: list[tuple[DateSpan, str | None, str | None]] = [(span, None, None) for span in written]
    for start, end, counted, counting in relative:
        if counted is not None:
            candidates.append((DateSpan(start, end, counted), counting, None))
        else:
            candidates.append((DateSpan(start, end, _NO_DATE), None, counting))
    spans = [span for span, _how, _why in candidates]
    treaties = tuple(match.span() for match in TREATY.finditer(sentence))
    claimed: dict[int, tuple[int, int]] = {}  # date index -> (distance, predicate index)
    for p_index, predicate in enumerate(predicates):
        for d_index, span in enumerate(spans):
            distance = _distance(predicate, span.start, span.end, sentence, treaties)
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
    # "Relations began on 15 May 1952, when Japan recognised Freedonia": the recognition shares the date.
    for p_index, predicate in enumerate(predicates):
        if p_index in by_predicate or p_index == 0:
            continue
        previous = by_predicate.get(p_index - 1)
        if (
            previous is not None
            and spans[previous[1]].end <= predicate.start
            and WHEN.match(sentence[spans[previous[1]].end : predicate.start])
        ):
            by_predicate[p_index] = (0, previous[1])
    mentioned = tuple((m.start, m.end, m.country) for m in countries_in_text(sentence))
    statements: list[Statement] = []
    unresolved: list[Unresolved] = []
    # "Russia recognised Croatia in February, Japan in March ... and India in May 1992": each its own month.
    gaps = {
        i: found for i, p in enumerate(predicates) if p.event == "recognized" and (found := gapped(sentence, p.end))
    }
    for p_index, (recognised, chunks) in gaps.items():
        before = tuple(m for m in mentioned if m[1] <= predicates[p_index].start)
        for chunk in chunks:
            names = (*before, recognised) if chunk.subject is None else (chunk.subject, recognised)
            event, at = predicates[p_index].event, predicates[p_index].start if chunk.subject is None else None
            statements.append(Statement(event, chunk.date, chunk.date_text, sentence, names, None, chunk.how, at))
    for p_index, (_, d_index) in sorted(by_predicate.items()):
        predicate, span = predicates[p_index], spans[d_index]
        if p_index in gaps:
            continue
        shared = _distributed(sentence, predicate, written, mentioned)
        if shared and predicate.event in _STARTS[:2]:
            # "with the United States in 1854, with Russia in 1855 and with Holland in 1856": one per country.
            others = {mention for mention, _span in shared}
            for mention, own in shared:
                names = tuple(m for m in mentioned if m == mention or m not in others)
                date_text = sentence[own.start : own.end].strip(" .,;:")
                statements.append(
                    Statement(
                        predicate.event, own.date, date_text, sentence, names, predicate.treaty, None, predicate.start
                    )
                )
            continue
        how, why = candidates[d_index][1], candidates[d_index][2]
        date_text = sentence[span.start : span.end].strip(" .,;:")
        if why is not None:
            unresolved.append(Unresolved(sentence, date_text, why))
            continue
        event, date = predicate.event, span.date
        if predicate.years is not None:
            # "the 50th anniversary of diplomatic relations in 2008": relations were established in 1958.
            if how is not None or date.end_status is not None or date.precision not in POINTS:
                continue
            founded = parse_fuzzy_date(str(date.earliest.year - predicate.years)) if date.earliest else None
            if founded is None:
                continue
            event, how = "established", f"{predicate.years} years before {date_text} (anniversary)"
            date = replace(founded, text=date_text)
        treaty = predicate.treaty or (
            _treaty_of(predicate, span, treaties, sentence) if event in _TREATY_EVENTS else None
        )
        statements.append(Statement(event, date, date_text, sentence, mentioned, treaty, how, predicate.start))
    if not relative:
        for p_index, predicate in enumerate(predicates):
            if p_index not in by_predicate and p_index not in gaps:
                undated = _undated(predicate, sentence, bool(years_of(written)), item_date, dateline)
                if undated is not None:
                    statements.append(replace(undated, mentions=mentioned, at=predicate.start))
    return tuple(statements), tuple(unresolved)


def _undated(
    predicate: _Predicate, sentence: str, has_year: bool, item_date: str | None, dateline: int | None
) -> Statement | None:
    """A statement its sentence leaves without a date, dated by what surrounds the sentence: the date a timeline item
    opens with ('1854: Treaty of Peace and Amity signed; diplomatic relations established'), or, for an anniversary
    in a sentence that writes no year and points to no other year ('last year', 'ago'), the dateline's year."""
    lead = parse_fuzzy_date(item_date) if item_date else None
    if lead is not None and item_date is not None and lead.earliest is not None and predicate.years is None:
        return Statement(predicate.event, lead, item_date, sentence, (), predicate.treaty)
    if predicate.years is None or dateline is None or has_year or OTHER_YEAR.search(sentence):
        return None
    founded = parse_fuzzy_date(str(dateline - predicate.years))
    if founded is None:
        return None
    how = f"{predicate.years} years before {dateline} (anniversary, in the year of the dateline)"
    return Statement("established", replace(founded, text=str(dateline)), str(dateline), sentence, (), None, how)


# A chunk of a statement shared by several countries, each with its date: ", with Russia in 1855" (\x00: a country
# named, \x01: a date written), after the rest of the statement's words ('treaty relations').
_SHARED_CHUNK = r"\s*(?:,\s*)?(?:and\s+)?with\s+(?:the\s+)?\x00\s+(?:in|on)\s+\x01"
_SHARED = re.compile(rf"[^\x00\x01,;]{{0,40}}?(?:{_SHARED_CHUNK}){{2,}}")


def _distributed(
    sentence: str, predicate: _Predicate, written: list[DateSpan], mentioned: tuple[tuple[int, int, str], ...]
) -> list[tuple[tuple[int, int, str], DateSpan]]:
    """The (country, date) pairs of one statement made for several countries right after its verb ('opened
    relations with the United States in 1854, with Russia in 1855 and with Holland in 1856'); empty unless at least
    two such pairs follow the verb."""
    marks = sorted(
        [(m[0], m[1], "\x00", i) for i, m in enumerate(mentioned) if m[0] >= predicate.end]
        + [(d.start, d.end, "\x01", i) for i, d in enumerate(written) if d.start >= predicate.end]
    )
    template: list[str] = []
    order: list[tuple[str, int]] = []
    position = predicate.end
    for start, end, kind, index in marks:
        if start < position:
            return []
        template += [sentence[position:start], kind]
        order.append((kind, index))
        position = end
    found = _SHARED.match("".join(template))
    if found is None:
        return []
    pairs = found.group(0).count("\x00")
    kinds = [kind for kind, _ in order[: 2 * pairs]]
    if kinds != ["\x00", "\x01"] * pairs:
        return []
    return [(mentioned[order[2 * i][1]], written[order[2 * i + 1][1]]) for i in range(pairs)]


_NO_DATE = FuzzyDate("", None, None, "year")


def _without_not_until(sentence: str) -> str:
    """The sentence with the 'until' of "not ... until 1924" blanked (same length, so spans keep their places)."""
    for match in NOT_UNTIL.finditer(sentence):
        start, end = match.span(1) if match.group(1) else match.span(2)
        sentence = sentence[:start] + " " * (end - start) + sentence[end:]
    return sentence


_TREATY_EVENTS = ("established", "re_established")


def _treaty_of(
    predicate: _Predicate, span: DateSpan, treaties: tuple[tuple[int, int], ...], sentence: str
) -> str | None:
    """The treaty named between a statement and its date, or just before the statement ('The Treaty of Kanagawa of
    1854 opened relations'); None when there is none or several."""
    low, high = min(predicate.start, span.start), max(predicate.end, span.end)
    named = {
        sentence[start:end].strip(" ,")
        for start, end in treaties
        if (start >= low and end <= high) or (end <= predicate.start and predicate.start - end <= 40)
    }
    return named.pop() if len(named) == 1 else None


def read_sentence(sentence: str, after_relations: bool = False) -> tuple[Statement, ...]:
    """The relation statements of one sentence (markup already removed), each with the date nearest to it."""
    return read_sentence_with_findings(sentence, after_relations)[0]


# A timeline item's leading date: '1854: Treaty of Peace and Amity signed; ...', 'April 1952 – ...'.
_LEADING_DATE = re.compile(r"^\s*(?:(?:[-*•#]+|\d{1,3}[.)])\s+)?(?P<date>[^:;,.–—]{4,30}?)\s*(?::|\s[–—-]\s)")


def _leading_date(text: str) -> str | None:
    found = _LEADING_DATE.match(text)
    date = parse_fuzzy_date(found.group("date")) if found else None
    if found is None or date is None or date.earliest is None or date.end_status is not None:
        return None
    return found.group("date").strip() if date.precision in POINTS else None


def read_paragraph_with_findings(
    text: str, heading: str | None = None, dateline: int | None = None
) -> tuple[list[Statement], list[Unresolved]]:
    """Relation statements of a paragraph or list item, sentence by sentence, and those left without a date.
    Under a `heading` about the first relations ('First official relations'), signing a treaty of amity is a start.
    A statement left undated takes the date the item opens with ('1854: ...'); an anniversary in a sentence that
    writes no year is counted from the year of the document's `dateline`."""
    treaty_starts = bool(heading and FIRST_RELATIONS_HEADING.search(heading))
    statements: list[Statement] = []
    unresolved: list[Unresolved] = []
    # "They were restored in 1952" reads as relations once the paragraph has spoken of relations.
    relations_named = False
    previous_years: tuple[int, ...] = ()
    cleaned = strip_markup(text)
    item_date = _leading_date(cleaned)
    for sentence in sentences(cleaned):
        found, open_ = read_sentence_with_findings(
            sentence, relations_named, previous_years, treaty_starts, item_date, dateline
        )
        statements.extend(found)
        unresolved.extend(open_)
        relations_named = relations_named or bool(found) or bool(RELATIONS_NAMED.search(sentence))
        previous_years = tuple(sorted(years_of(find_dates(sentence))))
    return statements, unresolved


def read_paragraph(text: str) -> list[Statement]:
    """Relation statements of a paragraph or list item, sentence by sentence."""
    return read_paragraph_with_findings(text)[0]
