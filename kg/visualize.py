"""Graph -> what to draw: nodes and edges with labels, classes, styles and tooltips (pure data).

The page itself is made by ``kg.vizpage``; everything a person reads on it is
decided here, so it can be tested without a browser. Entities (``kgr:`` IRIs
typed with an ontology class) are nodes; the provenance records (reified
statements, excerpts, sources, data sets, observations) are not. Observations
fold into one *series* node per (indicator, area) that holds its points (for
the chart) and whose tooltip holds the time series. Every node and edge
carries its *facts*: what each supporting statement says, in words, with the
excerpts (quote, source, offsets) behind it, and whether it was drafted by
an extractor (``prov:wasGeneratedBy``) rather than curated; the page shows
those quotes where they stand in the source. Tooltips are plain text: the
page shows them as text, never as markup. How classes look is
``kg.vizstyle``; where nodes go, ``kg.vizlayout``; the page, ``kg.vizpage``.

Pass a graph that includes the ontology (``kg.store.with_ontology``) so that
classes and properties have their labels.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import math
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg.errors import KgError
from kg.graph import RECORD_CLASSES
from kg.namespaces import KGO, KGR, QB, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE
from kg.vizchart import readable
from kg.vizstyle import SERIES_CLASS, SERIES_CLASS_LABEL, superclass_closure

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
_DERIVED_FROM, _QUOTED_FROM, _GENERATED_BY = PROV.wasDerivedFrom, PROV.wasQuotedFrom, PROV.wasGeneratedBy

# Literal properties that are bookkeeping, not content, in a tooltip.
HIDDEN_PROPERTIES = frozenset({RDFS.label, SKOS.prefLabel, KGO.year})
_NOT_SHOWN = HIDDEN_PROPERTIES | _IS_TYPE
MAX_QUOTES = 6       # evidence quotes shown in one tooltip
MAX_TEXT = 240       # characters of one property value in a tooltip
MAX_DETAILS = 16     # property lines in one tooltip

class VizError(KgError):
    """A visualisation request that cannot be met (unknown focus entity, bad option)."""


@dataclass(frozen=True, slots=True)
class Quote:
    """An excerpt: its words, the source document quoted, and where (code points from 0, end exclusive)."""

    id: str
    quote: str
    source: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A source document that quotes on the page come from; ``file_name`` is its text in the data's sources."""

    id: str
    title: str
    file_name: str = ""
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """What one statement says, in words, with the ids of the excerpts that support it.

    ``draft``: every statement behind it was drafted by an extractor; none was curated.
    """

    text: str
    excerpts: tuple[str, ...]
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Point:
    """One observation of a series: its period, value and unit, how the source put it, and its evidence."""

    period: str
    year: int | None
    value: float
    unit: str
    unit_label: str
    text: str              # the value as a person reads it: '163.5 billion yuan'
    qualifier: str = ""    # 'more than', 'nearly', ...
    target: bool = False   # a goal, not a result
    stated: str = ""       # the source's own words
    excerpts: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True, slots=True)
class NodeData:
    """One node to draw: ``id`` is its IRI (or a series id), the rest is what a person sees.

    ``facts`` are the statements about it (and those linking it to other
    nodes); ``points`` the observations of a series; ``area`` a series' area.
    """

    id: str
    label: str
    cls: str
    class_label: str
    tooltip: str
    degree: int = 0
    facts: tuple[Fact, ...] = ()
    draft: bool = False
    points: tuple[Point, ...] = ()
    area: str = ""


@dataclass(frozen=True, slots=True)
class EdgeData:
    """One edge to draw, labelled with its property's label; the tooltip and ``facts`` hold its evidence."""

    source: str
    target: str
    prop: str
    label: str
    tooltip: str
    facts: tuple[Fact, ...] = ()
    draft: bool = False


@dataclass
class ViewGraph:
    """What to draw: nodes sorted by id, edges sorted; ``total_nodes`` counts nodes before any cut.

    ``quotes`` and ``documents`` hold every excerpt and source the facts name.
    """

    nodes: list[NodeData]
    edges: list[EdgeData]
    total_nodes: int = 0
    notices: list[str] = field(default_factory=list)
    quotes: dict[str, Quote] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)

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
        self.superclasses = superclass_closure(graph)
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
        self.quoted: dict[object, Quote] = {}  # excerpt -> where it stands
        quotes, sources = _smallest(graph, _QUOTE), _smallest(graph, _QUOTED_FROM)
        starts, ends = _smallest(graph, KGO.startOffset), _smallest(graph, KGO.endOffset)
        for node in excerpts:
            if (quote := quotes.get(node)) is not None:
                source = sources.get(node)
                self.excerpts[node] = (str(quote), self.labels.get(source, "") if source is not None else "")
                start, end = starts.get(node), ends.get(node)
                self.quoted[node] = Quote(str(node), str(quote), "" if source is None else str(source),
                                          None if start is None else int(start), None if end is None else int(end))
        self.drafted = set(graph.subjects(_GENERATED_BY))  # statements and observations an extractor drafted
        self._quote_lines: dict[str, str] = {}  # a quote as a tooltip line, made once
        self.evidence: dict[Triple, list] = defaultdict(list)  # entity triple -> its excerpts
        self.evidence_about: dict[object, list] = defaultdict(list)  # subject -> excerpts
        # Every reified triple about an entity: its excerpts and whether each statement was drafted.
        self.stated: dict[Triple, tuple[list, list[bool]]] = {}
        self.stated_by: dict[object, list[Triple]] = defaultdict(list)  # subject or object -> triples
        subjects, predicates, objects = (_smallest(graph, p) for p in (_SUBJECT, _PREDICATE, _OBJECT))
        for node in statements:
            if (found := self.derived.get(node)) and (s := subjects.get(node)) is not None:
                self.evidence_about[s].extend(found)
                o, triple = objects.get(node), (s, predicates.get(node), objects.get(node))
                if isinstance(o, URIRef):  # only links between entities are drawn as edges
                    self.evidence[triple].extend(found)
                if triple not in self.stated:
                    self.stated[triple] = ([], [])
                    self.stated_by[s].append(triple)
                    if isinstance(o, URIRef) and o in self.classes and o != s:
                        self.stated_by[o].append(triple)
                self.stated[triple][0].extend(found)
                self.stated[triple][1].append(node in self.drafted)
        self._facts: dict[Triple, Fact] = {}

    def fact(self, triple: Triple) -> Fact | None:
        """The fact a reified triple states (made once), or None if no statement with evidence states it."""
        if (made := self._facts.get(triple)) is not None:
            return made
        if (found := self.stated.get(triple)) is None:
            return None
        s, p, o = triple
        value = f"“{_clip(str(o), 80)}”" if isinstance(o, Literal) else self.label(o)
        made = self._facts[triple] = Fact(f"{self.label(s)} — {self.label(p)} → {value}",
                                          tuple(sorted({str(x) for x in found[0]})), all(found[1]))
        return made

    def facts_of(self, node: object) -> tuple[Fact, ...]:
        """The facts stated about ``node`` and those linking another entity to it, in order of their text."""
        found = {f for t in self.stated_by.get(node, ()) if (f := self.fact(t)) is not None}
        return tuple(sorted(found, key=lambda f: (f.text, f.excerpts)))

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
        view = _finish(nodes, edges)
        view.quotes, view.documents = _quoted(look, view)
        return view


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


def _quoted(look: _Lookup, view: ViewGraph) -> tuple[dict[str, Quote], dict[str, Document]]:
    """The excerpts that the drawn facts and points name, and their source documents."""
    named = {x for item in (*view.nodes, *view.edges) for fact in item.facts for x in fact.excerpts}
    named.update(x for node in view.nodes for point in node.points for x in point.excerpts)
    quotes = {}
    for excerpt in sorted(named):
        if (found := look.quoted.get(URIRef(excerpt))) is not None:
            quotes[excerpt] = found
    documents = {}
    for source in sorted({q.source for q in quotes.values() if q.source}):
        iri = URIRef(source)
        documents[source] = Document(source, look.label(iri), str(look.graph.value(iri, KGO.fileName) or ""),
                                     str(look.graph.value(iri, KGO.sha256) or ""))
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
    # Drafted: every statement about it was drafted (a curated file that names it makes it curated).
    own = [drafted for t in look.stated_by.get(iri, ()) if t[0] == iri for drafted in look.stated[t][1]]
    return NodeData(str(iri), label, str(cls), class_label, "\n".join(lines), facts=look.facts_of(iri),
                    draft=bool(own) and all(own))


def _edge(look: _Lookup, s: URIRef, p: URIRef, o: object) -> EdgeData:
    label = look.label(p)
    tooltip = _with_evidence(f"{look.label(s)} — {label} → {look.label(o)}", look.quotes(look.evidence.get((s, p, o), ())))
    fact = look.fact((s, p, o))
    return EdgeData(str(s), str(o), str(p), label, tooltip, () if fact is None else (fact,),
                    fact is not None and fact.draft)


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
        points = {obs: _point(look, obs) for obs in rows}
        facts = {obs: _observation_fact(look, obs, label, point) for obs, point in points.items()}
        nodes.append(NodeData(node_id, label, SERIES_CLASS, SERIES_CLASS_LABEL, "\n".join(lines),
                              facts=tuple(facts.values()), draft=all(p.draft for p in points.values()),
                              points=tuple(p for p in points.values() if p is not None), area=str(area)))
        # The links' evidence: the quotes of the observations that state them.
        if area in entities:
            edges.append(_series_edge(look, node_id, label, SDMX_DIMENSION.refArea, area,
                                      [x for found in excerpts.values() for x in found], list(facts.values())))
        based_on = {m: set(g.objects(m, KGO.basedOn)) for m in members}
        for target in sorted(set().union(*based_on.values())):
            if target in entities:
                support = [x for m in rows if target in based_on[m] for x in excerpts[m]]
                edges.append(_series_edge(look, node_id, label, KGO.basedOn, target, support,
                                          [facts[m] for m in rows if target in based_on[m]]))
    return nodes, edges, {indicator for indicator, _ in groups}


def _series_edge(look: _Lookup, node_id: str, label: str, prop: URIRef, target: URIRef, excerpts: list,
                 facts: list[Fact]) -> EdgeData:
    return EdgeData(node_id, str(target), str(prop), look.label(prop),
                    _with_evidence(f"{label} — {look.label(prop)} → {look.label(target)}", look.quotes(excerpts)),
                    tuple(facts), all(f.draft for f in facts))


def _point(look: _Lookup, obs: URIRef) -> Point:
    """An observation as a chart's point; its value as a float (a chart needs no more precision)."""
    g = look.graph
    period, value = g.value(obs, SDMX_DIMENSION.refPeriod), g.value(obs, SDMX_MEASURE.obsValue)
    unit, qualifier = g.value(obs, SDMX_ATTRIBUTE.unitMeasure), g.value(obs, KGO.qualifier)
    year = g.value(obs, KGO.year)
    number = float(str(value)) if isinstance(value, Literal) and _is_number(value) else math.nan
    unit_text, unit_label = ("", "") if unit is None else (str(unit), look.label(unit))
    stated = g.value(obs, KGO.statedAs)
    return Point(
        period="" if period is None else str(period),
        year=int(year) if year is not None else _year(period),
        value=number, unit=unit_text, unit_label=unit_label,
        text=readable(number, unit_text, unit_label) if not math.isnan(number) else str(value),
        qualifier="" if qualifier is None else look.label(qualifier),
        target=g.value(obs, KGO.status) == KGO.Target,
        stated="" if stated is None else str(stated),
        excerpts=tuple(sorted(str(x) for x in look.derived.get(obs, []))),
        draft=obs in look.drafted,
    )


def _observation_fact(look: _Lookup, obs: URIRef, series_label: str, point: Point) -> Fact:
    """'Charging interfaces built, Yibin, 2023: more than 9,000'."""
    name = look.labels.get(obs) or f"{series_label}, {point.period}"
    value = f"{point.qualifier} {point.text}".strip()
    return Fact(f"{name}: {value}" + (" (target)" if point.target else ""), point.excerpts, point.draft)


def _is_number(value: Literal) -> bool:
    return isinstance(value.toPython(), (int, float, Decimal)) and not isinstance(value.toPython(), bool)


def _year(period: object) -> int | None:
    """The year a period starts in ('2023', '2023-06'), or None."""
    text = str(period or "")[:4]
    return int(text) if text.isdigit() else None


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
