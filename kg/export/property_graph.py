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

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.facts.namespaces import KGO
from kg.facts.terms import preferred_label

# Records of where facts come from: not things of the world, so not nodes.
PROVENANCE_CLASSES = {RDF.Statement, KGO.Excerpt, KGO.Reference}
# Names: the node's label already says them.
SKIPPED_PROPERTIES = {RDF.type, RDFS.label, SKOS.prefLabel}

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


@dataclass(frozen=True)
class PlainLiteral:
    """A literal as the view needs it, made without rdflib's parsing of its value (``kg.export.property_store``
    reads hundreds of thousands): equal when rdflib's ``Literal`` would be (same text, datatype, language)."""

    value: str
    datatype: URIRef | None = None
    language: str | None = None

    def __str__(self) -> str:
        return self.value

    def toPython(self):  # noqa: N802  (rdflib's name: the view's columns call it on either kind of literal)
        return Literal(self.value, datatype=self.datatype, lang=self.language).toPython()


LITERALS = (Literal, PlainLiteral)


@dataclass
class PropertyGraph:
    """Nodes sorted by id, edges by (source, property, target), columns by name."""

    nodes: list[Node]
    edges: list[Edge]
    columns: list[Column]


def property_graph(graph: Graph, ontology: Graph) -> PropertyGraph:
    """The property-graph view of ``graph``; ``ontology`` gives class, property and unit labels.

    >>> from kg.facts.folder import build_graph
    >>> from kg.facts.ontology import load_ontology
    >>> view = property_graph(build_graph(), load_ontology("ontology/kg.ttl"))
    >>> next(n for n in view.nodes if n.id.endswith("/yibin")).classes
    ['City']
    """
    names = _Names(lambda iri: preferred_label(graph, iri), ontology, graph.namespace_manager)
    node_ids = sorted(
        s for s in set(graph.subjects(RDF.type, None))
        if isinstance(s, URIRef) and not set(graph.objects(s, RDF.type)) & PROVENANCE_CLASSES
    )
    classes = {s: list(graph.objects(s, RDF.type)) for s in node_ids}
    return assemble(node_ids, classes, sorted(graph, key=lambda triple: tuple(term.n3() for term in triple)), names)


def assemble(node_ids: list[URIRef], classes: dict, triples: Iterable[tuple], names: "_Names") -> PropertyGraph:
    """The view from its nodes (sorted), their classes, and the graph's triples in N-Triples order (at least
    those whose subject is a node)."""
    nodes = {s: Node(str(s), names.node_label(s), sorted({names.class_name(c) for c in classes[s]}),
                     labels=sorted({names.class_name(c) for c in names.with_superclasses(classes[s])}))
             for s in node_ids}
    values: dict[tuple[URIRef, str], list[Literal | str]] = {}
    edges = []
    for s, p, o in triples:
        if s not in nodes or p in SKIPPED_PROPERTIES:
            continue
        if o in nodes:
            edges.append(Edge(str(s), str(o), str(p), names.edge_type(p), names.label(p)))
        else:
            values.setdefault((s, names.column(p)), []).append(o if isinstance(o, LITERALS) else names.label(o))
    columns = _columns(values)
    for (s, name), found in values.items():
        converted = sorted({_python(v, columns[name].kind) for v in found}, key=str)
        nodes[s].attributes[name] = converted if columns[name].is_list else converted[0]
    edges.sort(key=lambda e: (e.source, e.property, e.target))
    return PropertyGraph([nodes[s] for s in node_ids], edges, [columns[n] for n in sorted(columns)])


class _Names:
    """Readable names for IRIs: labels from the data or the ontology, and column and type names."""

    def __init__(self, data_label: Callable[[URIRef], str | None], ontology: Graph, namespaces) -> None:
        """``data_label(iri)``: the preferred label in the data; ``namespaces``: a namespace manager."""
        self.data_label, self.ontology, self.namespaces = data_label, ontology, namespaces
        self.columns: dict[str, URIRef] = {}
        self._labels: dict[URIRef, str] = {}  # a few hundred properties and units, named thousands of times
        self._ancestors: dict[URIRef, frozenset[URIRef]] = {}

    def label(self, iri: URIRef) -> str:
        """The label from the data or the ontology, else the IRI itself (a link, as a value)."""
        found = self._labels.get(iri)
        if found is None:
            found = self._labels[iri] = self.data_label(iri) or preferred_label(self.ontology, iri) or str(iri)
        return found

    def node_label(self, iri: URIRef) -> str:
        """A node's name on screen: its label, else the IRI's local name, never a raw IRI."""
        return self.data_label(iri) or preferred_label(self.ontology, iri) or _local_name(iri) or str(iri)

    def class_name(self, iri: URIRef) -> str:
        """A class's local name (``City``): a Neo4j label and a Gephi partition."""
        return _local_name(iri)

    def with_superclasses(self, classes: Iterable[URIRef]) -> set[URIRef]:
        """``classes`` and every named class the ontology puts above them (rdfs:subClassOf, transitively)."""
        found: set[URIRef] = set()
        for cls in classes:
            ancestors = self._ancestors.get(cls)
            if ancestors is None:
                ancestors = self._ancestors[cls] = frozenset(
                    c for c in self.ontology.transitive_objects(cls, RDFS.subClassOf)
                    if isinstance(c, URIRef) and c != OWL.Thing)
            found |= ancestors | {cls}
        return found

    def edge_type(self, iri: URIRef) -> str:
        """``schema:containedInPlace`` -> ``CONTAINED_IN_PLACE``, Neo4j's relationship-type style."""
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", _local_name(iri)).upper()

    def column(self, iri: URIRef) -> str:
        """The property's local name; the prefixed name where two vocabularies share a local name."""
        name = _local_name(iri)
        if self.columns.setdefault(name, iri) != iri:
            name = self.namespaces.normalizeUri(iri).replace(":", "_").replace("-", "_")
        return name


@functools.lru_cache(maxsize=None)  # a corpus names a few thousand IRIs hundreds of thousands of times
def _local_name(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


# Looked up once: rdflib makes a namespace's terms on each attribute access.
_LONG_TYPES = (XSD.integer, XSD.int, XSD.long, XSD.gYear)
_DOUBLE_TYPES = (XSD.decimal, XSD.double, XSD.float)
_DATE = XSD.date


def _kind(value: Literal | str) -> str:
    if not isinstance(value, LITERALS):
        return "string"
    if value.datatype in _LONG_TYPES:
        return "long"
    if value.datatype in _DOUBLE_TYPES:
        return "double"
    if value.datatype == _DATE:
        return "date"
    return "string"


def _columns(values: dict[tuple[URIRef, str], list[Literal | str]]) -> dict[str, Column]:
    kinds: dict[str, set[str]] = {}
    lists: set[str] = set()
    for (_, name), found in values.items():
        kinds.setdefault(name, set()).update(_kind(v) for v in found)
        if len(set(found)) > 1:
            lists.add(name)
    columns = {}
    for name, found in kinds.items():
        # integers and decimals in one column (observation values) are all doubles
        kind = found.pop() if len(found) == 1 else "double" if found == {"long", "double"} else "string"
        columns[name] = Column(name, kind, name in lists)
    return columns


def _python(value: Literal | str, kind: str) -> Value:
    """The value as its column's kind: a count in a column of doubles becomes a float."""
    if kind == "long":
        return int(str(value))
    if kind == "double":
        return float(Decimal(str(value)))
    if kind == "date":
        return value.toPython()
    return str(value)
