"""The entity network read from an Oxigraph store by pattern lookups: the entities' own triples, not the corpus.

Most of a corpus' triples are records (excerpts, reified statements,
observations, sources); the network needs none of them but the observations'
areas and indicators. So it reads the ``rdf:type`` triples of the classes
that are not records' (the candidate entities), then each candidate's own
triples (its labels, types and the relations that are edges); the
observations are counted by area and indicator in one grouping query. Each
quad read costs some microseconds in Oxigraph (a string lookup per term), so
what is read is what decides the time: at 4,000 documents about 400,000 of
the store's 5.3 million triples.
"""

from __future__ import annotations

from collections.abc import Iterable
import sys
from functools import lru_cache

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.facts.namespaces import KGO, KGR, QB, SDMX_DIMENSION, bind_prefixes
from kg.facts.terms import RECORD_CLASSES
from kg.store.native import DEFAULT, data_triples, ontology_triples

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
    nodes: dict[str, dict] = {}
    facts: dict[tuple[str, str], set[tuple[str, str, str]]] = {}
    candidates = _candidates(store)
    for node in sorted(candidates):
        read = _own_triples(store, node, candidates, facts)
        if read is not None:
            labels, types = read
            nodes[node] = {"label": names.label(node, labels), "types": sorted({names.prefixed(t) for t in types}),
                           "observations": 0, "indicators": []}
    g = nx.Graph()
    g.add_nodes_from(nodes.items())
    # A candidate that turned out a record (it has an excluded type as well) is no end of an edge.
    g.add_edges_from((*pair, {"facts": sorted(facts[pair])}) for pair in sorted(facts)
                     if pair[0] in nodes and pair[1] in nodes)
    _fold_observations(store, g, names)
    g.graph["property_labels"] = {p: names.label(p) for p in sorted({p for _, _, f in g.edges(data="facts")
                                                                      for _, p, _ in f})}
    return g


def _candidates(store: ox.Store) -> set[str]:
    """The IRIs under kgr: typed with any class but the records': a superset of the entities, looked up class
    by class (records, most of the typed nodes, are never read)."""
    classes = [row["t"] for row in store.query("SELECT DISTINCT ?t WHERE { ?s a ?t }", default_graph=DEFAULT)]
    found: set[str] = set()
    for cls in classes:
        if cls.value not in _EXCLUDED:
            found.update(s.value for s, _, _, _ in data_triples(store, None, _TYPE, cls)
                         if isinstance(s, ox.NamedNode) and s.value.startswith(_KGR))
    return found


def _own_triples(store: ox.Store, node: str, candidates: set[str], facts: dict) -> tuple[dict, list] | None:
    """``node``'s labels (predicate -> objects) and types, its relations to other candidates added to
    ``facts`` (keyed by the node pair, sorted); None if it is a record after all (and nothing added)."""
    labels: dict[str, list] = {}
    types: list[str] = []
    found: list[tuple[tuple[str, str], tuple[str, str, str]]] = []
    for _, p, o, _ in data_triples(store, ox.NamedNode(node)):
        predicate = p.value
        if predicate == _TYPE.value:
            types.append(o.value)
        elif predicate in _LABELS:
            labels.setdefault(predicate, []).append(o)
        elif isinstance(o, ox.NamedNode) and o.value in candidates and o.value != node:
            # the node and property strings made once: a corpus' network holds some hundred thousand facts
            other, predicate = _INTERNED(o.value), _INTERNED(predicate)
            found.append(((node, other) if node < other else (other, node), (node, predicate, other)))
    if not _EXCLUDED.isdisjoint(types):
        return None
    for pair, fact in found:
        facts.setdefault(pair, set()).add(fact)
    return labels, types


_INTERNED = sys.intern


def _fold_observations(store: ox.Store, g: nx.Graph, names: _Names) -> None:
    """Count each area's observations and list their indicators' labels on the area's node.

    An observation with one area and at most one indicator (as kg's facts state them; checked by counting)
    is counted by one query grouping them in the store; otherwise each observation's least area and
    indicator are looked up (``_fold_each``)."""
    if not _one_each(store):
        return _fold_each(store, g, names)
    query = (f"SELECT ?area ?indicator (COUNT(?o) AS ?n) WHERE {{ ?o <{_REF_AREA.value}> ?area . "
             f"FILTER(isIRI(?area)) ?o a <{_OBSERVATION}> OPTIONAL {{ ?o <{_INDICATOR.value}> ?indicator }} }} "
             "GROUP BY ?area ?indicator")
    found: dict[str, set[str]] = {}
    for area, indicator, count in store.query(query, default_graph=DEFAULT):
        if area.value in g:
            g.nodes[area.value]["observations"] += int(count.value)
            labels = found.setdefault(area.value, set())
            if indicator is not None:
                labels.add(names.label(indicator.value) if isinstance(indicator, ox.NamedNode) else indicator.value)
    for area, labels in found.items():
        g.nodes[area]["indicators"] = sorted(labels)


def _one_each(store: ox.Store) -> bool:
    """Whether no subject has two areas or two indicators (two scans of an index in the store)."""
    for predicate in (_REF_AREA, _INDICATOR):
        query = f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?d) WHERE {{ ?s <{predicate.value}> ?o }}"
        [(total, subjects)] = list(store.query(query, default_graph=DEFAULT))
        if total.value != subjects.value:
            return False
    return True


def _fold_each(store: ox.Store, g: nx.Graph, names: _Names) -> None:
    """``_fold_observations`` an observation at a time, each counted with its least area and indicator."""
    observations = {s for s, _, _, _ in data_triples(store, None, _TYPE, ox.NamedNode(_OBSERVATION))}
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
