"""A view -> everything the page's script reads, as JSON-ready data (``page_data``).

A view larger than ``OVERVIEW_ABOVE`` nodes opens on an overview: the page
holds every node, but first shows only the most important entities a reader
means (``OVERVIEW_NODES``, and the first of each community, at most
``OVERVIEW_MAX``), never the records behind them (``kg.viz.style.FOLDED``:
statistics, quotations, reports); its nodes are grouped into communities laid
out as regions (``kg.viz.regions``). The rest is shown on demand: a search,
a click that expands a node's neighbours, a community opened. Tooltips of a
large page keep what a node or link is and leave its quotes to the reading
pane, which shows them in their source: repeated in every tooltip, the quotes
were half of the page's size.
"""

from __future__ import annotations

import math
from typing import Mapping

from kg.viz.chart import axis_label, by_unit, scale
from kg.viz.layout import importance, layout, node_size
from kg.viz.model import EdgeData, Fact, NodeData, ViewGraph
from kg.viz.regions import Region, communities, region_layout
from kg.viz.style import SERIES_CLASS, ClassStyle

# Measured (benchmarks/viz_corpus_benchmark.py --threshold: corpora of 1 to 48 documents in Chromium at 1400x900):
# drawn whole, a graph names 5 to 12 of its nodes up to 384 nodes and none from 449 on (fitted to the canvas,
# every node is smaller than a label needs), while its overview names 24 to 57 at every size. Up to 400 nodes a
# page still shows every node (the seed's article: 86), as a reader of one article expects; above, the overview.
OVERVIEW_ABOVE = 400
OVERVIEW_NODES = 200      # the most important entities shown first
OVERVIEW_MAX = 300        # with the first entity of each community, at most this many
LARGE = 1500              # above this many nodes: straight edges, edges hidden while dragging


class _Facts:
    """The page's tables of documents, excerpts and facts; facts are numbered as they are first met."""

    def __init__(self, view: ViewGraph, texts: Mapping[str, str]):
        self.docs = sorted(view.documents.values(), key=lambda d: (d.title.casefold(), d.id))
        self.doc_index = {d.id: i for i, d in enumerate(self.docs)}
        self.quotes = sorted(view.quotes.values(), key=lambda q: (self.doc_index.get(q.source, -1), q.start or 0, q.id))
        self.excerpt_index = {q.id: i for i, q in enumerate(self.quotes)}
        self.facts: list[list] = []
        self.fact_index: dict[Fact, int] = {}
        self.texts = texts

    def index(self, fact: Fact, target: str) -> int:
        """The number of ``fact``, whose ``target`` (a node or edge id) is where the page shows it."""
        if fact not in self.fact_index:
            self.fact_index[fact] = len(self.facts)
            excerpts = sorted(self.excerpt_index[x] for x in fact.excerpts if x in self.excerpt_index)
            self.facts.append([fact.text, excerpts, fact.draft, target])
        return self.fact_index[fact]

    def documents_of(self, found: list[int]) -> list[int]:
        """The documents that the facts numbered ``found`` quote."""
        quotes, doc_index = self.quotes, self.doc_index
        return sorted({doc_index[quotes[x].source] for f in found for x in self.facts[f][1]
                       if quotes[x].source in doc_index})

    def tables(self) -> dict:
        return {"facts": self.facts,
                "excerpts": [[self.doc_index.get(q.source, -1), q.start, q.end, q.quote] for q in self.quotes],
                "docs": [{"title": d.title, "text": self.texts.get(d.id)} for d in self.docs]}


def page_data(view: ViewGraph, styles: list[ClassStyle], texts: Mapping[str, str] | None = None) -> dict:
    """Everything the page's script reads, as JSON-ready data.

    ``nodes`` and ``edges`` are vis-network items with kg's fields: ``name``
    (the label, drawn by the page's own code so that labels never overlap),
    ``f`` (indexes into ``facts``), ``d`` (into ``docs``), ``draft``, and for
    nodes ``fam`` (family), ``rank`` (0 is the most important), ``y`` (years
    of a statistic), ``charts`` (lists of indexes into ``series``, one list
    per chart: a unit per chart), ``a`` (aliases) and, on a large page, ``c``
    (its community, an index into ``regions``). ``facts`` are ``[text,
    excerpt indexes, draft, node or edge id]``; ``excerpts`` ``[doc index,
    start, end, quote]`` with offsets in code points; ``docs`` ``{title,
    text}`` (``text`` null when not available); ``series`` one per statistic
    with its points ``[year, period, value, text, qualifier, target, stated,
    fact index]``, its unit's axis label and divisor. A large page also has
    ``overview`` (the ids shown first, most important first), ``regions``
    (``[x, y, radius, name, members]``), ``titles`` and ``colours``, and
    its items are compact (``_large_page``).
    """
    scores = importance(view)
    overview = len(view.nodes) > OVERVIEW_ABOVE
    by_class = {s.cls: s for s in styles}
    regions: list[Region] = []
    if overview:
        names = {n.id: n.label for n in view.nodes if not by_class[n.cls].folded}
        positions, regions = region_layout(view, communities(view), scores, names)
    else:
        positions = layout(view, scores)
    table = _Facts(view, texts or {})
    for node in view.nodes:  # an observation's fact points at its statistic, a link's at its edge, the rest at nodes
        for fact in node.facts if node.points else ():
            table.index(fact, node.id)
    edges = [_edge_item(number, edge, table, len(view.nodes) > LARGE, overview) for number, edge in enumerate(view.edges)]
    series, series_of_node = _series(view, table.index)
    of_area: dict[str, list[int]] = {}  # an area's statistics
    for node in view.nodes:
        if node.area:
            of_area.setdefault(node.area, []).extend(series_of_node.get(node.id, []))
    ranked = sorted(view.nodes, key=lambda n: (-scores.get(n.id, 0.0), n.id))
    rank = {n.id: i for i, n in enumerate(ranked)}
    community = {node: number for number, region in enumerate(regions) for node in region.members}
    nodes = []
    for node in view.nodes:
        item = _node_item(node, by_class[node.cls], table, positions[node.id], overview)
        item.update(size=node_size(scores.get(node.id, 0.0)), rank=rank[node.id])
        if charts := _charts(node, series_of_node, of_area, series):
            item["charts"] = charts
        if node.id in community:
            item["c"] = community[node.id]
        nodes.append(item)
    data = {"nodes": nodes, "edges": edges, "series": series, **table.tables(),
            "years": sorted({p.year for n in view.nodes for p in n.points if p.year is not None}),
            "options": _options(len(view.nodes) > LARGE)}
    if overview:
        data["overview"] = _overview([n for n in ranked if not by_class[n.cls].folded], regions, community)
        data["regions"] = [[r.x, r.y, r.radius, r.name, len(r.members)] for r in regions]
        _large_page(data, by_class)
    return data


def _large_page(data: dict, by_class: Mapping[str, ClassStyle]) -> None:
    """A large page's items without what repeats or waits for a hover: ``titles`` (``{nodes, edges}``: the
    tooltips, in the items' order, read at a first hover: a third of the drawing data), ``colours`` (each
    class's colour, not on every node), and an edge's ends as their numbers in ``nodes``, which the page's
    script makes ids again (full IRIs, twice per edge, were a third of the data parsed before the first drawing).
    """
    data["titles"] = {kind: [item.pop("title") for item in data[kind]] for kind in ("nodes", "edges")}
    number = {item["id"]: i for i, item in enumerate(data["nodes"])}
    for item in data["edges"]:
        item["from"], item["to"] = number[item["from"]], number[item["to"]]
    for item in data["nodes"]:
        del item["color"]
    data["colours"] = {cls: by_class[cls].color for cls in sorted({item["group"] for item in data["nodes"]})}


def _overview(ranked: list[NodeData], regions: list[Region], community: dict[str, int]) -> list[str]:
    """The most important entities, then the first of each community not yet shown, most important first."""
    chosen = [n.id for n in ranked[:OVERVIEW_NODES]]
    covered = {community.get(node) for node in chosen}
    for node in ranked[OVERVIEW_NODES:]:
        if len(chosen) >= OVERVIEW_MAX or len(covered) >= len(regions):
            break
        if community.get(node.id) not in covered:
            covered.add(community.get(node.id))
            chosen.append(node.id)
    return chosen


def _edge_item(number: int, edge: EdgeData, table: _Facts, large: bool, overview: bool) -> dict:
    found = sorted({table.index(f, f"e{number}") for f in edge.facts})
    title = edge.tooltip.split("\n\n", 1)[0] if overview else edge.tooltip  # quotes: in the reading pane
    item = {"id": f"e{number}", "from": edge.source, "to": edge.target, "title": title,
            "name": edge.label, "f": found, "d": table.documents_of(found)}
    if edge.draft:
        item["draft"] = True
        item["dashes"] = [6, 4]
    if large:
        item["smooth"] = False
    return item


def _node_item(node: NodeData, style: ClassStyle, table: _Facts, at: tuple[float, float], overview: bool) -> dict:
    found = sorted({table.index(f, node.id) for f in node.facts})
    title = node.tooltip
    if overview and not node.points:  # a statistic's tooltip is its series in words: kept
        title = title.split("\n\nEvidence from", 1)[0]
    item = {
        "id": node.id, "name": node.label, "title": title, "group": node.cls, "fam": style.family,
        "shape": style.shape, "x": at[0], "y": at[1], "f": found, "d": table.documents_of(found),
        "color": {"background": style.color, "border": "#374151",
                  "highlight": {"background": style.color, "border": "#111827"},
                  "hover": {"background": style.color, "border": "#111827"}},
    }
    if node.draft:  # drafted by an extractor, not yet reviewed: a dashed outline, paler
        item["draft"] = True
        item["shapeProperties"] = {"borderDashes": [4, 3]}
        item["borderWidth"] = 2
        item["opacity"] = 0.7
    if node.points:
        item["years"] = sorted({p.year for p in node.points if p.year is not None})
    if node.aliases:
        item["a"] = list(node.aliases)
    return item


def _series(view: ViewGraph, index) -> tuple[list[dict], dict[str, list[int]]]:
    """One entry per (statistic, unit) with its points; and each statistic's entries."""
    series, of_node = [], {}
    for node in view.nodes:
        if not node.points:
            continue
        of_node[node.id] = []
        units: dict[str, list] = {}
        for point, fact in zip(node.points, node.facts):  # a statistic's facts are its points', in order
            units.setdefault(point.unit, []).append((point, fact))
        for unit, members in units.items():
            values = [p.value for p, _ in members if not math.isnan(p.value)]
            divisor, _ = scale(unit, values)
            of_node[node.id].append(len(series))
            series.append({
                "node": node.id, "name": node.label, "unit": unit, "div": divisor,
                "axis": axis_label(unit, members[0][0].unit_label, values),
                "points": [[p.year, p.period, None if math.isnan(p.value) else p.value, p.text, p.qualifier,
                            p.target, p.stated, index(f, node.id)] for p, f in members],
            })
    return series, of_node


def _charts(node, series_of_node: dict[str, list[int]], of_area: dict[str, list[int]],
            series: list[dict]) -> list[list[int]]:
    """The charts a node's panel shows: a statistic's own; for an area, its statistics, a chart per unit."""
    if node.cls == SERIES_CLASS:
        return [[s] for s in series_of_node.get(node.id, [])]
    return by_unit((s, series[s]["unit"]) for s in of_area.get(node.id, []))


def _options(large: bool) -> dict:
    """vis-network options: positions are given, so no physics; labels are drawn by the page's own code."""
    return {
        "nodes": {"borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "color": {"color": "#c3cad5", "highlight": "#374151", "hover": "#374151"},
            "smooth": {"enabled": not large, "type": "continuous", "roundness": 0.25},
            "width": 1, "selectionWidth": 1.5,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "multiselect": False},
        "layout": {"improvedLayout": False},
        "physics": {"enabled": False},
    }
