"""Communities of a large view and a layout that shows them as regions: what a reader sees first at corpus scale.

Communities are igraph's Leiden partition (modularity) of the drawn graph,
its links taken both ways. The layout has two levels, both igraph's
Fruchterman-Reingold: each community is laid out alone inside a disc whose
area grows with its size, and the discs are placed by a force layout of the
community graph (two communities attract in proportion to the links between
them), then pushed apart until no two overlap. So a community is a region
of its own on the page (the page draws its disc), and related communities
sit side by side. Rings (``kg.viz.layout.radial_layout``) show no regions.

Randomness comes from one seeded generator set for the duration of a call
and restored after: the same view gives the same communities and positions.
"""

from __future__ import annotations

import math
import random
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from kg.viz.layout import node_size
from kg.viz.model import ViewGraph

SEED = 7
NODE_GAP = 32.0      # canvas units from a node to its nearest neighbour in a community (the median)
GAP = 40.0           # space between two community discs
MIN_RADIUS = 40.0


@dataclass(frozen=True)
class Region:
    """A community on the page: its members (node ids, most important first), its disc, its name."""

    members: tuple[str, ...]
    x: float
    y: float
    radius: float
    name: str


@contextmanager
def _seeded() -> Iterator[None]:
    """igraph's random numbers from a generator seeded here, the default one restored afterwards."""
    import igraph

    igraph.set_random_number_generator(random.Random(SEED))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def _igraph(view: ViewGraph):
    import igraph

    index = {n.id: i for i, n in enumerate(view.nodes)}
    pairs = sorted({tuple(sorted((index[e.source], index[e.target]))) for e in view.edges if e.source != e.target})
    return igraph.Graph(n=len(view.nodes), edges=pairs)


def communities(view: ViewGraph) -> list[list[str]]:
    """The view's nodes grouped by Leiden (modularity), largest group first; each group sorted by id.

    >>> from kg.viz.model import NodeData, EdgeData
    >>> nodes = [NodeData(n, n, "c", "C", "") for n in "abcxyz"]
    >>> edges = [EdgeData(s, t, "p", "p", "") for s, t in ("ab", "bc", "ca", "xy", "yz", "zx", "cx")]
    >>> communities(ViewGraph(nodes, edges))
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    if not view.nodes:
        return []
    graph = _igraph(view)
    with _seeded():
        found = graph.community_leiden(objective_function="modularity", n_iterations=-1)
    ids = [n.id for n in view.nodes]
    groups = [sorted(ids[i] for i in members) for members in found]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def region_layout(view: ViewGraph, groups: list[list[str]], scores: dict[str, float],
                  names: dict[str, str]) -> tuple[dict[str, tuple[float, float]], list[Region]]:
    """Positions of every node, and one region per group (see the module); ``names`` gives regions' names.

    A region is named after its most important member that ``names`` holds
    (the page names a community after an entity a reader knows).
    """
    import numpy

    graph = _igraph(view)
    ids = [n.id for n in view.nodes]
    index = {node: i for i, node in enumerate(ids)}
    group_of = [0] * len(ids)
    for number, group in enumerate(groups):
        for node in group:
            group_of[index[node]] = number
    with _seeded():
        discs = [_disc(graph, [index[n] for n in group], [node_size(scores.get(n, 0.0)) for n in group])
                 for group in groups]
        radii = numpy.array([radius for _, radius in discs])
        centres = _centres(graph, group_of, radii)
    positions: dict[str, tuple[float, float]] = {}
    regions = []
    for number, group in enumerate(groups):
        cx, cy = centres[number]
        for node, (x, y) in zip(group, discs[number][0]):
            positions[node] = (round(cx + x, 1), round(cy + y, 1))
        ranked = sorted(group, key=lambda n: (-scores.get(n, 0.0), n))
        named = next((n for n in ranked if n in names), ranked[0])
        regions.append(Region(tuple(ranked), round(float(cx), 1), round(float(cy), 1),
                              round(float(radii[number]), 1), names.get(named, named)))
    return positions, regions


def _disc(graph, members: list[int], sizes: list[float]) -> tuple[list[tuple[float, float]], float]:
    """A force layout of one community around its centre (in the order of ``members``), and its radius.

    Scaled so that a node's nearest neighbour is ``NODE_GAP`` away (the median over the community): a hub's
    many leaves, which a force layout packs in a ring around it, get room to be told apart once opened.
    """
    if len(members) == 1:
        return [(0.0, 0.0)], MIN_RADIUS
    import numpy

    coords = graph.subgraph(members).layout_fruchterman_reingold(niter=300).coords
    mx = sum(x for x, _ in coords) / len(coords)
    my = sum(y for _, y in coords) / len(coords)
    centred = [(x - mx, y - my) for x, y in coords]
    nearest = numpy.sort(_nearest(numpy.array(centred, dtype=float)))
    scale = NODE_GAP / max(float(nearest[len(nearest) // 2]), 1e-9)
    placed = _apart([(x * scale, y * scale) for x, y in centred], sizes)
    return placed, max(MIN_RADIUS, max(math.hypot(x, y) for x, y in placed) + NODE_GAP)


def _apart(points: list[tuple[float, float]], sizes: list[float], rounds: int = 24) -> list[tuple[float, float]]:
    """Nudge nodes apart until no two shapes overlap (``sizes`` are radii), so that each can be clicked."""
    import numpy

    at, radius = numpy.array(points, dtype=float), numpy.array(sizes, dtype=float)
    reach = 2 * float(radius.max()) + 4
    for _ in range(rounds):
        a, b = _close_pairs(at, reach)
        if not len(a):
            break
        delta = at[a] - at[b]
        dist = numpy.sqrt((delta ** 2).sum(axis=1))
        short = radius[a] + radius[b] + 4 - dist
        keep = short > 0.5
        if not keep.any():
            break
        a, b, delta, dist, short = a[keep], b[keep], delta[keep], dist[keep], short[keep]
        # Coincident nodes part along a direction of their own (deterministic: from their indexes).
        zero = dist < 1e-6
        delta[zero] = numpy.stack([numpy.cos(a[zero] * 1.0), numpy.sin(a[zero] * 1.0)], axis=1)
        dist[zero] = 1.0
        push = delta / dist[:, None] * (short / 2)[:, None]
        moves = numpy.zeros_like(at)
        numpy.add.at(moves, a, push)
        numpy.add.at(moves, b, -push)
        at += moves * 0.7
    return [(float(x), float(y)) for x, y in at]


def _nearest(at):
    """Each point's distance to its nearest other point (a k-d tree: no quadratic time or memory)."""
    from scipy.spatial import cKDTree

    distances, _ = cKDTree(at).query(at, k=2)
    return distances[:, 1]


def _close_pairs(at, reach: float):
    """The index pairs (i < j) of points closer than ``reach`` (a k-d tree: a 1,600-node community has
    1.3 million pairs, which a pairwise test measured every round)."""
    from scipy.spatial import cKDTree

    import numpy

    pairs = cKDTree(at).query_pairs(reach, output_type="ndarray")
    pairs = pairs[numpy.lexsort((pairs[:, 1], pairs[:, 0]))]  # in order: the nudges add up the same every run
    return pairs[:, 0], pairs[:, 1]


def _centres(graph, group_of: list[int], radii):
    """Disc centres: a weighted force layout of the community graph, then pushed apart until none overlap."""
    import igraph
    import numpy

    count = len(radii)
    weights: dict[tuple[int, int], int] = {}
    for edge in graph.es:
        a, b = sorted((group_of[edge.source], group_of[edge.target]))
        if a != b:
            weights[(a, b)] = weights.get((a, b), 0) + 1
    pairs = sorted(weights)
    meta = igraph.Graph(n=count, edges=pairs)
    if count == 1:
        return numpy.zeros((1, 2))
    found = meta.layout_fruchterman_reingold(weights=[math.log1p(weights[p]) for p in pairs] or None, niter=500)
    centres = numpy.array(found.coords, dtype=float)
    centres -= centres.mean(axis=0)
    # Start about as spread as the discs need, then remove overlaps: each overlapping pair moves apart.
    need = math.sqrt(float((2 * radii + GAP).__pow__(2).sum()))
    spread = float(numpy.abs(centres).max()) or 1.0
    centres *= need / spread / 2
    return _separate(centres, radii)


def _separate(centres, radii, rounds: int = 400):
    """Move discs apart until no two overlap (pairwise, vectorised), keeping the layout's arrangement."""
    import numpy

    count = len(radii)
    jitter = numpy.array([[math.cos(i), math.sin(i)] for i in range(count)]) * 1e-3  # coincident centres
    centres = centres + jitter
    need = radii[:, None] + radii[None, :] + GAP
    numpy.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        delta = centres[:, None, :] - centres[None, :, :]
        dist = numpy.sqrt((delta ** 2).sum(axis=2))
        numpy.fill_diagonal(dist, numpy.inf)
        overlap = numpy.clip(need - dist, 0.0, None)
        if overlap.max() < 1.0:
            break
        push = (delta / dist[:, :, None]) * (overlap / 2)[:, :, None]
        centres = centres + push.sum(axis=1) * 0.6
    return centres
