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
from kg.build.entries import cache_entry
from kg.build.lines import OPEN_FILES, SUFFIX, line_blocks, read_lines, subject_lines, subject_order, write_lines
from kg.build.runs import last_subject, run_around, run_in, subject_blocks
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
# Shared nodes are checked in groups of about this many triples, the groups on every core, two a core at a
# time: what the build holds of them (halved from 20,000: the groups' lines were about 100 MB of the build's
# process at 1,200 documents, for a check of each group's that costs about as much a triple either way).
SHARED_GROUP_TRIPLES = 10_000


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


@cache_entry
@dataclass
class SharedState:
    """What validating the shared nodes found, kept with the merged lines for the next build: each shared
    node's violations (nodes with none left out), the statements that reify it and the nodes its lines (and
    its statements') name, whose types and labels its check read; and the violations of the ontology's own
    nodes (None: not checked, as no node was shared). A rebuild checks again only the nodes whose lines,
    statements or named nodes' lines changed (``recheck_shared``). The named nodes are kept as pairs of
    8-byte digests (``_digests``), (named node, shared node naming it), sorted: at 4,000 documents the
    shared nodes name 700,000 nodes (their statements' excerpts), 100 MB as IRIs, 11 MB so."""

    violations: dict[bytes, list]
    statements: dict[bytes, list[bytes]]  # every shared node checked has an entry: the shared nodes
    named: bytes  # the digests of the named nodes (uint64), sorted
    namers: bytes  # the digest of the shared node that names each
    ontology: list | None = None

    def found(self) -> list:
        """Every violation it holds."""
        return [v for found in self.violations.values() for v in found] + (self.ontology or [])


def check_shared(lines: Path, shared: set[bytes], inputs: SharedInputs, cache, executor: str) -> SharedState:
    """The violations of the ``shared`` nodes, checked in groups on every core (``_check``), their lines read
    from the merged lines file ``lines``, where each subject's lines are one run: two passes find the runs
    of the nodes, of their statements and of what those name, and each group reads its own runs when it is
    made, so that the build never holds the shared nodes' lines at once."""
    runs, statements, named = _runs(lines, shared, shared)
    runs.update(_runs(lines, named - runs.keys(), set())[0])
    del named
    state, pairs = SharedState({}, {}, b"", b""), []
    with open(lines, "rb") as file:

        def of_subject(subject: bytes) -> list[bytes]:
            start, end = runs.get(subject, (0, 0))
            file.seek(start)
            return file.read(end - start).splitlines()

        _check(sorted(shared), of_subject, lambda node: statements.get(node, []), inputs, cache, executor, state,
               pairs)
    _keep_named(state, pairs)
    return state


def recheck_shared(lines: Path, shared: set[bytes], previous: SharedState, removed: list[bytes],
                   added: list[bytes], inputs: SharedInputs, cache, executor: str) -> SharedState:
    """``previous`` (the last build's check of its shared nodes) brought to the merged lines file ``lines``
    and the ``shared`` nodes, changed from the last build's by ``removed`` and ``added`` lines: the nodes
    no longer shared dropped, and checked again only those whose check read a changed subject's lines (their
    own, their statements', the nodes they name) or that a new statement reifies or that are newly shared.
    Their lines are found by binary search in ``lines`` (``subject_lines``), not by reading it."""
    import numpy as np

    changed = {line[:line.index(b" ")] for line in itertools.chain(removed, added)}
    new = shared - previous.statements.keys()
    # The statements that may reify a node now: those that did, those added, and for a node newly shared
    # (whose statements no state kept) those the lines hold.
    candidates = _reifying(added)
    for node, statements in (_reifying_in(lines, new) if new else {}).items():
        candidates.setdefault(node, set()).update(statements)
    touched = new | (shared & changed) | (shared & candidates.keys())
    touched |= {node for node, statements in previous.statements.items() if not changed.isdisjoint(statements)}
    named, namers = np.frombuffer(previous.named, np.uint64), np.frombuffer(previous.namers, np.uint64)
    by_digest = dict(zip(_digests(list(previous.statements)).tolist(), previous.statements))
    touched |= {by_digest[d] for d in namers[np.isin(named, _digests(sorted(changed)))].tolist()}
    touched &= shared
    state = SharedState(*({node: value for node, value in kept.items() if node in shared and node not in touched}
                          for kept in (previous.violations, previous.statements)), b"", b"",
                        previous.ontology if shared else None)
    kept = ~np.isin(namers, _digests(sorted(previous.statements.keys() - state.statements.keys())))
    pairs = [(named[kept], namers[kept])]
    with open(lines, "rb") as file:
        size = file.seek(0, os.SEEK_END)

        def of_subject(subject: bytes) -> list[bytes]:
            return subject_lines(file, size, subject)

        def statements_of(node: bytes) -> list[bytes]:  # those that still reify it
            statement = _SUBJECT_SPACED + node + b" ."
            return sorted(s for s in candidates.get(node, set()).union(previous.statements.get(node, ()))
                          if any(line.endswith(statement) for line in of_subject(s)))

        _check(sorted(touched), of_subject, statements_of, inputs, cache, executor, state, pairs,
               ontology=state.ontology is None and bool(shared))
    _keep_named(state, pairs)
    return state


def _digests(names: list[bytes]):
    """An 8-byte digest of each of ``names`` (a numpy array of uint64)."""
    import numpy as np

    return np.array([int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "little") for name in names],
                    dtype=np.uint64)


def _keep_named(state: SharedState, pairs: list) -> None:
    """The (named digests, namer digests) arrays ``pairs`` into ``state``, sorted."""
    import numpy as np

    named = np.concatenate([p[0] for p in pairs]) if pairs else np.array([], np.uint64)
    namers = np.concatenate([p[1] for p in pairs]) if pairs else np.array([], np.uint64)
    order = np.lexsort((namers, named))
    state.named, state.namers = named[order].tobytes(), namers[order].tobytes()


def _reifying(lines: list[bytes]) -> dict[bytes, set[bytes]]:
    """The statements among ``lines`` that reify a node (``rdf:subject``), by node."""
    found: dict[bytes, set[bytes]] = {}
    for line in lines:
        if _SUBJECT_SPACED in line:
            statement, predicate, rest = line.split(b" ", 2)
            if predicate == _SUBJECT:
                found.setdefault(rest[:-2], set()).add(statement)
    return found


def _reifying_in(path: Path, nodes: set[bytes]) -> dict[bytes, set[bytes]]:
    """The statements in the lines file ``path`` that reify one of ``nodes``, by node: a search of each 8 MB
    of whole lines for the statements' predicate, not a parse of every line."""
    found: dict[bytes, set[bytes]] = {}
    for chunk in line_blocks(path):
        at = chunk.find(_SUBJECT_SPACED)
        while at >= 0:
            start, end = chunk.rfind(b"\n", 0, at) + 1, chunk.index(b"\n", at)
            node = chunk[at + len(_SUBJECT_SPACED):end - 2]
            if node in nodes and chunk[start:at].find(b" ") < 0:  # the predicate, not in a literal
                found.setdefault(node, set()).add(chunk[start:at])
            at = chunk.find(_SUBJECT_SPACED, end)
    return found


def _check(nodes: list[bytes], of_subject, statements_of, inputs: SharedInputs, cache, executor: str,
           state: SharedState, pairs: list, ontology: bool = True) -> None:
    """Check ``nodes`` (shared nodes) in groups (``_tasks``), on every core, a few groups at a time so that
    the build holds only those, into ``state``; each group's result cached under the digest of its lines.
    ``of_subject(s)``: the lines of subject ``s``; ``statements_of(node)``: the statements that reify it.
    ``pairs``: gets each node's (named nodes' digests, its own) arrays. ``ontology``: the ontology's own
    nodes, which no document holds, are checked with the first group."""
    from kg.build.executors import run_tasks
    from kg.build.report import node_name
    from kg.build.tasks import _ontology

    own = sorted(set(_ontology(inputs.ontology).subjects())) if ontology and nodes else []
    if own:
        state.ontology = []
    tasks = _tasks(nodes, of_subject, statements_of, inputs, state, own, pairs)
    while batch := list(itertools.islice(tasks, 2 * (os.cpu_count() or 1))):
        found: list[PartResult | None] = [cache.get(t.key) if cache else None for t in batch]
        todo = [i for i, r in enumerate(found) if r is None]
        for i, result in zip(todo, run_tasks(validate_shared, [batch[i] for i in todo], executor)):
            found[i] = result
            if cache:
                cache.put(batch[i].key, result)
        for task, part in zip(batch, found):
            # A group answers for its own nodes: the others it names appear in it by their types alone.
            names = {node_name(focus): focus for focus in task.focus}
            for v in part.violations:
                if v.focus in names:
                    node = f"<{names[v.focus]}>".encode()
                    if node in state.statements:
                        state.violations.setdefault(node, []).append(v)
                    else:
                        state.ontology.append(v)
    for found in [*(state.violations[node] for node in nodes if node in state.violations), state.ontology or []]:
        found.sort(key=repr)  # the checker's order is not always the same: the state's is


def _tasks(nodes: list[bytes], of_subject, statements_of, inputs: SharedInputs, state: SharedState,
           ontology: list, pairs: list) -> Iterator[SharedTask]:
    """The ``nodes`` in groups of about ``SHARED_GROUP_TRIPLES`` lines, each with what its nodes' shapes read:
    their own lines, the statements that reify them (their evidence), the types and labels of the nodes
    they name; each node's statements noted in ``state``, its named nodes in ``pairs`` (digests).
    ``ontology`` (nodes) are checked with the first group."""
    group: list[bytes] = []
    own: list[bytes] = []
    named: set[bytes] = set()
    for node in nodes:
        statements = statements_of(node)
        mine = [line for s in (node, *statements) for line in of_subject(s)]
        state.statements[node] = statements
        names = {o for o in (line.split(b" ", 2)[2][:-2] for line in mine) if o[:1] in b"<_"}
        digests = _digests(sorted(names))
        pairs.append((digests, _digests([node]).repeat(len(digests))))
        named |= names
        group.append(node)
        own += mine
        if len(own) > SHARED_GROUP_TRIPLES or node == nodes[-1]:
            context = [line for name in sorted(named) for line in of_subject(name)
                       if line.split(b" ", 2)[1] in _CONTEXT]
            context += _described(own, of_subject)
            focus = [URIRef(node[1:-1].decode("utf-8")) for node in group] + ontology
            yield SharedTask(sorted(set(own + context)), focus, inputs)
            group, own, ontology, named = [], [], [], set()


def _runs(path: Path, wanted: set[bytes], shared: set[bytes]) -> tuple[dict[bytes, tuple[int, int]],
                                                                    dict[bytes, list[bytes]], set[bytes]]:
    """Where the lines of the subjects ``wanted``, and of the statements that reify a node of ``shared``
    (``rdf:subject``), are in the lines file ``path``: subject -> (start, end); the statements of each shared
    node (sorted); and the nodes those lines name (objects that are IRIs or blank nodes, and so the subjects
    of the triples statements describe). A subject's lines are one run: the file is read in blocks of whole
    runs (``kg.build.runs``), where the wanted runs are found by binary search and the statements by a search
    for their predicate, not by a look at every line."""
    runs: dict[bytes, tuple[int, int]] = {}
    statements: dict[bytes, list[bytes]] = {}
    named: set[bytes] = set()
    order = sorted(wanted, key=subject_order)
    at = 0  # the next of them to look for

    def keep(subject: bytes, block: bytes, offset: int, start: int, end: int) -> None:
        runs[subject] = (offset + start, offset + end)
        named.update(o for o in (line.split(b" ", 2)[2][:-2] for line in block[start:end].splitlines())
                     if o[:1] in (b"<", b"_"))

    for offset, block in subject_blocks(path):
        last, low = subject_order(last_subject(block)), 0
        while at < len(order) and subject_order(order[at]) <= last:
            start, end = run_in(block, order[at], low)
            if end > start:
                keep(order[at], block, offset, start, end)
            low, at = start, at + 1
        for statement, node, line_start in _statement_lines(block) if shared else ():
            if node in shared:
                statements.setdefault(node, []).append(statement)
                keep(statement, block, offset, *run_around(block, statement, line_start))
    return runs, statements, named


def _statement_lines(block: bytes) -> Iterator[tuple[bytes, bytes, int]]:
    """Each line of ``block`` (whole lines) that says a statement's ``rdf:subject``: the statement, the node it
    reifies, where the line starts; found by a search for the predicate, then checked to be the predicate."""
    at = block.find(_SUBJECT_SPACED)
    while at >= 0:
        start, end = block.rfind(b"\n", 0, at) + 1, block.index(b"\n", at)
        if block.find(b" ", start, at) < 0:  # the predicate, not words in a literal
            yield block[start:at], block[at + len(_SUBJECT_SPACED):end - 2], start
        at = block.find(_SUBJECT_SPACED, end)


def subject_holders(paths: list[Path], spool: Path | None = None, counted: bool = False) -> dict[bytes, int]:
    """The subjects that the lines of more than one of the sorted files ``paths`` (the parts) hold, and how
    many hold each: the nodes several documents describe. A k-way merge of each file's subjects, a line at
    a time (above ``OPEN_FILES`` files, in rounds through files of their subjects and counts in ``spool``;
    ``counted``: ``paths`` are such files): the build holds one subject a part, and the answer.

    >>> import tempfile; from kg.build.lines import write_lines; folder = Path(tempfile.mkdtemp())
    >>> _ = write_lines(folder / "a.nt", [b"<x> <p> <o> .", b"<y> <p> <o> ."])
    >>> _ = write_lines(folder / "b.nt", [b"<x> <q> <o> .", b"<z> <p> <o> ."])
    >>> subject_holders([folder / "a.nt", folder / "b.nt"])
    {b'<x>': 2}
    """
    if len(paths) <= OPEN_FILES:
        return {subject: holders for subject, holders in _holders(paths, counted) if holders > 1}
    with tempfile.TemporaryDirectory(dir=spool, prefix=".kg-subjects-") as rounds:
        grouped = [Path(rounds) / f"{number}{SUFFIX}" for number in range(0, len(paths), OPEN_FILES)]
        for start, path in zip(range(0, len(paths), OPEN_FILES), grouped):
            # a line of its own: the subject, then how many of the group's files hold it
            write_lines(path, (b"%s %d ." % held for held in _holders(paths[start:start + OPEN_FILES], counted)))
        return subject_holders(grouped, spool, counted=True)


def _holders(paths: list[Path], counted: bool) -> Iterator[tuple[bytes, int]]:
    """Each subject of the sorted files ``paths``, in order, with how many of them hold it (``counted``: each
    file's lines are a subject and a count)."""

    def subjects(path: Path) -> Iterator[tuple[bytes, int]]:
        last = None
        for line in read_lines(path):
            subject, rest = line.split(b" ", 1)
            if counted:
                yield subject, int(rest[:-2])
            elif subject != last:
                yield subject, 1
                last = subject

    merged = heapq.merge(*[subjects(path) for path in paths], key=lambda held: subject_order(held[0]))
    for subject, copies in itertools.groupby(merged, key=lambda held: held[0]):
        yield subject, sum(count for _, count in copies)
