"""A view (``kg.visualize.ViewGraph``) -> one self-contained HTML page, with pyvis and vis-network.

The page makes no request to any host: vis-network's script and style come
inline from the pyvis package, and pyvis's own template (which links
Bootstrap from a CDN) is replaced by kg's template. Every text on the page is
escaped: Jinja autoescapes the HTML, node data goes in as JSON with ``<``,
``>``, ``&`` and ``'`` escaped, and vis-network shows string tooltips as text.

Small graphs settle with physics, which then stops; above ``PHYSICS_LIMIT``
nodes the layout is computed here (rings, with networkx) and physics stays off, so the
page opens at once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from typing import Mapping

from rdflib import Graph
from rdflib.term import Node

from kg.errors import OutputError
from kg.query import DEFAULT_QUERIES_DIR, LibraryQuery, find_query, run_query
from kg.store import Project, open_graph, with_ontology
from kg.visualize import (ClassStyle, ViewGraph, VizError, build_view, class_styles, find_node, limit, neighbourhood,
                          node_size, paused_gc)

PHYSICS_LIMIT = 300       # above this many nodes: a computed layout, physics off
EDGE_LABEL_LIMIT = 1500   # above this many edges, edge labels only in tooltips (they would be unreadable)
VIS_ASSETS = Path("templates") / "lib" / "vis-9.1.2"
LAYER_GAP = 160.0         # distance between rings of the radial layout
NODE_GAP = 60.0           # distance between neighbours on a ring


@dataclass(frozen=True)
class PageResult:
    """What ``make_page`` wrote: the page, how much it shows, and notices for the user (such as a cut)."""

    path: Path
    nodes: int
    edges: int
    notices: list[str]


def make_page(
    out_path: Path | str,
    graph_file: Path | str | None = None,
    focus: str | None = None,
    depth: int = 2,
    query_file: Path | str | None = None,
    provenance: bool = False,
    max_nodes: int | None = None,
    project: Project = Project(),
    params: Mapping[str, Node] | None = None,
    queries_dir: Path | str = DEFAULT_QUERIES_DIR,
) -> PageResult:
    """Read the graph (``graph_file`` or the built one), draw it and write the page to ``out_path``.

    ``query_file`` is a CONSTRUCT query to draw: a library query's name
    (``entity``, in ``queries_dir``) or a ``.rq`` path. Its ``# param``
    defaults, overridden by ``params``, are bound as initial bindings.

    Raises VizError for an unknown focus entity or a query that is not a
    CONSTRUCT, QueryError for a bad or unknown query, SourceError for an
    unreadable graph; nothing is written then.

    Example: ``make_page("out/yibin.html", focus="Yibin", depth=1)`` draws Yibin and its neighbours;
    ``make_page("out/catl.html", query_file="entity", params={"entity": KGR.catl})`` what the graph says about CATL.
    """
    data = open_graph(graph_file, project)
    found = find_query(str(query_file), queries_dir) if query_file else None
    triples = _construct(data, found, params) if found else None
    graph = with_ontology(data, project)
    view = build_view(graph, triples, provenance=provenance)
    if not view.nodes:
        where = f"{found.path}: the query's result" if found else f"{graph_file or project.graph_path}: the graph"
        raise VizError(f"{where} has no entities to draw")
    title = f"Knowledge graph: {found.path.name}" if found else "Knowledge graph"
    center = None
    if focus:
        center = find_node(view, focus)
        view = neighbourhood(view, center, depth)
        title = f"{view.node(center).label}: neighbourhood of depth {depth}"
    if max_nodes:
        view = limit(view, max_nodes, center)
    path = write_page(Path(out_path), render_page(view, graph, title))
    return PageResult(path, len(view.nodes), len(view.edges), view.notices)


def _construct(graph: Graph, query: LibraryQuery, params: Mapping[str, Node] | None) -> list:
    result = run_query(graph, query.text, query.bindings(params), name=str(query.path))
    if result.type != "CONSTRUCT":
        raise VizError(f"{query.path}: --query needs a CONSTRUCT query (this one is {result.type}); it draws the triples")
    return sorted(result)


def render_page(view: ViewGraph, graph: Graph, title: str = "Knowledge graph") -> str:
    """The HTML page for ``view``; ``graph`` (with the ontology) gives the classes' family shapes.

    The page loads nothing from elsewhere: it holds no ``<script src=`` or stylesheet link.
    """
    with paused_gc():
        return _render(view, graph, title)


def _render(view: ViewGraph, graph: Graph, title: str) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup
    from pyvis.network import Network

    styles = class_styles(view, graph)
    large = len(view.nodes) > PHYSICS_LIMIT
    network = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    # Filled directly: pyvis's add_node/add_edge check every existing item and are quadratic.
    network.nodes = _vis_nodes(view, styles, radial_layout(view) if large else None)
    network.edges = _vis_edges(view, labels=len(view.edges) <= EDGE_LABEL_LIMIT, smooth=not large)
    network.node_ids = [n["id"] for n in network.nodes]
    network.node_map = {n["id"]: n for n in network.nodes}
    network.options = _options(large)
    nodes, edges, _, _, _, options = network.get_network_data()

    env = Environment(loader=PackageLoader("kg", "templates"), autoescape=select_autoescape(default=True),
                      keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
    return env.get_template("graph.html").render(
        title=title,
        nodes=nodes,
        edges=edges,
        options=json.loads(options),
        styles=styles,
        labels=sorted({n.label for n in view.nodes}, key=lambda label: (label.casefold(), label)),
        node_count=len(view.nodes),
        edge_count=len(view.edges),
        total_nodes=view.total_nodes,
        notices=view.notices,
        physics=not large,
        vis_js=Markup(_asset("vis-network.min.js")),
        vis_css=Markup(_asset("vis-network.css")),
    )


def write_page(path: Path, html: str) -> Path:
    """Write the page atomically (an old page survives a failure) and return its path."""
    from kg.build import write_atomic

    write_atomic(Path(path), html.encode("utf-8"))
    return Path(path)


def _asset(name: str) -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / VIS_ASSETS / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{path}: vis-network asset missing from the pyvis package: {exc.strerror}") from None
    if "</script" in text.lower() or "</style" in text.lower():  # would end the inline element early
        raise OutputError(f"{path}: cannot be inlined (contains a closing tag)")
    return text


def _vis_nodes(view: ViewGraph, styles: list[ClassStyle], positions: dict[str, tuple[float, float]] | None) -> list[dict]:
    by_class = {s.cls: s for s in styles}
    nodes = []
    for node in view.nodes:
        style = by_class[node.cls]
        item = {
            "id": node.id, "label": node.label, "title": node.tooltip, "group": node.cls,
            "shape": style.shape, "size": node_size(node.degree),
            "color": {"background": style.color, "border": "#4b5563",
                      "highlight": {"background": style.color, "border": "#111827"}},
            "font": {"size": 13 + min(node.degree, 12)},
        }
        if style.shape == "box":
            item["font"]["size"] = 12
            item["widthConstraint"] = {"maximum": 180}
        if positions is not None:
            item["x"], item["y"] = positions[node.id]
        nodes.append(item)
    return nodes


def _vis_edges(view: ViewGraph, labels: bool, smooth: bool) -> list[dict]:
    edges = []
    for index, edge in enumerate(view.edges):
        item = {"id": f"e{index}", "from": edge.source, "to": edge.target, "title": edge.tooltip}
        if labels:
            item["label"] = edge.label
        if not smooth:
            item["smooth"] = False
        edges.append(item)
    return edges


def _options(large: bool) -> dict:
    """vis-network options: physics that settles and stops for small graphs, none for large ones."""
    return {
        "nodes": {"borderWidth": 1, "font": {"face": "system-ui, sans-serif", "strokeWidth": 3,
                                              "strokeColor": "#ffffff", "color": "#111827"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "color": {"color": "#b8c0cc", "highlight": "#374151", "hover": "#374151"},
            "font": {"size": 9, "color": "#6b7280", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
            "smooth": {"enabled": not large, "type": "continuous", "roundness": 0.3},
            "width": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large, "multiselect": False},
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "physics": {
            "enabled": not large,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -110, "centralGravity": 0.01, "springLength": 150,
                                 "springConstant": 0.05, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 700, "updateInterval": 50, "fit": True},
        },
    }


def radial_layout(view: ViewGraph) -> dict[str, tuple[float, float]]:
    """Positions for every node: each connected component in rings around its best-connected node.

    Linear in the size of the graph (networkx's force layouts take minutes on
    20,000 nodes); children sit near their parent's angle, components are
    packed in rows, largest first. Deterministic: no random seed involved.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in view.nodes)
    graph.add_edges_from((e.source, e.target) for e in view.edges if e.source != e.target)
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    # The whole graph, not subgraph views: those filter every lookup and took a second at 20,000 nodes.
    placed = [_rings(graph, c) for c in components]
    row_width = max(2000.0, math.sqrt(sum((2 * r + NODE_GAP) ** 2 for _, r in placed)))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, radius in placed:
        size = 2 * radius + NODE_GAP
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            positions[node] = (round(x + radius + px, 1), round(y + radius + py, 1))
        x += size
        row_height = max(row_height, size)
    return positions


def _rings(graph, component: set[str]) -> tuple[dict[str, tuple[float, float]], float]:
    import networkx as nx

    adjacent = graph.adj
    root = max(sorted(component), key=lambda n: len(adjacent[n]))
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
