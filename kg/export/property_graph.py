"""Graph -> a property graph: labelled nodes with typed attributes, labelled edges.

The view that Gephi, yEd, Cytoscape and Neo4j take. Nodes are the typed
resources of the data graph except the provenance records (reified
statements, excerpts, references), which stay in the RDF exports.
Observations are nodes with their value, unit, year and qualifier as
attributes, linked by edges to their indicator and area. A triple whose
object is a node is an edge; any other triple becomes an attribute of its
subject: a literal as its value, an IRI that is not a node (a unit, a
qualifier, a Wikidata item) as its label, or its IRI when it has none.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.facts.namespaces import KGO
from kg.facts.terms import preferred_label
from kg.runtime import cycle_collector_paused

# Records of where facts come from: not things of the world, so not nodes.
PROVENANCE_CLASSES = {RDF.Statement, KGO.Excerpt, KGO.Reference}
# Names: the node's label already says them.
SKIPPED_PROPERTIES = frozenset(str(p) for p in (RDF.type, RDFS.label, SKOS.prefLabel))
_PROVENANCE = frozenset(str(c) for c in PROVENANCE_CLASSES)

Value = int | float | str | datetime.date


@dataclass(frozen=True)
class Column:
    """An attribute of nodes: its name, its kind (long, double, date, string) and whether it holds lists."""

    name: str
    kind: str
    is_list: bool


@dataclass
class Node:
    id: str
    label: str
    classes: list[str]  # the node's own classes (Gephi's partition)
    attributes: dict[str, Value | list[Value]] = field(default_factory=dict)
    # its classes and every superclass the ontology gives them (Neo4j's labels: MATCH (:Organization) finds companies)
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    property: str
    type: str
    label: str


class PlainLiteral(NamedTuple):
    """A literal as the view reads it: its text, its datatype IRI (None for a plain string) and language.

    A tuple, not rdflib's ``Literal``: ``kg.export.property_store`` reads hundreds of thousands, and
    parsing each one's value would cost more than reading it.
    """

    value: str
    datatype: str | None = None
    language: str | None = None


# A triple as the view reads it: subject and predicate IRIs, the object an IRI (str) or a PlainLiteral.
Triple = tuple[str, str, "str | PlainLiteral"]


@dataclass
class PropertyGraph:
    """Nodes sorted by id, edges by (source, property, target), columns by name."""

    nodes: list[Node]
    edges: list[Edge]
    columns: list[Column]


@cycle_collector_paused()  # a corpus' view is hundreds of thousands of small objects, no cycles among them
def property_graph(graph: Graph, ontology: Graph) -> PropertyGraph:
    """The property-graph view of ``graph``; ``ontology`` gives class, property and unit labels.

    >>> from kg.facts.folder import build_graph
    >>> from kg.facts.ontology import load_ontology
    >>> view = property_graph(build_graph(), load_ontology("ontology/kg.ttl"))
    >>> next(n for n in view.nodes if n.id.endswith("/yibin")).classes
    ['City']
    """
    blank = {str(o): o for o in graph.objects() if isinstance(o, BNode)}  # labelled by their own triples
    names = _Names(lambda iri: preferred_label(graph, blank.get(iri) or URIRef(iri)), ontology,
                   graph.namespace_manager)
    classes: dict[str, list[str]] = {}
    for s, c in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef):
            classes.setdefault(str(s), []).append(str(c))
    node_ids = sorted(s for s, found in classes.items() if _PROVENANCE.isdisjoint(found))
    nodes = set(node_ids)
    triples = ((str(s), str(p), _plain(o)) for s, p, o in graph if str(s) in nodes)
    return assemble(node_ids, classes, triples, names)


def _plain(term) -> str | PlainLiteral:
    if not isinstance(term, Literal):
        return str(term)
    if term.language:
        return PlainLiteral(str(term), None, term.language)
    return PlainLiteral(str(term), None if term.datatype in (None, XSD.string) else str(term.datatype))


def assemble(node_ids: list[str], classes: dict[str, list[str]], triples: Iterable[Triple],
             names: "_Names") -> PropertyGraph:
    """The view from its nodes (sorted), their classes, and the graph's triples (at least those whose
    subject is a node), in any order."""
    # A node's rank in N-Triples order: where two properties share a local name, the one met first in that
    # order keeps the plain column name (``_Names.column``), whatever order the triples come in.
    rank = {s: i for i, s in enumerate(sorted(node_ids, key=lambda s: f"<{s}>"))}
    values: dict[tuple[str, str], list[PlainLiteral | str]] = {}
    first: dict[str, int] = {}
    links = []
    end = len(rank)
    for s, p, o in triples:
        r = rank.get(s)
        if r is None or p in SKIPPED_PROPERTIES:
            continue
        if o.__class__ is str and o in rank:
            links.append((s, p, o))
            continue
        values.setdefault((s, p), []).append(o if o.__class__ is PlainLiteral else names.label(o))
        if r < first.get(p, end):
            first[p] = r
    column = {p: names.column(p) for p in sorted(first, key=lambda p: (first[p], f"<{p}>"))}
    columns = _columns(values, column)
    nodes = _nodes(node_ids, classes, names)
    for (s, p), found in values.items():
        kind, is_list = columns[column[p]].kind, columns[column[p]].is_list
        if len(found) == 1:
            value = _python(found[0], kind)
            nodes[s].attributes[column[p]] = [value] if is_list else value
        else:
            converted = sorted({_python(v, kind) for v in found}, key=str)
            nodes[s].attributes[column[p]] = converted if is_list else converted[0]
    return PropertyGraph([nodes[s] for s in node_ids], _edges(links, names), [columns[n] for n in sorted(columns)])


def _edges(links: list[tuple[str, str, str]], names: "_Names") -> list[Edge]:
    """The edges of (source, property, target) links, in that order; each property named once."""
    named: dict[str, tuple[str, str]] = {}
    for _, p, _ in links:
        if p not in named:
            named[p] = (names.edge_type(p), names.label(p))
    links.sort()
    return [Edge(s, o, p, *named[p]) for s, p, o in links]


def _nodes(node_ids: list[str], classes: dict[str, list[str]], names: "_Names") -> dict[str, Node]:
    """Each node, named and classed; the class names worked out once for each set of classes."""
    classed: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}
    nodes = {}
    for s in node_ids:
        key = tuple(classes[s])
        found = classed.get(key)
        if found is None:
            found = classed[key] = (sorted({names.class_name(c) for c in key}),
                                    sorted({names.class_name(c) for c in names.with_superclasses(key)}))
        nodes[s] = Node(s, names.node_label(s), list(found[0]), labels=list(found[1]))
    return nodes


class _Names:
    """Readable names for IRIs: labels from the data or the ontology, and column and type names."""

    def __init__(self, data_label: Callable[[str], str | None], ontology: Graph, namespaces) -> None:
        """``data_label(iri)``: the preferred label in the data; ``namespaces``: a namespace manager."""
        self.data_label, self.ontology, self.namespaces = data_label, ontology, namespaces
        self.columns: dict[str, str] = {}
        self._labels: dict[str, str] = {}  # a few hundred properties and units, named thousands of times
        self._ancestors: dict[str, frozenset[str]] = {}
        self._ontology_labels: dict[str, str] | None = None

    def ontology_label(self, iri: str) -> str | None:
        """``preferred_label`` in the ontology, all its labels read once (a few hundred, asked thousands of
        times, mostly for IRIs the ontology does not name)."""
        if self._ontology_labels is None:
            subjects = {s for p in (SKOS.prefLabel, RDFS.label) for s in self.ontology.subjects(p, None)
                        if isinstance(s, URIRef)}
            self._ontology_labels = {str(s): preferred_label(self.ontology, s) for s in subjects}
        return self._ontology_labels.get(iri)

    def label(self, iri: str) -> str:
        """The label from the data or the ontology, else the IRI itself (a link, as a value)."""
        found = self._labels.get(iri)
        if found is None:
            found = self._labels[iri] = self.data_label(iri) or self.ontology_label(iri) or iri
        return found

    def node_label(self, iri: str) -> str:
        """A node's name on screen: its label, else the IRI's local name, never a raw IRI."""
        return self.data_label(iri) or self.ontology_label(iri) or _local_name(iri) or iri

    def class_name(self, iri: str) -> str:
        """A class's local name (``City``): a Neo4j label and a Gephi partition."""
        return _local_name(iri)

    def with_superclasses(self, classes: Iterable[str]) -> set[str]:
        """``classes`` and every named class the ontology puts above them (rdfs:subClassOf, transitively)."""
        found: set[str] = set()
        for cls in classes:
            ancestors = self._ancestors.get(cls)
            if ancestors is None:
                ancestors = self._ancestors[cls] = frozenset(
                    str(c) for c in self.ontology.transitive_objects(URIRef(cls), RDFS.subClassOf)
                    if isinstance(c, URIRef) and c != OWL.Thing)
            found |= ancestors | {cls}
        return found

    def edge_type(self, iri: str) -> str:
        """``schema:containedInPlace`` -> ``CONTAINED_IN_PLACE``, Neo4j's relationship-type style."""
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", _local_name(iri)).upper()

    def column(self, iri: str) -> str:
        """The property's local name; the prefixed name where two vocabularies share a local name."""
        name = _local_name(iri)
        if self.columns.setdefault(name, iri) != iri:
            name = self.namespaces.normalizeUri(URIRef(iri)).replace(":", "_").replace("-", "_")
        return name


@functools.lru_cache(maxsize=None)  # a corpus names a few thousand IRIs hundreds of thousands of times
def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


_KINDS = {str(t): "long" for t in (XSD.integer, XSD.int, XSD.long, XSD.gYear)}
_KINDS.update({str(t): "double" for t in (XSD.decimal, XSD.double, XSD.float)})
_KINDS[str(XSD.date)] = "date"


def _kind(value: PlainLiteral | str) -> str:
    """long, double, date or string: what the value's datatype makes it (a label is a string)."""
    return _KINDS.get(value.datatype, "string") if value.__class__ is PlainLiteral else "string"


def _columns(values: dict[tuple[str, str], list[PlainLiteral | str]], column: dict[str, str]) -> dict[str, Column]:
    """Each column's kind and whether it holds lists, from its values (keyed by node and property)."""
    kinds: dict[str, set[str]] = {}
    lists: set[str] = set()
    for (_, p), found in values.items():
        name = column[p]
        kinds.setdefault(name, set()).update(_kind(v) for v in found)
        if len(found) > 1 and len(set(found)) > 1:
            lists.add(name)
    columns = {}
    for name, found in kinds.items():
        # integers and decimals in one column (observation values) are all doubles
        kind = found.pop() if len(found) == 1 else "double" if found == {"long", "double"} else "string"
        columns[name] = Column(name, kind, name in lists)
    return columns


def _python(value: PlainLiteral | str, kind: str) -> Value:
    """The value as its column's kind: a count in a column of doubles becomes a float."""
    text = value if value.__class__ is str else value.value
    if kind == "long":
        return int(text)
    if kind == "double":
        return float(Decimal(text))
    if kind == "date":  # rdflib's reading of xsd:date (time zones and all), for the few dates there are
        return Literal(text, datatype=XSD.date).toPython()
    return text
