"""The state(s) on the other side of the focal country in a relation statement, from the states the sentence names
and the parties of the document's title."""

from __future__ import annotations

import re
from itertools import pairwise

from curator.countries import capital_of, country_iso3, is_country_name, modern_iso3, state_today
from curator.readers.prose import Statement

_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$")
# Between the state that acts and its verb: "Czechoslovakia, which set up relations with Japan in 1919".
# (Only through a relative pronoun: in "Russia recognised Croatia in February, Japan in March" the verb is shared.)
_RIGHT_BEFORE_VERB = re.compile(
    r"^\s*,?\s*(?:which|that|who)\s+(?:(?:had|has|have|then|first|formally|officially)\s+)*$"
)


# A state's adjective before the body that gives an account is who tells, not a party: "the Czech foreign ministry
# dates the start of relations to 1920, when Japan accepted Czechoslovakia's first envoy".
_TELLER = re.compile(
    r"\s+(?:foreign\s+ministry|ministry\s+of\s+foreign\s+affairs|foreign\s+office|embassy|government|archives"
    r"|historians|sources|records)\s+$",
    re.IGNORECASE,
)
_ACCOUNT_VERB = re.compile(r"(?:date|dates|dated|count|counts|counted|reckon|reckons|reckoned)\b", re.IGNORECASE)
# "Japan recognised both the Czech Republic and Slovakia": the states of a list right after the verb.
_OBJECT_LIST = re.compile(
    r"^[\w-]+(?:\s+(?:formally|officially|de\s+(?:facto|jure|iure)))?\s+(?:both\s+)?(?:the\s+)?$", re.IGNORECASE
)
_OBJECT_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:the\s+)?$")


def _tellers(statement: Statement, mentions: list[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    """The mentions that name who gives an account of the relations, by an adjective ('the Czech foreign ministry
    dates ...'), not a party to them."""
    if statement.at is None or not _ACCOUNT_VERB.match(statement.sentence, statement.at):
        return set()
    return {
        mention
        for mention in mentions
        if not is_country_name(statement.sentence[mention[0] : mention[1]])
        and _TELLER.fullmatch(statement.sentence[mention[1] : statement.at])
    }


def _objects(statement: Statement, mentions: list[tuple[int, int, str]], focal_key: str | None) -> list[str]:
    """The states listed right after the statement's verb when the focal country, named right before the verb, acts
    on them all ('Japan recognised both the Czech Republic and Slovakia'); empty unless two or more."""
    if statement.at is None:
        return []
    before = [m for m in mentions if m[1] <= statement.at]
    after = [m for m in mentions if m[0] > statement.at]
    if not before or not after or _key(max(before)[2]) != focal_key:
        return []
    if not _OBJECT_LIST.match(statement.sentence[statement.at : after[0][0]]):
        return []
    listed = [after[0]]
    for mention in after[1:]:
        if not _OBJECT_GLUE.match(statement.sentence[listed[-1][1] : mention[0]]):
            break
        listed.append(mention)
    keys = [_key(country) for *_, country in listed]
    if len(listed) < 2 or focal_key in keys or len(set(keys)) < len(keys):
        return []
    return [country for *_, country in listed]


def _key(country: str | None) -> str | None:
    """The state today ('Kingdom of Prussia' and 'Germany' are one side of one relation)."""
    return (modern_iso3(country) or country.casefold()) if country else None


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

    key = _key

    def spelling(country: str | None) -> str | None:
        return (country_iso3(country) or country.casefold()) if country else None

    # "Tokyo recognised ...": the focal country's capital stands for its government.
    capital = capital_of(focal)
    focal_named = any(key(country) == key(focal) for _start, _end, country in statement.mentions) or bool(
        capital and re.search(rf"\b{re.escape(capital)}\b", statement.sentence)
    )
    tellers = _tellers(statement, list(statement.mentions))
    mentions = [mention for mention in statement.mentions if mention not in tellers]
    others = [(start, end, country) for start, end, country in mentions if key(country) != key(focal)]
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
    objects = _objects(statement, mentions, key(focal))
    if objects:
        return [by_key[key(country)] for country in objects]
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
