"""Where nodes go and how big they are, computed before the page opens (the page runs no physics).

Importance is PageRank over the drawn graph, its links taken both ways, with
the random jump weighted by how many excerpts support each node: what the
graph links to most and what the sources say most about stand out. Node
size grows with the logarithm of importance. Positions: a force-directed
layout (networkx's Fruchterman-Reingold, seeded) up to ``SPRING_LIMIT``
nodes; above it, each connected component in rings around its most
important node, which is linear in the size of the graph. Both are
deterministic: the same view gives the same positions.
"""

from __future__ import annotations

import math

from kg.viz.model import ViewGraph

SPRING_LIMIT = 400        # above this many nodes: rings (Fruchterman-Reingold is quadratic)
SPREAD = 95.0             # canvas units per node on average along a force layout's side
LAYER_GAP = 160.0         # distance between rings of the radial layout
NODE_GAP = 60.0           # distance between neighbours on a ring
MIN_SIZE, MAX_SIZE = 7.0, 46.0


def _graph(view: ViewGraph):
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in view.nodes)
    graph.add_edges_from((e.source, e.target) for e in view.edges if e.source != e.target)
    return graph


def importance(view: ViewGraph) -> dict[str, float]:
    """Each node's PageRank times the number of nodes: 1.0 is average, hubs score well above.

    >>> from kg.viz.model import NodeData, EdgeData
    >>> hub = ViewGraph([NodeData(n, n, "c", "C", "") for n in "abcd"],
    ...                 [EdgeData("a", x, "p", "p", "") for x in "bcd"])
    >>> scores = importance(hub)
    >>> scores["a"] > 1.5 > scores["b"]
    True
    """
    import igraph

    if not view.nodes:
        return {}
    # igraph's PageRank (PRPACK, in C): networkx's pure-Python one took most of a large page's time.
    ids = [n.id for n in view.nodes]
    index = {node: i for i, node in enumerate(ids)}
    pairs = {tuple(sorted((index[e.source], index[e.target]))) for e in view.edges if e.source != e.target}
    graph = igraph.Graph(n=len(ids), edges=sorted(pairs))
    weights = [1.0 + len({x for f in n.facts for x in f.excerpts}) for n in view.nodes]
    ranks = graph.personalized_pagerank(directed=False, damping=0.85, reset=weights)
    return {node: round(rank * len(ids), 6) for node, rank in zip(ids, ranks)}


def node_size(score: float) -> float:
    """Size on the canvas for an importance score: the logarithm, so hubs stand out without swamping the page.

    >>> node_size(1.0), node_size(0.2), node_size(18.0), node_size(1000.0)
    (14.0, 7.0, 39.0, 46.0)
    """
    grown = 14.0 + 6.0 * math.log2(max(score, 1e-9))
    return round(min(MAX_SIZE, max(MIN_SIZE, grown)), 1)


def layout(view: ViewGraph, scores: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for every node: a force layout for small views, rings for large ones (see the module)."""
    if len(view.nodes) <= SPRING_LIMIT:
        return spring_layout(view)
    return radial_layout(view, scores)


def spring_layout(view: ViewGraph) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold positions for each connected component, seeded, packed side by side.

    Laid out one by one, components stay compact (in one layout, a node
    without links is pushed to the far edge); each is scaled so that its
    average node has room for a label.
    """
    import networkx as nx

    graph = _graph(view)
    placed = []
    for component in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        if len(component) == 1:
            placed.append(({next(iter(component)): (0.0, 0.0)}, 0.0))
            continue
        sub = graph.subgraph(sorted(component))
        # k a little above networkx's default 1/sqrt(n): leaves room between a hub's many neighbours.
        found = nx.spring_layout(sub, k=1.6 / math.sqrt(len(component)), iterations=300, seed=7, center=(0, 0))
        side = SPREAD * math.sqrt(len(component))
        pos = {node: (float(x) * side / 2, float(y) * side / 2) for node, (x, y) in found.items()}
        placed.append((pos, max(math.hypot(x, y) for x, y in pos.values())))
    return _pack(placed)


def _pack(placed: list[tuple[dict[str, tuple[float, float]], float]]) -> dict[str, tuple[float, float]]:
    """Components (positions around their centre, radius), largest first, packed in rows."""
    row_width = max(2000.0, 2 * placed[0][1] + NODE_GAP if placed else 0.0,
                    math.sqrt(sum((2 * r + NODE_GAP) ** 2 for _, r in placed)))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, radius in placed:
        size = 2 * radius + NODE_GAP
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        row_height = row_height or size  # a row is as high as its first, largest, component
        middle = y + row_height / 2      # and the smaller ones sit on its middle line
        for node, (px, py) in pos.items():
            positions[node] = (round(x + radius + px, 1), round(middle + py, 1))
        x += size
    return positions


def radial_layout(view: ViewGraph, scores: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Each connected component in rings around its most important node (best connected without ``scores``).

    Linear in the size of the graph (networkx's force layouts take minutes on
    20,000 nodes); children sit near their parent's angle, components are
    packed in rows, largest first. Deterministic: no random seed involved.
    """
    import networkx as nx

    graph = _graph(view)
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    # The whole graph, not subgraph views: those filter every lookup and took a second at 20,000 nodes.
    return _pack([_rings(graph, c, scores) for c in components])


def _rings(graph, component: set[str], scores: dict[str, float] | None) -> tuple[dict[str, tuple[float, float]], float]:
    import networkx as nx

    adjacent = graph.adj
    weight = (lambda n: scores.get(n, 0.0)) if scores else (lambda n: len(adjacent[n]))
    root = max(sorted(component), key=weight)
    angle = {root: 0.0}
    pos = {root: (0.0, 0.0)}
    radius = 0.0
    for depth, layer in enumerate(nx.bfs_layers(graph, root)):
        if depth == 0:
            continue
        # Order a ring by the angle of each node's parent, so subtrees stay together.
        parent_angle = {n: min(angle[m] for m in adjacent[n] if m in angle) for n in layer}
        ring = sorted(layer, key=lambda n: (parent_angle[n], n))
        radius = max(radius + LAYER_GAP, len(ring) * NODE_GAP / (2 * math.pi))
        for index, node in enumerate(ring):
            a = 2 * math.pi * index / len(ring)
            angle[node] = a
            pos[node] = (radius * math.cos(a), radius * math.sin(a))
    return pos, radius
