"""The measures of an entity network, computed by networkx (pure Python) or python-igraph (C).

Both engines give the same numbers on the same graph (degree, betweenness
normalised as networkx does, PageRank with damping 0.85, connected
components, communities by Clauset-Newman-Moore greedy modularity), but for
two documented differences on large networks. On a network of more than ``EXACT_BETWEENNESS_NODES``
entities, igraph's betweenness is estimated from ``pivots`` source entities
(by the network's size, at most ``BETWEENNESS_SAMPLES``) drawn with a fixed
seed (Brandes and Pich's pivots, the estimate
``networkx.betweenness_centrality(k=...)`` makes), since the exact measure
costs time proportional to nodes times edges. The same graph always
gives the same estimate. And on a network of ``LEIDEN_FROM_NODES`` entities or
more, igraph's communities are Leiden's (modularity as the objective, iterated
until no node moves, igraph's random numbers drawn from a generator seeded with
``SAMPLE_SEED``): Clauset-Newman-Moore's merges grow much faster than the
network (at 4,000 documents, 48,000 entities: 120-165 CPU s, where Leiden
takes 0.7 s). Neither finds the best partition: Leiden's modularity was 0.616
to CNM's 0.593 at 400 documents, 0.595 to 0.606 at 4,000 (other seeds move it
by 0.001). The same graph always gives the same communities.
``pick_engine`` chooses igraph from ``IGRAPH_FROM_NODES`` entities on.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import networkx as nx

from kg.ranking import pagerank

ENGINES = ("auto", "networkx", "igraph")
IGRAPH_FROM_NODES = 1000
EXACT_BETWEENNESS_NODES = 2000
BETWEENNESS_SAMPLES = 1000
# The estimate's searches visit up to this many edges in all (pivots x edges: 1000 pivots on the 22,000
# relations of 400 documents; about 300 on the 170,000 of 4,000, where 5 s became 1.5 s). Past its first few,
# a corpus' ranking by betweenness is of near-equal scores that any sample orders by chance: at 4,000
# documents 250, 500, 1000 and 3000 pivots agreed on the first two entities and on none of the next eight.
BETWEENNESS_WORK = 50_000_000
MIN_BETWEENNESS_SAMPLES = 250
SAMPLE_SEED = 24
LEIDEN_FROM_NODES = 20000


def pick_engine(g: nx.Graph, engine: str = "auto") -> str:
    """``engine`` itself, or for ``auto`` igraph on networks of ``IGRAPH_FROM_NODES`` entities or more."""
    if engine != "auto":
        return engine
    return "igraph" if g.number_of_nodes() >= IGRAPH_FROM_NODES else "networkx"


def scores(g: nx.Graph, measure: str, engine: str) -> dict[str, float]:
    """Node -> score for ``measure`` (degree, betweenness, pagerank) computed by ``engine``."""
    if measure == "degree":
        return {n: float(d) for n, d in g.degree()}
    if engine == "networkx":
        if measure == "betweenness":
            return nx.betweenness_centrality(g)
        # A tolerance well below the six digits kg prints, so that both engines rank ties alike.
        return pagerank(g, max_iter=1000, tol=1e-12)
    h, nodes = _igraph(g)
    if measure == "betweenness":
        return dict(zip(nodes, _igraph_betweenness(h)))
    return dict(zip(nodes, h.pagerank(damping=0.85, directed=False, implementation="arpack"))) if nodes else {}


def groups(g: nx.Graph, kind: str, engine: str) -> Iterable[Iterable[str]]:
    """The connected ``components`` or the ``communities`` (greedy modularity), as sets of nodes."""
    if engine == "networkx":
        if kind == "components":
            return nx.connected_components(g)
        from networkx.algorithms.community import greedy_modularity_communities

        return greedy_modularity_communities(g)
    h, nodes = _igraph(g)
    if kind == "components":
        found = h.connected_components()
    elif h.ecount() == 0:
        found = [[i] for i in range(len(nodes))]
    elif len(nodes) >= LEIDEN_FROM_NODES:
        found = _leiden(h)
    else:
        found = h.community_fastgreedy().as_clustering()
    return [{nodes[i] for i in group} for group in found]


def _igraph(g: nx.Graph):
    """``g`` as an igraph Graph (kept on ``g``) and the node of each vertex index."""
    cached = g.graph.get("_igraph")
    if cached is None:
        import igraph

        nodes = list(g)
        index = {node: i for i, node in enumerate(nodes)}
        cached = g.graph["_igraph"] = (igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in g.edges()]),
                                       nodes)
    return cached


def _leiden(h):
    """Leiden's communities of modularity, igraph's random numbers (the order nodes are visited in) drawn
    from a generator seeded with ``SAMPLE_SEED`` for the call, so that the same graph gives the same ones."""
    import igraph

    igraph.set_random_number_generator(random.Random(SAMPLE_SEED))
    try:
        return h.community_leiden(objective_function="modularity", n_iterations=-1)
    finally:
        igraph.set_random_number_generator(random)  # igraph's default: the random module


def _igraph_betweenness(h) -> list[float]:
    """Betweenness normalised as networkx's (by 2 / ((n-1)(n-2)) for an undirected graph); from a seeded
    sample of source nodes past ``EXACT_BETWEENNESS_NODES``, each pair's count scaled by n / samples."""
    n = h.vcount()
    if n <= 2:
        return [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))
    samples = pivots(h.ecount())
    if n <= max(EXACT_BETWEENNESS_NODES, samples):
        return [b * scale for b in h.betweenness(directed=False)]
    sources = sorted(random.Random(SAMPLE_SEED).sample(range(n), samples))
    # With every node a source, igraph's subset betweenness is the exact one; from a sample, its expected value
    # is the exact one times samples / n.
    found = h.betweenness(directed=False, sources=sources)
    return [b * scale * n / samples for b in found]


def pivots(edges: int) -> int:
    """How many source entities the betweenness estimate starts from on a network of ``edges`` relations:
    ``BETWEENNESS_SAMPLES``, fewer where their searches (each visits every edge) would pass
    ``BETWEENNESS_WORK`` edges, never under ``MIN_BETWEENNESS_SAMPLES``.

    >>> pivots(21_000), pivots(170_000), pivots(10_000_000)
    (1000, 294, 250)
    """
    fewest = min(MIN_BETWEENNESS_SAMPLES, BETWEENNESS_SAMPLES)
    return max(fewest, min(BETWEENNESS_SAMPLES, BETWEENNESS_WORK // max(edges, 1)))
