"""What the page draws, as plain data: nodes, edges, the facts and points they carry, and their evidence.

``kg.viz.view`` makes a ``ViewGraph`` from a graph; ``kg.viz.layout`` places
it and ``kg.viz.page`` renders it. Nothing here reads RDF.

>>> view = ViewGraph([NodeData("n", "Yibin", "c", "City", "Yibin")], [])
>>> view.node("n").label, view.total_nodes
('Yibin', 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.errors import KgError


class VizError(KgError):
    """A visualisation request that cannot be met (unknown focus entity, bad option)."""


@dataclass(frozen=True, slots=True)
class Quote:
    """An excerpt: its words, the source document quoted, and where (code points from 0, end exclusive)."""

    id: str
    quote: str
    source: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A source document that quotes on the page come from; ``file_name`` is its text in the data's sources."""

    id: str
    title: str
    file_name: str = ""
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """What one statement says, in words, with the ids of the excerpts that support it.

    ``draft``: every statement behind it was drafted by an extractor; none was curated.
    """

    text: str
    excerpts: tuple[str, ...]
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Point:
    """One observation of a series: its period, value and unit, how the source put it, and its evidence."""

    period: str
    year: int | None
    value: float
    unit: str
    unit_label: str
    text: str              # the value as a person reads it: '163.5 billion yuan'
    qualifier: str = ""    # 'more than', 'nearly', ...
    target: bool = False   # a goal, not a result
    stated: str = ""       # the source's own words
    excerpts: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True, slots=True)
class NodeData:
    """One node to draw: ``id`` is its IRI (or a series id), the rest is what a person sees.

    ``facts`` are the statements about it (and those linking it to other
    nodes); ``points`` the observations of a series; ``area`` a series' area;
    ``aliases`` its other names (alternative labels, labels in other languages).
    """

    id: str
    label: str
    cls: str
    class_label: str
    tooltip: str
    degree: int = 0
    facts: tuple[Fact, ...] = ()
    draft: bool = False
    points: tuple[Point, ...] = ()
    area: str = ""
    aliases: tuple[str, ...] = ()   # its other names, which a search finds too


@dataclass(frozen=True, slots=True)
class EdgeData:
    """One edge to draw, labelled with its property's label; the tooltip and ``facts`` hold its evidence."""

    source: str
    target: str
    prop: str
    label: str
    tooltip: str
    facts: tuple[Fact, ...] = ()
    draft: bool = False


@dataclass
class ViewGraph:
    """What to draw: nodes sorted by id, edges sorted; ``total_nodes`` counts nodes before any cut.

    ``quotes`` and ``documents`` hold every excerpt and source the facts name.
    """

    nodes: list[NodeData]
    edges: list[EdgeData]
    total_nodes: int = 0
    notices: list[str] = field(default_factory=list)
    quotes: dict[str, Quote] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.total_nodes = self.total_nodes or len(self.nodes)

    def node(self, node_id: str) -> NodeData:
        """The node with this id (KeyError if not drawn)."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def ids(self) -> set[str]:
        """The ids of the nodes drawn."""
        return {n.id for n in self.nodes}
