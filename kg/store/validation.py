"""A store's data validated subject by subject: ``kg validate --shapes`` without the corpus in memory.

``kg.build.validate.validate_lines`` indexes every line of the graph at once
(at 400 documents 571k lines, 850 MB at the peak). Here Oxigraph writes the
store's data as N-Triples (``Store.dump``) into a sink that checks each
subject as its lines pass: the store keeps a subject's triples together, so
when the next subject begins the last one is complete, and it is checked
against the shapes that target it with its values at hand. What a check
reads of other nodes (their types, for class targets and ``sh:class``; the
class hierarchy; the subjects of a target predicate) is read from the store
before; the ontology, small, is indexed whole. The SPARQL constraints run in
the store as ``validate_lines`` runs them. The report is the same, word for
word (tests compare the two).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS

from kg.build.ntriples import ntriples_lines
from kg.build.report import ValidationReport, Violation, sort_violations
from kg.build.shacl import Index, check_node, targets
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
from kg.store.native import DEFAULT, kg_spelling

_TYPE, _SUBCLASS = f"<{RDF.type}>".encode(), f"<{RDFS.subClassOf}>".encode()


def validate_store(store: ox.Store, project: ProjectPaths = ProjectPaths(),
                   shapes: Path | str | None = None) -> ValidationReport | None:
    """The report ``kg.build.validate.validate_lines`` gives for the store's data (its default graph) with the
    project's ontology, checked a subject at a time. None where the shapes need pySHACL (then the whole graph
    is needed) or the store does not keep a subject's triples together. Raises SourceError if the ontology
    or the shapes cannot be read."""
    shapes_graph = load_shapes(shapes or shapes_path(project))
    core, sparql = _split_shapes(shapes_graph)
    compiled = _compiled(core)
    if compiled is None:
        return None
    with stage("validating"), cycle_collector_paused():
        index = StoreIndex(store, ntriples_lines(load_ontology(project.ontology_path)))
        focus: dict[bytes, list] = {}
        for shape in compiled.shapes:
            for node in targets(index, shape):
                focus.setdefault(node, []).append(shape)
        violations: list[Violation] = []

        def check(subject: bytes, lines: list[bytes]) -> None:
            shapes_of = focus.pop(subject, None)
            if shapes_of is None:
                return
            index.start(subject, lines)
            results: list = []
            for shape in shapes_of:
                check_node(index, shape, subject, results)
            violations.extend(_from_result(result, index, core) for result in results)

        sink = _Subjects(check)
        store.dump(output=sink, format=ox.RdfFormat.N_TRIPLES, from_graph=DEFAULT)
        if not sink.close():
            return None
        for node in sorted(focus):  # focus nodes with no triples in the data (literals, the ontology's)
            check(node, [])
        violations += _run_sparql_constraints(sparql, [], _index_labels(index), store=store)
    return ValidationReport(not violations, sort_violations(violations))


class StoreIndex:
    """``kg.build.shacl.Index``'s answers over the store's data and the ontology, for a subject at a time:
    the current subject's values from its lines (``start``), every node's types and the class hierarchy
    from an index of those triples alone, anything else looked up in the store."""

    def __init__(self, store: ox.Store, ontology: list[bytes]):
        self.store = store
        self.ontology = Index(ontology)
        self.ontology_lines: dict[bytes, list[bytes]] = {}
        for line in ontology:
            self.ontology_lines.setdefault(line[: line.index(b" ")], []).append(line)
        typed = [_line(quad) for p in (RDF.type, RDFS.subClassOf)
                 for quad in store.quads_for_pattern(None, ox.NamedNode(str(p)), None, DEFAULT)]
        self.base = Index(sorted({*typed, *ontology}))
        self.subject: bytes | None = None
        self.values: dict[bytes, list[bytes]] = {}

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
        if predicate == _TYPE or predicate == _SUBCLASS:
            return self.base.get(subject, predicate)
        node = _node(subject)
        found = [] if node is None else [
            _token(quad.object) for quad in self.store.quads_for_pattern(node, ox.NamedNode(predicate[1:-1].decode()),
                                                                         None, DEFAULT)]
        return sorted({*found, *self.ontology.get(subject, predicate)})

    def instances(self, cls: bytes) -> set[bytes]:
        return self.base.instances(cls)

    def subclasses(self, cls: bytes) -> set[bytes]:
        return self.base.subclasses(cls)

    def is_instance(self, node: bytes, cls: bytes) -> bool:
        return self.base.is_instance(node, cls)

    def subjects_with(self, predicate: bytes) -> list[bytes]:
        return sorted({_token(quad.subject) for quad in self._with(predicate)} |
                      set(self.ontology.subjects_with(predicate)))

    def objects_with(self, predicate: bytes) -> set[bytes]:
        return {_token(quad.object) for quad in self._with(predicate)} | self.ontology.objects_with(predicate)

    def _with(self, predicate: bytes):
        return self.store.quads_for_pattern(None, ox.NamedNode(predicate[1:-1].decode()), None, DEFAULT)


class _Subjects:
    """Where ``Store.dump`` writes N-Triples: the lines, handed on a subject at a time to ``each(subject,
    lines)``. ``close`` says whether every subject's lines came together."""

    def __init__(self, each) -> None:
        self.each = each
        self.pending = b""
        self.subject: bytes | None = None
        self.lines: list[bytes] = []
        self.seen: set[bytes] = set()
        self.grouped = True
        self.error: BaseException | None = None

    def write(self, chunk: bytes) -> int:
        # An exception raised here would reach the caller as Oxigraph's I/O error: kept and raised by close.
        if self.error is None and self.grouped:
            try:
                self._take(chunk)
            except BaseException as exc:  # noqa: BLE001  (raised again, as it was, by close)
                self.error = exc
        return len(chunk)

    def flush(self) -> None:
        pass

    def _take(self, chunk: bytes) -> None:
        lines = (self.pending + chunk).split(b"\n")
        self.pending = lines.pop()
        for line in lines:
            subject = line[: line.index(b" ")]
            if subject != self.subject:
                self._hand_on()
                self.subject = subject
            self.lines.append(kg_spelling(line))

    def _hand_on(self) -> None:
        if self.subject is None:
            return
        if self.subject in self.seen:
            self.grouped = False
            return
        self.seen.add(self.subject)
        self.each(self.subject, self.lines)
        self.lines = []

    def close(self) -> bool:
        if self.error is None and self.grouped:
            if self.pending:  # a last line without its newline
                self._take(b"\n")
            self._hand_on()
        if self.error is not None:
            raise self.error
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
