"""A value as a source words it ("more than 9,000", "163.522 billion yuan") -> the number and its qualifier."""

from __future__ import annotations

import re
from decimal import Decimal

QUALIFIERS = {
    "more than": "kgo:MoreThan",
    "over": "kgo:MoreThan",
    "exceeding": "kgo:MoreThan",
    "above": "kgo:MoreThan",
    "below": "kgo:LessThan",
    "less than": "kgo:LessThan",
    "fewer than": "kgo:LessThan",
    "nearly": "kgo:Nearly",
    "almost": "kgo:Nearly",
    "close to": "kgo:Nearly",
    "about": "kgo:About",
    "around": "kgo:About",
    "approximately": "kgo:About",
    "roughly": "kgo:About",
    "some": "kgo:About",
    "up to": "kgo:AtMost",
    "at most": "kgo:AtMost",
    "no more than": "kgo:AtMost",
    "not more than": "kgo:AtMost",
    "at least": "kgo:AtLeast",
    "no less than": "kgo:AtLeast",
    "not less than": "kgo:AtLeast",
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
_QUALIFIER_WORDS = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:" + "|".join(NUMBER_WORDS) + r")\b"
CURRENCY_SIGNS = r"(?:RMB|CNY|US\$|\$|¥|USD)"
_VALUE = re.compile(
    r"^(?:(?P<qualifier>" + _QUALIFIER_WORDS + r")\s+)?"
    r"(?:" + CURRENCY_SIGNS + r"\s?)?"
    r"(?P<number>" + _NUMBER + r")"
    r"(?:\s*(?P<scale>" + "|".join(SCALES) + r")\b)?",
    re.IGNORECASE,
)


def parse_stated_value(stated: str) -> tuple[Decimal, str | None]:
    """Read a value as a source words it: the number (scaled) and its qualifier.

    >>> parse_stated_value("163.522 billion yuan")
    (Decimal('163522000000.000'), None)
    >>> parse_stated_value("more than 9,000")
    (Decimal('9000'), 'kgo:MoreThan')
    >>> parse_stated_value("ten")
    (Decimal('10'), None)
    >>> parse_stated_value("no more than RMB 12 billion")
    (Decimal('12000000000'), 'kgo:AtMost')

    Raises ValueError when ``stated`` does not begin with a number.
    """
    match = _VALUE.match(stated.strip())
    if not match:
        raise ValueError(f"'{stated}' does not begin with a number")
    word = match["number"].lower()
    number = Decimal(NUMBER_WORDS[word]) if word in NUMBER_WORDS else Decimal(word.replace(",", ""))
    if match["scale"]:
        number *= SCALES[match["scale"].lower()]
    qualifier = QUALIFIERS[match["qualifier"].lower()] if match["qualifier"] else None
    return number, qualifier
