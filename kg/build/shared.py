"""Validation of the nodes that several documents describe: once, in groups, on all of their triples together
(with the statements that reify them), so that the corpus report is the one a whole-graph validation gives."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.build.cache import _sha256
from kg.build.lines import read_lines
from kg.build.tasks import PartResult, SharedInputs, _ontology_lines, _shapes


def _subject_of(name: str) -> bytes:
    """A report's name of a node (``kgr:catl``, see ``kg.build.validate.node_name``) as the subject of N-Triples lines."""
    from kg.facts.namespaces import PREFIXES

    prefix, _, local = name.partition(":")
    namespace = PREFIXES.get(prefix) if not name.startswith("<") else None
    return f"<{namespace}{local}>".encode() if namespace is not None else name.encode()


_SUBJECT = f"<{RDF.subject}>".encode()
_CONTEXT = {f"<{RDF.type}>".encode(), f"<{RDFS.label}>".encode(), f"<{SKOS.prefLabel}>".encode()}
# Shared nodes are checked in groups of about this many triples, the groups on every core.
SHARED_GROUP_TRIPLES = 20_000


@dataclass
class SharedTask:
    """A group of shared nodes to check: their triples, the statements that reify them, the types and
    labels of what they name (N-Triples lines), and the nodes (``focus``) whose violations count."""

    lines: list[bytes]
    focus: list[URIRef]
    inputs: SharedInputs

    def __getstate__(self) -> dict:  # its lines as one bytes object, as PartResult's
        return {**self.__dict__, "lines": b"\n".join(self.lines)}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, lines=state["lines"].split(b"\n") if state["lines"] else [])

    @property
    def key(self) -> str:
        lines = hashlib.sha256(b"\n".join(self.lines)).hexdigest()
        return _sha256(self.inputs.digest, "shared", *(str(f) for f in self.focus), lines)


def validate_shared(task: SharedTask) -> PartResult:
    """The violations of a group of shared nodes (run by an executor)."""
    from kg.build.validate import validate_ntriples

    violations = validate_ntriples(task.lines, _shapes(task.inputs.shapes), task.focus,
                                   ontology=_ontology_lines(task.inputs.ontology))
    return PartResult([], {}, violations)


_REIFYING = {f"<{RDF.subject}>".encode(): 0, f"<{RDF.predicate}>".encode(): 1, f"<{RDF.object}>".encode(): 2}


def _described(lines: list[bytes], of_subject) -> list[bytes]:
    """The triples that the statements among ``lines`` describe (a statement's shape checks its triple is there);
    ``of_subject(s)``: the lines of subject ``s``."""
    parts: dict[bytes, list] = {}
    for line in lines:
        subject, predicate, rest = line.split(b" ", 2)
        if predicate in _REIFYING:
            parts.setdefault(subject, [None, None, None])[_REIFYING[predicate]] = rest[:-2]
    found = []
    for s, p, o in parts.values():
        if s is not None and p is not None and o is not None:
            line = b" ".join((s, p, o)) + b" ."
            if line in of_subject(s):
                found.append(line)
    return found


def _shared_tasks(lines: Path, shared: set[bytes], reifying: dict[bytes, set[bytes]], inputs: SharedInputs,
                  ontology_nodes: list) -> list[SharedTask]:
    """The shared nodes in groups, each with what its nodes' shapes read: their own triples, the statements
    that reify them (their evidence) and the types and labels of the nodes they name, read from the merged
    lines file ``lines`` in two passes (the build never holds the corpus's lines). The ontology's own
    nodes, which no document holds, are checked with the first group."""
    statements = {node: sorted(reifying.get(node, ())) for node in shared}
    found = _lines_of(lines, set(shared).union(*statements.values()))
    named = {line.split(b" ", 2)[2][:-2] for held in found.values() for line in held}  # the objects: "<o> ." less " ."
    described = {line.split(b" ", 2)[2][:-2] for held in found.values() for line in held
                 if line.split(b" ", 2)[1] == _SUBJECT}
    found.update(_lines_of(lines, (named | described) - found.keys(), context_only=named - described))

    def of_subject(subject: bytes) -> list[bytes]:
        return found.get(subject, [])

    groups: list[list[bytes]] = [[]]
    size = 0
    for node in sorted(shared):
        if size > SHARED_GROUP_TRIPLES:
            groups.append([])
            size = 0
        groups[-1].append(node)
        size += sum(len(of_subject(s)) for s in (node, *statements[node]))
    tasks = []
    for number, group in enumerate(groups):
        own = [line for node in group for s in (node, *statements[node]) for line in of_subject(s)]
        named = {line.split(b" ", 2)[2][:-2] for line in own}
        context = [line for node in named for line in of_subject(node) if line.split(b" ", 2)[1] in _CONTEXT]
        context += _described(own, of_subject)
        focus = [URIRef(node[1:-1].decode("utf-8")) for node in group] + (ontology_nodes if number == 0 else [])
        tasks.append(SharedTask(sorted(set(own + context)), focus, inputs))
    return tasks


def _lines_of(path: Path, subjects: set[bytes], context_only: set[bytes] = frozenset()) -> dict[bytes, list[bytes]]:
    """The lines of ``subjects`` in the lines file ``path``, by subject, in the file's order; of those in
    ``context_only``, only their types and labels."""
    found: dict[bytes, list[bytes]] = {}
    for line in read_lines(path):
        subject = line[:line.index(b" ")]
        if subject in subjects and (subject not in context_only or line.split(b" ", 2)[1] in _CONTEXT):
            found.setdefault(subject, []).append(line)
    return found
