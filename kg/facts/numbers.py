"""A value as a source words it ("more than 9,000", "163.522 billion yuan", "twenty-five") -> the number and its qualifier.

Number words are read by text2num (``text_to_num``), a maintained library that
reads "one hundred and twenty", "twenty-five" and "seven hundred million" whole;
the regular expressions here only find where a number begins and ends, its
qualifier ("more than", "about", "exceeding"), currency sign and scale
("billion", "bn", "crore"). ``kg build`` reads ``stated_as`` with
``parse_stated_value`` and ``kg extract`` finds figures with ``DIGITS``, ``NUMBER_IN_WORDS`` and
``read_number``, so a draft's value is exactly what the build will make of it.
"""

from __future__ import annotations

import re
from decimal import Decimal

QUALIFIERS = {
    "more than": "kgo:MoreThan",
    # an adverb before a qualifier says by how much, not which way ("well over", "just under")
    "well over": "kgo:MoreThan",
    "well above": "kgo:MoreThan",
    "just over": "kgo:MoreThan",
    "just above": "kgo:MoreThan",
    "slightly more than": "kgo:MoreThan",
    "slightly over": "kgo:MoreThan",
    "a little over": "kgo:MoreThan",
    "just under": "kgo:LessThan",
    "just below": "kgo:LessThan",
    "slightly less than": "kgo:LessThan",
    "just shy of": "kgo:Nearly",
    # "as many as 2,000 jobs": at most that many, as the source puts it
    "as many as": "kgo:AtMost",
    "as much as": "kgo:AtMost",
    "as high as": "kgo:AtMost",
    "over": "kgo:MoreThan",
    "exceeding": "kgo:MoreThan",
    "exceed": "kgo:MoreThan",
    "exceeds": "kgo:MoreThan",
    "exceeded": "kgo:MoreThan",
    "in excess of": "kgo:MoreThan",
    "surpass": "kgo:MoreThan",
    "surpassing": "kgo:MoreThan",
    "upwards of": "kgo:MoreThan",
    "above": "kgo:MoreThan",
    "below": "kgo:LessThan",
    "under": "kgo:LessThan",
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
    "an estimated": "kgo:About",
    "estimated": "kgo:About",
    "up to": "kgo:AtMost",
    "at most": "kgo:AtMost",
    "no more than": "kgo:AtMost",
    "not more than": "kgo:AtMost",
    "at least": "kgo:AtLeast",
    "no less than": "kgo:AtLeast",
    "not less than": "kgo:AtLeast",
}
# Scales written after a number in digits ("1.5 billion", "5 bn", "14,007 crore"); a crore is ten million, a lakh
# a hundred thousand (Indian English).
SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "bn": 10**9, "mn": 10**6, "mln": 10**6, "tn": 10**12, "crore": 10**7, "crores": 10**7, "lakh": 10**5, "lakhs": 10**5,
}
# "$483m", "A$1.2bn": a letter right after the digits is a scale only after a currency sign ("5m" may be metres).
GLUED_SCALES = {"k": 10**3, "m": 10**6, "b": 10**9}
_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
          "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_SCALES = ["hundred", "thousand", "million", "billion", "trillion"]
# Kept for the extractor's back-references ("the above three categories"): a small number written as a word.
NUMBER_WORDS = {word: i + 1 for i, word in enumerate(_UNITS)} | {word: 20 + 10 * i for i, word in enumerate(_TENS)}
_WORD = r"(?:" + "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True)) + r")"
# A number in words: "seven", "twenty-five", "one hundred and twenty", "two hundred thousand", "seven hundred million".
NUMBER_IN_WORDS = _WORD + r"\b(?:(?:[\s\-]+|\s+and\s+)(?:" + _WORD + r"|" + "|".join(_WORD_SCALES) + r")\b)*"
# Thousands grouped by a space ("140 000 t/y", SI style; a no-break or thin space too) are one number: a group of
# exactly three digits after a space of one to three.
GROUP_SPACES = " \u00a0\u202f\u2009"
DIGITS = r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?" \
         r"|\d{1,3}(?:[" + GROUP_SPACES + r"]\d{3}(?![\d,]))+(?:\.\d+)?|\d+(?:\.\d+)?"
# Currency signs and ISO codes before an amount, and the unit each stands for: the one table kg extract names units
# by and kg build reads values by. "$" alone is the US dollar unless a country's letters come first (A$, C$); "Rp"
# is rupiah, "NT$" New Taiwan dollars, "R" glued to an amount with its scale or thousands rand ("R5bn", "R12,000").
# "COP" (COP28) and "PHP" are left out: the pesos are read by name.
CURRENCIES = {
    "rmb": "kgo:CNY", "cny": "kgo:CNY", "¥": "kgo:CNY", "us$": "kgo:USD", "$us": "kgo:USD", "$": "kgo:USD",
    "usd": "kgo:USD", "€": "kgo:EUR", "eur": "kgo:EUR", "£": "kgo:GBP", "gbp": "kgo:GBP", "a$": "kgo:AUD",
    "au$": "kgo:AUD", "aud": "kgo:AUD", "c$": "kgo:CAD", "ca$": "kgo:CAD", "cad": "kgo:CAD", "₹": "kgo:INR",
    "rs": "kgo:INR", "rs.": "kgo:INR", "inr": "kgo:INR", "hk$": "kgo:HKD", "hkd": "kgo:HKD", "nz$": "kgo:NZD",
    "nzd": "kgo:NZD", "s$": "kgo:SGD", "sgd": "kgo:SGD", "r$": "kgo:BRL", "brl": "kgo:BRL", "rm": "kgo:MYR",
    "myr": "kgo:MYR", "dkk": "kgo:DKK", "sek": "kgo:SEK", "nok": "kgo:NOK", "chf": "kgo:CHF", "pln": "kgo:PLN",
    "zar": "kgo:ZAR", "r": "kgo:ZAR", "aed": "kgo:AED", "mad": "kgo:MAD", "jpy": "kgo:JPY", "krw": "kgo:KRW",
    "₩": "kgo:KRW", "thb": "kgo:THB", "฿": "kgo:THB", "rp": "kgo:IDR", "rp.": "kgo:IDR", "idr": "kgo:IDR",
    "nt$": "kgo:TWD", "twd": "kgo:TWD", "₫": "kgo:VND", "vnd": "kgo:VND", "₱": "kgo:PHP", "mex$": "kgo:MXN",
    "mxn": "kgo:MXN", "clp": "kgo:CLP", "ars": "kgo:ARS", "pen": "kgo:PEN", "₺": "kgo:TRY", "try": "kgo:TRY",
    "₽": "kgo:RUB", "rub": "kgo:RUB", "sar": "kgo:SAR", "sr": "kgo:SAR", "qar": "kgo:QAR", "e£": "kgo:EGP",
    "egp": "kgo:EGP", "₦": "kgo:NGN", "ngn": "kgo:NGN", "kes": "kgo:KES", "₪": "kgo:ILS", "ils": "kgo:ILS",
    "czk": "kgo:CZK", "huf": "kgo:HUF", "ron": "kgo:RON", "pkr": "kgo:PKR", "৳": "kgo:BDT", "bdt": "kgo:BDT",
    "kzt": "kgo:KZT",
}
# Codes that are also words or names ("TRY", "PEN", "RON"): a currency only in capitals.
CAPITALS_ONLY = frozenset({"mxn", "clp", "ars", "pen", "try", "rub", "sar", "sr", "qar", "egp", "ngn", "kes", "ils",
                           "czk", "huf", "ron", "pkr", "bdt", "kzt"})
# "R" is a rand only glued to an amount with its scale or thousands.
_RAND = r"R(?=\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?(?:bn|billion|m|million|mn|trillion|tn)\b)"


def _signs(signs: list[str]) -> str:
    """An alternation of ``signs``, longer first where one begins another (NT$ before $, RMB before RM); a sign
    that may end in a full stop ("Rs.") also matches without it."""
    return "|".join(re.escape(s) for s in sorted(signs, key=lambda s: (-len(s), s)))


CURRENCY_SIGNS = "(?:" + _signs([s for s in CURRENCIES if s not in CAPITALS_ONLY and s != "r"]) \
    + "|(?-i:" + _signs([s.upper() for s in CAPITALS_ONLY]) + "|" + _RAND + "))"
SCALE = r"(?:" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b"
# A tonnage's scale written in its unit: "700 kilotonnes", "30.3Mt" (megatonnes; "mt" in lower case is metric tons).
TONNE_SCALES = ((re.compile(r"\s*-?(?:(?i:kilo-?(?:tonne|ton)s?)|kt)\b"), 10**3),
                (re.compile(r"\s*-?(?:(?i:mega-?(?:tonne|ton)s?)|Mt)\b"), 10**6))
_QUALIFIER_WORDS = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_VALUE = re.compile(
    r"^(?:(?P<qualifier>" + _QUALIFIER_WORDS + r")\s+)?"
    r"(?:(?P<currency>" + CURRENCY_SIGNS + r")\s?)?"
    r"(?P<number>" + DIGITS + r"|" + NUMBER_IN_WORDS + r")"
    r"(?:(?P<glued>[kmb])\b|(?:\s*|-)(?P<scale>" + SCALE + r"))?",  # "5 billion", "$5-billion"
    re.IGNORECASE,
)


def read_number(number: str) -> Decimal:
    """The value of a number as written: digits (with "," grouping, Indian "1,01,487" too) or English words.

    >>> read_number("1,01,487"), read_number("twenty-five"), read_number("one hundred and twenty")
    (Decimal('101487'), Decimal('25'), Decimal('120'))
    >>> read_number("two hundred thousand"), read_number("seven hundred million")
    (Decimal('200000'), Decimal('700000000'))

    Raises ValueError for words text2num does not read as one number ("two and three").
    """
    if number[:1].isdigit():
        return Decimal(re.sub("[," + GROUP_SPACES + "]", "", number))
    from text_to_num import text2num

    words = " ".join(number.lower().replace("-", " ").split())
    try:
        return Decimal(text2num(words, "en"))
    except ValueError:
        raise ValueError(f"'{number}' is not one number in words") from None


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
    >>> parse_stated_value("exceeding 100 billion yuan"), parse_stated_value("5 bn yuan")
    ((Decimal('100000000000'), 'kgo:MoreThan'), (Decimal('5000000000'), None))
    >>> parse_stated_value("two hundred thousand tonnes"), parse_stated_value("$5-billion")
    ((Decimal('200000'), None), (Decimal('5000000000'), None))
    >>> parse_stated_value("up to 700 kilotonnes"), parse_stated_value("30.3Mt"), parse_stated_value("300,000 mt/y")
    ((Decimal('700000'), 'kgo:AtMost'), (Decimal('30300000.0'), None), (Decimal('300000'), None))

    Raises ValueError when ``stated`` does not begin with a number, when its words are not one
    number, or when another number follows the first ("5 6 billion"): a value read wrongly
    without a word would be worse than none.
    """
    match = _VALUE.match(stated.strip())
    if not match:
        raise ValueError(f"'{stated}' does not begin with a number")
    number = read_number(match["number"])
    glued = match["glued"]
    if glued and not match["currency"]:
        raise ValueError(f"'{stated}': '{match['number']}{glued}' is a scale only after a currency sign ($483m)")
    if glued:
        number *= GLUED_SCALES[glued.lower()]
    elif match["scale"]:
        number *= SCALES[match["scale"].lower()]
    rest = stated.strip()[match.end():]
    for pattern, scale in TONNE_SCALES:  # tonnes are the unit: kilotonnes and megatonnes are scales of it
        if pattern.match(rest):
            number *= scale
    if re.match(r"\s*(?:\d|" + _WORD + r"\b)", rest, re.IGNORECASE):
        raise ValueError(f"'{stated}' holds more than one number")
    qualifier = QUALIFIERS[match["qualifier"].lower()] if match["qualifier"] else None
    return number, qualifier
