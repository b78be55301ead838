"""Network analysis: the graph's entities and their relations as a networkx graph.

Nodes are the entities (places, organizations, events, concepts, ...); an
edge joins two entities that a fact relates, whatever its direction, and
remembers the facts (subject, property, object). Records are left out:
literals, excerpts, reified statements, sources and data sets. Observations
are folded into their area as attributes (how many, of which indicators), so
indicators, which only observations mention, are attributes and not nodes.

>>> from kg.facts.folder import build_graph
>>> g = entity_graph(build_graph(), ProjectPaths())
>>> ranking(g, "degree")[0].label
'Yibin'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import KgError
from kg.facts.namespaces import KGO, KGR, QB, SDMX_DIMENSION, expand_curie
from kg.facts.terms import RECORD_CLASSES, preferred_label
from kg.project import ProjectPaths
from kg.ranking import pagerank
from kg.store.graphs import with_ontology

# Entities that only observations mention; they become attributes of the observed area.
FOLDED_CLASSES = {KGO.Indicator}


class EntityNotFound(KgError):
    """An entity name or IRI that matches no entity (the message lists close matches)."""


class NoPath(KgError):
    """Two entities that no chain of relations connects."""


@dataclass(frozen=True)
class Ranked:
    """An entity and its score in a ranking."""

    iri: str
    label: str
    score: float


@dataclass(frozen=True)
class Step:
    """One relation on a path, in the direction the fact states it."""

    subject: str
    subject_label: str
    property: str
    property_label: str
    object: str
    object_label: str


def entity_graph(graph: Graph, project: ProjectPaths = ProjectPaths()) -> nx.Graph:
    """The entities of ``graph`` and the relations between them, as an undirected networkx graph.

    Node attributes: ``label``, ``types`` (prefixed), ``observations`` and
    ``indicators`` (for areas). Edge attribute ``facts``: the (subject, property,
    object) IRIs the edge stands for, sorted. Property labels come from the ontology.
    """
    full = with_ontology(graph, project)
    entities = sorted(
        s for s in set(graph.subjects(RDF.type, None))
        if isinstance(s, URIRef) and str(s).startswith(str(KGR))
        and not set(graph.objects(s, RDF.type)) & (RECORD_CLASSES | FOLDED_CLASSES)
    )
    g = nx.Graph()
    for node in entities:
        g.add_node(
            str(node),
            label=_label(full, node),
            types=sorted(full.namespace_manager.normalizeUri(t) for t in graph.objects(node, RDF.type)),
            observations=0,
            indicators=[],
        )
    facts: dict[tuple[str, str], set[tuple[str, str, str]]] = {}
    for s, p, o in graph:
        if p != RDF.type and str(s) in g and str(o) in g and s != o:
            facts.setdefault(tuple(sorted((str(s), str(o)))), set()).add((str(s), str(p), str(o)))
    for (a, b), triples in sorted(facts.items()):
        g.add_edge(a, b, facts=sorted(triples))
    for observation in sorted(graph.subjects(RDF.type, QB.Observation)):
        area = graph.value(observation, SDMX_DIMENSION.refArea)
        indicator = graph.value(observation, KGO.indicator)
        if area is not None and str(area) in g:
            attrs = g.nodes[str(area)]
            attrs["observations"] += 1
            if indicator is not None and _label(full, indicator) not in attrs["indicators"]:
                attrs["indicators"] = sorted([*attrs["indicators"], _label(full, indicator)])
    g.graph["property_labels"] = {
        p: _label(full, URIRef(p)) for edge in g.edges(data="facts") for _, p, _ in edge[2]
    }
    return g


def ranking(g: nx.Graph, measure: str = "degree", top: int = 10) -> list[Ranked]:
    """The ``top`` entities by ``degree`` (number of related entities), ``betweenness`` centrality or
    ``pagerank`` (the measure ``kg viz`` sizes nodes by, there weighted by the quotes behind each node).

    Ties are broken by label, so the ranking is stable.
    """
    if measure == "degree":
        scores = dict(g.degree())
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(g)
    elif measure == "pagerank":
        scores = pagerank(g, max_iter=500)
    else:
        raise KgError(f"unknown measure '{measure}'; use degree, betweenness or pagerank")
    ordered = sorted(scores, key=lambda n: (-scores[n], g.nodes[n]["label"].lower(), n))
    return [Ranked(n, g.nodes[n]["label"], round(float(scores[n]), 6)) for n in ordered[:top]]


def components(g: nx.Graph) -> list[list[str]]:
    """The connected components, largest first, each a list of node IRIs sorted by label."""
    return _ordered(g, nx.connected_components(g))


def communities(g: nx.Graph) -> list[list[str]]:
    """Communities by greedy modularity maximisation (deterministic), largest first."""
    from networkx.algorithms.community import greedy_modularity_communities

    return _ordered(g, greedy_modularity_communities(g))


def resolve(g: nx.Graph, name: str) -> str:
    """The node for a label (case-insensitive), a full IRI, a prefixed name (``kgr:catl``) or an id (``catl``).

    Raises EntityNotFound, listing close matches, or if a label is ambiguous.
    """
    for candidate in (name, expand_curie(name)):
        if candidate and candidate in g:
            return candidate
    matches = sorted(n for n, label in g.nodes(data="label") if label.lower() == name.strip().lower())
    if len(matches) == 1:
        return matches[0]
    if not matches and str(KGR) + name in g:  # a bare id, as facts files write it (no URIRef: a name may have spaces)
        return str(KGR) + name
    if matches:
        raise EntityNotFound(f"'{name}' names several entities: {', '.join(matches)}; give an IRI")
    labels = sorted({label for _, label in g.nodes(data="label")})
    by_lower = {label.lower(): label for label in labels}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=5, cutoff=0.5)
    close += [by_lower[low] for low in sorted(by_lower) if name.lower() in low and by_lower[low] not in close]
    hint = f"; did you mean {', '.join(repr(by_lower.get(c, c)) for c in close[:5])}?" if close else ""
    raise EntityNotFound(f"no entity named '{name}'{hint}")


def shortest_path(g: nx.Graph, source: str, target: str) -> list[Step]:
    """The shortest chain of relations from ``source`` to ``target`` (names as for ``resolve``).

    Of several chains of that length, the one whose entity labels sort first.

    Raises EntityNotFound or NoPath.
    """
    a, b = resolve(g, source), resolve(g, target)
    try:
        # Of several shortest chains, the one whose labels sort first: the same graph always gives the same answer.
        nodes = min(nx.all_shortest_paths(g, a, b), key=lambda path: [g.nodes[n]["label"].lower() for n in path])
    except nx.NetworkXNoPath:
        raise NoPath(
            f"no path between '{g.nodes[a]['label']}' and '{g.nodes[b]['label']}': they are in different components"
        ) from None
    labels = g.graph["property_labels"]
    steps = []
    for left, right in zip(nodes, nodes[1:]):
        s, p, o = g.edges[left, right]["facts"][0]
        steps.append(Step(s, g.nodes[s]["label"], p, labels[p], o, g.nodes[o]["label"]))
    return steps


def _ordered(g: nx.Graph, groups) -> list[list[str]]:
    by_label = lambda n: (g.nodes[n]["label"].lower(), n)  # noqa: E731
    members = [sorted(group, key=by_label) for group in groups]
    return sorted(members, key=lambda m: (-len(m), by_label(m[0])))


def _label(graph: Graph, node: URIRef) -> str:
    return preferred_label(graph, node) or graph.namespace_manager.normalizeUri(node)
