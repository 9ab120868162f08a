"""How the HTML report prints values: text made printable and capped, numbers, shares, times, links and slugs."""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

# What a template reads: plain dicts of strings, numbers, None, and lists or dicts of the same.
View = dict[str, Any]

# C0 controls (except tab and newline) and DEL become visible Control Pictures; lone surrogates become U+FFFD.
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_CONTROL_PICTURES[0x7F] = 0x2421
_SURROGATE = re.compile("[\ud800-\udfff]")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_SAFE_RELATIVE = re.compile(r"[A-Za-z0-9._~/#?=&%+-]+")


def shorten(value: object, limit: int) -> str:
    """The value as text with control characters made visible, cut to ``limit`` characters with a note."""
    text = _SURROGATE.sub("\ufffd", raw(value).translate(_CONTROL_PICTURES))
    if len(text) > limit:
        text = f"{text[:limit]}\u2026 [{len(text) - limit:,} more characters]"
    return text


# --------------------------------------------------------------------------------------------- reading values


def raw(value: object) -> str:
    """The value as plain text; None is the empty string."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def text(value: object) -> str | None:
    """The value as text, or None (shown as a dash, or not at all) when it is missing or empty."""
    return None if value is None or value == "" else raw(value)


def as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def as_float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# --------------------------------------------------------------------------------------------- formatting


def count(value: object) -> str | None:
    """A count with thousands separators, a non-number as its text; None (shown as a dash) when absent."""
    whole = as_int(value)
    if whole is not None:
        return f"{whole:,}"
    number = as_float(value)
    if number is not None:
        return f"{number:,.2f}"
    return None if value is None else raw(value)


def pct(fraction: float) -> str:
    """A fraction as a percentage that never rounds a partial value to 0% or 100%."""
    shown = f"{fraction * 100:.1f}"
    if shown == "100.0" and fraction < 1:
        shown = "99.9"
    if shown in ("0.0", "-0.0") and fraction > 0:
        return "<0.1%"
    return f"{shown}%"


def share(part: object, whole: object) -> str | None:
    """part / whole as a percentage, or None when either is not a number or the whole is not positive."""
    p, w = as_float(part), as_float(whole)
    if p is None or w is None or w <= 0:
        return None
    return pct(p / w)


def plural(count: int, word: str, plural: str | None = None) -> str:
    """ "1 row", "2 rows"."""
    return f"{count:,} {word if count == 1 else (plural or f'{word}s')}"


def slug(prefix: str, index: int, name: object) -> str:
    slug = _SLUG_DROP.sub("-", raw(name).lower()).strip("-")[:40]
    return f"{prefix}-{index}-{slug}" if slug else f"{prefix}-{index}"


def safe_relative_href(value: object) -> str | None:
    """The link if it is a plain relative path (no scheme, no host, no whitespace), else None."""
    if not isinstance(value, str) or not value or len(value) > 500:
        return None
    if not _SAFE_RELATIVE.fullmatch(value) or value.startswith("/"):
        return None
    return value


def duration(value: object) -> str | None:
    seconds = as_float(value)
    if seconds is None:
        return None if value is None else raw(value)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def moment(value: object) -> View:
    """A timestamp as shown: ``text`` None when not given; ``iso`` only when the text parsed as ISO 8601."""
    if not isinstance(value, str) or not value:
        return dict(text=None if value is None or value == "" else raw(value), iso=None)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return dict(text=value, iso=None)
    offset = moment.utcoffset()
    zone = "" if offset is None else (" UTC" if not offset else f" {moment:%z}")
    return dict(text=f"{moment:%Y-%m-%d %H:%M:%S}{zone}", iso=moment.isoformat())
