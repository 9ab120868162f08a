"""Whose relations a document is about, read off its title in any of the families' forms, never off its file name.

- "Foreign relations of X", with any trailing decoration ("(3)", "– revision 2", ", part 1"): X.
- "A–B relations" (en dash, hyphen or "and"): the two parties; the subject is the focal country when it is one of
  them (the dataset is about Japan's relations), else none.
- A list of envoys in any form of `curator.text.envoys` ("List of ambassadors of A to B", "A's ambassadors to B"):
  the sending and receiving countries.
- A mission ("Embassy of A, Tokyo", "A Embassy in Tokyo", "Consulate General of A, Osaka"): A sends; the host is
  the state whose capital the city is, or the state the title names in its place ("Embassy of A in B"), else
  unknown.
- A headline about the relations of the focal country and exactly one other state ("Iran, Japan celebrate 90th
  anniversary of diplomatic ties"): those two, with no family.
Every name is checked against the known country names (`curator.countries`); a name that is not a country gives
nothing, so a title never invents a party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from curator.countries import (
    countries_in_text,
    country_from_name_or_demonym,
    country_of_capital,
    is_country_name,
    modern_iso3,
)
from curator.text.dashes import DASH_SEPARATOR
from curator.text.envoys import envoy_list_names

FOCAL_COUNTRY = "Japan"

_FOREIGN_RELATIONS = re.compile(r"^\s*(?:the\s+)?foreign relations of\s+(?P<rest>.+)$", re.IGNORECASE)
_PAIR_RELATIONS = re.compile(r"^\s*(?P<pair>.+?)\s+relations\b(?P<rest>.*)$", re.IGNORECASE)
# Decorations a title may carry after its name: "(3)", "[edit]", "– revision 2", ", part 1", ": overview".
# A qualifier after the pair of a bilateral title: "A and B: Bilateral relations", "A–B, economic relations".
_QUALIFIER = re.compile(r"\s*[:,][^:,]*$")
_TRAILING_DECORATION = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|[-–—:,;/|].*)\s*$")
_MISSION_KIND = r"(?:embassy|consulate[- ]general|consulate|legation|high commission)"
_MISSION_TITLE = re.compile(
    rf"^\s*(?:the\s+)?(?:{_MISSION_KIND}\s+of\s+(?P<of>[^,()]+?)|(?P<adjective>[^,()]+?)\s+{_MISSION_KIND})"
    r"\s*(?:,\s*|\s+in\s+)(?P<place>[^,()]+?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TitleParties:
    """What a title says about the countries a document is about."""

    family: str | None = None  # "foreign_relations", "bilateral", "ambassador_list", "mission"
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
            return re.sub(r"^the\s+", "", candidate, flags=re.IGNORECASE)
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
    found = country_from_name_or_demonym(stripped) if stripped else None
    return re.sub(r"^the\s+", "", found, flags=re.IGNORECASE) if found else None


def split_pair(pair: str) -> tuple[str, str] | None:
    """The two countries of 'A–B' (en dash, hyphen, em dash) or 'A and B', when both halves are known names.

    Names with hyphens ('Guinea-Bissau') are tried at every dash, so the split that gives two countries wins. A pair
    that does not split as written is tried again without a trailing qualifier ('Germany and Japan: Bilateral').
    """
    written = pair.strip()
    for candidate in dict.fromkeys([written, _QUALIFIER.sub("", written)]):
        for match in re.finditer(rf"{DASH_SEPARATOR}|\s+and\s+", candidate):
            left = country_from_name_or_demonym(candidate[: match.start()].strip())
            right = country_from_name_or_demonym(candidate[match.end() :].strip())
            if left and right:
                return left, right
    return None


_LEAD_TITLE = re.compile(
    r"^\s*(?:the\s+)?(?P<title>(?:foreign\s+relations\s+of\s+[^,.;]+?)|(?:[^,.;]{3,80}?\s+relations))"
    r"\s+(?:are|is|were|refers?\s+to|has|have|comprises?)\b",
    re.IGNORECASE,
)


def title_from_lead(lead: str | None) -> str | None:
    """The title a lead sentence gives a document without one ('Japan–Peru relations are the ties ...')."""
    match = _LEAD_TITLE.match(lead or "")
    return match.group("title").strip() if match else None


@lru_cache(maxsize=65536)
def title_parties(title: str | None, focal: str = FOCAL_COUNTRY) -> TitleParties:
    """The family and parties of a document title (see the module docstring)."""
    if not title:
        return TitleParties()
    foreign = _FOREIGN_RELATIONS.match(title)
    if foreign:
        return TitleParties("foreign_relations", subject=leading_country(foreign.group("rest")))
    for sender_named, receiver_named in envoy_list_names(title):
        sender, receiver = _country_or_demonym(sender_named), _country_or_demonym(receiver_named)
        if sender and receiver:
            return TitleParties("ambassador_list", sender=sender, receiver=receiver)
    mission = _mission_parties(title)
    if mission is not None:
        return mission
    bilateral = _PAIR_RELATIONS.match(title)
    if bilateral:
        parties = split_pair(bilateral.group("pair").strip())
        if parties:
            left, right = parties
            if focal.casefold() in (left.casefold(), right.casefold()):
                other = right if left.casefold() == focal.casefold() else left
                return TitleParties("bilateral", subject=focal, counterpart=other)
            return TitleParties("bilateral")
    return _headline_parties(title, focal)


def _mission_parties(title: str) -> TitleParties | None:
    """The parties of a mission's title ("Embassy of Sweden, Tokyo"), or None when it is not one."""
    match = _MISSION_TITLE.match(title)
    if not match:
        return None
    sender = _country_or_demonym(match.group("of") or match.group("adjective") or "")
    if not sender:
        return None
    place = match.group("place").strip()
    host = country_of_capital(place) or leading_country(place)
    return TitleParties("mission", sender=sender, receiver=host if host != sender else None)


_HEADLINE_TOPIC = re.compile(
    r"\b(?:relations|ties|relationship|anniversary|diplomatic|friendship|ambassadors?|embass(?:y|ies)|envoys?"
    r"|legations?)\b",
    re.IGNORECASE,
)


def _headline_parties(title: str, focal: str) -> TitleParties:
    """A news or statement headline about the relations of the focal country and one other state ('Iran, Japan
    celebrate 90th anniversary of diplomatic ties', 'Concert marks 50th anniversary of Vietnam–Japan diplomatic
    relations'): those two as subject and counterpart, with no family. A headline naming a third state, or not about
    relations, gives nothing."""
    if not _HEADLINE_TOPIC.search(title):
        return TitleParties()
    states = {modern_iso3(mention.country) or mention.country: mention.country for mention in countries_in_text(title)}
    focal_key = modern_iso3(focal) or focal
    if len(states) != 2 or focal_key not in states:
        return TitleParties()
    (other,) = (name for key, name in states.items() if key != focal_key)
    return TitleParties(subject=focal, counterpart=other)
