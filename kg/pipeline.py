"""The build of a corpus, document by document: on every core (or a cluster), cached, and the same bytes.

``build_corpus`` reads every facts file, checks the entities they declare
against each other (one pass, in order, as ``GraphBuilder.add_all`` does),
then gives each document's work to an executor (``kg.executors``) as a
``DocumentTask``: its graph as N-Triples lines and, unless validation is
off, its SHACL violations. A task holds what its document's work depends on
(the parsed facts file with its source text, the entities it names, the
ontology and shapes), so its result is cached on disk under the digest of
those inputs: editing one document of 400 redoes that one.

Validation is split the same way. Each document is validated with the
types and labels of the entities it names from other documents; it answers
for the nodes it holds alone (its sources, excerpts, observations, events).
A node that several documents describe (a company every article names) is
checked once, on all of its triples together, in the "shared" part. The
union is the report that validating the whole graph at once gives; a test
compares them.
"""

from __future__ import annotations

import hashlib
import itertools
import pickle
import time
from contextlib import contextmanager
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg import __version__
from kg.build import facts_files, links_files, ntriples_lines
from kg.errors import KgError
from kg.graph import DeclaredEntity, GraphBuilder
from kg.merge import Merged, merge, read_state
from kg.model import FactsFile, Location
from kg.namespaces import bind_prefixes
from kg.ontology import Contract

# Bumped when what a task computes changes, so that old cache entries are not taken for new ones.
CACHE_FORMAT = 4


@dataclass(frozen=True)
class SharedInputs:
    """What every document's work reads besides its own files: the ontology and the shapes, as text."""

    ontology: str
    shapes: str | None  # None: no validation

    @property
    def digest(self) -> str:
        return _sha256(self.ontology, self.shapes or "", __version__, str(CACHE_FORMAT))


@dataclass
class DocumentTask:
    """One document's work, with everything it depends on; picklable, so it can run in another process."""

    facts: FactsFile
    facts_bytes: bytes  # the file as written: part of the cache key
    entities: dict[str, DeclaredEntity]  # the entities the document declares or names
    context: list[bytes]  # types and labels of the entities it names that other documents declare (N-Triples)
    inputs: SharedInputs

    @cached_property
    def key(self) -> str:
        entities = sorted((e.decl.id, str(e.cls), e.decl.label, e.language) for e in self.entities.values())
        return _sha256(self.inputs.digest, str(self.facts.path), self.facts_bytes.decode("utf-8"),
                       self.facts.source.sha256, repr(entities))


@dataclass
class PartResult:
    """A document's graph as sorted N-Triples lines, where its observations are written, its violations."""

    lines: list[bytes]
    observations: dict[str, Location]
    violations: list | None  # kg.validate.Violation, None when not validated
    subjects: list[bytes] = field(default_factory=list)  # the subjects of its lines, once each
    reified: list[tuple[bytes, bytes]] = field(default_factory=list)  # (statement, the subject it describes)

    @classmethod
    def of(cls, lines: list[bytes], observations: dict[str, Location], violations: list | None) -> "PartResult":
        """A part with its subjects and reifications read from its lines (where it is built, on any core)."""
        subjects = list(dict.fromkeys(line[:line.index(b" ")] for line in lines))
        reified = [(line[:line.index(b" ")], line[line.index(_SUBJECT_SPACED) + len(_SUBJECT_SPACED):-2])
                   for line in lines if _SUBJECT_SPACED in line and line.split(b" ", 2)[1] == _SUBJECT]
        return cls(lines, observations, violations, subjects, reified)

    # Pickled (to the coordinating process, into the cache) with its lines as one bytes object: a list of
    # 1,600 small ones costs twenty times as much to pickle and unpickle. No line holds a newline.
    def __getstate__(self) -> dict:
        return {**self.__dict__, "lines": b"\n".join(self.lines), "subjects": b"\n".join(self.subjects)}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, lines=state["lines"].split(b"\n") if state["lines"] else [],
                             subjects=state["subjects"].split(b"\n") if state["subjects"] else [])


@dataclass
class CorpusBuild:
    """What ``build_corpus`` produced: the graph's N-Triples lines (sorted, unique), where each entity
    and observation is written, the validation report (None when skipped) and how many documents came
    from the cache."""

    lines: list[bytes]
    locations: dict[URIRef, Location]
    report: object | None  # kg.validate.ValidationReport
    documents: int
    reused: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    merged: Merged | None = None  # how the lines were merged, and the state to keep for the next build

    def graph(self) -> Graph:
        """The graph in rdflib (parsing every line: for the steps that need rdflib, such as reasoning)."""
        graph = bind_prefixes(Graph())
        graph.parse(data=b"\n".join(self.lines).decode("utf-8"), format="nt")
        return graph

    def ntriples(self) -> bytes:
        return b"\n".join(self.lines) + b"\n" if self.lines else b""


def build_corpus(data_dir: Path | str, ontology_path: Path | str, shapes_path: Path | str | None = None,
                 cache_dir: Path | str | None = None, executor: str = "local",
                 on_merged: Callable[[Merged], None] | None = None) -> CorpusBuild:
    """Build (and, with ``shapes_path``, validate) every facts file under ``data_dir``.

    ``executor``: ``local`` (a process per core), ``serial``, or
    ``dask://HOST:PORT`` (a Dask distributed scheduler). ``cache_dir``: where
    each document's result is kept under the digest of its inputs (None: no
    cache; there too the merged lines of the last build that ``kg.outputs``
    wrote, which a build that changes few documents merges from).
    ``on_merged(merged)``, if given, is called with the merged lines as soon as
    they are merged, before the shared nodes are validated (to start writing
    them). Raises a KgError naming the file and line of the first problem, in
    file order, as ``kg.build.build`` does.

    Example: ``build_corpus("data", "ontology/kg.ttl", "ontology/shapes.ttl", "out/.cache")``.
    """
    from kg.executors import run_tasks
    from kg.sources import load_links_file

    data_dir, timings = Path(data_dir), {}
    inputs = SharedInputs(Path(ontology_path).read_text(encoding="utf-8"),
                          Path(shapes_path).read_text(encoding="utf-8") if shapes_path else None)
    contract = _contract(inputs.ontology)
    paths = facts_files(data_dir)
    cache = _Cache(Path(cache_dir)) if cache_dir else None
    with _stage(timings, "read", f"reading {len(paths)} facts files"):
        files = _read_all(paths, data_dir / "sources", cache, executor)
        entities = GraphBuilder(contract).declare_all([f for f, _ in files])
        links = [load_links_file(p) for p in links_files(data_dir)]

    # Where else an entity is declared does not change a document's work, and a company every document
    # declares would carry all of their places to each of them (megabytes a task at 400 documents).
    first_places = {i: DeclaredEntity(e.decl, e.iri, e.cls, e.language, e.declared_in[:1]) for i, e in entities.items()}
    tasks = [_task(f, raw, first_places, contract, inputs) for f, raw in files]
    results: list[PartResult | None] = [cache.get(t.key) if cache else None for t in tasks]
    todo = [i for i, r in enumerate(results) if r is None]
    with _stage(timings, "documents", f"building and validating {len(todo)} of {len(tasks)} documents"):
        for i, result in zip(todo, run_tasks(build_part, [tasks[i] for i in todo], executor)):
            results[i] = result
            if cache:
                cache.put(tasks[i].key, result)
        links_part = _links_part(links, entities, contract, inputs) if links else None
    parts = [r for r in results if r is not None] + ([links_part] if links_part else [])
    # The parsed files are done with: what follows needs their names and keys (and memory, at 400 documents).
    names, keys, documents = [str(task.facts.path) for task in tasks], [task.key for task in tasks], len(tasks)
    del files, tasks

    with _stage(timings, "merge", "merging their triples"):
        named = {name: (key, result.lines) for name, key, result in zip(names, keys, results)}
        if links_part:
            links_key = hashlib.sha256(b"\n".join(links_part.lines)).hexdigest()
            named["links"] = (links_key, links_part.lines)
            if cache:
                cache.put(links_key, links_part)
        previous = read_state(Path(cache_dir)) if cache else None
        merged = merge(named, inputs.digest, previous, lambda key: _part_lines(cache, key))
        lines = merged.lines
        del named
        locations = {e.iri: e.declared_in[0] for e in entities.values()}
        for part in parts:
            locations.update({URIRef(iri): where for iri, where in part.observations.items()})
            part.lines = []  # merged: each part's own copies of the lines several hold can go
    if on_merged is not None:
        on_merged(merged)

    validation = None
    if inputs.shapes is not None:
        with _stage(timings, "shared validation", "validating the nodes documents share"):
            validation = _report(parts, lines, inputs, locations, cache, executor)
    if cache:
        cache.keep(set(keys))
    return CorpusBuild(lines, locations, validation, documents, documents - len(todo), timings, merged)


def _part_lines(cache: "_Cache | None", key: str) -> list[bytes] | None:
    """The lines of a part the last build made (to take them out of its merged lines), if still cached."""
    part = cache.peek(key) if cache else None
    return part.lines if isinstance(part, PartResult) else None


def build_part(task: DocumentTask) -> PartResult:
    """One document's graph and, if the task has shapes, its violations (run by an executor)."""
    contract = _contract(task.inputs.ontology)
    builder = GraphBuilder(contract, task.entities)
    builder.add_triples(task.facts)
    lines = ntriples_lines(builder.triples())
    violations = None
    if task.inputs.shapes is not None:
        from kg.validate import validate_ntriples

        violations = validate_ntriples(lines + task.context, _shapes(task.inputs.shapes),
                                       ontology=_ontology_lines(task.inputs.ontology))
    observations = {str(iri): where for iri, where in builder.observation_iris.items()}
    return PartResult.of(lines, observations, violations)


# -- validation of the whole from its parts ----------------------------------------------------------

def _report(parts: list[PartResult], lines: list[bytes], inputs: SharedInputs, locations: dict, cache,
            executor: str):
    """The corpus's report: each part's violations of the nodes it holds alone, and the shared nodes'
    violations, found once on all of their triples together."""
    from kg.executors import run_tasks
    from kg.validate import ValidationReport, node_name, sort_violations

    holders: Counter[bytes] = Counter()
    part_subjects = []
    for part in parts:
        subjects = set(part.subjects)
        part_subjects.append(subjects)
        holders.update(subjects)
    shared = {s for s, n in holders.items() if n > 1}
    reifying: dict[bytes, set[bytes]] = {}  # shared node -> the statements that describe a triple of it
    for part in parts:
        for statement, subject in part.reified:
            if subject in shared:
                reifying.setdefault(subject, set()).add(statement)
    violations = []
    for part, subjects in zip(parts, part_subjects):
        for v in part.violations or []:
            # Its own nodes; a node of no part (the ontology's units, say) every part reports alike: the set keeps one.
            focus = _subject_of(v.focus)
            if (focus in subjects and focus not in shared) or focus not in holders:
                violations.append(v)
    if shared:
        ontology = _ontology(inputs.ontology)
        tasks = _shared_tasks(lines, shared, reifying, inputs, sorted(set(ontology.subjects())))
        found: list[PartResult | None] = [cache.get(t.key) if cache else None for t in tasks]
        todo = [i for i, r in enumerate(found) if r is None]
        for i, result in zip(todo, run_tasks(validate_shared, [tasks[i] for i in todo], executor)):
            found[i] = result
            if cache:
                cache.put(tasks[i].key, result)
        for task, part in zip(tasks, found):
            # A group answers for its own shared nodes: the others it names appear in it by their types alone.
            names = {node_name(node) for node in task.focus}
            violations += [v for v in part.violations if v.focus in names]
    ordered = sort_violations(violations, locations)
    return ValidationReport(not ordered, ordered)


def _subject_of(name: str) -> bytes:
    """A report's name of a node (``kgr:catl``, see ``kg.validate.node_name``) as the subject of N-Triples lines."""
    from kg.namespaces import PREFIXES

    prefix, _, local = name.partition(":")
    namespace = PREFIXES.get(prefix) if not name.startswith("<") else None
    return f"<{namespace}{local}>".encode() if namespace is not None else name.encode()


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
    from kg.validate import validate_ntriples

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


def _shared_tasks(lines: list[bytes], shared: set[bytes], reifying: dict[bytes, set[bytes]], inputs: SharedInputs,
                  ontology_nodes: list) -> list[SharedTask]:
    """The shared nodes in groups, each with what its nodes' shapes read: their own triples, the statements
    that reify them (their evidence) and the types and labels of the nodes they name. The ontology's own
    nodes, which no document holds, are checked with the first group."""
    # The merged lines are in subject order (kg.build.line_order): a subject's lines are one slice of them.
    ranges: dict[bytes, tuple[int, int]] = {}
    start = 0
    for subject, group in itertools.groupby(lines, key=lambda line: line[:line.index(b" ")]):
        end = start + len(list(group))
        ranges[subject] = (start, end)
        start = end

    def of_subject(subject: bytes) -> list[bytes]:
        begin, end = ranges.get(subject, (0, 0))
        return lines[begin:end]

    statements = {node: sorted(reifying.get(node, ())) for node in shared}
    groups: list[list[bytes]] = [[]]
    size = 0
    for node in sorted(shared):
        if size > SHARED_GROUP_TRIPLES:
            groups.append([])
            size = 0
        groups[-1].append(node)
        size += sum(ranges[s][1] - ranges[s][0] for s in (node, *statements[node]))
    tasks = []
    for number, group in enumerate(groups):
        own = [line for node in group for s in (node, *statements[node]) for line in of_subject(s)]
        named = {line.split(b" ", 2)[2][:-2] for line in own}  # the objects: "<o> ." less " ."
        context = [line for node in named for line in of_subject(node) if line.split(b" ", 2)[1] in _CONTEXT]
        context += _described(own, of_subject)
        focus = [URIRef(node[1:-1].decode("utf-8")) for node in group] + (ontology_nodes if number == 0 else [])
        tasks.append(SharedTask(sorted(set(own + context)), focus, inputs))
    return tasks


# -- the parts ---------------------------------------------------------------------------------------

def _named(facts: FactsFile, entities: dict[str, DeclaredEntity]) -> dict[str, DeclaredEntity]:
    """The entities a document declares or names (subjects, objects, indicators, areas, publisher)."""
    ids = {d.id for d in facts.entities} | {facts.source.publisher, facts.source.reports}
    for fact in facts.facts:
        for triple in fact.triples:
            ids |= {triple.subject, triple.obj}
    for obs in facts.observations:
        ids |= {obs.indicator, obs.area, obs.based_on}
    return {i: entities[i] for i in sorted(i for i in ids if i in entities)}


def _task(facts: FactsFile, raw: bytes, entities: dict[str, DeclaredEntity], contract: Contract,
          inputs: SharedInputs) -> DocumentTask:
    """A document's task: with the entities it names, and the types and labels of those other documents declare."""
    named, own = _named(facts, entities), {d.id for d in facts.entities}
    context = [line for e in named.values() if e.decl.id not in own for line in _entity_lines(e, contract)]
    return DocumentTask(facts, raw, named, context, inputs)


@contextmanager
def _stage(timings: dict[str, float], key: str, name: str) -> Iterator[None]:
    """A stage of the build: shown by whoever listens to kg.progress, its seconds kept in ``timings``."""
    from kg.progress import stage

    start = time.perf_counter()
    with stage(name):
        yield
    timings[key] = time.perf_counter() - start


def _entity_lines(entity: DeclaredEntity, contract: Contract) -> list[bytes]:
    """The type and labels another document gives an entity (N-Triples lines): what a document naming it
    needs to be validated."""
    label = Literal(entity.decl.label, lang=entity.language)
    triples = [(entity.iri, RDF.type, entity.cls), (entity.iri, RDFS.label, label)]
    if contract.is_concept_class(entity.cls):
        triples.append((entity.iri, SKOS.prefLabel, label))
    return ntriples_lines(triples)


def _links_part(links, entities, contract: Contract, inputs: SharedInputs) -> PartResult:
    """The links to other knowledge bases: a part of their own, built and validated in this process."""
    builder = GraphBuilder(contract, entities)
    for links_file in links:
        builder.add_links(links_file)
    lines, violations = ntriples_lines(builder.graph), None
    if inputs.shapes is not None:
        from kg.validate import validate_ntriples

        named = [line for entity_id in sorted({link.entity for f in links for link in f.links})
                 for line in _entity_lines(entities[entity_id], contract)]
        violations = validate_ntriples(lines + named, _shapes(inputs.shapes), ontology=_ontology_lines(inputs.ontology))
    return PartResult.of(lines, {}, violations)


_SUBJECT = f"<{RDF.subject}>".encode()
_SUBJECT_SPACED = b" " + _SUBJECT + b" "


# -- per-process caches of what every task shares --------------------------------------------------

@lru_cache(maxsize=2)
def _contract(ontology: str) -> Contract:
    return Contract.from_graph(_ontology(ontology))


@lru_cache(maxsize=2)
def _ontology(text: str) -> Graph:
    return bind_prefixes(Graph()).parse(data=text, format="turtle")


@lru_cache(maxsize=2)
def _ontology_lines(text: str) -> tuple[bytes, ...]:
    """The ontology as N-Triples lines: every part is validated with it."""
    return tuple(ntriples_lines(_ontology(text)))


@lru_cache(maxsize=2)
def _shapes(text: str) -> Graph:
    return bind_prefixes(Graph()).parse(data=text, format="turtle")


def _sha256(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


# -- the cache on disk -----------------------------------------------------------------------------

def _read_all(paths: list[Path], sources_dir: Path, cache: "_Cache | None",
              executor: str) -> list[tuple[FactsFile, bytes]]:
    """Every facts file, parsed, with its bytes. A parse is cached under the file's digest and path, and
    taken from the cache only if its source document is unchanged; the others are parsed on every core
    (here, not on a cluster: its workers need not have the project's files). The first bad file in
    ``paths`` order is the error, as if they were read one after the other."""
    from kg.executors import run_tasks

    raws = []
    for path in paths:
        try:
            raws.append(path.read_bytes())
        except OSError as exc:
            raise KgError(f"{path}: cannot read: {exc.strerror}") from None
    keys = [_sha256("facts", str(CACHE_FORMAT), __version__, str(path), str(sources_dir),
                    hashlib.sha256(raw).hexdigest()) for path, raw in zip(paths, raws)]
    found: list[FactsFile | None] = [_cached_facts(cache, key) if cache else None for key in keys]
    todo = [i for i, facts in enumerate(found) if facts is None]
    parsed = run_tasks(_parse_facts, [(paths[i], sources_dir) for i in todo],
                       "serial" if executor == "serial" else "local")
    for i, facts in zip(todo, parsed):
        found[i] = facts
        if cache:
            cache.put(keys[i], facts)
    return list(zip(found, raws))


def _parse_facts(task: tuple[Path, Path]) -> FactsFile:
    from kg.sources import load_facts_file

    return load_facts_file(*task)


def _cached_facts(cache: "_Cache", key: str) -> FactsFile | None:
    cached = cache.get(key)
    if cached is not None:
        source = cached.source
        if source.path.is_file() and hashlib.sha256(source.path.read_bytes()).hexdigest() == source.sha256:
            return cached
    return None


class _Cache:
    """Pickled results in a folder, one file per digest; entries this build did not use are removed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

    def get(self, key: str):
        found = self.peek(key)
        if found is not None:
            self.used.add(key)
        return found

    def peek(self, key: str):
        """The entry under ``key`` (None if absent or unreadable), without keeping it past this build."""
        path = self.folder / f"{key}.pickle"
        try:
            with path.open("rb") as stream:
                found = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
            return None  # absent, or written by another kg: computed again
        return found

    def put(self, key: str, value, keep: bool = True) -> None:
        from kg.build import write_atomic

        write_atomic(self.folder / f"{key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        if keep:
            self.used.add(key)

    def keep(self, keys: set[str]) -> None:
        """Remove every entry this build neither read nor wrote."""
        wanted = self.used | keys
        for path in self.folder.glob("*.pickle"):
            if path.stem not in wanted:
                path.unlink(missing_ok=True)
