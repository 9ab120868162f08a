"""The phrasing of relation statements: the verbs, nouns and patterns prose.py reads, and the words that stop it."""

from __future__ import annotations

import re

RELATIONS = r"(?:relations|ties|relationship|diplomatic\s+links)"
QUALIFIERS = (
    r"(?:(?:their|its|formal|full|official|diplomatic|bilateral|consular|normal|friendly|good|close|treaty)\s+)*"
)
# Past tense, and the present of timelines ('1855 – Japan and Russia sign a treaty, which opens relations').
ACTIVE = {
    "re_established": r"re-?establish(?:ed|es)|restor(?:ed|es)|resum(?:ed|es)|renew(?:ed|s)|re-?open(?:ed|s)",
    "established": r"establish(?:ed|es)|open(?:ed|s)|set\s+up|institut(?:ed|es)|inaugurat(?:ed|es)"
    r"|normali[sz](?:ed|es)|enter(?:ed|s)\s+into|found(?:ed|s)|took\s+up|takes\s+up",
    "broken": r"broke\s+off|breaks\s+off|broken\s+off|sever(?:ed|s)|cut\s+off|cut|ruptured",
    "suspended": r"suspend(?:ed|s)|froze|freezes",
}
PASSIVE = {
    "re_established": r"re-?established|restored|resumed|renewed|re-?opened|taken\s+up\s+again"
    r"|put\s+back\s+on\s+(?:a\s+)?(?:normal|regular|formal)\s+footing",
    "established": r"established|opened|set\s+up|put\s+in\s+place|instituted|normali[sz]ed|formali[sz]ed|founded",
    "broken": r"broken(?:\s+off)?|severed|cut(?:\s+off)?|ruptured|terminated",
    "suspended": r"suspended|frozen|interrupted",
}
DECIDED = {
    "re_established": r"restore|resume|re-?establish",
    "established": r"establish|normali[sz]e|open",
}
NOUNS = {
    "re_established": r"re-?establishment|restoration|resumption|renewal",
    "established": r"establishment|normali[sz]ation|opening|inauguration",
    "broken": r"rupture|severance|breaking\s+off|break",
    "suspended": r"suspension",
}


# Spelt ordinals and named jubilees of an anniversary, with the years they count.
ORDINAL_YEARS = {
    "tenth": 10,
    "twentieth": 20,
    "twenty-fifth": 25,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "seventy-fifth": 75,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "centenary": 100,
    "centennial": 100,
    "sesquicentenary": 150,
    "sesquicentennial": 150,
    "bicentenary": 200,
    "bicentennial": 200,
    "silver jubilee": 25,
    "golden jubilee": 50,
    "diamond jubilee": 60,
}
ORDINALS = "|".join(
    word for word, _ in ORDINAL_YEARS.items() if not word.startswith(("cent", "sesqui", "bicent")) and " " not in word
)
JUBILEES = (
    r"centenary|centennial|sesquicentenary|sesquicentennial|bicentenary|bicentennial"  # one word each
    r"|(?:silver|golden|diamond)\s+jubilee"
)
ANNIVERSARY_YEARS = re.compile(rf"(\d{{1,3}})|({ORDINALS}|{JUBILEES})", re.IGNORECASE)


# "the 60th anniversary of Malaysia–Japan diplomatic relations": the pair named before the noun.
PAIR_ADJECTIVE = r"(?:[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*)*(?:\s*[–-]\s*[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*)*)+\s+)"

# Subjects of 'began' / 'resumed' other than relations.
_OTHER_SUBJECTS = r"(?:the\s+)?(?:war|wars|fighting|hostilities|conflict|talks|negotiations|trade|occupation)\b"


def alternation(verbs: dict[str, str]) -> str:
    return "|".join(f"(?P<{event}>{pattern})" for event, pattern in verbs.items())


PREDICATES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # "Japan and Mexico opened formal diplomatic relations", "broke off diplomatic relations with Japan"
        rf"\b(?:{alternation(ACTIVE)})\s+{QUALIFIERS}(?:diplomatic\s+)?{RELATIONS}\b",
        # "Georgian-Japanese relations were established", "relations ... had been restored"
        rf"\b{RELATIONS}\b(?:\s+[\w'’–-]+){{0,8}}?\s+(?:were|was|have\s+been|had\s+been|has\s+been|are|is|got)\s+"
        rf"(?:\w+ly\s+)?(?:first\s+|then\s+|again\s+|finally\s+|also\s+)?(?:{alternation(PASSIVE)})\b",
        # headline style: "1961 Diplomatic relations established."
        rf"\b{RELATIONS}\s+(?:{alternation(PASSIVE)})\s*(?:[.;,:]|$|\s+(?:on|in|upon|by)\b)",
        # a key and its value, as in a table of basic data: "Diplomatic relations: established on 1 September 1956",
        # "Establishment of diplomatic relations: 1962" (the value opens with the date or the verb and its date)
        rf"^\W*(?:(?:date\s+of\s+)?(?:the\s+)?establishment\s+of\s+)?{QUALIFIERS}diplomatic\s+{RELATIONS} ?"
        r"(?P<established>:)(?=\s*(?:(?:established|opened|set\s+up)\s+)?(?:on\s+|in\s+)?(?:\d|[A-Z][a-z]+\.?\s+\d))",
        # "relations between the two formally began on 2 June 1869"
        # (not when another subject comes between: "Relations soured and the war began in 1941")
        rf"\b{RELATIONS}\b(?:\s+(?!{_OTHER_SUBJECTS})[\w'’–-]+){{0,7}}?\s+(?:\w+ly\s+)?"
        r"(?P<established>began|started|commenced)\b",
        # "Diplomatic relations resumed with Spain on 5 August 1952": intransitive, the verb close to 'relations'
        rf"\b{RELATIONS}\b(?:\s+(?!and\b|but\b|while\b|{_OTHER_SUBJECTS})[\w'’–-]+){{0,3}}?\s+(?:\w+ly\s+)?"
        r"(?P<re_established>resumed|restarted)\b",
        # "Relations between the two, established in 1957, were raised ...": a participle in apposition, or a
        # relative clause ("The war interrupted relations, which were restored in 1959")
        rf"\b{RELATIONS}\b(?:\s+[\w'’–-]+){{0,8}}?,\s*(?:which\s+(?:were|was|had\s+been|have\s+been)\s+)?"
        rf"(?:\w+ly\s+)?(?:first\s+)?(?:{alternation(PASSIVE)})"
        r"\s+(?=(?:on|in)\b)",
        # "relations were not established until 1924": the date after 'until' is the event's
        rf"\b{RELATIONS}\b(?:\s+[\w'’–-]+){{0,8}}?\s+(?:were|was|had\s+been)\s+not\s+(?:\w+ly\s+)?"
        rf"(?:{alternation(PASSIVE)})\s+(?=until\b)",
        # "the two did not have diplomatic relations until 1972", "did not restore relations until 1952"
        rf"\bdid\s+not\s+(?:(?P<established>have|establish|open)|(?P<re_established>restore|resume))\s+"
        rf"{QUALIFIERS}(?:diplomatic\s+)?{RELATIONS}\b(?:\s+[\w'’–-]+){{0,6}}?\s+(?=until\b)",
        # "diplomatic relations have existed between the two countries since 1952"
        rf"\b{RELATIONS}\b(?:\s+[\w'’–-]+){{0,6}}?\s+(?:have|has|had)\s+(?P<established>existed)\b"
        r"(?:\s+[\w'’–-]+){0,6}?\s+(?=since\b)",
        # "the establishment of diplomatic relations in 1972", "the resumption of ties"
        rf"\b(?:{alternation(NOUNS)})\s+of\s+{QUALIFIERS}(?:diplomatic\s+)?{RELATIONS}\b",
        # "relations with the new state had to be set up afresh, which was done in 1921": the fact after the need
        rf"\b{RELATIONS}\b(?:\s+[\w'’–-]+){{0,8}}?\s+(?:had|needed)\s+to\s+be\s+(?:(?P<re_established>"
        rf"(?:{PASSIVE['established']})\s+(?:afresh|anew|again)|{PASSIVE['re_established']})"
        rf"|(?P<established>{PASSIVE['established']}))\s*,\s*which\s+(?:was|were)\s+"
        r"(?:done|achieved|accomplished|carried\s+out|completed)\s+(?=(?:in|on)\b)",
        # "both sides decided to normalize diplomatic relations", "both governments agreed to resume relations"
        rf"\b(?:decided|agreed)\s+to\s+(?:{alternation(DECIDED)})\s+{QUALIFIERS}(?:diplomatic\s+)?{RELATIONS}\b",
        # "the cabinet decided on 6 March 1919 to recognise the independence of ..."
        r"\bdecided\b(?:\s+[\w,]+){0,5}?\s+to\s+(?P<recognized>recogni[sz]e)\b",
        # "the treaty put diplomatic relations between them in place"
        rf"\b(?P<established>put)\s+{QUALIFIERS}(?:diplomatic\s+)?{RELATIONS}\b(?:\s+[\w'’–-]+){{0,5}}?\s+in\s+place\b",
        # "relations with Spain date from the treaty of 1868", "relations go back to the treaty of 1861"
        rf"\b{RELATIONS}\b(?:\s+[\w'’–-]+){{0,6}}?\s+(?P<established>(?:date|dates|dated)\s+(?:from|to)"
        r"|(?:date|dates|dated|go|goes|went|trace|traces)\s+back\s+to)\b",
        # "the two governments count their diplomatic relations from the treaty of 1858"
        rf"\b(?P<established>count|counts|counted|reckon|reckons|reckoned)\s+"
        rf"(?:the\s+first\s+period\s+of\s+)?{QUALIFIERS}{RELATIONS}\s+from\b",
        # "counts the second period of relations from 1952": a restart
        r"\b(?P<re_established>count|counts|counted|reckon|reckons|reckoned)\s+the\s+(?:second|third|new)\s+"
        rf"period\s+of\s+{QUALIFIERS}{RELATIONS}\s+from\b",
        # "relations were upgraded to embassy level in 1963", "raised their relations to ambassadorial level"
        rf"\b{RELATIONS}\b(?:\s+[\w'’–-]+){{0,8}}?\s+(?:were|was|have\s+been|had\s+been|has\s+been)\s+"
        r"(?:\w+ly\s+)?(?P<upgraded>upgraded|raised|elevated)\s+to\s+(?:the\s+)?(?:full\s+)?"
        r"(?:embassy|ambassadorial|ambassador)\b",
        rf"\b(?P<upgraded>upgraded|raised|elevated)\s+{QUALIFIERS}(?:diplomatic\s+)?{RELATIONS}\s+to\s+"
        r"(?:the\s+)?(?:full\s+)?(?:embassy|ambassadorial|ambassador)\b",
        # "date the first relations from 1919"; "the ministry dates the formal start of relations to 12 January 1920"
        rf"\b(?P<established>date|dates|dated)\s+(?:the\s+)?(?:(?:first|formal|official)\s+)*"
        rf"(?:(?:start|beginning|establishment)\s+of\s+)?{QUALIFIERS}{RELATIONS}\s+(?:from|to)\b",
        # "Freedonia has had diplomatic relations with Japan since 1958"
        rf"\b(?:has|have|had)\s+(?:had|maintained|enjoyed|kept)\s+{QUALIFIERS}(?:diplomatic\s+)?{RELATIONS}\b"
        rf"(?:\s+[\w'’–-]+){{0,6}}?\s+(?P<established>since)\b",
        # "the two governments agreed to exchange envoys in January 1928": the start of resident missions
        r"\bagreed\s+to\s+(?P<established>exchange)\s+(?:envoys|ambassadors|ministers|diplomatic\s+"
        r"(?:missions|representatives|envoys))\b",
        # "signed the Declaration of Amity and Commerce, formally establishing their diplomatic relations"
        rf",\s*(?:\w+ly\s+)?(?P<established>establishing|opening)\s+{QUALIFIERS}(?:diplomatic\s+)?{RELATIONS}\b",
        # "Manila and Tokyo first exchanged envoys on 14 October 1943"; "again exchanged ambassadors from 1956"
        r"\b(?:(?P<established>first\s+exchanged)|(?P<re_established>again\s+exchanged))\s+(?:envoys|ambassadors"
        r"|ministers|diplomatic\s+(?:missions|representatives|envoys))\b",
        # "the 50th anniversary of diplomatic relations", "the centenary of the establishment of relations"
        rf"\b(?:the\s+)?(?P<anniversary>(?:\d{{1,3}}(?:st|nd|rd|th)|{ORDINALS})[\s-]+anniversary|{JUBILEES})"
        rf"\s+of\s+(?:the\s+)?(?:(?:establishment|start|beginning|opening)\s+of\s+{QUALIFIERS}"
        rf"(?:diplomatic\s+)?|{PAIR_ADJECTIVE}?{QUALIFIERS}diplomatic\s+){RELATIONS}\b",
        # "Japan recognised Estonia de jure", "extended diplomatic recognition to", "de facto recognition of"
        r"\b(?P<recognized>(?:de\s+(?:facto|jure|iure)\s+)?(?:re-?)?recogni[sz]ed|(?:extended|granted|gave|to\s+(?:extend|grant|give))\s+"
        r"(?:\w+\s+){0,5}recognition|(?:de\s+(?:facto|jure|iure)\s+)?recognition\s+(?:of|to))\b",
    )
)
# Word stems of which every predicate above (and the anaphora) needs one: a paragraph holding none of them states
# no relation event, so a reader may skip it unread. Case-insensitive like the predicates; markup removal only
# ever puts spaces into a text, so a stem in the cleaned text is in the text as written.
STATEMENT_STEMS = (
    "establish",
    "restor",
    "resum",
    "renew",
    "open",
    "set",
    "institut",
    "inaugurat",
    "normali",
    "formali",
    "enter",
    "broke",
    "break",
    "sever",
    "cut",
    "ruptur",
    "termina",
    "suspen",
    "interrupt",
    "froze",
    "freez",
    "put",
    "began",
    "started",
    "commenced",
    "decided",
    "date",
    "since",
    "until",
    "exist",
    "recogni",
    "found",
    "took",
    "take",
    "back",
    "count",
    "reckon",
    "upgrad",
    "rais",
    "elevat",
    "anniversar",
    "jubil",
    r"(?:relations|ties|relationship|links) ?:",  # a key of basic data: "Diplomatic relations: 1 May 1952"
    "centen",
    "bicenten",
    "exchange",
    "taken",
)
# The stems as a polars (Rust) pattern; Python's IGNORECASE also folds 'ı' and 'İ' to 'i', Rust's does not.
STATEMENT_WORDS = "(?i)" + "|".join(STATEMENT_STEMS).replace("i", "[iıİ]")
# A sentence after one that names relations (anywhere in a word, as 'parties' does) may say "They were restored".
RELATIONS_NAMED = re.compile(RELATIONS, re.IGNORECASE)


def any_word(words: str, then: str = r"\b") -> re.Pattern[str]:
    """A case-insensitive pattern for one of `words` (space-separated regex words) from a word start, then `then`."""
    return re.compile(rf"\b(?:{'|'.join(words.split())}){then}", re.IGNORECASE)


# "They were restored in 1952": relations named by the sentence before.
# Also at the start of a clause after one that names relations: "...date from 1919; they were broken off in 1944".
ANAPHORA = re.compile(
    rf"(?:^|[;:]\s*|,\s*(?:and|but)\s+)\s*(?:they|these|these\s+{RELATIONS}|the\s+{RELATIONS})\s+"
    rf"(?:were|was|had\s+been|have\s+been)\s+"
    rf"(?:\w+ly\s+)?(?:{alternation(PASSIVE)})\b",
    re.IGNORECASE,
)
# "Japan and Czechoslovakia restored them in 1957": relations named before, as an object pronoun.
OBJECT_PRONOUN = re.compile(rf"\b(?:{alternation(ACTIVE)})\s+them\b", re.IGNORECASE)
# A second participle coordinated with a statement: "were broken off in 1944 and resumed in 1957".
COORDINATED = re.compile(
    r"\b(?:and|but)\s+(?:(?:then|later|again|finally|were|was|had\s+been)\s+)*"
    r"(?P<re_established>re-?established|restored|resumed|renewed)\b(?!\s+(?:trade|talks|negotiations|flights))",
    re.IGNORECASE,
)
# Words before a statement that make it not (yet) a fact, or a date of something earlier.
NOT_A_FACT = any_word(
    r"before prior\s+to until till ahead\s+of without no not never hopes? hoped aims? aimed plans? planned propos\w*"
    r" talks? negotiat\w* attempt\w* tried sought seek\w* wish\w* would could might (?<!\d\s)may(?!\s+\d) intend\w*"
    r" expect\w* call(?:ed|s)?\s+for towards? prepar\w*",
    then=r"\W+(?:\w+\W+){0,5}$",
)
# "... until relations were suspended": the statement is a fact that ended something else (its own date is
# not read, but a verb coordinated with it is).
ENDED_BY = any_word(r"until till", then=r"\W+(?:\w+\W+){0,5}$")
# Words that put an undated anniversary in another year than the dateline's ('Last year ... marked the 160th').
OTHER_YEAR = any_word(r"last\s+year next\s+year previous\s+year coming\s+year ago earlier later")
DE_FACTO = re.compile(r"\bde\s+facto\b", re.IGNORECASE)
DE_JURE = re.compile(r"\bde\s+(?:jure|iure)\b", re.IGNORECASE)
# A colon right between a key and its date is no clause break: "Diplomatic relations established: May 1952".
KEY_VALUE = re.compile(r"\s*:\s*(?:(?:on|in)\s+)?")
# The rest of a relative clause after a treaty's name that ends with when it was signed: "that the envoys A and B
# signed at Kanagawa on" (no clause break, no other event).
SIGNED_CLAUSE = re.compile(
    r"\s*,?\s*(?:that|which)\s+[^;:.]{0,120}?\b(?:signed|concluded)\b[^;:.,]{0,40}?\s*(?:on|in)\s*"
)
CONNECTIVE = re.compile(r"[;:]|\bwhile\b|\bwhereas\b|\bbut\b", re.IGNORECASE)
# "On 28 April 1952, ...", "..., and on 28 April 1952, ...": the date before it opens a clause (the date's own
# comma follows it).
OPENING_DATE = re.compile(r"(?:^|[,;]\s*(?:and\s+|but\s+)?)(?:on|in)\s+$", re.IGNORECASE)
# ... but not across a relative clause that moves on to another event ('..., which was followed by the recognition
# of ... by Russia on the previous day'), nor to a statement dated by a day of its own.
OPENING_ENDED = re.compile(r",\s*(?:which|who|whose)\b|\b(?:followed|preceded)\b", re.IGNORECASE)
OWN_DAY = re.compile(
    r"\b(?:(?:the|that)\s+(?:previous|preceding|next|following|same)\s+day|(?:a|one|two|three|\d{1,2})\s+days?\s+"
    r"(?:later|earlier|before|after))\b",
    re.IGNORECASE,
)
NEXT_CLAUSE = re.compile(r",\s*(?:and|but)\s", re.IGNORECASE)
POINTS_BACK = re.compile(r"\s+(?:from\s+|on\s+|in\s+)?(?:that|the\s+same)\s+(?:day|date|year)\b", re.IGNORECASE)


# Relations of another kind than diplomatic ("trade relations were established in 1899").
OTHER_RELATIONS = any_word(
    "trade trading economic commercial cultural business shipping maritime military academic scientific educational"
    " sporting sister[-\\x20]city people-to-people postal air sea",
    then=r"\s+$",
)
# Words between a statement and a date after it that make the date another event's (first contacts, trade, ...).
OTHER_EVENT = any_word(
    r"contacts? trade trading merchants? traders? missionar\w* visit\w* voyages? arriv\w* shipwreck\w* immigra\w*"
    r" emigra\w* war battle invasion"
)
# A treaty named in a sentence: 'the Treaty of Amity, Commerce and Navigation', 'the treaty of amity and commerce'.
TREATY = re.compile(
    r"\b(?:[A-Z][\w'’-]+\s+)?Treaty\s+of\s+[A-Z][\w'’-]*(?:(?:,\s*|\s+)(?:(?:and|of|the)\s+)*[A-Z][\w'’-]*)*"
    r"|\btreaty\s+of\s+(?:amity|friendship|peace|commerce|navigation|trade)"
    r"(?:(?:,\s*|\s+and\s+|\s+)(?:amity|friendship|peace|commerce|navigation|trade))*"
)
# Dates counted from another date: 'seven years later', 'a year earlier', 'the same year', 'later that year',
# 'the following year', 'the year after', 'the previous year'.
_COUNT = r"\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
RELATIVE = re.compile(
    rf"\b(?:(?P<n>{_COUNT})\s+years?\s+(?:later|afterwards?)|(?P<back>{_COUNT})\s+years?\s+earlier"
    r"|(?:in\s+)?(?:the|that)\s+(?:very\s+)?(?P<same>same)\s+year|later\s+(?:in\s+)?(?P<later>that|the\s+same)\s+year"
    r"|(?:in\s+)?the\s+(?:(?P<next>following|next)\s+year|(?P<after>year\s+after))"
    r"|(?:in\s+)?the\s+(?:(?P<prev>previous|preceding)\s+year|(?P<before>year\s+before)))\b",
    re.IGNORECASE,
)
NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# "began on 15 May 1952, when Japan recognised ...": the recognition shares the start's date.
WHEN = re.compile(r"^[\s,]*when\s+(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)
# "It was not until 1952 that relations were restored": the negation dates the statement instead of denying it.
# So does "until 1926, when formal ties were opened".
CLEFT = re.compile(
    r"\b(?:not\s+until\s+[^,;:]{1,40}?\s+that|until\s+[^,;:]{1,40}?,?\s+when)\s+(?:[\w'’–-]+\s+){0,6}$",
    re.IGNORECASE,
)
# The 'until' of "not ... until 1924", blanked so that the date after it reads as a point ('until 1924' alone is
# no date: it has no start).
NOT_UNTIL = re.compile(
    r"\bnot\b[^.;:]{0,120}?\b(until)\s+(?=\S)|\b(until)\s+(?=[^,;:]{1,40}?,?\s+when\b)", re.IGNORECASE
)
# A heading that says its section is about the first relations ('First official relations', 'Early relations',
# 'Establishment of diplomatic relations', 'Beginnings of treaty relations'); not 'First contacts' or 'Early trade'.
FIRST_RELATIONS_HEADING = re.compile(
    r"\b(?:first|early|earliest|initial|beginnings?|origins?|establish\w*|opening|start)\b"
    r"(?:\s+[\w'’–-]+){0,4}?\s+(?:relations|ties|treaty\s+relations|treaties|diplomacy)\b",
    re.IGNORECASE,
)
# In such a section, signing a treaty of amity, friendship or commerce is the start: 'signed a Treaty of Amity,
# Commerce and Navigation', 'a treaty of friendship and commerce was signed'. A peace treaty alone is not.
TREATY_OF_AMITY = re.compile(r"\b(?:amity|friendship|commerce|navigation)\b", re.IGNORECASE)
SIGNED = re.compile(r"\b(?P<established>signed|concluded)\b", re.IGNORECASE)
