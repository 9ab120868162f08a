"""Where a sentence ends: the abbreviations and initials that do not end one, and the sentence splitter."""

from __future__ import annotations

import re

# Words whose trailing full stop is an abbreviation's, not a sentence end (matched case-insensitively).
ABBREVIATIONS = (
    "c",
    "ca",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "st",
    "mr",
    "mrs",
    "ms",
    "dr",
    "no",
    "vol",
    "gen",
    "col",
    "lt",
    "sgt",
    "prof",
    "rev",
    "hon",
    "jr",
    "sr",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "etc",
    "vs",
)
# Text ending in an abbreviation, an initial ('J.') or the last letter of a dotted one ('U.S.').
NO_SENTENCE_END = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(word) for word in ABBREVIATIONS) + r")|\b[A-Za-z]|\.[A-Za-z])\.$",
    re.IGNORECASE,
)
# The longest text NO_SENTENCE_END matches ('approx.'): it is searched for in the tail only (`\b` still sees the
# character before), so a long paragraph is not scanned again at every sentence break.
_ABBREVIATION_REACH = max(len(word) for word in ABBREVIATIONS) + 1
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def ends_in_abbreviation(text: str) -> bool:
    """True when `text` ends with an abbreviation or an initial, so its full stop does not end a sentence."""
    ending = text.rstrip()
    return bool(NO_SENTENCE_END.search(ending, max(0, len(ending) - _ABBREVIATION_REACH)))


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (an abbreviation or an initial does not end one)."""
    parts: list[str] = []
    buffer = ""
    for piece in _SENTENCE_END.split(text):
        buffer = f"{buffer} {piece}" if buffer else piece
        if not ends_in_abbreviation(buffer):
            parts.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        parts.append(buffer.strip())
    return [part for part in parts if part]
