"""Figures in a sentence: a number with its qualifier, scale and unit, or the count noun after it.

The value itself is read by ``kg.facts.numbers.parse_stated_value``, the same
function ``kg build`` reads ``stated_as`` with, so a draft's value is
exactly what the build will make of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.facts.numbers import NUMBER_WORDS, QUALIFIERS, SCALES, parse_stated_value

UNITS = [
    (r"%|percent\b|per cent\b|pct\b", "kgo:Percent"),
    (r"percentage points?\b", "kgo:PercentagePoint"),
    (r"times\b|-fold\b", "kgo:Times"),
    (r"GWh\b|gigawatt[- ]hours?\b", "kgo:GigawattHour"),
    (r"yuan\b|RMB\b", "kgo:CNY"),
    (r"(?:US |U\.S\. )?dollars\b", "kgo:USD"),
    (r"tons?\b|tonnes?\b", "kgo:Tonne"),
    (r"km\b|kilomet(?:er|re)s?\b", "kgo:Kilometre"),
    (r"years?\b", "kgo:Year"),
]
CURRENCIES = {"rmb": "kgo:CNY", "cny": "kgo:CNY", "¥": "kgo:CNY", "us$": "kgo:USD", "$": "kgo:USD", "usd": "kgo:USD"}
_QUALIFIER = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:" + "|".join(NUMBER_WORDS) + r")\b"
FIGURE = re.compile(
    r"(?<![\w.,\-])"
    r"(?P<stated>(?:(?P<qualifier>" + _QUALIFIER + r")\s+)?(?:(?P<currency>RMB|CNY|US\$|\$|¥|USD)\s?)?"
    r"(?P<number>" + _NUMBER + r")"
    r"(?:\s*(?P<scale>" + "|".join(SCALES) + r")\b)?"
    r"(?:\s*(?P<unit>" + "|".join(f"(?:{p})" for p, _ in UNITS) + r"))?)",
    re.IGNORECASE,
)
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr" \
         r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
# Measures kg has no unit for: a figure in one of them is left out rather than miscounted.
UNKNOWN_MEASURES = {
    "mu", "square", "sq", "hectares", "hectare", "acres", "kilowatts", "kw", "mw", "mwh", "kwh", "twh", "wh",
    "kg", "kilograms", "meters", "metres", "m", "days", "months", "hours", "minutes", "seconds", "gb", "mb",
    "degrees", "cubic", "liters", "litres", "megawatts", "gigawatts", "gw", "watts", "volts", "mah", "wh/kg",
    "kilometers", "miles", "per", "yuan/kwh", "a", "an", "the", "of", "and", "or", "to", "in", "on", "at",
    "hundred", "dozen", "percentage", "last", "next", "this", "more", "less", "fewer", "previous", "same", "above",
    "times", "phases", "phase", "rounds", "batches",
}
# Words that end the count noun after a number ("9,000 charging interfaces have been built").
NOUN_STOPS = {
    "have", "has", "had", "were", "was", "is", "are", "be", "been", "will", "would", "with", "in", "at", "on",
    "for", "from", "by", "to", "since", "during", "which", "that", "who", "while", "compared", "than", "as",
    "respectively", "accounting", "including", "up", "down", "year", "each", "per", "this", "these", "its",
    "their", "against", "over", "under", "across", "throughout", "through", "via", "last", "next", "now",
    "currently", "already", "still", "so", "far", "annually", "yearly", "more", "less", "than",
    "faster", "slower", "higher", "lower", "respectively", "worth", "along", "around", "among", "between", "after", "before",
}


@dataclass(frozen=True)
class Figure:
    """A number as the sentence states it; offsets are relative to the sentence."""

    start: int
    end: int
    stated: str
    value: Decimal
    qualifier: str | None
    unit: str | None
    noun: str | None = None
    noun_end: int | None = None


def figures(text: str) -> list[Figure]:
    """The figures of a sentence, in order; years, dates, ranks and compound words are left out.

    >>> [(f.stated, f.value, f.unit) for f in figures("Output reached 88.9 billion yuan, up 12.5%.")]
    [('88.9 billion yuan', Decimal('88900000000.0'), 'kgo:CNY'), ('12.5%', Decimal('12.5'), 'kgo:Percent')]
    >>> [(f.stated, f.noun) for f in figures("In 2023 it signed nearly 250 projects with firms.")]
    [('nearly 250', 'projects')]
    """
    found = []
    for match in FIGURE.finditer(text):
        number, start, end = match.group("number"), match.start("stated"), match.end("stated")
        before, after = text[: match.start()], text[end:]
        if _not_a_figure(number, match, before, after):
            continue
        stated = match.group("stated")
        unit = _unit(match)
        noun = noun_end = None
        if unit is None:
            noun, noun_end = _count_noun(text, end)
            if noun is not None:
                unit = "kgo:Count"
        if unit == "kgo:Year" and not (match.group("qualifier") or re.search(r"\b(?:taken|took|spent|within|just|only)\s+$", before)):
            continue  # "over the past three years" is a span of time, not a statistic
        value, qualifier = parse_stated_value(stated)
        if unit == "kgo:Count" and value != value.to_integral_value():
            continue
        found.append(Figure(start, end, stated, value, qualifier, unit, noun, noun_end))
    return found


def _not_a_figure(number: str, match: re.Match, before: str, after: str) -> bool:
    lower = number.lower()
    if re.fullmatch(r"(?:19|20)\d\d", number) and not match.group("unit") and not match.group("scale") \
            and not match.group("currency"):
        return True  # a year
    if lower == "one" or (lower in NUMBER_WORDS and re.search(r"\b(?:the|these|those|above|of)\s+$", before, re.I)):
        return True  # "one of", "the above three categories"
    if re.search(MONTHS + r"\s+$", before) or re.match(r"\s*(?:st|nd|rd|th)\b", after) or re.match(r"\s*,?\s*(?:19|20)\d\d\b", after) \
            and re.search(MONTHS + r"\s*$", before):
        return True  # a date: "June 9"
    if re.match(r"[\-+/:]|\s*\+", after) or re.match(r"-?(?:level|year|day|month|hour|fold|storey|story)\b", after):
        return True  # "100-billion-level", "1+ N", "5-year"
    if re.search(r"\b(?:No|no|Phase|phase|top|Top|Model|model|Article|article|Line|line)\.?\s+$", before):
        return True
    return False


def _unit(match: re.Match) -> str | None:
    unit = match.group("unit")
    if unit:
        for pattern, curie in UNITS:
            if re.fullmatch(pattern, unit, re.IGNORECASE):
                return curie
    currency = match.group("currency")
    if currency:
        return CURRENCIES[currency.lower()]
    return None


def _count_noun(text: str, end: int) -> tuple[str | None, int | None]:
    """The noun phrase counted by the number ending at ``end``: "60 ... research centers" -> "research centers"."""
    words = list(re.finditer(r"[A-Za-z][\w&\-]*|[(),.;:]|\S", text[end:]))
    kept: list[re.Match] = []
    for word in words:
        w = word.group(0)
        if not w[0].isalpha() or w.lower() in NOUN_STOPS or len(kept) >= 9:
            break
        if w.lower() == "and" and (not kept or re.match(r"\s*(?:\S+\s+){0,2}(?:\d|(?:" + "|".join(NUMBER_WORDS) + r")\b)",
                                                        text[end + word.end():])):
            break  # "signed 56 projects and created about 8,000 jobs": the next figure's words
        kept.append(word)
    while kept and kept[-1].group(0).lower() in ("and", "of", "the", "or"):
        kept.pop()
    if not kept or kept[0].group(0).lower() in UNKNOWN_MEASURES:
        return None, None
    first = kept[0].group(0)
    if first[0].isupper() and first.lower() != "r&d" and not re.fullmatch(r"[A-Z]{2,5}s", first):
        return None, None  # "2023 World ...", a name, not a count; "NEVs" is a count
    noun = text[end + kept[0].start(): end + kept[-1].end()]
    return noun, end + kept[-1].end()
