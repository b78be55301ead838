"""The entity network read from an Oxigraph store by pattern lookups: the entities' own triples, not the corpus.

Most of a corpus' triples are records (excerpts, reified statements,
observations, sources); the network needs none of them but the observations'
areas and indicators. So it reads the ``rdf:type`` triples once (which
nodes are entities), then each entity's own triples (its labels and the
relations that are edges), then the observations' ``refArea`` and
``indicator`` triples: at 400 documents about a third of the store, each
triple once, all lookups in Oxigraph's indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.facts.namespaces import KGO, KGR, QB, SDMX_DIMENSION, bind_prefixes
from kg.facts.terms import RECORD_CLASSES
from kg.store.native import data_triples, ontology_triples

# Entities that only observations mention; they become attributes of the observed area.
FOLDED_CLASSES = {KGO.Indicator}
_EXCLUDED = frozenset(str(c) for c in RECORD_CLASSES | FOLDED_CLASSES)
_TYPE = ox.NamedNode(str(RDF.type))
_LABELS = (str(SKOS.prefLabel), str(RDFS.label))  # in the order preferred_label tries them
_OBSERVATION = str(QB.Observation)
_REF_AREA, _INDICATOR = ox.NamedNode(str(SDMX_DIMENSION.refArea)), ox.NamedNode(str(KGO.indicator))
_KGR = str(KGR)


def entity_network(store: ox.Store) -> nx.Graph:
    """The entities of the store's data and the relations between them, as an undirected networkx graph.

    Node attributes: ``label``, ``types`` (prefixed), ``observations`` and ``indicators`` (for areas). Edge
    attribute ``facts``: the sorted (subject, property, object) IRIs it stands for. Labels come from the data
    and the ontology (``kg.facts.terms.preferred_label``'s choice), as ``kg.analyze.network.entity_graph``.
    """
    names = _Names(store)
    types: dict[str, list[str]] = {}
    observations: set[ox.NamedNode | ox.BlankNode] = set()
    for s, _, t, _ in data_triples(store, None, _TYPE):
        if isinstance(s, ox.NamedNode):
            types.setdefault(s.value, []).append(t.value)
        if t.value == _OBSERVATION:
            observations.add(s)
    entities = sorted(s for s, found in types.items() if s.startswith(_KGR) and _EXCLUDED.isdisjoint(found))
    known = set(entities)
    g = nx.Graph()
    facts: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for node in entities:
        labels: dict[str, list] = {}
        for _, p, o, _ in data_triples(store, ox.NamedNode(node)):
            predicate = p.value
            if predicate in _LABELS:
                labels.setdefault(predicate, []).append(o)
            elif isinstance(o, ox.NamedNode) and o.value in known and o.value != node and predicate != _TYPE.value:
                facts.setdefault((node, o.value) if node < o.value else (o.value, node), []).append(
                    (node, predicate, o.value))
        g.add_node(node, label=names.label(node, labels), types=sorted(names.prefixed(t) for t in set(types[node])),
                   observations=0, indicators=[])
    for pair in sorted(facts):
        g.add_edge(*pair, facts=sorted(set(facts[pair])))
    _fold_observations(store, g, observations, names)
    g.graph["property_labels"] = {p: names.label(p) for p in sorted({p for _, _, f in g.edges(data="facts")
                                                                      for _, p, _ in f})}
    return g


def _fold_observations(store: ox.Store, g: nx.Graph, observations: set, names: _Names) -> None:
    """Count each area's observations and list their indicators' labels on the area's node."""
    areas = _values(data_triples(store, None, _REF_AREA), observations)
    indicators = _values(data_triples(store, None, _INDICATOR), observations)
    labels: dict = {}  # a few dozen indicators, observed thousands of times
    for observation, area in areas.items():
        if isinstance(area, ox.NamedNode) and area.value in g:
            attrs = g.nodes[area.value]
            attrs["observations"] += 1
            indicator = indicators.get(observation)
            if indicator is not None:
                if indicator not in labels:
                    labels[indicator] = names.label(indicator.value) if isinstance(indicator, ox.NamedNode) \
                        else indicator.value
                if labels[indicator] not in attrs["indicators"]:
                    attrs["indicators"] = sorted([*attrs["indicators"], labels[indicator]])


def _values(quads: Iterable[ox.Quad], subjects: set) -> dict:
    """Subject -> object for the quads whose subject is in ``subjects`` (the least object if several)."""
    found: dict = {}
    for s, _, o, _ in quads:
        if s in subjects and (s not in found or str(o) < str(found[s])):
            found[s] = o
    return found


class _Names:
    """Labels (data and ontology, as ``preferred_label`` chooses) and prefixed names of the store's nodes."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.manager = bind_prefixes(Graph()).namespace_manager
        self.ontology: dict[str, dict[str, list]] = {}
        for predicate in _LABELS:
            for s, _, o, _ in ontology_triples(store, None, ox.NamedNode(predicate)):
                self.ontology.setdefault(s.value, {}).setdefault(predicate, []).append(o)
        self.prefixed = lru_cache(maxsize=None)(self._prefixed)

    def label(self, node: str, data_labels: dict[str, list] | None = None) -> str:
        """The preferred label of ``node``: skos:prefLabel, else rdfs:label, English first, else its prefixed
        name. ``data_labels`` (predicate -> objects): its labels in the data, when the caller has read them."""
        if data_labels is None:
            data_labels = {}
            for predicate in _LABELS:
                for _, _, o, _ in data_triples(self.store, ox.NamedNode(node), ox.NamedNode(predicate)):
                    data_labels.setdefault(predicate, []).append(o)
        extra = self.ontology.get(node, {})
        for predicate in _LABELS:
            found = {*data_labels.get(predicate, ()), *extra.get(predicate, ())}
            if found:
                return min(found, key=lambda t: (getattr(t, "language", None) != "en", t.value)).value
        return self.prefixed(node)

    def _prefixed(self, iri: str) -> str:
        return self.manager.normalizeUri(URIRef(iri))
