"""Numbers as a reader says them, and which series may share a chart's axis.

A value of 163,522,000,000 yuan reads "163.5 billion yuan"; a chart of such
values has "billion yuan" on its axis. Series share an axis only when they
share a unit: percentages, counts and money never meet on one axis.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from kg.facts.namespaces import KGO

# How a unit is written after a number; units not listed use their label.
UNIT_WORDS = {str(KGO.CNY): "yuan", str(KGO.Percent): "%", str(KGO.Count): "", str(KGO.PercentagePoint): "percentage points"}
# Units whose values are not scaled to millions or billions (a share stays a share).
UNSCALED = {str(KGO.Percent), str(KGO.PercentagePoint), str(KGO.Times), str(KGO.Year)}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def unit_word(unit: str, label: str = "") -> str:
    """How ``unit`` is written after a number: 'yuan', '%', '' for a count, else its label.

    >>> unit_word(str(KGO.CNY)), unit_word(str(KGO.Count)), unit_word("https://example.org/u#GWh", "GWh")
    ('yuan', '', 'GWh')
    """
    return UNIT_WORDS.get(unit, label)


def scale(unit: str, values: Iterable[float]) -> tuple[float, str]:
    """The divisor and its word for values of ``unit``: the largest scale the largest value reaches.

    >>> scale(str(KGO.CNY), [103073000000.0, 163522000000.0])
    (1000000000.0, 'billion')
    >>> scale(str(KGO.Percent), [5000.0]), scale(str(KGO.Count), [168, 275])
    ((1.0, ''), (1.0, ''))
    """
    if unit in UNSCALED:
        return 1.0, ""
    top = max((abs(v) for v in values), default=0.0)
    return next(((d, word) for d, word in SCALES if top >= d), (1.0, ""))


def axis_label(unit: str, label: str, values: Iterable[float]) -> str:
    """The text on a chart's value axis.

    >>> axis_label(str(KGO.CNY), "yuan (CNY)", [163522000000.0])
    'billion yuan'
    >>> axis_label(str(KGO.Count), "count", [9000]), axis_label(str(KGO.Percent), "percent", [7.3])
    ('count', 'percent')
    """
    _, word = scale(unit, values)
    written = label if unit in (str(KGO.Count), str(KGO.Percent)) else unit_word(unit, label)
    return " ".join(w for w in (word, written) if w)


def readable(value: float, unit: str, label: str = "") -> str:
    """A value with its unit as a person writes it, scaled to its own size.

    >>> readable(163522000000.0, str(KGO.CNY)), readable(9000, str(KGO.Count)), readable(7.3, str(KGO.Percent))
    ('163.5 billion yuan', '9,000', '7.3%')
    >>> readable(1250000000000.0, str(KGO.CNY)), readable(0.5, str(KGO.PercentagePoint))
    ('1.25 trillion yuan', '0.5 percentage points')
    """
    divisor, word = scale(unit, [value])
    number = number_text(value / divisor)
    written = unit_word(unit, label)
    if written == "%":
        return f"{number}%"
    return " ".join(w for w in (number, word, written) if w)


def number_text(value: float) -> str:
    """Grouped digits; one decimal place, or two below 10; no trailing zeros.

    >>> number_text(163.522), number_text(1.254), number_text(9000.0), number_text(-2.0)
    ('163.5', '1.25', '9,000', '-2')
    """
    places = 2 if abs(value) < 10 else 1
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def by_unit(series: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Group series ids by unit, each group one chart: ``series`` are (id, unit) pairs.

    >>> by_unit([("a", "yuan"), ("b", "%"), ("c", "yuan")])
    [['a', 'c'], ['b']]
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for series_id, unit in series:
        groups[unit].append(series_id)
    return list(groups.values())
