"""Country names to ISO 3166-1 alpha-3 (pycountry plus a small alias table), demonyms and capitals (countryinfo)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import pycountry
from countryinfo import all_countries


class Alias(NamedTuple):
    """A name pycountry does not resolve: the state's ISO code (None: a party that is not a state) and, when the
    name is a former or informal name of the state, the name these datasets give it today."""

    iso3: str | None
    today: str | None = None


# THE alias table (one for the whole code base): only what pycountry's names, official names and common names do
# not resolve. A row with `today` is another name of the same state (country_mapping `alias`): the name as written
# is kept in `party_as_named`. A row without is a spelling of the state's own name (Russia, Turkey).
ALIASES: dict[str, Alias] = {
    "brunei": Alias("BRN"),
    "cape verde": Alias("CPV"),
    "holy see": Alias("VAT"),
    "vatican": Alias("VAT"),
    "vatican city": Alias("VAT"),
    "ivory coast": Alias("CIV"),
    # Kosovo has no ISO 3166-1 code; XKX is the user-assigned code the EU, IMF and ISO-aware tools use.
    "kosovo": Alias("XKX"),
    "micronesia": Alias("FSM"),
    "palestine": Alias("PSE"),
    "russia": Alias("RUS"),
    "turkey": Alias("TUR"),
    # The state of that name, whose government has sat in Taipei since 1949.
    "republic of china": Alias("TWN"),
    "republic of korea": Alias("KOR"),
    "democratic people's republic of korea": Alias("PRK"),
    "democratic republic of the congo": Alias("COD"),
    # Former or informal names of states that exist today under another name.
    "burma": Alias("MMR", "Myanmar"),
    "east timor": Alias("TLS", "Timor-Leste"),
    "macedonia": Alias("MKD", "North Macedonia"),
    "swaziland": Alias("SWZ", "Eswatini"),
    "britain": Alias("GBR", "United Kingdom"),
    "great britain": Alias("GBR", "United Kingdom"),
    "holland": Alias("NLD", "Netherlands"),
    "siam": Alias("THA", "Thailand"),
    "persia": Alias("IRN", "Iran"),
    "ceylon": Alias("LKA", "Sri Lanka"),
    "zaire": Alias("COD", "Democratic Republic of the Congo"),
    "dahomey": Alias("BEN", "Benin"),
    "upper volta": Alias("BFA", "Burkina Faso"),
    "west germany": Alias("DEU", "Germany"),
    # Parties that are not states, kept under their own names.
    "european union": Alias(None),
    # A name of several states of the past and present (Joseon, the Korean Empire, both Koreas): kept as written.
    "korea": Alias(None),
}
# THE successor table (one for the whole code base): states of the past -> the state today that continues it
# (country_mapping `successor`; the name as written is kept in `party_as_named`), or None when no single state
# does: such a state keeps its own name and has no ISO code. Decisions:
# - the Soviet Union -> Russia (the continuator state the UN and Japan recognise, keeping its seat and treaties);
# - Prussia, the North German Confederation and the German Empire -> Germany (Japan's relations with Germany are
#   dated from the 1861 treaty with Prussia);
# - Qing China -> China (the People's Republic holds China's seat; the Republic of China is Taiwan here);
# - the Ottoman Empire -> Turkey; the Russian Empire -> Russia; the Empire of Brazil -> Brazil;
# - Austria-Hungary, Czechoslovakia and Yugoslavia -> none: they broke up into several states, none of which
#   alone continues them (Austria and Hungary each date relations with Japan from the 1869 treaty with
#   Austria-Hungary; a row keeps "Austria-Hungary" rather than choose one);
# - the Kingdom of Hawaii, Manchukuo and East Germany -> none: no state today continues them.
SUCCESSORS: dict[str, str | None] = {
    "soviet union": "Russia",
    "ussr": "Russia",
    "union of soviet socialist republics": "Russia",
    "russian empire": "Russia",
    "kingdom of prussia": "Germany",
    "prussia": "Germany",
    "north german confederation": "Germany",
    "german empire": "Germany",
    "qing china": "China",
    "qing empire": "China",
    "qing dynasty": "China",
    "great qing": "China",
    "ottoman empire": "Turkey",
    "empire of brazil": "Brazil",
    "austria-hungary": None,
    "austro-hungarian empire": None,
    "czechoslovakia": None,
    "yugoslavia": None,
    "kingdom of hawaii": None,
    "hawaiian kingdom": None,
    "manchukuo": None,
    "east germany": None,
}
# THE founding table (one for the whole code base): states founded on the territory of an earlier state that no
# single state today continues -> (the year of the founding, the name that earlier state keeps). An envoy whose
# term began before that year was accredited to the earlier state, so a list titled with the state today gives
# the earlier name for such an entry (`curator.readers.accredited`). Decisions:
# - South Korea (15 August 1948) and North Korea (9 September 1948) -> Korea: Joseon and the Korean Empire, kept
#   under the name the alias table keeps as written (both Koreas claim it; neither alone continues it).
FOUNDED: dict[str, tuple[int, str]] = {
    "South Korea": (1948, "Korea"),
    "North Korea": (1948, "Korea"),
}
# Names of parties that have no ISO code of their own: non-states and every state of the past.
NON_STATE_NAMES = frozenset([name for name, alias in ALIASES.items() if alias.iso3 is None] + list(SUCCESSORS))

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
        return ALIASES[key].iso3
    if key in SUCCESSORS:
        return None
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


@lru_cache(maxsize=4096)
def state_today(name: str) -> tuple[str, str | None, str]:
    """The state today that a name as written stands for: (its name, its ISO code, the country_mapping).

    `successor` through the successor table ('Kingdom of Prussia' -> Germany), `alias` through a former or informal
    name of the alias table ('Burma' -> Myanmar), else `as_named`: the name as written and its own code (None for a
    state of the past with no successor, such as the Kingdom of Hawaii, or a non-state).
    """
    key = _key(name)
    successor = SUCCESSORS.get(key)
    if successor is not None:
        return successor, country_iso3(successor), "successor"
    alias = ALIASES.get(key)
    if alias is not None and alias.today is not None:
        return alias.today, alias.iso3, "alias"
    return name, country_iso3(name), "as_named"


def modern_iso3(name: str) -> str | None:
    """ISO code of the state today that a name stands for ('Soviet Union' -> RUS); None when there is none."""
    return state_today(name)[1]


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


@lru_cache(maxsize=256)
def capital_of(country: str) -> str | None:
    """The capital of a state as countryinfo spells it, title-cased ('Japan' -> 'Tokyo'), or None."""
    code = country_iso3(country)
    found = [city for city, name in _country_by("capital").items() if code and country_iso3(name) == code]
    return found[0].title() if len(found) == 1 else None


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
    for name in (*ALIASES, *SUCCESSORS):
        forms.add(name.title().replace(" And ", " and ").replace(" Of ", " of "))
        if " " not in name and len(name) <= 4:
            forms.add(name.upper())  # 'USSR'

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
