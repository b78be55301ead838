"""Graph -> what to draw: nodes and edges with labels, classes, styles and tooltips (pure data).

The page itself is made by ``kg.viz.page``; everything a person reads on it is
decided here, so it can be tested without a browser. Entities (``kgr:`` IRIs
typed with an ontology class) are nodes; the provenance records (reified
statements, excerpts, sources, data sets, observations) are not. Observations
fold into one *series* node per (indicator, area) that holds its points (for
the chart) and whose tooltip holds the time series (``kg.viz.series``). Every
node and edge carries its *facts*: what each supporting statement says, in
words, with the excerpts (quote, source, offsets) behind it, and whether it
was drafted by an extractor (``prov:wasGeneratedBy``) rather than curated;
the page shows those quotes where they stand in the source. Tooltips are
plain text: the page shows them as text, never as markup.

The data drawn is ``kg.viz.model`` (importable from here too); the indexes
over the graph that answer labels, classes and evidence, ``kg.viz.index``;
how classes look, ``kg.viz.style``; where nodes go, ``kg.viz.layout``; the
page, ``kg.viz.page``.

Pass a graph that includes the ontology (``kg.store.graphs.with_ontology``) so that
classes and properties have their labels.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections import defaultdict
from typing import Iterable

from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.facts.namespaces import KGO, KGR, QB, SDMX_DIMENSION
from kg.runtime import cycle_collector_paused
from kg.viz.index import Lookup, clip, with_evidence
from kg.viz.model import (
    Document,
    EdgeData,
    Fact,
    NodeData,
    Point,
    Quote,
    ViewGraph,
    VizError,
)
from kg.viz.series import series_id, series_nodes
from kg.viz.style import SERIES_CLASS
from kg.store.plain import Lit, Triple, from_rdflib_triples

# The view's data and the series' ids are imported from here by the page, the tests and the benchmarks.
__all__ = ["SERIES_CLASS", "Document", "EdgeData", "Fact", "NodeData", "Point", "Quote", "ViewGraph", "VizError",
           "build_view", "find_node", "limit", "neighbourhood", "series_id"]

# The graph's terms are plain strings (kg.store.plain): the vocabulary's IRIs too, as str.
_TYPE, _OBSERVATION, _INDICATOR = str(RDF.type), str(QB.Observation), str(KGO.indicator)
_REIFICATION = frozenset({str(RDF.subject), str(RDF.object)})
_DERIVED_FROM, _QUOTED_FROM = str(PROV.wasDerivedFrom), str(PROV.wasQuotedFrom)
_EXCERPT, _SOURCE_DOCUMENT = str(KGO.Excerpt), str(KGO.SourceDocument)

# Literal properties that are bookkeeping, not content, in a tooltip.
HIDDEN_PROPERTIES = frozenset({str(RDFS.label), str(SKOS.prefLabel), str(KGO.year)})
_NOT_SHOWN = HIDDEN_PROPERTIES | {_TYPE}
MAX_DETAILS = 16     # property lines in one tooltip


def build_view(graph, triples: Iterable[tuple] | None = None, provenance: bool = False) -> ViewGraph:
    """The nodes and edges to draw for ``graph`` (data and ontology: a ``TripleIndex``, or an rdflib graph,
    read once into one).

    ``triples`` (rdflib's) restricts what is drawn (say, a CONSTRUCT result); labels,
    classes and evidence are still read from ``graph``. With ``provenance``,
    excerpts and source documents are drawn too, linked to what they support.

    >>> from kg.facts.folder import build_graph
    >>> from kg.store.graphs import with_ontology
    >>> from kg.project import ProjectPaths
    >>> view = build_view(with_ontology(build_graph("data"), ProjectPaths()))
    >>> view.node(str(KGR.yibin)).label
    'Yibin'
    """
    with cycle_collector_paused(freeze=True):  # the view and its indexes: hundreds of thousands of objects, kept
        look = Lookup(graph)
        if triples is None:  # the whole graph: every entity, every link between two entities
            entities = dict(look.classes)
            observations = look.observations
            links: Iterable[Triple] = ((s, p, o) for s, pairs in look.out.items() for p, o in pairs)
        else:
            drawn = list(from_rdflib_triples(triples))
            entities = {}
            for s, p, o in drawn:
                for term in (s, o):
                    if term not in entities and (cls := look.entity_class(term)) is not None:
                        entities[term] = cls
            observations = {s for s, p, o in drawn if p == _INDICATOR or (p == _TYPE and o == _OBSERVATION)}
            links = drawn
        series, series_edges, folded = series_nodes(look, observations, entities)
        edges: list[EdgeData] = []
        for s, p, o in links:
            if p != _TYPE and s in entities and o in entities:
                edges.append(_edge(look, s, p, o))
        edges.extend(series_edges)
        nodes = [_entity_node(look, iri, cls) for iri, cls in entities.items()]
        linked = {e.source for e in edges} | {e.target for e in edges}
        # An indicator known only through its observations is shown by its series nodes.
        nodes = [n for n in nodes if n.id not in folded or n.id in linked]
        nodes.extend(series)
        if provenance:
            prov_nodes, prov_edges = _provenance(look, nodes)
            nodes.extend(prov_nodes)
            edges.extend(prov_edges)
        view = _finish(nodes, edges)
        view.quotes, view.documents = _quoted(look, view)
        return view


def _quoted(look: Lookup, view: ViewGraph) -> tuple[dict[str, Quote], dict[str, Document]]:
    """The excerpts that the drawn facts and points name, and their source documents."""
    named = {x for item in (*view.nodes, *view.edges) for fact in item.facts for x in fact.excerpts}
    named.update(x for node in view.nodes for point in node.points for x in point.excerpts)
    quotes = {}
    for excerpt in sorted(named):
        if (found := look.quoted.get(excerpt)) is not None:
            quotes[excerpt] = found
    documents = {}
    file_name, sha256 = str(KGO.fileName), str(KGO.sha256)
    for source in sorted({q.source for q in quotes.values() if q.source}):
        documents[source] = Document(source, look.label(source), str(look.graph.value(source, file_name) or ""),
                                     str(look.graph.value(source, sha256) or ""))
    return quotes, documents


def _finish(nodes: list[NodeData], edges: list[EdgeData], total: int = 0, notices: list[str] | None = None,
            like: ViewGraph | None = None) -> ViewGraph:
    """Sort, drop dangling edges, and set each node's degree; ``like`` gives the quotes and documents."""
    ids = {n.id for n in nodes}
    edges = sorted({e for e in edges if e.source in ids and e.target in ids},
                   key=lambda e: (e.source, e.prop, e.target))
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e.source] += 1
        degree[e.target] += 1
    nodes = sorted((dataclasses.replace(n, degree=degree[n.id]) for n in nodes), key=lambda n: n.id)
    view = ViewGraph(nodes, edges, total or len(nodes), list(notices or []))
    if like is not None:
        view.quotes, view.documents = like.quotes, like.documents
    return view


def _entity_node(look: Lookup, iri: str, cls: str) -> NodeData:
    label, class_label = look.label(iri), look.label(cls)
    values: dict[str, list[str]] = defaultdict(list)
    for p, o in look.out.get(iri, ()):
        if p in _NOT_SHOWN:
            continue
        if isinstance(o, Lit):
            values[look.label(p)].append(clip(str(o)))
        elif look.entity_class(o) is not None:
            values[look.label(p)].append(look.label(o))
    for s, p in look.inn.get(iri, ()):
        if p not in _REIFICATION and look.entity_class(s) is not None:
            values[f"{look.label(p)} (of)"].append(look.label(s))
    details = [f"{name}: {', '.join(sorted(set(found)))}" for name, found in sorted(values.items())]
    if len(details) > MAX_DETAILS:
        details = details[:MAX_DETAILS] + [f"… and {len(details) - MAX_DETAILS} more properties"]
    lines = [label, f"Class: {class_label}", *details]
    quotes = look.quotes(look.evidence_about.get(iri, ()))
    if quotes:
        lines += ["", *quotes]
    # Drafted: every statement about it was drafted (a curated file that names it makes it curated).
    own = [drafted for t in look.stated_by.get(iri, ()) if t[0] == iri for drafted in look.stated[t][1]]
    return NodeData(str(iri), label, str(cls), class_label, "\n".join(lines), facts=look.facts_of(iri),
                    draft=bool(own) and all(own), aliases=look.aliases.get(iri, ()))


def _edge(look: Lookup, s: str, p: str, o: str) -> EdgeData:
    label = look.label(p)
    tooltip = with_evidence(f"{look.label(s)} — {label} → {look.label(o)}", look.quotes(look.evidence.get((s, p, o), ())))
    fact = look.fact((s, p, o))
    return EdgeData(str(s), str(o), str(p), label, tooltip, () if fact is None else (fact,),
                    fact is not None and fact.draft)


# -- provenance ---------------------------------------------------------------------------


def _provenance(look: Lookup, nodes: list[NodeData]):
    """Excerpt and source nodes, linked from each drawn node to the excerpts that support it."""
    g = look.graph
    support: dict[str, set[str]] = defaultdict(set)
    area_of = str(SDMX_DIMENSION.refArea)
    for node in nodes:
        if node.cls == SERIES_CLASS:
            indicator, area = node.id[len("series:"):].split("|", 1)
            for obs in g.subjects(_INDICATOR, indicator):
                if g.value(obs, area_of) == area:
                    support[node.id].update(g.objects(obs, _DERIVED_FROM))
        else:
            support[node.id].update(look.evidence_about.get(node.id, ()))
    derived, quoted = look.label(_DERIVED_FROM), look.label(_QUOTED_FROM)
    extra_nodes: dict[str, NodeData] = {}
    edges = []
    for node_id, excerpts in support.items():
        for excerpt in excerpts:
            if excerpt not in look.excerpts:
                continue
            quote, source_label = look.excerpts[excerpt]
            extra_nodes.setdefault(str(excerpt), NodeData(
                str(excerpt), clip(quote, 40), _EXCERPT, look.label(_EXCERPT),
                f"“{quote}”\nClass: {look.label(_EXCERPT)}\nSource: {source_label}"))
            edges.append(EdgeData(node_id, str(excerpt), _DERIVED_FROM, derived, f"{derived}: “{quote}”"))
            for source in g.objects(excerpt, _QUOTED_FROM):
                extra_nodes.setdefault(str(source), _source_node(look, source))
                edges.append(EdgeData(str(excerpt), str(source), _QUOTED_FROM, quoted,
                                      f"{quoted}: {look.label(source)}"))
    return list(extra_nodes.values()), edges


def _source_node(look: Lookup, source: str) -> NodeData:
    lines = [look.label(source), f"Class: {look.label(_SOURCE_DOCUMENT)}"]
    for p, o in sorted(look.graph.predicate_objects(source), key=lambda po: str(po[0])):
        if isinstance(o, Lit) and p not in HIDDEN_PROPERTIES:
            lines.append(f"{look.label(p)}: {clip(str(o))}")
    return NodeData(str(source), look.label(source), _SOURCE_DOCUMENT, look.label(_SOURCE_DOCUMENT),
                    "\n".join(lines))


# -- focus and cut ------------------------------------------------------------------------------


def find_node(view: ViewGraph, name: str) -> str:
    """The id of the node named ``name``: its IRI, a ``kgr:`` name, or its label (case-insensitive).

    Raises VizError naming close matches if there is none, or the candidates if the label is ambiguous.
    """
    wanted = name.strip()
    if wanted.startswith("kgr:"):
        wanted = str(KGR) + wanted[4:]
    ids = view.ids()
    if wanted in ids:
        return wanted
    by_label: dict[str, list[str]] = defaultdict(list)
    for node in view.nodes:
        by_label[node.label.casefold()].append(node.id)
    matches = by_label.get(wanted.casefold(), [])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise VizError(f"--focus: '{name}' names {len(matches)} nodes; use an IRI: {', '.join(sorted(matches))}")
    labels = sorted({n.label for n in view.nodes})
    close = difflib.get_close_matches(name, labels, n=3, cutoff=0.5)
    close = close or sorted(lbl for lbl in labels if name.casefold() in lbl.casefold())[:3]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise VizError(f"--focus: no entity named '{name}' in the graph{hint}")


def neighbourhood(view: ViewGraph, center: str, depth: int) -> ViewGraph:
    """The nodes within ``depth`` edges of ``center`` (edges in either direction), and the edges among them."""
    if depth < 0:
        raise VizError(f"--depth: must be 0 or more, not {depth}")
    adjacent: dict[str, set[str]] = defaultdict(set)
    for e in view.edges:
        adjacent[e.source].add(e.target)
        adjacent[e.target].add(e.source)
    keep, frontier = {center}, {center}
    for _ in range(depth):
        frontier = {m for n in frontier for m in adjacent[n]} - keep
        keep |= frontier
    return _finish([n for n in view.nodes if n.id in keep], view.edges, notices=view.notices, like=view)


def limit(view: ViewGraph, max_nodes: int, center: str | None = None) -> ViewGraph:
    """At most ``max_nodes`` nodes: the closest to ``center`` if given, then those of highest degree.

    Adds a notice saying how many nodes were left out.
    """
    if max_nodes < 1:
        raise VizError(f"--max-nodes: must be 1 or more, not {max_nodes}")
    if len(view.nodes) <= max_nodes:
        return view
    distance = _distances(view, center) if center else {}
    ranked = sorted(view.nodes, key=lambda n: (distance.get(n.id, math.inf), -n.degree, n.id))
    kept = {n.id for n in ranked[:max_nodes]}
    notice = (f"Showing {max_nodes} of {view.total_nodes} nodes (--max-nodes {max_nodes}): "
              f"{view.total_nodes - max_nodes} left out, keeping the "
              + ("closest to the focus, then the " if center else "") + "most connected.")
    return _finish([n for n in view.nodes if n.id in kept], view.edges, view.total_nodes, [*view.notices, notice],
                   like=view)


def _distances(view: ViewGraph, center: str) -> dict[str, int]:
    adjacent: dict[str, set[str]] = defaultdict(set)
    for e in view.edges:
        adjacent[e.source].add(e.target)
        adjacent[e.target].add(e.source)
    distance, frontier, step = {center: 0}, [center], 0
    while frontier:
        step += 1
        frontier = sorted({m for n in frontier for m in adjacent[n] if m not in distance})
        for m in frontier:
            distance[m] = step
    return distance
