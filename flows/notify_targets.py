"""Notification targets as the command line takes them: checked and shown with their secrets redacted.

Prefect-free, so `curator run --notify URL` checks its argument before Prefect is imported (a run sets
PREFECT_API_URL first). A target is an Apprise URL or `block:NAME` / `block:TYPE/NAME` for a saved block.
"""

from __future__ import annotations

import logging
import re
from typing import Any, cast
from urllib.parse import urlsplit

BLOCK_PREFIX = "block:"
# Apprise's privacy form keeps a token's first and last character ("T...D"); none of a secret is kept here.
_APPRISE_MASK = re.compile(r"[^/@:?&=]\.\.\.[^/@:?&=]")


def check_target(text: str) -> str:
    """The target as given, when it is a saved block's name or a URL Apprise can send to; ValueError otherwise."""
    if text.startswith(BLOCK_PREFIX):
        if not text[len(BLOCK_PREFIX) :].strip(" /"):
            raise ValueError(f"expected block:NAME or block:TYPE/NAME, got {text!r}")
        return text
    if _apprise_plugin(text) is None:
        raise ValueError(
            f"not a notification URL: {redact_url(text)!r} (an Apprise URL such as json://HOST:PORT/PATH,"
            " slack://..., mailtos://..., or block:NAME for a saved Prefect notification block)"
        )
    return text


def redact_url(target: str) -> str:
    """The target without its secrets: passwords, tokens and query values are replaced by `***`.

    Apprise knows which parts of each service's URL are secrets (a Slack webhook's path, a password); its privacy
    form is the base. The query string (custom headers, tokens) and any user name are dropped.
    """
    if target.startswith(BLOCK_PREFIX):
        return target
    plugin = _apprise_plugin(target)
    if plugin is None:  # nothing says which of its parts are secrets
        return f"{urlsplit(target).scheme or 'url'}://***"
    parts = urlsplit(str(cast(Any, plugin).url(privacy=True)))
    if not parts.scheme or not parts.netloc:
        return f"{parts.scheme or 'url'}://***"
    netloc = parts.netloc.rsplit("@", 1)
    host = f"***@{netloc[1]}" if len(netloc) == 2 else netloc[0]
    redacted = f"{parts.scheme}://{host}{parts.path}"
    return _APPRISE_MASK.sub("***", redacted) + ("?***" if urlsplit(target).query else "")


def _apprise_plugin(url: str) -> object | None:
    """Apprise's plugin for `url`, or None when Apprise does not understand it (asked quietly: Apprise would log
    the URL it cannot parse, secrets included)."""
    from apprise import Apprise

    apprise_logger = logging.getLogger("apprise")
    was_disabled, apprise_logger.disabled = apprise_logger.disabled, True
    try:
        return cast(object | None, Apprise.instantiate(url))
    finally:
        apprise_logger.disabled = was_disabled
