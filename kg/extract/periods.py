"""Periods a text names without a year: "in the first half", "Q3", "in December", "last month", "the quarter ended
June 30", "fiscal 2023", "FY23". Each is resolved against the article's date of publication, so that a figure of
"the first half" in a story of August 2024 is of 2024 and not of a year an earlier paragraph spoke of.

A period that has not ended by the article's month is this year's when the sentence speaks of the present or the
future ("expects to sell 40,000 cars in the fourth quarter"), and last year's when it speaks of the past ("sold 3,000
cars in December", written in January). Without the article's month, such a period is of the article's year.
"""

from __future__ import annotations

import re

MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"]
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_COUNTS = {"three": 3, "six": 6, "nine": 9, "eight": 8, "ten": 10, "eleven": 11, "four": 4, "five": 5, "seven": 7,
           "two": 2}
FISCAL = re.compile(r"\b(?:FY\s?|fiscal(?: year)?\s+)(?P<year>(?:19|20)\d\d|\d\d)(?:[-/–](?P<end>\d{2,4}))?\b")
# "in the third quarter", "Q3", "3Q", "in the first half", "in the first nine months", "January-March", "the quarter
# ended June 30", "the 12 months to June", "in December", "last month"; each gives the month the period ends in.
_ENDS = [
    (re.compile(r"\b(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b", re.I),
     lambda m: 3 * _ORDINALS[m["n"].lower()]),
    (re.compile(r"\b(?:Q(?P<q>[1-4])|(?P<p>[1-4])Q)\b"), lambda m: 3 * int(m["q"] or m["p"])),
    (re.compile(r"\b(?P<n>first|second) half\b", re.I), lambda m: 6 if m["n"].lower() == "first" else 12),
    (re.compile(r"\bfirst (?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven) months\b", re.I),
     lambda m: _COUNTS[m["n"].lower()]),
    (re.compile(r"\b(?:quarter|half|months|year|period)\s+(?:ended|ending|to|through)\s+(?:the end of\s+)?"
                r"(?P<m>" + _MONTH + r")\b(?!,?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d)"),
     lambda m: MONTH_NAMES.index(m["m"].lower()) + 1),
    (re.compile(r"\b" + _MONTH + r"\s*(?:-|–|to|through)\s*(?P<m>" + _MONTH + r")\b(?!,?\s+(?:19|20)\d\d)"),
     lambda m: MONTH_NAMES.index(m["m"].lower()) + 1),
    (re.compile(r"\b(?:in|during|for|of|by)\s+(?:early\s+|late\s+|mid-)?(?P<m>" + _MONTH + r")\b"
                r"(?!\s+\d)(?!,?\s+(?:19|20)\d\d)"),
     lambda m: MONTH_NAMES.index(m["m"].lower()) + 1),
]
_LAST_MONTH = re.compile(r"\blast month\b", re.I)
_FUTURE = re.compile(r"\b(?:will|would|expects?|expected|plans?|planned|aims?|forecasts?|projects?|projected|"
                     r"targets?|is set to|are set to|guidance|outlook)\b", re.I)


def named_period(words: str, year: int | None, month: int | None, sentence: str | None = None) -> int | None:
    """The year of a period ``words`` name without a year of its own ("in the first half", "FY23", "in December"),
    for an article of ``year`` (and ``month``, if known); None if they name none. ``sentence`` (default: the
    words) tells the past from the future.

    >>> named_period("Acme sold 3,000 cars in December", 2024, 1), named_period("in the first half", 2024, 8)
    (2023, 2024)
    >>> named_period("will deliver 9,000 in the fourth quarter", 2024, 8), named_period("FY23 revenue", 2024, 5)
    (2024, 2023)
    """
    fiscal = FISCAL.search(words)
    if fiscal:
        end = fiscal["end"] or fiscal["year"]
        return int(end) if len(end) == 4 else 2000 + int(end[-2:])
    if year is None:
        return None
    if _LAST_MONTH.search(words):
        return year - 1 if month == 1 else year
    for pattern, end_of in _ENDS:
        found = pattern.search(words)
        if found is None:
            continue
        if month is None or end_of(found) <= month or _FUTURE.search(sentence or words):
            return year
        return year - 1  # a period that ends after the article's month, spoken of in the past: last year's
    return None
