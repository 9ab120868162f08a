"""Markup and citation markers that are never text: the Python rules and their polars twins.

`strip_markup` (and `strip_markup_expr`, the same rule in polars, tied by a property test) reads cells, captions
and paragraphs the parser has split; `strip_wiki_markup` is the heavier rule for a date cell, which may still hold
entities, `<ref>`s, `<br>`s and wiki links.
"""

from __future__ import annotations

import html
import re

import polars as pl

# Python's str.isspace() set: Rust's `\s` lacks the four information separators U+001C..U+001F.
PY_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
WS = r"[\s\x1c-\x1f]"

# Citation markers of older renderings, glued to words and years: `[1]`, `[a]`, `[ citation needed ]`, `[edit]`.
CITATION_PATTERN = (
    r"(?i)\[\s*(?:\d{1,3}|[a-z]|note\s*\d+|n\s*\d+|citation needed|clarification needed|who\?|when\?|edit)\s*\]"
)
_CITATION = re.compile(CITATION_PATTERN)

# The polars expressions use Rust's regex engine (linear time, no backreferences); the Python function is the same
# rule for values handled one at a time.
_MARKUP = re.compile(r"<[^<>]*>|\*\*|'{2,}")
_MARKUP_RUST = r"<[^<>]*>|\*\*|'{2,}"
_WHITESPACE_RUN = re.compile(r"\s{2,}|[^\S ]")  # runs, or one whitespace that is not a space (`\s` = str.isspace)
_FOLD_BY_SPLIT_MAX = 4096
# Content of <script> and <style> is never text a reader sees; unrolled loop, linear on long lines.
_INVISIBLE_ELEMENT = re.compile(r"<(script|style)\b[^>]*>[^<]*(?:<(?!/\1\s*>)[^<]*)*</\1\s*>", re.IGNORECASE)
_INVISIBLE_ELEMENT_RUST = (r"(?is)<script\b[^>]*>.*?</script\s*>", r"(?is)<style\b[^>]*>.*?</style\s*>")


def without_citations(text: str) -> str:
    """Text with citation markers ('[1]', '[ citation needed ]', '[edit]') removed."""
    return _CITATION.sub("", text) if "[" in text else text


def strip_markup(text: str) -> str:
    """Text with script/style elements, inline HTML tags, citation markers ('[1]'), bold/italic quote runs and `**`
    removed, whitespace folded."""
    stripped = _MARKUP.sub(" ", _INVISIBLE_ELEMENT.sub(" ", text) if "<" in text else text)
    if "[" in stripped:
        stripped = _CITATION.sub(" ", stripped)
    if len(stripped) > _FOLD_BY_SPLIT_MAX:
        # split() would make one object per word: hundreds of MB for a 20 MB line. Same result, one string.
        return _WHITESPACE_RUN.sub(" ", stripped).strip()
    return " ".join(stripped.split())


def strip_markup_expr(expr: pl.Expr) -> pl.Expr:
    """`strip_markup` as a polars expression: script/style content, tags, citation markers, `**` and quote runs
    out, spaces folded."""
    for pattern in _INVISIBLE_ELEMENT_RUST:
        expr = expr.str.replace_all(pattern, " ")
    expr = expr.str.replace_all(_MARKUP_RUST, " ").str.replace_all(CITATION_PATTERN, " ")
    return expr.str.replace_all(f"{WS}+", " ").str.strip_chars(PY_WHITESPACE)


_REF = re.compile(r"<ref\b[^>]*/>|<ref\b[^>]*>.*?(?:</ref\s*>|$)", re.IGNORECASE | re.DOTALL)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_WIKILINK = re.compile(r"\[\[(?:[^\[\]|]*\|)?([^\[\]|]*)\]\]")
_REF_MARK = re.compile(r"\[[^\[\]]{0,40}\]")
_QUOTES = re.compile(r"'{2,}")


def strip_wiki_markup(text: str) -> str:
    """Text with HTML entities decoded and <ref>s, tags, wiki links ('[[a|b]]' -> 'b') and bracketed reference
    markers removed; a `<br>` becomes '; ' (it separates dates). Whitespace is left as it is."""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _REF.sub(" ", text)
        text = _BR.sub("; ", text)
        text = _TAG.sub(" ", text)
    if "[" in text:
        text = _WIKILINK.sub(r"\1", text)
        text = _REF_MARK.sub(" ", text)
    if "''" in text:
        text = _QUOTES.sub("", text)
    return text
