"""The property-graph view (``kg.export.property_graph``) of a store, read by index lookups.

Which nodes there are comes from the store's ``rdf:type`` triples (one index
lookup); then each node's own triples are read by its subject (one lookup
each), their labels kept aside as they pass, and handed as strings to the
assembly ``property_graph`` uses. The provenance records that are most of a
corpus are never read, and no rdflib term is made: at 400 documents this
reads 237k of the store's 571k triples. So the view is the one
``property_graph`` makes of the same graph, at the cost of reading it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from sys import intern

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.export.property_graph import _PROVENANCE, PropertyGraph, Triple, _Names, assemble
from kg.export.property_lines import lines_property_graph, plain_literal
from kg.facts.namespaces import bind_prefixes
from kg.runtime import cycle_collector_paused
from kg.store.native import DEFAULT, data_triples

_TYPE_IRI = str(RDF.type)
_TYPE = ox.NamedNode(_TYPE_IRI)
_STRING = str(XSD.string)
# skos:prefLabel before rdfs:label, as kg.facts.terms.preferred_label ranks them.
_LABELS = {str(SKOS.prefLabel): 0, str(RDFS.label): 1}
_LABEL_NODES = [(rank, ox.NamedNode(p)) for p, rank in _LABELS.items()]


@cycle_collector_paused()  # hundreds of thousands of small objects, no cycles among them
def store_property_graph(store: ox.Store, ontology: Graph, _excluded: frozenset[str] = frozenset(),
                         built: Path | None = None) -> PropertyGraph:
    """The property-graph view of the store's data; ``ontology`` gives class, property and unit labels.
    ``built``: the build's merged lines when the store holds exactly them (``kg.store.native.built_lines``):
    the view is then read from them in passes as it is written (``kg.export.property_lines``), never whole."""
    if built is not None:
        view = lines_property_graph(built, ontology)
        if view is not None:
            return view
    reader = _Reader(store)
    node_ids = [s for s in sorted(reader.typed()) if s not in _excluded]
    names = _Names(reader.label, ontology, bind_prefixes(Graph()).namespace_manager)
    # The triples pass straight into the assembly, a node at a time: a corpus' are never all held at once.
    view = assemble(node_ids, reader.classes, reader.of_nodes(node_ids), names)
    if reader.provenance:  # a node that turned out to be a provenance record too: made again without it
        return store_property_graph(store, ontology, _excluded | reader.provenance)
    return view


class _Reader:
    """A node's triples as strings, its labels noted on the way; any other IRI's label looked up."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.classes: dict[str, list[str]] = {}
        self.provenance: set[str] = set()  # subjects found to be provenance records too
        self.labels: dict[str, dict[int, list[tuple[bool, str]]]] = {}
        self.blank: dict[str, ox.BlankNode] = {}  # blank nodes met as values, labelled by their own triples

    def typed(self) -> dict[str, list[str]]:
        """The IRIs typed with a class other than a provenance record's, and their classes (``classes``).

        Read class by class, the provenance records' classes left out: they type most of a corpus' subjects
        (at 400 documents 55k of 78k). One that is also a provenance record is noted by ``triples``.
        """
        for (found,) in self.store.query("SELECT DISTINCT ?c WHERE { ?s a ?c }"):
            if found.value in _PROVENANCE:
                continue
            for quad in data_triples(self.store, None, _TYPE, found):
                if quad.subject.__class__ is ox.NamedNode:
                    self.classes.setdefault(quad.subject.value, []).append(found.value)
        return self.classes

    def of_nodes(self, node_ids: list[str]) -> Iterator[Triple]:
        """The triples of the nodes (sorted), but their labels."""
        return (triple for s in node_ids for triple in self.triples(s))

    def triples(self, subject: str) -> list[Triple]:
        """The subject's triples other than its labels (``kg.export.property_graph.Triple``)."""
        found = []
        append = found.append  # the loop runs once for each of a node's triples: names bound once
        self.labels.setdefault(subject, {})  # all its labels are among its triples: none to look up later
        for quad in self.store.quads_for_pattern(ox.NamedNode(subject), None, None, DEFAULT):
            p, o = intern(quad.predicate.value), quad.object  # one string for each property, not each triple
            kind = o.__class__
            if p in _LABELS:
                self._note(subject, _LABELS[p], o)
            elif p == _TYPE_IRI:
                if o.value in _PROVENANCE:
                    self.provenance.add(subject)
            elif kind is ox.Literal:
                append((subject, p, plain_literal(o)))
            else:
                if kind is ox.BlankNode:
                    self.blank[o.value] = o
                append((subject, p, o.value))
        return found

    def _note(self, subject: str, rank: int, term) -> None:
        english = getattr(term, "language", None) == "en"
        self.labels.setdefault(subject, {}).setdefault(rank, []).append((not english, term.value))

    def label(self, iri: str) -> str | None:
        """``kg.facts.terms.preferred_label`` in the store's data: skos:prefLabel, else rdfs:label; English
        first, then the first in text order."""
        by_rank = self.labels.get(iri)
        if by_rank is None:
            term = self.blank.get(iri) or ox.NamedNode(iri)
            for rank, predicate in _LABEL_NODES:
                for quad in data_triples(self.store, term, predicate):
                    self._note(iri, rank, quad.object)
            by_rank = self.labels.setdefault(iri, {})
        return min(by_rank[min(by_rank)])[1] if by_rank else None
