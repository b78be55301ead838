"""The property-graph view (``kg.export.property_graph``) of a store, from one pass over its sorted lines.

Which nodes there are comes from the store's ``rdf:type`` triples, their
labels from its label triples (two index lookups); then the store's data,
written by Oxigraph as sorted N-Triples lines, is filtered as bytes to the
lines whose subject is a node, and only those are parsed (by Oxigraph) and
handed, in the same order, to the assembly ``property_graph`` uses. So the
view is the one ``property_graph`` makes of the same graph, without an rdflib
term for the provenance records that are most of a corpus.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.build.ntriples import LinesReader
from kg.export.property_graph import (
    PROVENANCE_CLASSES,
    SKIPPED_PROPERTIES,
    PlainLiteral,
    PropertyGraph,
    _Names,
    assemble,
)
from kg.facts.namespaces import bind_prefixes
from kg.store.native import data_lines, data_triples

_TYPE = ox.NamedNode(str(RDF.type))
_PROVENANCE = frozenset(str(c) for c in PROVENANCE_CLASSES)
_STRING = str(XSD.string)
_SKIPPED = frozenset(f"<{p}>".encode() for p in SKIPPED_PROPERTIES)


def store_property_graph(store: ox.Store, ontology: Graph) -> PropertyGraph:
    """The property-graph view of the store's data; ``ontology`` gives class, property and unit labels."""
    classes: dict[str, list[str]] = {}
    for s, _, t, _ in data_triples(store, None, _TYPE):
        if isinstance(s, ox.NamedNode):
            classes.setdefault(s.value, []).append(t.value)
    node_ids = sorted(URIRef(s) for s, found in classes.items() if _PROVENANCE.isdisjoint(found))
    wanted = {f"<{s}>".encode() for s in node_ids}
    lines = [line for line in data_lines(store)
             if line[: line.index(b" ")] in wanted and line.split(b" ", 2)[1] not in _SKIPPED]
    terms = _Terms()
    triples = ((terms(quad.subject), terms(quad.predicate), terms(quad.object))
               for quad in ox.parse(LinesReader(lines), format=ox.RdfFormat.N_TRIPLES))
    names = _Names(_data_labels(store), ontology, bind_prefixes(Graph()).namespace_manager)
    return assemble(node_ids, {s: [URIRef(c) for c in classes[str(s)]] for s in node_ids}, triples, names)


def _data_labels(store: ox.Store):
    """``kg.facts.terms.preferred_label`` over the store's data, its label triples read once."""
    found: dict[str, dict[int, list]] = {}
    for rank, predicate in enumerate((SKOS.prefLabel, RDFS.label)):
        for s, _, o, _ in data_triples(store, None, ox.NamedNode(str(predicate))):
            found.setdefault(s.value, {}).setdefault(rank, []).append(o)

    def label(iri: URIRef) -> str | None:
        by_rank = found.get(str(iri))
        if not by_rank:
            return None
        labels = by_rank[min(by_rank)]
        return min(labels, key=lambda t: (getattr(t, "language", None) != "en", t.value)).value
    return label


class _Terms:
    """Oxigraph's terms as the view's: IRIs as rdflib URIRefs made once each (a node's IRI recurs on each of
    its lines), literals as ``PlainLiteral``."""

    def __init__(self) -> None:
        self.iris: dict[str, URIRef] = {}

    def __call__(self, term):
        if isinstance(term, ox.NamedNode):
            found = self.iris.get(term.value)
            if found is None:
                found = self.iris[term.value] = URIRef(term.value)
            return found
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language:
            return PlainLiteral(term.value, None, term.language)
        datatype = term.datatype.value
        return PlainLiteral(term.value, None if datatype == _STRING else self(term.datatype))
