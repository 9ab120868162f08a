"""The one grammar of "ambassadors of A to B": how a title or a heading names a list of envoys between two states.

Forms read: "List of ambassadors of A to B", "Ambassadors of A to B", "Heads of mission of A to B",
"A ambassador to B", "List of A ambassadors to B", "A's ambassadors to B", "List of Japanese ministers, envoys and
ambassadors to B". It gives the two names as written; which of them are states is the caller's question
(`curator.countries`), so the grammar never invents a party.
"""

from __future__ import annotations

import re

# The words for envoys, singular or plural, and a list of them ("ministers, envoys and ambassadors").
ENVOY_WORDS = r"(?:ambassadors?|heads? of (?:the )?mission|envoys?|ministers?|representatives?|chiefs? of mission)"
_ENVOYS = rf"{ENVOY_WORDS}(?:\s*,\s*(?:and\s+)?{ENVOY_WORDS}|\s+and\s+{ENVOY_WORDS})*"
ENVOY_LISTS = (
    # "List of ambassadors of A to B", "Ambassadors of A to B", "Heads of mission of A to B"
    re.compile(
        rf"^\s*(?:list of\s+)?(?:the\s+)?{_ENVOYS}\s+(?:of|from)\s+(?P<sender>.+?)\s+to\s+(?P<receiver>.+)$", re.I
    ),
    # "List of A ambassadors to B", "A ambassador to B", "List of Japanese ministers, envoys and ambassadors to B"
    re.compile(
        rf"^\s*(?:list of\s+)?(?:the\s+)?(?P<sender>.+?)(?:'s)?\s+{_ENVOYS}\s+(?:to|in)\s+(?P<receiver>.+)$", re.I
    ),
)


def envoy_list_names(text: str) -> list[tuple[str, str]]:
    """(sender, receiver) as written, for each form of the grammar that `text` matches, in the grammar's order."""
    return [
        (match.group("sender"), match.group("receiver"))
        for pattern in ENVOY_LISTS
        if (match := pattern.match(text)) is not None
    ]
