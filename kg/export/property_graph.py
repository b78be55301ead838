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
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.facts.namespaces import KGO
from kg.facts.terms import preferred_label
from kg.runtime import cycle_collector_paused
from kg.store.plain import Lit, as_written

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


# A triple as the view reads it: subject and predicate IRIs, the object an IRI (str) or a literal as written
# (``kg.store.plain.Lit``, ``as_written``: a tuple, not rdflib's ``Literal``, whose parsing of each value would
# cost more than reading it).
Triple = tuple[str, str, "str | Lit"]


# The characters a Neo4j import may join lists with, in the order of preference: the first no value holds.
ARRAY_DELIMITERS = (";", "|", "\u00a6", "\u2016")


@dataclass
class PropertyGraph:
    """Nodes sorted by id, edges by (source, property, target), columns by name.

    ``nodes`` and ``edges`` are lists, or (a corpus' view, ``kg.export.property_lines``) collections read
    again at each pass, whose facts the writers need before the first node (``met``, ``delimiters``) are
    then told beside them."""

    nodes: Collection[Node]
    edges: Collection[Edge]
    columns: list[Column]
    # The columns' names in the order the nodes first have them (each node's in the columns' order): GEXF
    # numbers its attributes so. None: worked out from the nodes.
    met: list[str] | None = None
    # Which of ARRAY_DELIMITERS occur in some value (Neo4j joins lists with another). None: from the nodes.
    delimiters: frozenset[str] | None = None

    def attribute_order(self) -> list[str]:
        """``met``, or the columns' names in the order the nodes first have them."""
        if self.met is not None:
            return self.met
        position = {c.name: i for i, c in enumerate(self.columns)}
        found: dict[str, None] = {}
        for node in self.nodes:
            found.update(dict.fromkeys(sorted((n for n, v in node.attributes.items() if v is not None),
                                              key=position.__getitem__)))
        return list(found)

    def array_delimiter(self) -> str:
        """The first of ARRAY_DELIMITERS that occurs in no value."""
        found = self.delimiters
        if found is None:
            values = [str(v) for n in self.nodes for a in n.attributes.values()
                      for v in (a if isinstance(a, list) else [a])]
            found = frozenset(d for d in ARRAY_DELIMITERS if any(d in v for v in values))
        return next(d for d in ARRAY_DELIMITERS if d not in found)


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


def _plain(term) -> str | Lit:
    if not isinstance(term, Literal):
        return str(term)
    return as_written(str(term), str(term.datatype or ""), term.language or "")


def assemble(node_ids: list[str], classes: dict[str, list[str]], triples: Iterable[Triple],
             names: "_Names") -> PropertyGraph:
    """The view from its nodes (sorted), their classes, and the graph's triples (at least those whose
    subject is a node), in any order."""
    nodes_set = set(node_ids)
    values: dict[tuple[str, str], list[Lit | str]] = {}
    links = []
    for s, p, o in triples:
        if s not in nodes_set or p in SKIPPED_PROPERTIES:
            continue
        if o.__class__ is str and o in nodes_set:
            links.append((s, p, o))
            continue
        values.setdefault((s, p), []).append(o if o.__class__ is Lit else names.label(o))
    stats = ColumnStats()
    for (s, p), found in values.items():
        stats.add(f"<{s}>", p, found)
    column, columns = stats.columns(names)
    nodes = _nodes(node_ids, classes, names)
    for (s, p), found in values.items():
        nodes[s].attributes[column[p]] = attribute(found, columns[column[p]])
    return PropertyGraph([nodes[s] for s in node_ids], _edges(links, names), [columns[n] for n in sorted(columns)])


class ColumnStats:
    """What the columns are, from each node's values of each property: their kinds, whether they hold
    lists, and their names (``_Names.column``: where two properties share a local name, the one a node
    first has in N-Triples order keeps it plain, whatever order the nodes come in)."""

    def __init__(self) -> None:
        self.kinds: dict[str, set[str]] = {}  # by property IRI
        self.lists: set[str] = set()
        self.first: dict[str, str] = {}  # the first node with the property, as N-Triples writes it: <IRI>

    def add(self, node: str, p: str, found: list[Lit | str]) -> None:
        """Note node's values of ``p``; ``node`` as N-Triples writes it (``<IRI>``)."""
        kinds = self.kinds.get(p)
        if kinds is None:
            kinds = self.kinds[p] = set()
        kinds.update(_kind(v) for v in found)
        if len(found) > 1 and len(set(found)) > 1:
            self.lists.add(p)
        if node < self.first.get(p, "\U0010ffff"):
            self.first[p] = node

    def columns(self, names: "_Names") -> tuple[dict[str, str], dict[str, Column]]:
        """Each property's column name, and each name's column."""
        column = {p: names.column(p) for p in sorted(self.first, key=lambda p: (self.first[p], f"<{p}>"))}
        columns = {}
        for p, name in column.items():
            found = set(self.kinds[p])
            # integers and decimals in one column (observation values) are all doubles
            kind = found.pop() if len(found) == 1 else "double" if found == {"long", "double"} else "string"
            columns[name] = Column(name, kind, p in self.lists)
        return column, columns


def attribute(found: list[Lit | str], column: Column) -> Value | list[Value]:
    """A node's value of a column from the values of its property (one, or several: a list column keeps
    them all, sorted, another the first)."""
    if len(found) == 1:
        value = _python(found[0], column.kind)
        return [value] if column.is_list else value
    converted = sorted({_python(v, column.kind) for v in found}, key=str)
    return converted if column.is_list else converted[0]


def _edges(links: list[tuple[str, str, str]], names: "_Names") -> list[Edge]:
    """The edges of (source, property, target) links, in that order; each property named once."""
    named: dict[str, tuple[str, str]] = {}
    for _, p, _ in links:
        if p not in named:
            named[p] = (names.edge_type(p), names.label(p))
    links.sort()
    return [Edge(s, o, p, *named[p]) for s, p, o in links]


def _nodes(node_ids: list[str], classes: dict[str, list[str]], names: "_Names") -> dict[str, Node]:
    """Each node, named and classed."""
    nodes = {}
    for s in node_ids:
        own, labels = names.classed(classes[s])
        nodes[s] = Node(s, names.node_label(s), list(own), labels=list(labels))
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
        self._classed: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}

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

    def classed(self, classes: list[str]) -> tuple[list[str], list[str]]:
        """A node's class names (sorted) and those of its classes and their superclasses (Neo4j's labels);
        worked out once for each set of classes (a few dozen among thousands of nodes). Not to be changed."""
        key = tuple(classes)
        found = self._classed.get(key)
        if found is None:
            found = self._classed[key] = (sorted({self.class_name(c) for c in key}),
                                          sorted({self.class_name(c) for c in self.with_superclasses(key)}))
        return found

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


def _kind(value: Lit | str) -> str:
    """long, double, date or string: what the value's datatype makes it (a label is a string)."""
    return _KINDS.get(value.datatype, "string") if value.__class__ is Lit else "string"


def _python(value: Lit | str, kind: str) -> Value:
    """The value as its column's kind: a count in a column of doubles becomes a float."""
    text = value if value.__class__ is str else value.value
    if kind == "long":
        return int(text)
    if kind == "double":
        return float(Decimal(text))
    if kind == "date":  # rdflib's reading of xsd:date (time zones and all), for the few dates there are
        return Literal(text, datatype=XSD.date).toPython()
    return text
