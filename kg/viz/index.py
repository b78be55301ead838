"""Indexes over a built graph for drawing it: entities and their classes, labels, statements and their excerpts.

A view (``kg.viz.view``) asks the same questions of the graph many times:
the label of a term, the class of an entity, the facts stated about it and
the quotes behind them. ``Lookup`` reads the graph once into dictionaries
that answer them, so that building a view is linear in what it draws.

>>> from kg.facts.folder import build_graph
>>> from kg.store.graphs import with_ontology
>>> from kg.project import ProjectPaths
>>> look = Lookup(with_ontology(build_graph("data"), ProjectPaths()))
>>> look.label(str(KGR.yibin)), look.label(look.entity_class(str(KGR.yibin)))
('Yibin', 'City')
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg.facts.namespaces import KGO, KGR, QB
from kg.facts.terms import RECORD_CLASSES
from kg.viz.model import Fact, Quote
from kg.viz.style import superclass_closure
from kg.store.plain import Lit, Term, Triple
from kg.viz.triples import TripleIndex

# The graph's terms are plain strings (kg.store.plain): the vocabulary's IRIs too, as str.
_TYPE, _LABEL, _PREF_LABEL, _ALT_LABEL = str(RDF.type), str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel)
_SUBJECT, _PREDICATE, _OBJECT, _STATEMENT = str(RDF.subject), str(RDF.predicate), str(RDF.object), str(RDF.Statement)
_EXCERPT, _QUOTE, _START, _END = str(KGO.Excerpt), str(KGO.quote), str(KGO.startOffset), str(KGO.endOffset)
_OBSERVATION, _OWL_CLASS, _INDICATOR = str(QB.Observation), str(OWL.Class), str(KGO.indicator)
_LABEL_RANK = {_PREF_LABEL: 0, _LABEL: 1}
_DERIVED_FROM, _QUOTED_FROM = str(PROV.wasDerivedFrom), str(PROV.wasQuotedFrom)
_GENERATED_BY = str(PROV.wasGeneratedBy)
_RECORD_CLASSES = frozenset(str(c) for c in RECORD_CLASSES)
MAX_QUOTES = 6       # evidence quotes shown in one tooltip
MAX_TEXT = 240       # characters of one property value in a tooltip


class Lookup:
    """Indexes over the graph, built once, so that building a view is linear in what it draws.

    The graph is read once into a ``TripleIndex`` (an rdflib graph is
    copied into one, its terms made plain); from it only what a view uses is
    indexed: the few properties of the provenance records, predicate by
    predicate, and the triples of entities, subject by subject.
    """

    def __init__(self, graph):
        self.graph = graph = TripleIndex.of(graph)  # every question below is a dictionary lookup
        self._read_labels(graph)
        statements, excerpts = self._read_entities(graph)
        self.derived = _objects(graph, _DERIVED_FROM)  # record -> its excerpts
        self._read_excerpts(graph, excerpts)
        self.drafted = set(graph.subjects(_GENERATED_BY))  # statements and observations an extractor drafted
        self._quote_lines: dict[str, str] = {}  # a quote as a tooltip line, made once
        self._read_statements(graph, statements)
        self._facts: dict[Triple, Fact] = {}

    def _read_labels(self, graph: TripleIndex) -> None:
        """Every term's types, its label (prefLabel first, then English) and its other names (aliases)."""
        self.types: dict[Term, set[str]] = defaultdict(set)
        for s, _, o in graph.triples((None, _TYPE, None)):
            self.types[s].add(o)
        label_keys: dict[object, tuple] = {}
        names: dict[object, set[str]] = defaultdict(set)
        for prop, rank in _LABEL_RANK.items():
            for s, _, o in graph.triples((None, prop, None)):
                key = (rank, _lang_rank(o), str(o))
                names[s].add(str(o))
                if s not in label_keys or key < label_keys[s]:
                    label_keys[s] = key
        for s, _, o in graph.triples((None, _ALT_LABEL, None)):
            names[s].add(str(o))
        self.labels: dict[object, str] = {s: key[2] for s, key in label_keys.items()}
        # A search finds an entity by any of its names: alternative labels, labels in other languages.
        self.aliases: dict[object, tuple[str, ...]] = {
            s: tuple(sorted(found - {self.labels[s]})) for s, found in names.items() if len(found) > 1}

    def _read_entities(self, graph: TripleIndex) -> tuple[list, list]:
        """Entities (their class, triples, and the entity triples pointing at them); returns the records."""
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
        self.classes: dict[str, str] = {}
        for node in candidates:
            if (cls := self._entity_class(node)) is not None:
                self.classes[node] = cls
        self.out: dict[object, list[tuple]] = {
            node: [(p, o) for _, p, o in graph.triples((node, None, None))] for node in self.classes}
        self.inn: dict[object, list[tuple]] = defaultdict(list)
        for s, pairs in self.out.items():
            for p, o in pairs:
                if o in self.classes:
                    self.inn[o].append((s, p))
        return statements, excerpts

    def _read_excerpts(self, graph: TripleIndex, excerpts: list) -> None:
        """Each excerpt's words, source and offsets."""
        self.excerpts: dict[object, tuple[str, str]] = {}  # excerpt -> (quote, source label)
        self.quoted: dict[object, Quote] = {}  # excerpt -> where it stands
        quotes, sources = _smallest(graph, _QUOTE), _smallest(graph, _QUOTED_FROM)
        starts, ends = _smallest(graph, _START), _smallest(graph, _END)
        for node in excerpts:
            if (quote := quotes.get(node)) is not None:
                source = sources.get(node)
                self.excerpts[node] = (str(quote), self.labels.get(source, "") if source is not None else "")
                start, end = starts.get(node), ends.get(node)
                self.quoted[node] = Quote(str(node), str(quote), "" if source is None else str(source),
                                          None if start is None else int(str(start)), None if end is None else int(str(end)))

    def _read_statements(self, graph: TripleIndex, statements: list) -> None:
        """Every reified triple about an entity: its excerpts and whether each statement was drafted."""
        self.evidence: dict[Triple, list] = defaultdict(list)  # entity triple -> its excerpts
        self.evidence_about: dict[object, list] = defaultdict(list)  # subject -> excerpts
        self.stated: dict[Triple, tuple[list, list[bool]]] = {}
        self.stated_by: dict[object, list[Triple]] = defaultdict(list)  # subject or object -> triples
        subjects, predicates, objects = (_smallest(graph, p) for p in (_SUBJECT, _PREDICATE, _OBJECT))
        for node in statements:
            if (found := self.derived.get(node)) and (s := subjects.get(node)) is not None:
                self.evidence_about[s].extend(found)
                o, triple = objects.get(node), (s, predicates.get(node), objects.get(node))
                if not isinstance(o, Lit):  # only links between entities are drawn as edges
                    self.evidence[triple].extend(found)
                if triple not in self.stated:
                    self.stated[triple] = ([], [])
                    self.stated_by[s].append(triple)
                    if o in self.classes and o != s:
                        self.stated_by[o].append(triple)
                self.stated[triple][0].extend(found)
                self.stated[triple][1].append(node in self.drafted)

    def fact(self, triple: Triple) -> Fact | None:
        """The fact a reified triple states (made once), or None if no statement with evidence states it."""
        if (made := self._facts.get(triple)) is not None:
            return made
        if (found := self.stated.get(triple)) is None:
            return None
        s, p, o = triple
        value = f"“{clip(str(o), 80)}”" if isinstance(o, Lit) else self.label(o)
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

    def entity_class(self, term: object) -> str | None:
        """The most specific ontology class of an entity, or None if ``term`` is not an entity."""
        return self.classes.get(term)

    def _entity_class(self, term: object) -> str | None:
        if not isinstance(term, str) or not term.startswith(self._entity_prefix):
            return None
        classes = self.types.get(term, set())
        if not classes.isdisjoint(_RECORD_CLASSES):
            return None
        known = sorted(c for c in classes if c in self.ontology_classes)
        specific = [c for c in known if not any(c != d and c in self.superclasses.get(d, ()) for d in known)]
        return specific[0] if specific else None

    def quotes(self, excerpts: Iterable[str]) -> list[str]:
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
                        line = self._quote_lines[quote] = f"  “{clip(quote, 400)}”"
                    lines.append(line)
                shown += 1
        if total > MAX_QUOTES:
            lines.append(f"  … and {total - MAX_QUOTES} more")
        return lines


def _lang_rank(term: object) -> int:
    lang = term.language if isinstance(term, Lit) else ""
    return 0 if lang in ("", "en") or lang.startswith("en-") else 1


def _objects(graph: TripleIndex, prop: str) -> dict[object, list]:
    """Every subject's values of ``prop``."""
    found: dict[object, list] = defaultdict(list)
    for s, _, o in graph.triples((None, prop, None)):
        found[s].append(o)
    return found


def _smallest(graph: TripleIndex, prop: str) -> dict[object, object]:
    """Every subject's smallest value of ``prop`` by its text: deterministic where there are several."""
    found: dict[object, object] = {}
    for s, _, o in graph.triples((None, prop, None)):
        if s not in found or str(o) < str(found[s]):
            found[s] = o
    return found


def clip(text: str, width: int = MAX_TEXT) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis.

    >>> clip("Yibin's   power batteries", 12)
    "Yibin's pow…"
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def with_evidence(head: str, quotes: list[str]) -> str:
    """An edge's tooltip: what it says, then the evidence lines (if any) after a blank line.

    >>> with_evidence("CATL — located in → Yibin", [])
    'CATL — located in → Yibin'
    """
    return "\n".join([head, "", *quotes]) if quotes else head
