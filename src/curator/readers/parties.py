"""The state(s) on the other side of the focal country in a relation statement, from the states the sentence names
and the parties of the document's title."""

from __future__ import annotations

import re
from itertools import pairwise

from curator.countries import capital_of, country_iso3, modern_iso3, state_today
from curator.readers.prose import Statement

_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$")
# Between the state that acts and its verb: "Czechoslovakia, which set up relations with Japan in 1919".
# (Only through a relative pronoun: in "Russia recognised Croatia in February, Japan in March" the verb is shared.)
_RIGHT_BEFORE_VERB = re.compile(
    r"^\s*,?\s*(?:which|that|who)\s+(?:(?:had|has|have|then|first|formally|officially)\s+)*$"
)


def _actor(statement: Statement, others: list[tuple[int, int, str]]) -> str | None:
    """The state a relative clause right before the statement's verb names as its subject, when one does."""
    if statement.at is None:
        return None
    before = [(end, country) for _start, end, country in others if end <= statement.at]
    if not before:
        return None
    end, country = max(before)
    return country if _RIGHT_BEFORE_VERB.match(statement.sentence[end : statement.at]) else None


def counterparts(statement: Statement, focal: str, subject: str | None, counterpart: str | None) -> list[str]:
    """The state(s) on the other side of the focal country in a statement; empty when that cannot be told.

    `subject` and `counterpart` are the title's parties ('Japan–Mexico relations': Japan and Mexico; 'Foreign
    relations of Latvia': Latvia and none). A sentence naming the focal country and one other state names its
    counterpart; one naming no other state ("the two countries restored relations") takes the title's; a
    coordinated list ("recognised Estonia, Latvia and Lithuania") names several; of several, the one named right
    before the verb acts ("... those of Czechoslovakia, which set up relations with Japan"). A sentence that does
    not involve the focal country (named, or a party of the title) gives nothing; nor does one naming two other
    states.
    """

    def key(country: str | None) -> str | None:
        # The state today ('Kingdom of Prussia' and 'Germany' are one side of one relation).
        return (modern_iso3(country) or country.casefold()) if country else None

    def spelling(country: str | None) -> str | None:
        return (country_iso3(country) or country.casefold()) if country else None

    # "Tokyo recognised ...": the focal country's capital stands for its government.
    capital = capital_of(focal)
    focal_named = any(key(country) == key(focal) for _start, _end, country in statement.mentions) or bool(
        capital and re.search(rf"\b{re.escape(capital)}\b", statement.sentence)
    )
    others = [(start, end, country) for start, end, country in statement.mentions if key(country) != key(focal)]
    # One name per state, the title's spelling when it is the title's counterpart ('Republic of Korea' -> South Korea);
    # a state of the past, or a name of the alias table ('Siam', 'East Timor'), keeps the name the sentence gives it.
    by_key = {
        key(country): (
            counterpart or country
            if spelling(country) == spelling(counterpart) and state_today(country)[2] == "as_named"
            else country
        )
        for *_, country in others
    }
    names: list[str] = list(by_key.values())
    implicit = counterpart or (subject if subject and key(subject) != key(focal) else None)
    if not focal_named:
        if key(focal) not in (key(subject), key(counterpart)):
            return []
        if not names:
            return [implicit] if implicit else []
        return names if len(names) == 1 and (counterpart is None or key(names[0]) == key(counterpart)) else []
    if not names:
        return [implicit] if implicit else []
    actor = _actor(statement, others)
    if actor is not None and len(names) > 1:
        return [by_key[key(actor)]]
    if counterpart in names:
        return [counterpart]
    if len(names) == 1:
        return names
    glued = all(_LIST_GLUE.match(statement.sentence[left[1] : right[0]]) for left, right in pairwise(others))
    if glued:
        return names
    # 'Foreign relations of Kazakhstan': "With Japan, Kazakhstan agreed ..., weeks after the Soviet Union ..."
    return [name for name in names if subject is not None and key(name) == key(subject)][:1]
