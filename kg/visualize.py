"""Graph -> what to draw: nodes and edges with labels, classes, styles and tooltips (pure data).

The page itself is made by ``kg.vizpage``; everything a person reads on it is
decided here, so it can be tested without a browser. Entities (``kgr:`` IRIs
typed with an ontology class) are nodes; the provenance records (reified
statements, excerpts, sources, data sets, observations) are not. Observations
fold into one *series* node per (indicator, area) whose tooltip holds the time
series; evidence quotes go into the tooltips. Tooltips are plain text: the
page shows them as text, never as markup.

Pass a graph that includes the ontology (``kg.store.with_ontology``) so that
classes and properties have their labels.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import math
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, OWL, PROV, RDF, RDFS, SKOS

from kg.errors import KgError
from kg.graph import RECORD_CLASSES
from kg.namespaces import KGO, KGR, ORG, QB, SCHEMA, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE

Triple = tuple[URIRef, URIRef, object]
_TYPE, _LABEL, _PREF_LABEL = RDF.type, RDFS.label, SKOS.prefLabel
# Hot loops test terms by set membership: rdflib's URIRef.__eq__ is slow Python code, hashing is not.
_IS_TYPE = frozenset({_TYPE})
# rdflib builds a new URIRef on every namespace attribute lookup: hot loops use these.
_SUBJECT, _PREDICATE, _OBJECT, _STATEMENT = RDF.subject, RDF.predicate, RDF.object, RDF.Statement
_EXCERPT, _QUOTE = KGO.Excerpt, KGO.quote
_REIFICATION = frozenset({_SUBJECT, _OBJECT})
_OBSERVATION, _OWL_CLASS, _INDICATOR = QB.Observation, OWL.Class, KGO.indicator
_IS_OBSERVATION = frozenset({_OBSERVATION})
_IS_INDICATOR = frozenset({_INDICATOR})
_LABEL_RANK = {_PREF_LABEL: 0, _LABEL: 1}
_DERIVED_FROM, _QUOTED_FROM = PROV.wasDerivedFrom, PROV.wasQuotedFrom

# Provenance and statistics records: drawn as evidence or folded, never as entities.
SERIES_CLASS = "kg:series"  # the class of folded (indicator, area) nodes; not an ontology term
SERIES_CLASS_LABEL = "Statistic (time series)"
# Literal properties that are bookkeeping, not content, in a tooltip.
HIDDEN_PROPERTIES = frozenset({RDFS.label, SKOS.prefLabel, KGO.year})
_NOT_SHOWN = HIDDEN_PROPERTIES | _IS_TYPE
MAX_QUOTES = 6       # evidence quotes shown in one tooltip
MAX_TEXT = 240       # characters of one property value in a tooltip
MAX_DETAILS = 16     # property lines in one tooltip

# Shape by the family a class belongs to (its standard superclass), so that a
# new class of a known kind looks like its kin without code changes.
# schema.org's own hierarchy is not in the ontology, so its place and organization types are listed.
FAMILY_SHAPES: tuple[tuple[URIRef, str], ...] = (
    *((cls, "dot") for cls in (SCHEMA.Place, SCHEMA.City, SCHEMA.Country, SCHEMA.AdministrativeArea)),
    *((cls, "star") for cls in (SCHEMA.Person, FOAF.Person)),
    *((cls, "square") for cls in (SCHEMA.Organization, ORG.Organization, ORG.FormalOrganization, SCHEMA.Corporation,
                                  SCHEMA.GovernmentOrganization, SCHEMA.NewsMediaOrganization, SCHEMA.ResearchOrganization)),
    (SCHEMA.Event, "triangle"),
    *((cls, "hexagon") for cls in (SKOS.Concept, SKOS.ConceptScheme, SKOS.Collection)),
    (SCHEMA.Quotation, "triangleDown"),
    (SCHEMA.CreativeWork, "box"),
    (KGO.Excerpt, "dot"),
)
DEFAULT_SHAPE = "diamond"
SERIES_SHAPE = "box"
# Clearly distinct colours (Tableau 10, ColorBrewer Dark2 and Set2/3 picks): any two differ by CIE76 ΔE >= 20,
# each differs from SERIES_COLOR by ΔE >= 20, and none is so dark that a label on it is hard to read.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#a0cbe8", "#bab0ac", "#1b9e77", "#7570b3", "#66a61e", "#a6761d", "#e7298a",
    "#fc8d62", "#b3de69", "#ccebc5", "#fdb462", "#e377c2", "#c5b0d5", "#637939",
)
# Each shape family starts at its own place in the palette, so that families look different too.
SHAPE_ORDER = ("dot", "square", "star", "triangle", "hexagon", "box", "triangleDown", "diamond")
SERIES_COLOR = "#ffe08a"


class VizError(KgError):
    """A visualisation request that cannot be met (unknown focus entity, bad option)."""


@dataclass(frozen=True, slots=True)
class NodeData:
    """One node to draw: ``id`` is its IRI (or a series id), the rest is what a person sees."""

    id: str
    label: str
    cls: str
    class_label: str
    tooltip: str
    degree: int = 0


@dataclass(frozen=True, slots=True)
class EdgeData:
    """One edge to draw, labelled with its property's label; the tooltip holds its evidence."""

    source: str
    target: str
    prop: str
    label: str
    tooltip: str


@dataclass(frozen=True)
class ClassStyle:
    """How one class looks, and how many of its nodes are drawn (for the legend)."""

    cls: str
    label: str
    color: str
    shape: str
    count: int


@dataclass
class ViewGraph:
    """What to draw: nodes sorted by id, edges sorted; ``total_nodes`` counts nodes before any cut."""

    nodes: list[NodeData]
    edges: list[EdgeData]
    total_nodes: int = 0
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.total_nodes = self.total_nodes or len(self.nodes)

    def node(self, node_id: str) -> NodeData:
        """The node with this id (KeyError if not drawn)."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def ids(self) -> set[str]:
        return {n.id for n in self.nodes}


# -- reading the graph ---------------------------------------------------------------


class _Lookup:
    """Indexes over the graph, built once, so that building a view is linear in what it draws.

    A built graph is mostly provenance records (reified statements, excerpts),
    and moving every triple through rdflib into Python costs more than the
    whole view. So only what a view uses is read: the few properties of
    those records, predicate by predicate, and the triples of entities,
    subject by subject. Terms are tested by hashing (set and dict
    membership), never with ``==``: rdflib's ``__eq__`` is slow Python code.
    """

    def __init__(self, graph: Graph):
        self.graph = graph
        triples = graph.triples
        self.types: dict[object, set[URIRef]] = defaultdict(set)
        for s, _, o in triples((None, _TYPE, None)):
            self.types[s].add(o)
        label_keys: dict[object, tuple] = {}
        for prop, rank in _LABEL_RANK.items():
            for s, _, o in triples((None, prop, None)):
                key = (rank, _lang_rank(o), str(o))  # prefLabel first, then English
                if s not in label_keys or key < label_keys[s]:
                    label_keys[s] = key
        self.labels: dict[object, str] = {s: key[2] for s, key in label_keys.items()}
        self.ontology_classes: set = set()
        statements, excerpts, observations = [], [], set(graph.subjects(_INDICATOR))
        candidates = []  # typed with no record class that is met here often
        for node, classes in self.types.items():
            if _OWL_CLASS in classes:
                self.ontology_classes.add(node)
            if _STATEMENT in classes:
                statements.append(node)
            if _EXCERPT in classes:
                excerpts.append(node)
            if _OBSERVATION in classes:
                observations.add(node)
            elif not (_STATEMENT in classes or _EXCERPT in classes):
                candidates.append(node)
        self.observations = observations  # what folds into series nodes
        self.superclasses = _superclass_closure(graph)
        self._entity_prefix = str(KGR)
        # Every entity's class, its triples, and the entity triples that point at it.
        self.classes: dict[object, URIRef] = {}
        for node in candidates:
            if (cls := self._entity_class(node)) is not None:
                self.classes[node] = cls
        self.out: dict[object, list[tuple]] = {
            node: [(p, o) for _, p, o in triples((node, None, None))] for node in self.classes}
        self.inn: dict[object, list[tuple]] = defaultdict(list)
        for s, pairs in self.out.items():
            for p, o in pairs:
                if isinstance(o, URIRef) and o in self.classes:
                    self.inn[o].append((s, p))
        self.derived = _objects(graph, _DERIVED_FROM)  # record -> its excerpts
        self.excerpts: dict[object, tuple[str, str]] = {}  # excerpt -> (quote, source label)
        quotes, sources = _smallest(graph, _QUOTE), _smallest(graph, _QUOTED_FROM)
        for node in excerpts:
            if (quote := quotes.get(node)) is not None:
                source = sources.get(node)
                self.excerpts[node] = (str(quote), self.labels.get(source, "") if source is not None else "")
        self._quote_lines: dict[str, str] = {}  # a quote as a tooltip line, made once
        self.evidence: dict[Triple, list] = defaultdict(list)  # entity triple -> its excerpts
        self.evidence_about: dict[object, list] = defaultdict(list)  # subject -> excerpts
        subjects, predicates, objects = (_smallest(graph, p) for p in (_SUBJECT, _PREDICATE, _OBJECT))
        for node in statements:
            if (found := self.derived.get(node)) and (s := subjects.get(node)) is not None:
                self.evidence_about[s].extend(found)
                if isinstance(o := objects.get(node), URIRef):  # only links between entities are drawn as edges
                    self.evidence[(s, predicates.get(node), o)].extend(found)

    def label(self, term: object) -> str:
        """rdfs:label / skos:prefLabel, else the IRI's last segment: never a raw IRI."""
        if (found := self.labels.get(term)) is not None:
            return found
        text = str(term)
        return text.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text

    def entity_class(self, term: object) -> URIRef | None:
        """The most specific ontology class of an entity, or None if ``term`` is not an entity."""
        # Only IRIs are looked up: hashing a Literal runs slow Python code in rdflib.
        return self.classes.get(term) if isinstance(term, URIRef) else None

    def _entity_class(self, term: object) -> URIRef | None:
        # str's own startswith: rdflib's override is Python code.
        if not isinstance(term, URIRef) or not str.startswith(term, self._entity_prefix):
            return None
        classes = self.types.get(term, set())
        if not classes.isdisjoint(RECORD_CLASSES):
            return None
        known = sorted(c for c in classes if c in self.ontology_classes)
        specific = [c for c in known if not any(c != d and c in self.superclasses.get(d, ()) for d in known)]
        return specific[0] if specific else None

    def quotes(self, excerpts: Iterable[URIRef]) -> list[str]:
        """Evidence lines: each source's title, then its distinct quotes in order.

        At most MAX_QUOTES quotes, then a line saying how many more there are.
        """
        by_source: dict[str, set[str]] = defaultdict(set)
        for excerpt in excerpts:
            if (found := self.excerpts.get(excerpt)) is not None:
                by_source[found[1]].add(found[0])
        if not by_source:
            return []
        lines, shown = [], 0
        total = sum(len(q) for q in by_source.values())
        for source in sorted(by_source):
            lines.append(f"Evidence from {source or 'an unnamed source'}:")
            for quote in sorted(by_source[source]):
                if shown < MAX_QUOTES:
                    if (line := self._quote_lines.get(quote)) is None:
                        line = self._quote_lines[quote] = f"  “{_clip(quote, 400)}”"
                    lines.append(line)
                shown += 1
        if total > MAX_QUOTES:
            lines.append(f"  … and {total - MAX_QUOTES} more")
        return lines


def _lang_rank(term: object) -> int:
    lang = getattr(term, "language", None)
    return 0 if lang in (None, "en") or str(lang).startswith("en-") else 1


def _objects(graph: Graph, prop: URIRef) -> dict[object, list]:
    """Every subject's values of ``prop``."""
    found: dict[object, list] = defaultdict(list)
    for s, _, o in graph.triples((None, prop, None)):
        found[s].append(o)
    return found


def _smallest(graph: Graph, prop: URIRef) -> dict[object, object]:
    """Every subject's smallest value of ``prop`` by its text: deterministic where there are several."""
    found: dict[object, object] = {}
    for s, _, o in graph.triples((None, prop, None)):
        if s not in found or str(o) < str(found[s]):
            found[s] = o
    return found


def _superclass_closure(graph: Graph) -> dict[URIRef, set[URIRef]]:
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        direct[sub].add(sup)
    closure: dict[URIRef, set[URIRef]] = {}
    for cls in list(direct):
        seen, todo = set(), [cls]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        closure[cls] = seen
    return closure


# -- building the view -----------------------------------------------------------------


def build_view(graph: Graph, triples: Iterable[Triple] | None = None, provenance: bool = False) -> ViewGraph:
    """The nodes and edges to draw for ``graph`` (data and ontology).

    ``triples`` restricts what is drawn (say, a CONSTRUCT result); labels,
    classes and evidence are still read from ``graph``. With ``provenance``,
    excerpts and source documents are drawn too, linked to what they support.

    >>> from kg.build import build_graph
    >>> from kg.store import with_ontology, Project
    >>> view = build_view(with_ontology(build_graph("data"), Project()))
    >>> view.node(str(KGR.yibin)).label
    'Yibin'
    """
    with paused_gc():
        look = _Lookup(graph)
        if triples is None:  # the whole graph: every entity, every link between two entities
            entities = dict(look.classes)
            observations = look.observations
            links: Iterable[Triple] = ((s, p, o) for s, pairs in look.out.items() for p, o in pairs)
        else:
            drawn = list(triples)
            entities = {}
            for s, p, o in drawn:
                for term in (s, o):
                    if term not in entities and (cls := look.entity_class(term)) is not None:
                        entities[term] = cls
            observations = {s for s, p, o in drawn if p in _IS_INDICATOR or (p in _IS_TYPE and o in _IS_OBSERVATION)}
            links = drawn
        series, series_edges, folded = _series(look, observations, entities)
        edges: list[EdgeData] = []
        for s, p, o in links:
            if p not in _IS_TYPE and s in entities and isinstance(o, URIRef) and o in entities:
                edges.append(_edge(look, s, p, o))
        edges.extend(series_edges)
        nodes = [_entity_node(look, iri, cls) for iri, cls in entities.items()]
        linked = {e.source for e in edges} | {e.target for e in edges}
        # An indicator known only through its observations is shown by its series nodes.
        nodes = [n for n in nodes if URIRef(n.id) not in folded or n.id in linked]
        nodes.extend(series)
        if provenance:
            prov_nodes, prov_edges = _provenance(look, nodes)
            nodes.extend(prov_nodes)
            edges.extend(prov_edges)
        return _finish(nodes, edges)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if on) for a bulk build.

    Building a view allocates a great many small objects; each allocation
    burst makes the collector traverse every object alive, including the
    whole rdflib graph, which took about a third of the time on large graphs.
    Nothing built here holds cycles worth collecting meanwhile.

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _finish(nodes: list[NodeData], edges: list[EdgeData], total: int = 0, notices: list[str] | None = None) -> ViewGraph:
    """Sort, drop dangling edges, and set each node's degree."""
    ids = {n.id for n in nodes}
    edges = sorted({e for e in edges if e.source in ids and e.target in ids},
                   key=lambda e: (e.source, e.prop, e.target))
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e.source] += 1
        degree[e.target] += 1
    nodes = sorted((NodeData(n.id, n.label, n.cls, n.class_label, n.tooltip, degree[n.id]) for n in nodes),
                   key=lambda n: n.id)
    return ViewGraph(nodes, edges, total or len(nodes), list(notices or []))


def _entity_node(look: _Lookup, iri: URIRef, cls: URIRef) -> NodeData:
    label, class_label = look.label(iri), look.label(cls)
    values: dict[str, list[str]] = defaultdict(list)
    for p, o in look.out.get(iri, ()):
        if p in _NOT_SHOWN:
            continue
        if isinstance(o, Literal):
            values[look.label(p)].append(_clip(str(o)))
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
    return NodeData(str(iri), label, str(cls), class_label, "\n".join(lines))


def _edge(look: _Lookup, s: URIRef, p: URIRef, o: object) -> EdgeData:
    label = look.label(p)
    tooltip = _with_evidence(f"{look.label(s)} — {label} → {look.label(o)}", look.quotes(look.evidence.get((s, p, o), ())))
    return EdgeData(str(s), str(o), str(p), label, tooltip)


def _with_evidence(head: str, quotes: list[str]) -> str:
    """An edge's tooltip: what it says, then the evidence lines (if any) after a blank line."""
    return "\n".join([head, "", *quotes]) if quotes else head


def _clip(text: str, width: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- statistics ---------------------------------------------------------------------------


def series_id(indicator: object, area: object) -> str:
    """The node id of the series of ``indicator`` in ``area``.

    >>> series_id(KGR["patents"], KGR["yibin"])
    'series:https://kg.example.org/id/patents|https://kg.example.org/id/yibin'
    """
    return f"series:{indicator}|{area}"


def _series(look: _Lookup, observations: Iterable[URIRef], entities: dict[URIRef, URIRef]):
    """Fold observations into one node per (indicator, area), linked to the area and what it is based on."""
    g = look.graph
    groups: dict[tuple, list[URIRef]] = defaultdict(list)
    for obs in sorted(observations):
        indicator, area = g.value(obs, KGO.indicator), g.value(obs, SDMX_DIMENSION.refArea)
        if indicator is not None and area is not None:
            groups[(indicator, area)].append(obs)
    areas_of: dict[object, set] = defaultdict(set)
    for indicator, area in groups:
        areas_of[indicator].add(area)
    nodes, edges = [], []
    for (indicator, area), members in groups.items():
        node_id = series_id(indicator, area)
        label = look.label(indicator)
        if len(areas_of[indicator]) > 1:
            label += f" ({look.label(area)})"
        rows = sorted(members, key=lambda m: (str(g.value(m, SDMX_DIMENSION.refPeriod) or ""), str(m)))
        lines = [label, f"Class: {SERIES_CLASS_LABEL}", f"{look.label(KGO.indicator).capitalize()}: {look.label(indicator)}",
                 f"Area: {look.label(area)}", ""]
        excerpts = {obs: look.derived.get(obs, []) for obs in rows}
        for obs in rows:
            lines.append(_observation_line(look, obs))
        quotes = look.quotes(x for found in excerpts.values() for x in found)
        if quotes:
            lines += ["", *quotes]
        nodes.append(NodeData(node_id, label, SERIES_CLASS, SERIES_CLASS_LABEL, "\n".join(lines)))
        # The links' evidence: the quotes of the observations that state them.
        if area in entities:
            edges.append(_series_edge(look, node_id, label, SDMX_DIMENSION.refArea, area,
                                      [x for found in excerpts.values() for x in found]))
        based_on = {m: set(g.objects(m, KGO.basedOn)) for m in members}
        for target in sorted(set().union(*based_on.values())):
            if target in entities:
                support = [x for m in rows if target in based_on[m] for x in excerpts[m]]
                edges.append(_series_edge(look, node_id, label, KGO.basedOn, target, support))
    return nodes, edges, {indicator for indicator, _ in groups}


def _series_edge(look: _Lookup, node_id: str, label: str, prop: URIRef, target: URIRef, excerpts: list) -> EdgeData:
    return EdgeData(node_id, str(target), str(prop), look.label(prop),
                    _with_evidence(f"{label} — {look.label(prop)} → {look.label(target)}", look.quotes(excerpts)))


def _observation_line(look: _Lookup, obs: URIRef) -> str:
    """'2022: 163,522,000,000 yuan (CNY) (stated as “163.522 billion yuan”)'."""
    g = look.graph
    period = g.value(obs, SDMX_DIMENSION.refPeriod)
    value = g.value(obs, SDMX_MEASURE.obsValue)
    unit = g.value(obs, SDMX_ATTRIBUTE.unitMeasure)
    qualifier = g.value(obs, KGO.qualifier)
    text = _number(value.toPython() if isinstance(value, Literal) else value)
    if unit is not None:  # every value with its unit, a count too ("275 count"): a bare number is ambiguous
        text += f" {look.label(unit)}"
    if qualifier is not None:
        text = f"{look.label(qualifier)} {text}"
    extras = []
    if (stated := g.value(obs, KGO.statedAs)) is not None and str(stated) not in text:
        extras.append(f"stated as “{stated}”")
    if (compared := g.value(obs, KGO.comparedWith)) is not None:
        extras.append(f"compared with {compared}")
    if (since := g.value(obs, KGO.periodStart)) is not None:
        extras.append(f"since {since}")
    if (status := g.value(obs, KGO.status)) is not None:
        extras.append(look.label(status))
    return f"{period if period is not None else '?'}: {text}" + (f" ({'; '.join(extras)})" if extras else "")


def _number(value: object) -> str:
    """Grouped digits, no spurious '.0'.

    >>> _number(Decimal("163522000000.0")), _number(58.7), _number(9000)
    ('163,522,000,000', '58.7', '9,000')
    """
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if number == number.to_integral_value():
            return f"{int(number):,}"
        return f"{number:,f}"
    return str(value)


# -- provenance ---------------------------------------------------------------------------


def _provenance(look: _Lookup, nodes: list[NodeData]):
    """Excerpt and source nodes, linked from each drawn node to the excerpts that support it."""
    g = look.graph
    support: dict[str, set[URIRef]] = defaultdict(set)
    for node in nodes:
        if node.cls == SERIES_CLASS:
            indicator, area = node.id[len("series:"):].split("|", 1)
            for obs in g.subjects(KGO.indicator, URIRef(indicator)):
                if g.value(obs, SDMX_DIMENSION.refArea) == URIRef(area):
                    support[node.id].update(g.objects(obs, PROV.wasDerivedFrom))
        else:
            support[node.id].update(look.evidence_about.get(URIRef(node.id), ()))
    derived, quoted = look.label(PROV.wasDerivedFrom), look.label(PROV.wasQuotedFrom)
    extra_nodes: dict[str, NodeData] = {}
    edges = []
    for node_id, excerpts in support.items():
        for excerpt in excerpts:
            if excerpt not in look.excerpts:
                continue
            quote, source_label = look.excerpts[excerpt]
            extra_nodes.setdefault(str(excerpt), NodeData(
                str(excerpt), _clip_label(quote), str(KGO.Excerpt), look.label(KGO.Excerpt),
                f"“{quote}”\nClass: {look.label(KGO.Excerpt)}\nSource: {source_label}"))
            edges.append(EdgeData(node_id, str(excerpt), str(PROV.wasDerivedFrom), derived, f"{derived}: “{quote}”"))
            for source in g.objects(excerpt, PROV.wasQuotedFrom):
                extra_nodes.setdefault(str(source), _source_node(look, source))
                edges.append(EdgeData(str(excerpt), str(source), str(PROV.wasQuotedFrom), quoted,
                                      f"{quoted}: {look.label(source)}"))
    return list(extra_nodes.values()), edges


def _source_node(look: _Lookup, source: URIRef) -> NodeData:
    lines = [look.label(source), f"Class: {look.label(KGO.SourceDocument)}"]
    for p, o in sorted(look.graph.predicate_objects(source), key=lambda po: str(po[0])):
        if isinstance(o, Literal) and p not in HIDDEN_PROPERTIES:
            lines.append(f"{look.label(p)}: {_clip(str(o))}")
    return NodeData(str(source), look.label(source), str(KGO.SourceDocument), look.label(KGO.SourceDocument),
                    "\n".join(lines))


def _clip_label(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


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
    return _finish([n for n in view.nodes if n.id in keep], view.edges, notices=view.notices)


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
    return _finish([n for n in view.nodes if n.id in kept], view.edges, view.total_nodes, [*view.notices, notice])


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


# -- styles -----------------------------------------------------------------------------------------


def class_styles(view: ViewGraph, graph: Graph) -> list[ClassStyle]:
    """One style per class drawn, in legend order (by label); a class looks the same on every page.

    See ``class_looks``: the colour and shape come from the ontology, not from what this view happens to draw.
    """
    looks = class_looks(graph)
    counts: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for node in view.nodes:
        counts[node.cls] += 1
        labels[node.cls] = node.class_label
    superclasses: dict[URIRef, set[URIRef]] | None = None
    styles = []
    for cls in sorted(counts, key=lambda c: (labels[c].casefold(), c)):
        if cls not in looks:  # not an ontology class: its family's shape, a colour from its IRI
            superclasses = superclasses if superclasses is not None else _superclass_closure(graph)
            digest = int(hashlib.sha256(cls.encode("utf-8")).hexdigest()[:8], 16)
            looks[cls] = (PALETTE[digest % len(PALETTE)], _shape(URIRef(cls), superclasses))
        color, shape = looks[cls]
        styles.append(ClassStyle(cls, labels[cls], color, shape, counts[cls]))
    return styles


def class_looks(graph: Graph) -> dict[str, tuple[str, str]]:
    """(colour, shape) of every class of the ontology in ``graph``, and of the series nodes.

    The shape comes from the class's family (``FAMILY_SHAPES``); within a
    family, the classes in IRI order take the palette's colours in turn from
    the family's own starting place. So a class has the same look on every
    page, and classes of one shape never share a colour (a family has fewer
    classes than the palette has colours).

    >>> from kg.ontology import load_ontology
    >>> looks = class_looks(load_ontology("ontology/kg.ttl"))
    >>> looks[str(KGO.City)], looks[str(KGO.Country)]
    (('#4e79a7', 'dot'), ('#f28e2b', 'dot'))
    """
    superclasses = _superclass_closure(graph)
    families: dict[str, list[URIRef]] = defaultdict(list)
    for cls in sorted({c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}):
        families[_shape(cls, superclasses)].append(cls)
    looks = {SERIES_CLASS: (SERIES_COLOR, SERIES_SHAPE)}
    for shape, members in families.items():
        start = 3 * SHAPE_ORDER.index(shape) if shape in SHAPE_ORDER else 0
        for index, cls in enumerate(members):
            looks[str(cls)] = (PALETTE[(start + index) % len(PALETTE)], shape)
    return looks


def _shape(cls: URIRef, superclasses: dict[URIRef, set[URIRef]]) -> str:
    family = {cls} | superclasses.get(cls, set())
    return next((shape for sup, shape in FAMILY_SHAPES if sup in family), DEFAULT_SHAPE)


def node_size(degree: int) -> float:
    """Node size grows with the square root of degree, so hubs stand out without swamping the page.

    >>> node_size(0), node_size(4), node_size(400)
    (10.0, 22.0, 50.0)
    """
    return float(min(50, 10 + 6 * math.sqrt(degree)))
