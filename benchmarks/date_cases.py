"""Date strings seen in diplomatic-relations documents, with the span each one means.

Each case is ``(text, expected)`` where ``expected`` is ``(earliest, latest)`` -- the
first and last calendar day the text can mean (``latest`` is None for an open end,
``earliest`` None for an unknown start) -- or ``None`` when the text is not a date.
Used by ``benchmarks/bench_dates.py`` to score our parser against dateparser and
dateutil on the same inputs.
"""

from __future__ import annotations

from datetime import date as d

Expected = tuple[d | None, d | None] | None

CASES: list[tuple[str, Expected]] = [
    # Days, written every way the corpus writes them.
    ("3 February 1898", (d(1898, 2, 3), d(1898, 2, 3))),
    ("August 3, 1992", (d(1992, 8, 3), d(1992, 8, 3))),
    ("1898-02-03", (d(1898, 2, 3), d(1898, 2, 3))),
    ("29.02.2024", (d(2024, 2, 29), d(2024, 2, 29))),
    ("1 Feb 1898", (d(1898, 2, 1), d(1898, 2, 1))),
    ("Sept. 3, 1976", (d(1976, 9, 3), d(1976, 9, 3))),
    ("3rd February 1898", (d(1898, 2, 3), d(1898, 2, 3))),
    ("1st January 1900", (d(1900, 1, 1), d(1900, 1, 1))),
    ("2nd March 1953", (d(1953, 3, 2), d(1953, 3, 2))),
    ("21st October 1921", (d(1921, 10, 21), d(1921, 10, 21))),
    ("14 July 1954", (d(1954, 7, 14), d(1954, 7, 14))),
    ("January 26, 1992", (d(1992, 1, 26), d(1992, 1, 26))),
    ("29 February 2024", (d(2024, 2, 29), d(2024, 2, 29))),
    # Months and years: the whole month / year, never its first day.
    ("September 1976", (d(1976, 9, 1), d(1976, 9, 30))),
    ("Sept. 1976", (d(1976, 9, 1), d(1976, 9, 30))),
    ("April 1922", (d(1922, 4, 1), d(1922, 4, 30))),
    ("February 1900", (d(1900, 2, 1), d(1900, 2, 28))),
    ("1962", (d(1962, 1, 1), d(1962, 12, 31))),
    ("1584", (d(1584, 1, 1), d(1584, 12, 31))),
    # Decades and centuries.
    ("1890s", (d(1890, 1, 1), d(1899, 12, 31))),
    ("the 1920s", (d(1920, 1, 1), d(1929, 12, 31))),
    ("13th century", (d(1201, 1, 1), d(1300, 12, 31))),
    ("the 1800s", (d(1800, 1, 1), d(1899, 12, 31))),
    # Ranges, including shortened ends.
    ("1905\u201311", (d(1905, 1, 1), d(1911, 12, 31))),
    ("1905-11", (d(1905, 1, 1), d(1911, 12, 31))),
    ("1990\u201391", (d(1990, 1, 1), d(1991, 12, 31))),
    ("1992\u20131994", (d(1992, 1, 1), d(1994, 12, 31))),
    ("2008-2009", (d(2008, 1, 1), d(2009, 12, 31))),
    ("1918 to 1921", (d(1918, 1, 1), d(1921, 12, 31))),
    ("1941\u20141945", (d(1941, 1, 1), d(1945, 12, 31))),
    ("May 24\u201325, 2007", (d(2007, 5, 24), d(2007, 5, 25))),
    ("24\u201325 May 2007", (d(2007, 5, 24), d(2007, 5, 25))),
    ("24 May \u2013 3 June 2007", (d(2007, 5, 24), d(2007, 6, 3))),
    ("between 1918 and 1921", (d(1918, 1, 1), d(1921, 12, 31))),
    # Open ends.
    ("2021-", (d(2021, 1, 1), None)),
    ("2021\u2013present", (d(2021, 1, 1), None)),
    ("since 1 March 2021", (d(2021, 3, 1), None)),
    ("2014-?", (d(2014, 1, 1), None)),
    # Approximation keeps the bounds of the written date.
    ("c. 1584", (d(1584, 1, 1), d(1584, 12, 31))),
    ("circa 1584", (d(1584, 1, 1), d(1584, 12, 31))),
    ("about 1584", (d(1584, 1, 1), d(1584, 12, 31))),
    ("ca. 1584", (d(1584, 1, 1), d(1584, 12, 31))),
    # Early / mid / late: the bounds of the whole written unit (the qualifier is kept apart).
    ("mid-March 1874", (d(1874, 3, 1), d(1874, 3, 31))),
    ("early March 1874", (d(1874, 3, 1), d(1874, 3, 31))),
    ("late 1874", (d(1874, 1, 1), d(1874, 12, 31))),
    ("early 1920s", (d(1920, 1, 1), d(1929, 12, 31))),
    ("mid-1920s", (d(1920, 1, 1), d(1929, 12, 31))),
    ("the late 1980s", (d(1980, 1, 1), d(1989, 12, 31))),
    ("late 19th century", (d(1801, 1, 1), d(1900, 12, 31))),
    ("mid-19th century", (d(1801, 1, 1), d(1900, 12, 31))),
    ("early 20th century", (d(1901, 1, 1), d(2000, 12, 31))),
    # Seasons: every northern reading (meteorological and astronomical); winter YYYY both winters.
    ("Summer 1905", (d(1905, 6, 1), d(1905, 9, 30))),
    ("spring 1921", (d(1921, 3, 1), d(1921, 6, 30))),
    ("autumn 1870", (d(1870, 9, 1), d(1870, 12, 31))),
    ("fall 1870", (d(1870, 9, 1), d(1870, 12, 31))),
    ("winter 1904", (d(1903, 12, 1), d(1905, 3, 31))),
    ("the summer of 1905", (d(1905, 6, 1), d(1905, 9, 30))),
    # More approximation.
    ("ca. 1600", (d(1600, 1, 1), d(1600, 12, 31))),
    ("circa 1868", (d(1868, 1, 1), d(1868, 12, 31))),
    # Open start: before the written date begins.
    ("Before 1991", (None, d(1990, 12, 31))),
    ("before March 1991", (None, d(1991, 2, 28))),
    ("before 5 March 1991", (None, d(1991, 3, 4))),
    # Bracketed day before the year, and trailing notes that are not part of the date.
    ("(5 April) 1942", (d(1942, 4, 5), d(1942, 4, 5))),
    ("1 January 1958 (de jure)", (d(1958, 1, 1), d(1958, 1, 1))),
    ("September 29, 1972 (normalised)", (d(1972, 9, 29), d(1972, 9, 29))),
    # Wiki residue around a date.
    ("3 February 1898.", (d(1898, 2, 3), d(1898, 2, 3))),
    ("1962[1]", (d(1962, 1, 1), d(1962, 12, 31))),
    ("14 July 1954<ref>MOFA</ref>", (d(1954, 7, 14), d(1954, 7, 14))),
    (" August 3, 1992, ", (d(1992, 8, 3), d(1992, 8, 3))),
    # Not dates: placeholders and impossible days give nothing.
    ("", None),
    ("   ", None),
    ("?", None),
    ("N/A", None),
    ("\u2014", None),
    ("-", None),
    ("unknown", None),
    ("31 February 1900", None),
    ("February 30, 1990", None),
    ("29 February 1900", None),
    ("1998-01", None),
    # Not dates: the source says so, or the text does not bound the date.
    ("No date given", None),
    ("date unknown", None),
    ("not given", None),
    ("by 1875", None),
    ("after 1952", None),
    ("1952 (?)", None),
    ("c. summer 1905", None),
    # Japanese era dates (curator.eras, through japanera): Gregorian from Meiji 6 (1873), lunisolar before.
    ("Meiji 6", (d(1873, 1, 1), d(1873, 12, 31))),
    ("明治6年", (d(1873, 1, 1), d(1873, 12, 31))),
    ("the 8th month of Kanpyō 6", (d(894, 1, 1), d(894, 12, 31))),
    ("Kanpyō 6", (d(894, 1, 1), d(895, 12, 31))),
    ("Shōwa 20", (d(1945, 1, 1), d(1945, 12, 31))),
    ("Taishō 1", (d(1912, 7, 30), d(1912, 12, 31))),
    ("Meiji 50", None),
]
