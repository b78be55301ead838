"""Figures in a sentence: a number with its qualifier, scale and unit, or the count noun after it.

The value itself is read by ``kg.facts.numbers.parse_stated_value``, the same
function ``kg build`` reads ``stated_as`` with, so a draft's value is
exactly what the build will make of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.facts.numbers import (
    CURRENCIES,
    CURRENCY_SIGNS,
    DIGITS,
    NUMBER_IN_WORDS,
    NUMBER_WORDS,
    QUALIFIERS,
    SCALE,
    parse_stated_value,
)

# Units by the words after a number; the first pattern that matches wins, so longer ones come first.
UNITS = [
    (r"%|percent\b|per cent\b|pct\b|pc\b", "kgo:Percent"),
    (r"percentage points?\b", "kgo:PercentagePoint"),
    (r"times\b|-fold\b", "kgo:Times"),
    (r"TWh\b|terawatt[- ]hours?\b", "kgo:TerawattHour"),
    (r"GWh\b|gigawatt[- ]hours?\b", "kgo:GigawattHour"),
    (r"MWh\b|megawatt[- ]hours?\b", "kgo:MegawattHour"),
    (r"kWh\b|kilowatt[- ]hours?\b", "kgo:KilowattHour"),
    (r"GW(?:p|ac|dc)?\b|gigawatts?\b", "kgo:Gigawatt"),  # peak, AC and DC ratings are ratings in gigawatts too
    (r"MW(?:p|ac|dc)?\b|megawatts?\b", "kgo:Megawatt"),
    (r"kW(?:p)?\b|kilowatts?\b", "kgo:Kilowatt"),
    (r"yuan\b|RMB\b|renminbi\b", "kgo:CNY"),
    (r"Australian dollars\b", "kgo:AUD"),
    (r"Canadian dollars\b", "kgo:CAD"),
    (r"(?:New )?Taiwan(?:ese)? dollars\b|NT dollars\b", "kgo:TWD"),
    (r"Hong Kong dollars\b", "kgo:HKD"),
    (r"Singapore dollars\b", "kgo:SGD"),
    (r"New Zealand dollars\b", "kgo:NZD"),
    (r"(?:US |U\.S\. )?dollars\b", "kgo:USD"),
    (r"euros?\b", "kgo:EUR"),
    (r"Egyptian pounds?\b", "kgo:EGP"),
    (r"lbs?\b", "kgo:Pound"),
    (r"(?:pounds sterling|(?:British )?pounds)\b", "kgo:GBP"),  # "pounds of copper" is a weight: see figures()
    (r"yen\b", "kgo:JPY"),
    (r"won\b", "kgo:KRW"),
    (r"Pakistani rupees\b", "kgo:PKR"),
    (r"rupees\b", "kgo:INR"),
    (r"rupiah\b", "kgo:IDR"),
    (r"dong\b", "kgo:VND"),
    (r"Philippine pesos?\b", "kgo:PHP"),
    (r"Mexican pesos?\b", "kgo:MXN"),
    (r"Chilean pesos?\b", "kgo:CLP"),
    (r"Argentine pesos?\b", "kgo:ARS"),
    (r"Colombian pesos?\b", "kgo:COP"),
    (r"(?:Peruvian )?soles\b", "kgo:PEN"),
    (r"(?:Turkish )?liras?\b", "kgo:TRY"),
    (r"roubles?\b|rubles?\b", "kgo:RUB"),
    (r"Qatari riyals?\b", "kgo:QAR"),
    (r"(?:Saudi )?riyals?\b", "kgo:SAR"),
    (r"naira\b", "kgo:NGN"),
    (r"Kenyan shillings?\b", "kgo:KES"),
    (r"(?:new )?shekels?\b", "kgo:ILS"),
    (r"(?:Czech )?korun(?:a|y)\b", "kgo:CZK"),
    (r"forints?\b", "kgo:HUF"),
    (r"(?:Romanian )?lei\b", "kgo:RON"),
    (r"taka\b", "kgo:BDT"),
    (r"tenge\b", "kgo:KZT"),
    (r"Moroccan dirhams?\b", "kgo:MAD"),
    (r"(?:UAE )?dirhams?\b", "kgo:AED"),
    (r"Danish kron(?:er|e)\b|DKK\b", "kgo:DKK"),
    (r"Swedish kron(?:or|a)\b|SEK\b", "kgo:SEK"),
    (r"Norwegian kron(?:er|e)\b|NOK\b", "kgo:NOK"),
    (r"Swiss francs?\b|CHF\b", "kgo:CHF"),
    (r"zlot(?:y|ys|ies)\b|PLN\b", "kgo:PLN"),
    (r"reais\b|Brazilian reals?\b|BRL\b", "kgo:BRL"),
    (r"rand\b|ZAR\b", "kgo:ZAR"),
    (r"ringgit\b|MYR\b", "kgo:MYR"),
    (r"baht\b|THB\b", "kgo:THB"),
    (r"(?:metric )?(?:kilo-?|mega-?)?(?:tonnes?|tons?)(?:/day|/d| a day| per day|-per-day| daily)\b|tpd\b",
     "kgo:TonnePerDay"),
    (r"(?:(?:metric )?(?:kilo-?|mega-?)?(?:tonnes?|tons?)|t|kt|Mt|mt)(?:/yr|/year|/y|/a| a year| per year|-per-year|"
     r" per annum| annually|pa)\b|tpa\b|tpy\b|Mtpa\b|ktpa\b", "kgo:TonnePerYear"),
    (r"short tons?\b", "kgo:ShortTon"),
    (r"(?:metric )?(?:kilo-?|mega-?)?(?:tonnes?|tons?)\b|t\b|kt\b|Mt\b", "kgo:Tonne"),
    (r"kilo(?:gram|gramme)s?\b|kg\b", "kgo:Kilogram"),
    (r"(?:troy )?ounces?\b|oz\b", "kgo:Ounce"),
    (r"barrels? (?:a|per) day\b|barrels?-per-day\b|bpd\b|b/d\b", "kgo:BarrelPerDay"),
    (r"barrels?\b|bbl\b", "kgo:Barrel"),
    (r"hectares?\b|ha\b", "kgo:Hectare"),
    (r"acres?\b", "kgo:Acre"),
    (r"square (?:feet|foot)\b|sq\.? ?ft\b|sqft\b", "kgo:SquareFoot"),
    (r"square kilomet(?:er|re)s?\b|sq\.? ?km\b|km2\b|km²", "kgo:SquareKilometre"),
    (r"square met(?:er|re)s?\b|sq\.? m\b|m2\b|m²", "kgo:SquareMetre"),
    (r"cubic met(?:er|re)s?\b|m3\b|m³", "kgo:CubicMetre"),
    (r"lit(?:er|re)s?\b", "kgo:Litre"),
    (r"gallons?\b", "kgo:Gallon"),
    (r"km\b|kilomet(?:er|re)s?\b", "kgo:Kilometre"),
    (r"miles?\b", "kgo:Mile"),
    (r"mm\b|millimet(?:er|re)s?\b", "kgo:Millimetre"),
    (r"met(?:er|re)s?\b", "kgo:Metre"),
    (r"years?\b", "kgo:Year"),
    (r"months?\b", "kgo:Month"),
]
# Units of an area of land or floor: what a site, a plant or a concession covers.
AREA_UNITS = frozenset({"kgo:Hectare", "kgo:SquareMetre", "kgo:SquareFoot", "kgo:SquareKilometre", "kgo:Acre"})
# Every unit of money: an amount in one sets the currency of the sentence's later bare amounts.
MONEY_UNITS = frozenset({*CURRENCIES.values(), "kgo:COP"})  # Colombian pesos are named, never signed (COP28)
_QUALIFIER = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
FIGURE = re.compile(
    r"(?<![\w.,\-$€£¥:])"  # not the minutes of "12:27 am"
    r"(?P<stated>(?:(?P<qualifier>" + _QUALIFIER + r")\s+)?(?:(?P<currency>" + CURRENCY_SIGNS + r")\s?)?"
    r"(?P<number>" + DIGITS + r"|" + NUMBER_IN_WORDS + r")"
    r"(?:(?P<glued>[kmb])\b|\s*(?P<scale>" + SCALE + r"))?"
    r"(?:\s*(?P<unit>" + "|".join(f"(?:{p})" for p, _ in UNITS) + r"))?)",
    re.IGNORECASE,
)
# What a tonnage written before it is the yearly capacity of.
CAPACITY_HOLDERS = r"(?:capacity|capacities|plant|plants|smelter|smelters|refinery|refineries|mill|mills|project|" \
                   r"facility|facilities|factory|complex|mine|operation)\b"
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr" \
         r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
# Measures kg has no unit for: a figure in one of them is left out rather than miscounted.
UNKNOWN_MEASURES = {
    "mu", "square", "sq", "acres", "mwh", "kwh", "twh", "wh", "kg", "kilograms", "meters", "metres", "m", "days",
    "months", "hours", "minutes", "seconds", "weeks", "week", "yrs", "decades", "quarters", "gb", "mb", "degrees", "cubic", "liters", "litres", "watts", "volts",
    "mah", "wh/kg", "miles", "per", "yuan/kwh", "a", "an", "the", "of", "and", "or", "to", "in", "on", "at",
    "hundred", "dozen", "percentage", "last", "next", "this", "more", "less", "fewer", "previous", "same", "above",
    "times", "phases", "phase", "rounds", "batches", "consecutive", "straight", "baht", "ringgit", "dirhams", "forints", "won", "hkd",
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
    found: list[Figure] = []
    money = None  # the currency of the sentence's last amount
    for match in FIGURE.finditer(text):
        number, start, end = match.group("number"), match.start("stated"), match.end("stated")
        before, after = text[: match.start()], text[end:]
        hyphened = _hyphened_unit(match, after, before)  # "a 40-hectare site", "a 2,500-job plant", "a 25-year deal"
        if hyphened is None and _not_a_figure(number, match, before, after):
            continue
        stated = match.group("stated") if hyphened is None else text[start: end + hyphened[1]]
        unit = hyphened[0] if hyphened else _unit(match)
        noun = noun_end = None
        if hyphened and unit == "kgo:Count":
            noun, noun_end = "jobs", end + hyphened[1]
        elif unit is None:
            noun, noun_end = _count_noun(text, end)
            if noun is not None:
                unit = "kgo:Count"
            elif money and (match.group("scale") or match.group("glued")):
                unit = money  # "a profit of 444 million yuan from a loss of 406.7 million": yuan too
        if unit in ("kgo:Year", "kgo:Month") and not hyphened and _a_span(match, before, after):
            continue  # "over the past three years" is a span of time, not a statistic
        try:
            value, qualifier = parse_stated_value(stated)
        except ValueError:
            continue  # "two and three", "5m" without a currency: not one number the build would read
        if unit == "kgo:Count" and value != value.to_integral_value():
            continue
        after = text[end + (hyphened[1] if hyphened else 0):]  # the words after the figure and its unit
        if unit == "kgo:GBP" and match.group("unit") and re.match(r"\s+of\b", after):
            unit = "kgo:Pound"  # "2 million pounds of copper" is a weight; "2 million pounds" alone is money
        if unit == "kgo:Tonne" and (re.search(r"\b(?:annual|yearly)\s+(?:\w+\s+){0,3}$", before)
                                    or re.match(r"(?:\s+[\w\-]+){0,6}?\s+(?:each|a|per|every) year\b|(?:\s+[\w\-]+){0,6}?\s+"
                                                r"(?:annually|per annum)\b", after)
                                    or re.match(r"(?:\s+(?!(?:to|from|at|in|into|for|by|with)\b)[\w\-]+){0,3}?\s+" + CAPACITY_HOLDERS, after)):
            # "an annual output of 40,000 tons", "45,000 tonnes of hydroxide each year"; "a 360,000-tonne smelter",
            # "plants with a 500,000-tonne capacity": a plant's tonnage is what it can make in a year
            unit = "kgo:TonnePerYear"
        elif unit == "kgo:Tonne" and re.match(r"(?:\s+[\w\-]+){0,6}?\s+(?:(?:each|a|per|every) day|daily)\b", after):
            unit = "kgo:TonnePerDay"  # "85 tonnes of liquid hydrogen per day"
        if unit in ("kgo:Tonne", "kgo:CubicMetre") and re.match(
                r"(?:\s+[\w\-]+){0,4}?\s+(?:every|per|an|a|each) (?:hour|minute|second|week|month)\b", after):
            continue  # "28,000 cubic metres of gas every hour": a rate kg has no unit for, not a volume
        found.append(Figure(start, end if hyphened is None else end + hyphened[1], stated, value, qualifier, unit,
                            noun, noun_end))
        if unit in MONEY_UNITS and before.count("(") <= before.count(")"):
            money = unit  # an amount in brackets is a conversion, not the sentence's currency
    return found


def _a_span(match: re.Match, before: str, after: str) -> bool:
    """Whether a number of years or months is a span of time ("over the past three years", "in the next 30 years",
    "100 years ago", "completed in about 12 months", "I've lived here for 30 years") rather than a duration the text
    states of something: "for 40 years", "for the next 200 years", "the initial 15 years of production"."""
    if _unit(match) == "kgo:Month" or re.match(r"\s+(?:ago|earlier|later|before|after)\b", after) \
            or re.search(r"\bI(?:'|’|\s)", before):
        return True  # how long something takes, a point in time, a speaker's own life: no figure of the story
    qualifier = (match.group("qualifier") or "").lower()
    if qualifier in ("over", "under", "above", "below"):
        return True  # "invest $1.9 billion over two years": a preposition, not a qualifier, of a span
    return not (qualifier or re.search(
        r"\b(?:taken|took|spent|within|just|only)\s+$|\bfor\s+(?:the\s+(?:next|initial|first)\s+)?$|"
        r"\bthe\s+(?:initial|first)\s+$", before))


def _hyphened_unit(match: re.Match, after: str, before: str = "") -> tuple[str, int] | None:
    """(unit, length of "-unit") of a number joined to its unit by a hyphen, else None."""
    if match.group("unit") or match.group("scale") or match.group("glued"):
        return None
    aged = re.match(r"-year(?:-old\b|(?=\s+[a-z])(?!\s+(?:plans?|programmes?|programs?|strategy|high|low|anniversary|"
                    r"period|history|record)\b))", after)  # "a 5-year plan", "a 10-year high": kinds, not lengths
    if aged and re.search(r"\b(?:a|an|the|its|their|his|her)\s+$", before, re.I):
        return "kgo:Year", aged.end()  # "a 25-year agreement", "its 17-year-old subsidiary"
    # "20,000-tonne-per-year", "a 500,000-square-foot plant"
    joined = re.match(r"-(?P<word>(?:square-)?[A-Za-z]+(?:-per-(?:year|annum|day))?)\b(?!-)", after)
    if joined is None:
        return None
    word = joined.group("word").replace("square-", "square ")
    if word.lower() in ("job", "jobs"):
        return "kgo:Count", joined.end()
    for pattern, curie in UNITS:
        if curie not in ("kgo:Year", "kgo:Month", "kgo:Times") and re.fullmatch(pattern, word, re.IGNORECASE):
            return curie, joined.end()
    return None


def _not_a_figure(number: str, match: re.Match, before: str, after: str) -> bool:
    lower = number.lower()
    if re.fullmatch(r"(?:19|20)\d\d", number) and not match.group("unit") and not match.group("scale") \
            and not match.group("currency"):
        return True  # a year
    if lower == "one" or (lower in NUMBER_WORDS and re.search(r"\b(?:the|these|those|above)\s+$", before, re.I)):
        return True  # "one of", "the above three categories"
    if lower in NUMBER_WORDS and re.search(r"\bof\s+$", before, re.I) \
            and not re.match(r"\s+(?:[a-z][\w\-]*\s+){0,3}[a-z][\w\-]*s\b", after):
        return True  # "two of them"; "the construction of two plants" is a count
    if re.search(MONTHS + r"\s+$", before) or re.match(r"\s*(?:st|nd|rd|th)\b", after) or re.match(r"\s*,?\s*(?:19|20)\d\d\b", after) \
            and re.search(MONTHS + r"\s*$", before):
        return True  # a date: "June 9"
    if re.search(r"\d\s*/\s*$", before):
        return True  # the "7" of "6/7 nanometre"
    paired = match.group("unit") and re.match(r"/\s*(?:[\d.,]+\s*[A-Za-z]|(?:year|yr|y|a|annum)\b)", after)
    owned = match.group("unit") and re.match(r"-owned\b", after)
    if (re.match(r"[\-+/:]|\s*\+", after) and not paired and not owned) \
            or re.match(r"-?(?:level|year|day|month|hour|fold|storey|story)\b", after):
        return True  # "100-billion-level", "1+ N", "5-year"; not "25MW/50MWh", "80GWh/year", "100%-owned"
    if re.search(r"\b(?:No|no|Phase|phase|top|Top|Model|model|Article|article|Line|line)\.?\s+$", before):
        return True
    if not match.group("currency") and not match.group("qualifier") and _unit(match) in (None, "kgo:Year") \
            and re.search(r"\S\s+[A-Z][a-z]+\s+$", before) \
            and not re.search(r"\b(?:In|On|By|At|From|With|Of|For|To|Over|About|Around|Some|And|Or)\s+$", before):
        return True  # "Industry 4.0", "Hall 3": a number in a name, not a figure
    return False


def _unit(match: re.Match) -> str | None:
    if match.group("glued") and not match.group("currency"):
        return None
    unit = match.group("unit")
    if unit:
        for pattern, curie in UNITS:
            if re.fullmatch(pattern, unit, re.IGNORECASE):
                return curie
    currency = match.group("currency")
    if currency:
        return CURRENCIES[currency.lower()]
    return None


TIME_SPANS = {"years", "months", "quarters", "weeks", "days", "sessions", "terms", "seasons"}


def _named_count(words: list[re.Match]) -> bool:
    """ "13 Strategic Industrial Areas", "twelve Member States": a count of things whose kind is written in capitals,
    told from a name ("2023 World Battery Conference") by its last word, a plural."""
    if not words:
        return False
    last = words[-1].group(0)
    return 0 < len(words) <= 4 and len(last) > 3 \
        and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _count_noun(text: str, end: int) -> tuple[str | None, int | None]:
    """The noun phrase counted by the number ending at ``end``: "60 ... research centers" -> "research centers"."""
    words = [w for w in re.finditer(r"[A-Za-z][\w&\-]*|[(),.;:]|\S", text[end:])
             if w.group(0) not in "“”\"‘’"]  # '36 “community” projects' counts projects
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
    if kept and kept[0].group(0).lower() in ("consecutive", "straight") and len(kept) > 1 \
            and kept[-1].group(0).lower() not in TIME_SPANS:
        pass  # "seven straight quarterly losses" counts losses; "four consecutive years" is a span of time
    elif not kept or kept[0].group(0).lower() in UNKNOWN_MEASURES:
        return None, None
    if re.fullmatch(r"(?:largest|biggest|greatest|highest|lowest|richest|fastest|strongest|best|worst|most|least|"
                    r"top|leading|series|\w+-series)", kept[0].group(0).lower()) \
            or (len(kept) > 1 and kept[1].group(0).lower() == "series"):
        return None, None  # "the 30 largest economies" is a rank; "210 series modules" a product's name
    first = kept[0].group(0)
    capitals = [w for w in kept[: next((i for i, w in enumerate(kept) if not w.group(0)[0].isupper()), len(kept))]]
    if first[0].isupper() and _named_count(capitals):
        kept = capitals
    elif first[0].isupper() and first.lower() != "r&d" and not re.fullmatch(r"[A-Z]{2,5}s", first) \
            and not (re.fullmatch(r"[A-Z]{2,4}", first) and len(kept) > 1 and kept[1].group(0).islower()):
        # "2023 World ...", a name, not a count; "NEVs" is a count, and so are "UK households", "EV chargers"
        return None, None
    noun = text[end + kept[0].start(): end + kept[-1].end()]
    return noun, end + kept[-1].end()
