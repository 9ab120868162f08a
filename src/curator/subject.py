"""Whose relations a document is about, read off its title in any of the families' forms, never off its file name.

- "Foreign relations of X", with any trailing decoration ("(3)", "– revision 2", ", part 1"): X.
- "A–B relations" (en dash, hyphen or "and"): the two parties; the subject is the focal country when it is one of
  them (the dataset is about Japan's relations), else none.
- "List of ambassadors of A to B", "Ambassadors of A to B", "Heads of mission of A to B", "A ambassador to B",
  "List of A ambassadors to B", "A's ambassadors to B": the sending and receiving countries.
Every name is checked against the known country names (`curator.countries`); a name that is not a country gives
nothing, so a title never invents a party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from curator.countries import country_from_name_or_demonym, is_country_name

FOCAL_COUNTRY = "Japan"

_DASH = r"\s*[-–—]\s*"
_FOREIGN_RELATIONS = re.compile(r"^\s*(?:the\s+)?foreign relations of\s+(?P<rest>.+)$", re.IGNORECASE)
_PAIR_RELATIONS = re.compile(r"^\s*(?P<pair>.+?)\s+relations\b(?P<rest>.*)$", re.IGNORECASE)
_ENVOY_WORDS = r"(?:ambassadors?|heads? of (?:the )?mission|envoys?|ministers?|representatives?|chiefs? of mission)"
_LIST_TITLES = (
    # "List of ambassadors of A to B", "Ambassadors of A to B", "Heads of mission of A to B"
    re.compile(
        rf"^\s*(?:list of\s+)?(?:the\s+)?{_ENVOY_WORDS}\s+(?:of|from)\s+(?P<sender>.+?)\s+to\s+(?P<receiver>.+)$", re.I
    ),
    # "List of A ambassadors to B", "A ambassador to B", "A's ambassadors to B"
    re.compile(
        rf"^\s*(?:list of\s+)?(?:the\s+)?(?P<sender>.+?)(?:'s)?\s+{_ENVOY_WORDS}\s+(?:to|in)\s+(?P<receiver>.+)$", re.I
    ),
)
# Decorations a title may carry after its name: "(3)", "[edit]", "– revision 2", ", part 1", ": overview".
_TRAILING_DECORATION = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|[-–—:,;/|].*)\s*$")


@dataclass(frozen=True)
class TitleParties:
    """What a title says about the countries a document is about."""

    family: str | None = None  # "foreign_relations", "bilateral", "ambassador_list"
    subject: str | None = None  # whose relations (foreign relations: X; bilateral: the focal party)
    counterpart: str | None = None  # the other party of a bilateral article
    sender: str | None = None  # ambassador lists
    receiver: str | None = None


def leading_country(text: str) -> str | None:
    """The country a phrase starts with, shedding trailing decorations: 'Japan (3)' and 'Japan – revision 2' give
    'Japan'; None when no prefix of it is a known country name."""
    candidate = text.strip()
    for _ in range(8):  # a handful of decorations at most
        if not candidate:
            return None
        if is_country_name(candidate):
            return candidate
        shorter = _TRAILING_DECORATION.sub("", candidate)
        if shorter == candidate:
            return None
        candidate = shorter
    return None


def _country_or_demonym(text: str) -> str | None:
    found = leading_country(text)
    if found:
        return found
    stripped = _TRAILING_DECORATION.sub("", text).strip()
    return country_from_name_or_demonym(stripped) if stripped else None


def split_pair(pair: str) -> tuple[str, str] | None:
    """The two countries of 'A–B' (en dash, hyphen, em dash) or 'A and B', when both halves are known names.

    Names with hyphens ('Guinea-Bissau') are tried at every dash, so the split that gives two countries wins.
    """
    for match in re.finditer(rf"{_DASH}|\s+and\s+", pair):
        left, right = pair[: match.start()].strip(), pair[match.end() :].strip()
        if is_country_name(left) and is_country_name(right):
            return left, right
    return None


@lru_cache(maxsize=65536)
def title_parties(title: str | None, focal: str = FOCAL_COUNTRY) -> TitleParties:
    """The family and parties of a document title (see the module docstring)."""
    if not title:
        return TitleParties()
    foreign = _FOREIGN_RELATIONS.match(title)
    if foreign:
        return TitleParties("foreign_relations", subject=leading_country(foreign.group("rest")))
    for pattern in _LIST_TITLES:
        listed = pattern.match(title)
        if listed:
            sender, receiver = (
                _country_or_demonym(listed.group("sender")),
                _country_or_demonym(listed.group("receiver")),
            )
            if sender and receiver:
                return TitleParties("ambassador_list", sender=sender, receiver=receiver)
    bilateral = _PAIR_RELATIONS.match(title)
    if bilateral:
        parties = split_pair(bilateral.group("pair").strip())
        if parties:
            left, right = parties
            if focal.casefold() in (left.casefold(), right.casefold()):
                other = right if left.casefold() == focal.casefold() else left
                return TitleParties("bilateral", subject=focal, counterpart=other)
            return TitleParties("bilateral")
    return TitleParties()
