"""A store's data validated subject by subject: ``kg validate --shapes`` without the corpus in memory.

``kg.build.validate.validate_lines`` indexes every line of the graph at once
(at 400 documents 571k lines, 850 MB at the peak). Here Oxigraph writes the
store's data as N-Triples (``Store.dump``) into a sink that checks each
subject as its lines pass: the store keeps a subject's triples together, so
when the next subject begins the last one is complete, and it is checked
against the shapes that target it (told from its own types and predicates)
with its values at hand. What a check reads of other nodes (their types, for
``sh:class``; a target predicate's objects) is looked up in the store; the
ontology and the class hierarchy, small, are indexed whole. Nothing held
grows with the corpus but a hash of each subject. The SPARQL constraints run
in the store as ``validate_lines`` runs them. The report is the same, word
for word (tests compare the two).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SH

from kg.build.lines import line_blocks
from kg.build.ntriples import ntriples_lines
from kg.build.report import ValidationReport, Violation, sort_violations
from kg.build.shacl import Index, check_node
from kg.build.validate import (
    _compiled,
    _from_result,
    _index_labels,
    _run_sparql_constraints,
    _split_shapes,
    load_shapes,
    shapes_path,
)
from kg.facts.ontology import load_ontology
from kg.progress import stage
from kg.project import ProjectPaths
from kg.runtime import cycle_collector_paused
from kg.store.native import DEFAULT, LineSink, kg_spelling

_TYPE = f"<{RDF.type}>".encode()


def validate_store(store: ox.Store, project: ProjectPaths = ProjectPaths(), shapes: Path | str | None = None,
                   built: Path | None = None) -> ValidationReport | None:
    """The report ``kg.build.validate.validate_lines`` gives for the store's data (its default graph) with the
    project's ontology, checked a subject at a time. None where the shapes need pySHACL (then the whole graph
    is needed) or the store does not keep a subject's triples together. ``built``: the build's merged lines
    when the store holds exactly them (``kg.store.native.built_lines``), read instead of the store's dump (a
    subject's lines together, as in the store; the store's dump costs several times more). Raises SourceError
    if the ontology or the shapes cannot be read."""
    shapes_graph = load_shapes(shapes or shapes_path(project))
    core, sparql = _split_shapes(shapes_graph)
    compiled = _compiled(core)
    if compiled is None:
        return None
    with stage("validating"), cycle_collector_paused():
        index = StoreIndex(store, ntriples_lines(load_ontology(project.ontology_path)),
                           None if built is None else lines_types(built))
        focus = _Focus(index, compiled.shapes)
        violations: list[Violation] = []

        def check(subject: bytes, lines: list[bytes]) -> None:
            index.start(subject, lines)
            results: list = []
            for shape in focus.shapes_of(subject):
                check_node(index, shape, subject, results)
            violations.extend(_from_result(result, index, core) for result in results)

        sink = _Subjects(check)
        if built is not None:
            with open(built, "rb") as lines:
                while chunk := lines.read(1 << 20):  # as the store's dump writes them: a buffer at a time
                    sink.write(chunk)
        else:
            store.dump(output=sink, format=ox.RdfFormat.N_TRIPLES, from_graph=DEFAULT)
        if not sink.close():
            return None
        for node in focus.without_data():
            check(node, [])
        violations += _run_sparql_constraints(sparql, [], _index_labels(index), store=store)
    return ValidationReport(not violations, sort_violations(violations))


class StoreIndex:
    """``kg.build.shacl.Index``'s answers over the store's data and the ontology, for a subject at a time:
    the current subject's values from its lines (``start``), any other node's looked up in the store. Its
    types (sh:class asks for them, of every value it checks) are taken from ``types``, every subject's types
    in the data (``lines_types``), where given; else looked up in the store and remembered for a while.
    Nothing else of the whole corpus is held."""

    def __init__(self, store: ox.Store, ontology: list[bytes], types: dict[bytes, tuple[bytes, ...]] | None = None):
        self.store = store
        self.ontology = Index(ontology)
        self.ontology_lines: dict[bytes, list[bytes]] = {}
        for line in ontology:
            self.ontology_lines.setdefault(line[: line.index(b" ")], []).append(line)
        below = [_line(quad) for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDFS.subClassOf)), None,
                                                                 DEFAULT)]
        self.hierarchy = Index(sorted({*below, *ontology}))  # the class hierarchy: the ontology's and the data's
        self.subject: bytes | None = None
        self.values: dict[bytes, list[bytes]] = {}
        if types is None:
            self._types = functools.lru_cache(maxsize=1 << 16)(self._stored_types)
        else:
            self.data_types = types
            self._types = self._data_types

    def start(self, subject: bytes, lines: list[bytes]) -> None:
        """Make ``subject`` current, its data given as N-Triples ``lines`` (the ontology's are added)."""
        lines = sorted({*lines, *self.ontology_lines.get(subject, ())})
        values: dict[bytes, list[bytes]] = {}
        for line in lines:
            _, predicate, rest = line.split(b" ", 2)
            values.setdefault(predicate, []).append(rest[:-2])
        self.subject, self.values = subject, values

    def get(self, subject: bytes, predicate: bytes) -> list[bytes]:
        if subject == self.subject:
            return self.values.get(predicate, [])
        if predicate == _TYPE:
            return self._types(subject)
        return self._stored(subject, predicate)

    def subclasses(self, cls: bytes) -> set[bytes]:
        return self.hierarchy.subclasses(cls)

    def is_instance(self, node: bytes, cls: bytes) -> bool:
        classes = self.subclasses(cls)
        return any(t in classes for t in self.get(node, _TYPE))

    def _stored_types(self, subject: bytes) -> list[bytes]:
        return self._stored(subject, _TYPE)

    def _data_types(self, subject: bytes) -> list[bytes]:
        """What ``_stored_types`` answers, from the types of the data taken from its lines."""
        found = self.data_types.get(subject, ())
        if subject in self.ontology_lines:
            return sorted({*found, *self.ontology.get(subject, _TYPE)})
        return list(found)

    def _stored(self, subject: bytes, predicate: bytes) -> list[bytes]:
        """The objects of ``subject`` and ``predicate`` in the store's data and the ontology, sorted."""
        node = _node(subject)
        found = [] if node is None else [_token(quad.object) for quad in self.store.quads_for_pattern(
            node, ox.NamedNode(predicate[1:-1].decode()), None, DEFAULT)]
        return sorted({*found, *self.ontology.get(subject, predicate)})

    def objects_with(self, predicate: bytes) -> set[bytes]:
        """Every object of ``predicate``, in the data and the ontology."""
        found = self.store.quads_for_pattern(None, ox.NamedNode(predicate[1:-1].decode()), None, DEFAULT)
        return {_token(quad.object) for quad in found} | self.ontology.objects_with(predicate)


def lines_types(path: Path) -> dict[bytes, tuple[bytes, ...]]:
    """Every subject's rdf:type objects (sorted) in the N-Triples file ``path``, one tuple shared by the
    subjects of the same types (a corpus' nodes are of a few dozen). A node's types are then at hand wherever
    its lines are in the file: at 4,000 documents sh:class asks for 450,000 nodes' types, which the store
    answers a seek each, at several times the cost a seek has at 400 documents."""
    key = b" " + _TYPE + b" "
    found: dict[bytes, list[bytes]] = {}
    for block in line_blocks(path):
        start = block.find(key)
        while start >= 0:
            line_start = block.rfind(b"\n", 0, start) + 1
            line_end = block.index(b"\n", start)
            subject, rest = block[line_start:start], block[start + len(key):line_end]
            if b" " not in subject and rest.endswith(b" .") and b" " not in rest[:-2]:  # the predicate: not text
                found.setdefault(subject, []).append(rest[:-2])
            start = block.find(key, line_end)
    shared: dict[tuple[bytes, ...], tuple[bytes, ...]] = {}
    for subject, classes in found.items():  # in place: no second table of every subject
        kinds = tuple(sorted(set(classes)))
        found[subject] = shared.setdefault(kinds, kinds)  # type: ignore[assignment]
    return found  # type: ignore[return-value]


class _Focus:
    """Which shapes target a subject, told from its own values (its types, its predicates) as it passes, as
    ``kg.build.shacl.targets`` tells them from the whole graph; and the focus nodes with no data to pass."""

    def __init__(self, index: StoreIndex, shapes: list) -> None:
        self.index = index
        self.by_class: dict[bytes, list] = {}
        self.by_subject_of: dict[bytes, list] = {}
        self.by_node: dict[bytes, list] = {}
        for shape in shapes:
            for kind, term in shape.targets:
                if kind == SH.targetClass:
                    for cls in index.subclasses(term):
                        self.by_class.setdefault(cls, []).append(shape)
                elif kind == SH.targetSubjectsOf:
                    self.by_subject_of.setdefault(term, []).append(shape)
                else:
                    nodes = [term] if kind == SH.targetNode else index.objects_with(term)
                    for node in nodes:
                        self.by_node.setdefault(node, []).append(shape)

    def shapes_of(self, subject: bytes) -> list:
        """The shapes whose focus nodes include the current subject, each once."""
        values = self.index.values
        found = [shape for cls in values.get(_TYPE, ()) for shape in self.by_class.get(cls, ())]
        found += [shape for p in self.by_subject_of if p in values for shape in self.by_subject_of[p]]
        found += self.by_node.get(subject, ())
        return list({id(shape): shape for shape in found}.values())

    def without_data(self) -> list[bytes]:
        """Focus nodes that are no subject in the data (a target node, an object, an individual the ontology
        alone describes), sorted."""
        ontology = self.index.ontology
        candidates = set(self.by_node)
        candidates.update(s for s, lines in self.index.ontology_lines.items()
                          if any(t in self.by_class for t in ontology.get(s, _TYPE))
                          or any(ontology.get(s, p) for p in self.by_subject_of))
        return sorted(node for node in candidates if not _has_data(self.index.store, node))


def _has_data(store: ox.Store, token: bytes) -> bool:
    node = _node(token)
    return node is not None and next(iter(store.quads_for_pattern(node, None, None, DEFAULT)), None) is not None


class _Subjects(LineSink):
    """The store's lines, handed on a subject at a time to ``each(subject, lines)``. ``close`` says whether
    every subject's lines came together."""

    def __init__(self, each) -> None:
        super().__init__()
        self.each = each
        self.subject: bytes | None = None
        self.lines: list[bytes] = []
        self.seen: set[int] = set()  # the subjects' hashes: a repeat (or, once in billions, a clash) says "not grouped"
        self.grouped = True

    def take(self, lines: list[bytes]) -> None:
        if not self.grouped:
            return
        for line in lines:
            subject = line[: line.index(b" ")]
            if subject != self.subject:
                self._hand_on()
                self.subject = subject
            self.lines.append(line)

    def _hand_on(self) -> None:
        if self.subject is None:
            return
        key = hash(self.subject)
        if key in self.seen:
            self.grouped = False
            return
        self.seen.add(key)
        self.each(self.subject, self.lines)
        self.lines = []

    def close(self) -> bool:
        """After the dump (``finish``): the last subject handed on; whether every subject came together."""
        self.finish()
        if self.grouped:
            self._hand_on()
        return self.grouped


def _line(quad: ox.Quad) -> bytes:
    return kg_spelling(f"{quad.subject} {quad.predicate} {quad.object} .".encode())


def _token(term) -> bytes:
    return kg_spelling(str(term).encode())


def _node(token: bytes):
    """The store's term for an N-Triples IRI or blank node; None for a literal (never a subject)."""
    if token[:1] == b"<":
        return ox.NamedNode(token[1:-1].decode())
    if token[:2] == b"_:":
        return ox.BlankNode(token[2:].decode())
    return None
