"""Statistics on the page: observations folded into one series node per (indicator, area), with its points.

A series node holds the points its chart draws (``kg.viz.chart``) and, as
its tooltip, the time series in words; its edges link it to its area and
to what its values are based on. The rest of the view is ``kg.viz.view``.

>>> from kg.facts.namespaces import KGR
>>> series_id(KGR["patents"], KGR["yibin"])
'series:https://kg.example.org/id/patents|https://kg.example.org/id/yibin'
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal
from typing import Iterable

from kg.facts.namespaces import KGO, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE
from kg.viz.chart import readable
from kg.viz.index import Lookup, with_evidence
from kg.viz.model import EdgeData, Fact, NodeData, Point
from kg.viz.style import SERIES_CLASS, SERIES_CLASS_LABEL
from kg.store.plain import number

# The graph's terms are plain strings (kg.store.plain).
_INDICATOR, _BASED_ON, _YEAR, _STATUS, _TARGET = (str(KGO.indicator), str(KGO.basedOn), str(KGO.year), str(KGO.status),
                                                  str(KGO.Target))
_QUALIFIER, _STATED_AS, _COMPARED_WITH, _PERIOD_START = (str(KGO.qualifier), str(KGO.statedAs), str(KGO.comparedWith),
                                                         str(KGO.periodStart))
_AREA, _PERIOD = str(SDMX_DIMENSION.refArea), str(SDMX_DIMENSION.refPeriod)
_VALUE, _UNIT = str(SDMX_MEASURE.obsValue), str(SDMX_ATTRIBUTE.unitMeasure)


def series_id(indicator: object, area: object) -> str:
    """The node id of the series of ``indicator`` in ``area``.

    >>> from kg.facts.namespaces import KGR
    >>> series_id(KGR["patents"], KGR["yibin"])
    'series:https://kg.example.org/id/patents|https://kg.example.org/id/yibin'
    """
    return f"series:{indicator}|{area}"


def series_nodes(look: Lookup, observations: Iterable[str], entities: dict[str, str]
                 ) -> tuple[list[NodeData], list[EdgeData], set]:
    """Fold observations into one node per (indicator, area), linked to the area and what it is based on.

    ``entities`` are the entities drawn (an edge to one not drawn is left
    out). Returns the series nodes, their edges, and the indicators folded.

    >>> from kg.facts.folder import build_graph
    >>> from kg.facts.namespaces import KGR
    >>> from kg.store.graphs import with_ontology
    >>> from kg.project import ProjectPaths
    >>> look = Lookup(with_ontology(build_graph("data"), ProjectPaths()))
    >>> nodes, edges, folded = series_nodes(look, look.observations, look.classes)
    >>> income = series_id(KGR["high-tech-industry-operating-income"], KGR["yibin"])
    >>> [p.text for p in next(n for n in nodes if n.id == income).points]
    ['103.1 billion yuan', '163.5 billion yuan']
    """
    g = look.graph
    groups: dict[tuple, list[str]] = defaultdict(list)
    for obs in sorted(observations):
        indicator, area = g.value(obs, _INDICATOR), g.value(obs, _AREA)
        if indicator is not None and area is not None:
            groups[(indicator, area)].append(obs)
    areas_of: dict[object, set] = defaultdict(set)
    for indicator, area in groups:
        areas_of[indicator].add(area)
    nodes, edges = [], []
    for (indicator, area), members in groups.items():
        node_id = series_id(indicator, area)
        label = look.label(indicator)
        if len(areas_of[indicator]) > 1:
            label += f" ({look.label(area)})"
        rows = sorted(members, key=lambda m: (str(g.value(m, _PERIOD) or ""), m))
        lines = [label, f"Class: {SERIES_CLASS_LABEL}", f"{look.label(_INDICATOR).capitalize()}: {look.label(indicator)}",
                 f"Area: {look.label(area)}", ""]
        excerpts = {obs: look.derived.get(obs, []) for obs in rows}
        for obs in rows:
            lines.append(_observation_line(look, obs))
        quotes = look.quotes(x for found in excerpts.values() for x in found)
        if quotes:
            lines += ["", *quotes]
        points = {obs: _point(look, obs) for obs in rows}
        facts = {obs: _observation_fact(look, obs, label, point) for obs, point in points.items()}
        nodes.append(NodeData(node_id, label, SERIES_CLASS, SERIES_CLASS_LABEL, "\n".join(lines),
                              facts=tuple(facts.values()), draft=all(p.draft for p in points.values()),
                              points=tuple(p for p in points.values() if p is not None), area=str(area)))
        # The links' evidence: the quotes of the observations that state them.
        if area in entities:
            edges.append(_series_edge(look, node_id, label, _AREA, area,
                                      [x for found in excerpts.values() for x in found], list(facts.values())))
        based_on = {m: set(g.objects(m, _BASED_ON)) for m in members}
        for target in sorted(t for t in set().union(*based_on.values()) if t in entities):
            support = [x for m in rows if target in based_on[m] for x in excerpts[m]]
            edges.append(_series_edge(look, node_id, label, _BASED_ON, target, support,
                                      [facts[m] for m in rows if target in based_on[m]]))
    return nodes, edges, {indicator for indicator, _ in groups}


def _series_edge(look: Lookup, node_id: str, label: str, prop: str, target: str, excerpts: list,
                 facts: list[Fact]) -> EdgeData:
    return EdgeData(node_id, str(target), str(prop), look.label(prop),
                    with_evidence(f"{label} — {look.label(prop)} → {look.label(target)}", look.quotes(excerpts)),
                    tuple(facts), all(f.draft for f in facts))


def _point(look: Lookup, obs: str) -> Point:
    """An observation as a chart's point; its value as a float (a chart needs no more precision)."""
    g = look.graph
    period, value = g.value(obs, _PERIOD), g.value(obs, _VALUE)
    unit, qualifier = g.value(obs, _UNIT), g.value(obs, _QUALIFIER)
    year = g.value(obs, _YEAR)
    value_number = float(str(value)) if number(value) is not None else math.nan
    unit_text, unit_label = ("", "") if unit is None else (str(unit), look.label(unit))
    stated = g.value(obs, _STATED_AS)
    return Point(
        period="" if period is None else str(period),
        year=int(str(year)) if year is not None else _year(period),
        value=value_number, unit=unit_text, unit_label=unit_label,
        text=readable(value_number, unit_text, unit_label) if not math.isnan(value_number) else str(value),
        qualifier="" if qualifier is None else look.label(qualifier),
        target=g.value(obs, _STATUS) == _TARGET,
        stated="" if stated is None else str(stated),
        excerpts=tuple(sorted(str(x) for x in look.derived.get(obs, []))),
        draft=obs in look.drafted,
    )


def _observation_fact(look: Lookup, obs: str, series_label: str, point: Point) -> Fact:
    """'Charging interfaces built, Yibin, 2023: more than 9,000'."""
    name = look.labels.get(obs) or f"{series_label}, {point.period}"
    value = f"{point.qualifier} {point.text}".strip()
    return Fact(f"{name}: {value}" + (" (target)" if point.target else ""), point.excerpts, point.draft)


def _year(period: object) -> int | None:
    """The year a period starts in ('2023', '2023-06'), or None."""
    text = str(period or "")[:4]
    return int(text) if text.isdigit() else None


def _observation_line(look: Lookup, obs: str) -> str:
    """'2022: 163,522,000,000 yuan (CNY) (stated as “163.522 billion yuan”)'."""
    g = look.graph
    period = g.value(obs, _PERIOD)
    value = g.value(obs, _VALUE)
    unit = g.value(obs, _UNIT)
    qualifier = g.value(obs, _QUALIFIER)
    found = number(value)
    text = _number(found if found is not None else value)
    if unit is not None:  # every value with its unit, a count too ("275 count"): a bare number is ambiguous
        text += f" {look.label(unit)}"
    if qualifier is not None:
        text = f"{look.label(qualifier)} {text}"
    extras = []
    if (stated := g.value(obs, _STATED_AS)) is not None and str(stated) not in text:
        extras.append(f"stated as “{stated}”")
    if (compared := g.value(obs, _COMPARED_WITH)) is not None:
        extras.append(f"compared with {compared}")
    if (since := g.value(obs, _PERIOD_START)) is not None:
        extras.append(f"since {since}")
    if (status := g.value(obs, _STATUS)) is not None:
        extras.append(look.label(status))
    return f"{period if period is not None else '?'}: {text}" + (f" ({'; '.join(extras)})" if extras else "")


def _number(value: object) -> str:
    """Grouped digits, no spurious '.0'.

    >>> _number(Decimal("163522000000.0")), _number(58.7), _number(9000)
    ('163,522,000,000', '58.7', '9,000')
    """
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        exact = Decimal(str(value))
        if exact == exact.to_integral_value():
            return f"{int(exact):,}"
        return f"{exact:,f}"
    return str(value)
