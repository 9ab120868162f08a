"""Line shapes of renderings: page chrome around an article, `[edit]` marks, markdown table rules."""

# Whole lines that are the page around an article, never its content. Matched case-insensitively on the stripped line.
CHROME_LINE = (
    r"(?i)^\s*(?:from wikipedia,? the free encyclopedia"
    r"|jump to:?\s*(?:navigation,?\s*search|navigation\s+jump to search|content|navigation)"
    r"|retrieved from\s+.*|categories\s*:.*|hidden categories\s*:.*"
    r"|this article is issued from wikipedia.*|this is an old revision of this page.*"
    r"|(?:\*+\s*)?welcome to [\w .-]+?(?:\s*\*+)?|last (?:updated|edited).*|loading ai tools"
    r"|this article is part of a series on.*|\[\s*edit\s*\]|view\s*·\s*talk\s*·\s*edit|contents|encyclopedia"
    r"|from wikipedia, the free encyclopedia.*)\s*$"
)
# `History[edit]` (an older rendering's heading) and `[edit]Heading` (the mark glued to the next line).
EDIT_HEADING = r"(?i)^\s*(?P<title>[^|\[\]<>=]{1,120}?)\s*\[\s*edit\s*\]\s*$"
EDIT_PREFIX = r"(?i)^\s*\[\s*edit\s*\]\s*"
# A markdown table rule line: `---|---|`, `|---|:---:|`.
TABLE_RULE = r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$"
# A markdown heading: `## History` (words split by single spaces, no pipe; `#   Country   Date` and `# | Country |`
# are table header rows).
HASH_HEADING = r"^(#{1,6}) ([^\s|]+(?: [^\s|]+)*?)(?: #+)?\s*$"
# A `# ` line that is a numbered list's entry, not a heading: a comma and then a year (`# Ann Example (Presented
# credentials, May 4, 1867-Left post, June 9, 1874)`); a heading names a topic or a period, not a term.
HASH_ENTRY = r"^\s*#{1,6} [^,]*,.*\b\d{4}\b"
