"""Validation of the nodes that several documents describe: once, in groups, on all of their triples together
(with the statements that reify them), so that the corpus report is the one a whole-graph validation gives."""

from __future__ import annotations

import hashlib
import heapq
import itertools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.build.cache import _sha256
from kg.build.lines import OPEN_FILES, SUFFIX, read_lines, write_lines
from kg.build.tasks import PartResult, SharedInputs, _ontology_lines, _shapes


def _subject_of(name: str) -> bytes:
    """A report's name of a node (``kgr:catl``, see ``kg.build.validate.node_name``) as the subject of N-Triples lines."""
    from kg.facts.namespaces import PREFIXES

    prefix, _, local = name.partition(":")
    namespace = PREFIXES.get(prefix) if not name.startswith("<") else None
    return f"<{namespace}{local}>".encode() if namespace is not None else name.encode()


_SUBJECT = f"<{RDF.subject}>".encode()
_SUBJECT_SPACED = b" " + _SUBJECT + b" "
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


def shared_violations(lines: Path, shared: set[bytes], inputs: SharedInputs, cache, executor: str) -> list:
    """The violations of the ``shared`` nodes, checked in groups (``_shared_tasks``, from the merged lines file
    ``lines``) on every core, a few groups at a time so that the build holds only those; each group's result
    cached under the digest of its lines."""
    from kg.build.executors import run_tasks
    from kg.build.report import node_name
    from kg.build.tasks import _ontology

    violations = []
    tasks = _shared_tasks(lines, shared, inputs, sorted(set(_ontology(inputs.ontology).subjects())))
    while batch := list(itertools.islice(tasks, 2 * (os.cpu_count() or 1))):
        found: list[PartResult | None] = [cache.get(t.key) if cache else None for t in batch]
        todo = [i for i, r in enumerate(found) if r is None]
        for i, result in zip(todo, run_tasks(validate_shared, [batch[i] for i in todo], executor)):
            found[i] = result
            if cache:
                cache.put(batch[i].key, result)
        for task, part in zip(batch, found):
            # A group answers for its own shared nodes: the others it names appear in it by their types alone.
            names = {node_name(node) for node in task.focus}
            violations += [v for v in part.violations if v.focus in names]
    return violations


def _shared_tasks(lines: Path, shared: set[bytes], inputs: SharedInputs, ontology_nodes: list) -> Iterator[SharedTask]:
    """The shared nodes in groups, each with what its nodes' shapes read: their own triples, the statements
    that reify them (their evidence) and the types and labels of the nodes they name. Their lines are read
    from the merged lines file ``lines``, where each subject's lines are one run (``line_order``): two passes
    find the runs of the nodes, of their statements and of what those name, and each group reads its own
    runs when it is made, so that the build never holds the shared nodes' lines at once. The ontology's own
    nodes, which no document holds, are checked with the first group."""
    runs, statements, named = _runs(lines, shared.__contains__, shared)
    runs.update(_runs(lines, (named - runs.keys()).__contains__, set())[0])
    groups: list[list[bytes]] = [[]]
    size = 0
    for node in sorted(shared):
        if size > SHARED_GROUP_TRIPLES:
            groups.append([])
            size = 0
        groups[-1].append(node)
        size += sum(runs[s][2] for s in (node, *statements.get(node, ())) if s in runs)
    with open(lines, "rb") as file:

        def of_subject(subject: bytes) -> list[bytes]:
            start, end, _ = runs.get(subject, (0, 0, 0))
            file.seek(start)
            return file.read(end - start).splitlines()

        for number, group in enumerate(groups):
            own = [line for node in group for s in (node, *statements.get(node, ())) for line in of_subject(s)]
            named = {line.split(b" ", 2)[2][:-2] for line in own}  # the objects: "<o> ." less " ."
            context = [line for node in named if node in runs for line in of_subject(node)
                       if line.split(b" ", 2)[1] in _CONTEXT]
            context += _described(own, of_subject)
            focus = [URIRef(node[1:-1].decode("utf-8")) for node in group] + (ontology_nodes if number == 0 else [])
            yield SharedTask(sorted(set(own + context)), focus, inputs)


def _runs(path: Path, wanted, shared: set[bytes]) -> tuple[dict[bytes, tuple[int, int, int]], dict[bytes, list[bytes]],
                                                          set[bytes]]:
    """Where the lines of the subjects ``wanted(subject)`` answers yes for, and of the statements that reify a
    node of ``shared`` (``rdf:subject``), are in the lines file ``path``: subject -> (start, end, lines); the
    statements of each shared node (sorted); and the nodes those lines name (objects that are IRIs or blank
    nodes, and the subjects of the triples statements describe). A subject's lines are one run: the run is
    held until it ends, then kept or dropped."""
    runs: dict[bytes, tuple[int, int, int]] = {}
    statements: dict[bytes, list[bytes]] = {}
    named: set[bytes] = set()
    run: list[bytes] = []
    current, start, position = None, 0, 0
    keep = False

    def close() -> None:
        if keep:
            runs[current] = (start, position, len(run))
            named.update(line.split(b" ", 2)[2][:-2] for line in run if line.split(b" ", 2)[2][:1] in (b"<", b"_"))

    for line in read_lines(path):
        subject = line[:line.index(b" ")]
        if subject != current:
            close()
            current, start, run, keep = subject, position, [], wanted(subject)
        run.append(line)
        if shared and _SUBJECT_SPACED in line:  # a quick look first: most lines are not statements'
            _, predicate, rest = line.split(b" ", 2)
            if predicate == _SUBJECT and rest[:-2] in shared:
                statements.setdefault(rest[:-2], []).append(subject)
                keep = True
        position += len(line) + 1
    close()
    return runs, statements, named


def shared_subjects(paths: list[Path], spool: Path | None = None) -> set[bytes]:
    """The subjects that the lines of more than one of the sorted files ``paths`` (the parts) hold: the nodes
    several documents describe. A k-way merge of each file's subjects, a line at a time (above ``OPEN_FILES``
    files, in rounds through files of their subjects in ``spool``): the build holds one subject a part, and
    the answer.

    >>> import tempfile; from kg.build.lines import write_lines; folder = Path(tempfile.mkdtemp())
    >>> _ = write_lines(folder / "a.nt", [b"<x> <p> <o> .", b"<y> <p> <o> ."])
    >>> _ = write_lines(folder / "b.nt", [b"<x> <q> <o> .", b"<z> <p> <o> ."])
    >>> shared_subjects([folder / "a.nt", folder / "b.nt"])
    {b'<x>'}
    """
    if len(paths) <= OPEN_FILES:
        return {subject for subject, holders in _holders(paths) if holders > 1}
    shared: set[bytes] = set()
    with tempfile.TemporaryDirectory(dir=spool, prefix=".kg-subjects-") as rounds:
        grouped = [Path(rounds) / f"{number}{SUFFIX}" for number in range(0, len(paths), OPEN_FILES)]
        for start, path in zip(range(0, len(paths), OPEN_FILES), grouped):

            def group() -> Iterator[bytes]:
                for subject, holders in _holders(paths[start:start + OPEN_FILES]):
                    if holders > 1:
                        shared.add(subject)
                    yield subject + b" ."  # a line of its own: the next round reads its subject

            write_lines(path, group())
        return shared | shared_subjects(grouped, spool)


def _holders(paths: list[Path]) -> Iterator[tuple[bytes, int]]:
    """Each subject of the sorted files ``paths``, in order, with how many of them hold it."""

    def subjects(path: Path) -> Iterator[bytes]:
        last = None
        for line in read_lines(path):
            subject = line[:line.index(b" ")]
            if subject != last:
                yield subject
                last = subject

    def order(subject: bytes) -> bytes:  # as line_order orders the subjects of lines
        return (subject[1:-1] if subject[:1] == b"<" else subject) + b"\0"

    for subject, copies in itertools.groupby(heapq.merge(*[subjects(path) for path in paths], key=order)):
        yield subject, sum(1 for _ in copies)
