"""Country names to ISO 3166-1 alpha-3 (pycountry plus a small alias table), demonyms and capitals (countryinfo)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry
from countryinfo import all_countries

# Only what pycountry's names, official names and common names do not resolve. None marks a non-state.
ALIASES: dict[str, str | None] = {
    "brunei": "BRN",
    "burma": "MMR",
    "cape verde": "CPV",
    "east timor": "TLS",
    "holy see": "VAT",
    "vatican": "VAT",
    "vatican city": "VAT",
    "ivory coast": "CIV",
    # Kosovo has no ISO 3166-1 code; XKX is the user-assigned code the EU, IMF and ISO-aware tools use.
    "kosovo": "XKX",
    "macedonia": "MKD",
    "micronesia": "FSM",
    "palestine": "PSE",
    "russia": "RUS",
    "swaziland": "SWZ",
    "turkey": "TUR",
    # Older names of the same states, as articles about the 19th century write them.
    "britain": "GBR",
    "great britain": "GBR",
    "siam": "THA",
    "persia": "IRN",
    # The state of that name, whose government has sat in Taipei since 1949.
    "republic of china": "TWN",
    "republic of korea": "KOR",
    "democratic people's republic of korea": "PRK",
    "european union": None,
    "soviet union": None,
    "ussr": None,
    # States of the past with no ISO code, kept under their own names rather than a successor's.
    "korea": None,
    "manchukuo": None,
    "czechoslovakia": None,
    "yugoslavia": None,
}
NON_STATE_NAMES = frozenset(name for name, code in ALIASES.items() if code is None)

_SPACES = re.compile(r"\s+")


def _key(name: str) -> str:
    return _SPACES.sub(" ", name.strip().strip(".,;:").replace("_", " ")).casefold().removeprefix("the ")


@lru_cache(maxsize=4096)
def country_iso3(name: str) -> str | None:
    """ISO alpha-3 of a country name or code, None for a non-state or an unknown name."""
    key = _key(name)
    if not key:
        return None
    if key in ALIASES:
        return ALIASES[key]
    try:
        return str(pycountry.countries.lookup(key).alpha_3)
    except LookupError:
        return None


def focal_country_name(name: str) -> str:
    """The state `name` names (the country whose relations a run reads), spelt as pycountry spells that name ('japan'
    -> 'Japan'), its common name for an ISO code ('JPN' -> 'Japan'), else as written ('Russia'); ValueError when it
    names no state."""
    cleaned = _SPACES.sub(" ", name.strip())
    code = country_iso3(cleaned)
    if code is None:
        raise ValueError(f"{name!r} is not a state's name or ISO code (for example 'Japan' or 'JPN')")
    record = pycountry.countries.get(alpha_3=code)
    if record is None:  # a state pycountry does not list (Kosovo)
        return cleaned
    spellings = [getattr(record, attribute, None) for attribute in ("common_name", "name", "official_name")]
    for spelling in spellings:
        if spelling and _key(spelling) == _key(cleaned):
            return str(spelling)
    if _key(cleaned) in (record.alpha_2.casefold(), record.alpha_3.casefold()):
        return str(next(spelling for spelling in spellings if spelling))
    return cleaned.title() if cleaned.islower() else cleaned


def same_state(left: str | None, right: str | None) -> bool:
    """True when both names resolve to the same ISO state ('Japan' and 'JPN'); False for unknown or non-states."""
    code = country_iso3(left) if left else None
    return code is not None and code == (country_iso3(right) if right else None)


def is_country_name(name: str) -> bool:
    """True for a name that is a state (resolves to ISO) or a known non-state party such as the European Union."""
    return country_iso3(name) is not None or _key(name) in NON_STATE_NAMES


@cache
def _country_by(attribute: str) -> dict[str, str]:
    """countryinfo's `attribute` ('demonym', 'capital') of every ISO state, case-folded, to the state's name."""
    names: dict[str, str] = {}
    for info in all_countries():
        value, name = getattr(info, attribute)(), info.name()
        if value and name and country_iso3(name) is not None:
            names.setdefault(value.casefold(), name)
    return names


def country_from_demonym(word: str) -> str | None:
    """The country a demonym names ('Georgian' -> 'Georgia'), or None when unknown."""
    return _country_by("demonym").get(_key(word))


def country_from_name_or_demonym(text: str) -> str | None:
    """A country named directly ('Japan') or by demonym ('Japanese'); None when neither resolves."""
    cleaned = text.strip()
    if is_country_name(cleaned):
        return cleaned
    return country_from_demonym(cleaned)


def country_of_capital(city: str) -> str | None:
    """The country whose capital `city` is ('Tbilisi' -> 'Georgia'), or None."""
    return _country_by("capital").get(_key(city))


@cache
def _mention_pattern() -> re.Pattern[str]:
    """One alternation of every written form of a known country (names, aliases, demonyms), longest first."""
    forms: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                forms.add(value)
    for info in all_countries():
        name = info.name()
        if name:
            forms.add(name)
    forms.update(name.title().replace(" And ", " and ").replace(" Of ", " of ") for name in ALIASES)
    forms.update(word.title() for word in _country_by("demonym"))
    known = sorted(
        (form for form in forms if is_country_name(form) or country_from_demonym(form)), key=len, reverse=True
    )
    return re.compile(r"(?<![\w])(?:the\s+)?(" + "|".join(re.escape(form) for form in known) + r")(?![\w])")


@dataclass(frozen=True)
class Mention:
    """A country named in a piece of text (by name or demonym), with where it is written."""

    start: int
    end: int
    text: str
    country: str


def countries_in_text(text: str) -> list[Mention]:
    """Every country a sentence names, by name or demonym ('Georgian-Japanese' names Georgia and Japan), in order."""
    found = []
    for match in _mention_pattern().finditer(text):
        written = match.group(1)
        country = written if is_country_name(written) else country_from_demonym(written)
        if country:
            found.append(Mention(match.start(1), match.end(1), written, country))
    return found
