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
import pyoxigraph as ox
from rdflib import Graph

from kg.analyze import engines
from kg.analyze.entities import FOLDED_CLASSES, entity_network  # noqa: F401  (FOLDED_CLASSES: as before)
from kg.errors import KgError
from kg.facts.namespaces import KGR, expand_curie
from kg.facts.ontology import load_ontology
from kg.project import ProjectPaths
from kg.store.native import store_of_graph


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


def entity_graph(graph: Graph | ox.Store, project: ProjectPaths = ProjectPaths()) -> nx.Graph:
    """The entities of ``graph`` and the relations between them, as an undirected networkx graph.

    ``graph``: an rdflib Graph (put in an in-memory Oxigraph store with the project's ontology first) or a
    store as ``kg.store.native`` opens it. Node attributes: ``label``, ``types`` (prefixed), ``observations``
    and ``indicators`` (for areas). Edge attribute ``facts``: the (subject, property, object) IRIs the edge
    stands for, sorted. Property labels come from the ontology. See ``kg.analyze.entities``.
    """
    if isinstance(graph, Graph):
        graph = store_of_graph(graph, load_ontology(project.ontology_path))
    return entity_network(graph)


def ranking(g: nx.Graph, measure: str = "degree", top: int = 10, engine: str = "auto") -> list[Ranked]:
    """The ``top`` entities by ``degree`` (number of related entities), ``betweenness`` centrality or
    ``pagerank`` (the measure ``kg viz`` sizes nodes by, there weighted by the quotes behind each node).

    Ties are broken by label, so the ranking is stable. ``engine``: networkx, igraph, or ``auto`` (by the
    network's size; see ``kg.analyze.engines``, which also says where igraph's betweenness is an estimate).
    """
    if measure not in ("degree", "betweenness", "pagerank"):
        raise KgError(f"unknown measure '{measure}'; use degree, betweenness or pagerank")
    scores = engines.scores(g, measure, _engine(g, engine))
    # Scores as printed (six digits): two engines' last bits of a float do not reorder equal scores.
    rounded = {n: round(float(score), 6) for n, score in scores.items()}
    ordered = sorted(rounded, key=lambda n: (-rounded[n], g.nodes[n]["label"].lower(), n))
    return [Ranked(n, g.nodes[n]["label"], rounded[n]) for n in ordered[:top]]


def components(g: nx.Graph, engine: str = "auto") -> list[list[str]]:
    """The connected components, largest first, each a list of node IRIs sorted by label."""
    return _ordered(g, engines.groups(g, "components", _engine(g, engine)))


def communities(g: nx.Graph, engine: str = "auto") -> list[list[str]]:
    """Communities by greedy modularity maximisation (Clauset-Newman-Moore, deterministic), largest first."""
    return _ordered(g, engines.groups(g, "communities", _engine(g, engine)))


def _engine(g: nx.Graph, engine: str) -> str:
    if engine not in engines.ENGINES:
        raise KgError(f"unknown engine '{engine}'; use {', '.join(engines.ENGINES)}")
    return engines.pick_engine(g, engine)


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
    def by_label(n):
        return g.nodes[n]["label"].lower(), n

    members = [sorted(group, key=by_label) for group in groups]
    return sorted(members, key=lambda m: (-len(m), by_label(m[0])))
