"""The build of a corpus, document by document: on every core (or a cluster), cached, and the same bytes.

``build_corpus`` reads every facts file, checks the entities they declare
against each other (one pass, in order, as ``GraphBuilder.add_all`` does),
then gives each document's work to an executor (``kg.build.executors``) as a
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
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping

from rdflib import Graph, URIRef

from kg.build.cache import ReadFile, _Cache, _read_all
from kg.build.lines import holds_subject, write_lines
from kg.build.merge import Merged, merge, read_state
from kg.build.ntriples import line_order
from kg.build.reading import Held, Quick, Stats, held_of, read_quickly, row_of, table_of
from kg.build.reading import read_state as read_reading
from kg.build.reading import write_state as keep_reading
from kg.build.shared import _subject_of, check_shared, recheck_shared, subject_holders
from kg.build.tasks import (
    DocumentTask,
    PartResult,
    SharedInputs,
    _contract,
    _entity_lines,
    _ontology_lines,
    _shapes,
    build_part,
    part_file,
)
from kg.facts.bounds import Bounds
from kg.facts.folder import facts_files, links_files
from kg.facts.graph import DeclaredEntity, GraphBuilder
from kg.errors import FactError
from kg.facts.model import FactsFile, Location
from kg.facts.namespaces import bind_prefixes
from kg.facts.ontology import Contract
from kg.facts.terms import entity_iri
from kg.runtime import fault_point


@dataclass
class CorpusBuild:
    """What ``build_corpus`` produced: the graph's N-Triples lines (sorted, unique: in ``merged``'s file),
    where the nodes of the validation report are written, the report (None when skipped) and how many
    documents came from the cache."""

    merged: Merged  # the merged lines, and the state to keep for the next build
    locations: dict[URIRef, Location]  # where the nodes the report names are written
    report: object | None  # kg.build.validate.ValidationReport
    documents: int
    reused: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    spool: object = None  # the temporary folder of the lines of a build without a cache, while they are read

    @property
    def lines(self) -> list[bytes]:
        """Every line, in a list (for small graphs and tests; a large build reads ``merged.lines()``)."""
        return list(self.merged.lines())

    def graph(self) -> Graph:
        """The graph in rdflib (parsing every line: for the steps that need rdflib, such as reasoning)."""
        graph = bind_prefixes(Graph())
        graph.parse(self.merged.path, format="nt")
        return graph

    def ntriples(self) -> bytes:
        return self.merged.path.read_bytes()


def build_corpus(data_dir: Path | str, ontology_path: Path | str, shapes_path: Path | str | None = None,
                 cache_dir: Path | str | None = None, executor: str = "local",
                 on_merged: Callable[[Merged], None] | None = None, bounds: Bounds = Bounds()) -> CorpusBuild:
    """Build (and, with ``shapes_path``, validate) every facts file under ``data_dir``.

    ``executor``: ``local`` (a process per core), ``serial``, or
    ``dask://HOST:PORT`` (a Dask distributed scheduler). ``cache_dir``: where
    each document's result is kept under the digest of its inputs (None: no
    cache; there too the merged lines of the last build that ``kg.build.outputs``
    wrote, which a build that changes few documents merges from).
    ``on_merged(merged)``, if given, is called with the merged lines as soon as
    they are merged, before the shared nodes are validated (to start writing
    them). ``bounds``: how large a facts file may be. Raises a KgError naming
    the file and line of the first problem, in file order, as
    ``kg.facts.folder.build`` does.

    Example: ``build_corpus("data", "ontology/kg.ttl", "ontology/shapes.ttl", "out/.cache")``.
    """
    data_dir, timings = Path(data_dir), {}
    inputs = SharedInputs(Path(ontology_path).read_text(encoding="utf-8"),
                          Path(shapes_path).read_text(encoding="utf-8") if shapes_path else None)
    contract = _contract(inputs.ontology)
    paths, cache = facts_files(data_dir), (_Cache(Path(cache_dir), data_dir) if cache_dir else None)
    spool, folder = _lines_folder(cache)
    with _stage(timings, "read", f"reading {len(paths)} facts files"):
        files, first_places, links, keys, results, quick, stats = _read(paths, data_dir, contract, inputs, cache,
                                                                         executor, bounds)

    names = [path.relative_to(data_dir).as_posix() for path in paths]  # a part's name: its path in the data folder
    keys = [key or DocumentTask(f.facts, f.digest, _named(f, first_places), [], inputs, name=name).key
            for key, f, name in zip(keys, files, names)]
    results = [held or held_of(_cached_part(cache, key)) for held, key in zip(results, keys)]
    todo = [i for i, r in enumerate(results) if r is None]
    here = None if executor.startswith("dask://") else str(folder)  # a cluster's workers send their lines back
    # Each task is made (its parse loaded again: here for a cluster, else where it runs) only as its turn comes.
    tasks = (_task(files[i], names[i], first_places, contract, inputs, here, cache) for i in todo)
    with _stage(timings, "documents", f"building and validating {len(todo)} of {len(files)} documents"):
        _run_missing(tasks, keys, results, todo, cache, executor, folder)
        links_part = _links_part(links, first_places, contract, inputs) if links else None
    parts = [r for r in results if r is not None] + ([held_of(links_part)] if links_part else [])
    named, documents = {name: (key, part_file(folder, key)) for name, key in zip(names, keys)}, len(files)
    kept = _state_of(paths, names, data_dir, files, keys, results, quick, stats, first_places) if cache else None
    del files, results

    with _stage(timings, "merge", "merging their triples"):
        fault_point("merge")
        merged = _merge_parts(named, links_part, inputs, cache, folder)
    if on_merged is not None:
        on_merged(merged)

    validation, locations = None, {}
    if inputs.shapes is not None:
        with _stage(timings, "shared validation", "validating the nodes documents share"):
            paths = [path for _, path in named.values()]
            violations = _violations(parts, paths, merged, inputs, cache, executor, folder)
            validation, locations = _report(violations, parts, first_places)
    if cache:
        cache.finish(set(keys))
        keep_reading(folder, inputs.digest, stats, *kept)
    return CorpusBuild(merged, locations, validation, documents, documents - len(todo), timings, spool)


def _lines_folder(cache: "_Cache | None") -> tuple[tempfile.TemporaryDirectory | None, Path]:
    """Where the parts' lines go: beside their cache entries, or in a temporary folder of the build's own."""
    spool = None if cache else tempfile.TemporaryDirectory(prefix="kg-build-")
    return spool, cache.folder if cache else Path(spool.name)


def _cached_part(cache: "_Cache | None", key: str) -> PartResult | None:
    """The part under ``key`` from the cache, if its entry and its lines file are both there."""
    if cache is None or not part_file(cache.folder, key).is_file():
        return None
    return cache.get(key)


def _read(paths: list[Path], data_dir: Path, contract: Contract, inputs: SharedInputs, cache: "_Cache | None",
          executor: str, bounds: Bounds):
    """The facts files read: each one's ``ReadFile`` (None where its part is kept as it was), the entities
    they declare (each with its first place), the links files, each part's key and what the build keeps of
    it where the reading knows them (else None), the quick reading (``kg.build.reading``; None if the files
    were read whole) and the files' stats taken before (None without a cache)."""
    from kg.facts.loader import load_links_file

    links = [load_links_file(p) for p in links_files(data_dir)]
    stats = Stats.of(paths, data_dir / "sources") if cache else None
    quick = read_quickly(paths, data_dir, read_reading(cache.folder), stats, inputs.digest, contract, cache, executor,
                         bounds) if cache else None
    if quick is not None:
        return quick.files, quick.entities, links, quick.keys, quick.held, quick, stats
    declarations = _Declarations(contract)
    files = _read_all(paths, data_dir / "sources", cache, executor, bounds, declarations)
    entities = declarations.entities(files)
    # Where else an entity is declared does not change a document's work, and a company every document
    # declares would carry all of their places to each of them (megabytes a task at 400 documents).
    first_places = {i: DeclaredEntity(e.decl, e.iri, e.cls, e.language, e.declared_in[:1]) for i, e in entities.items()}
    return files, first_places, links, [None] * len(files), [None] * len(files), None, stats


def _state_of(paths: list[Path], names: list[str], data_dir: Path, files: list, keys: list[str], results: list[Held],
              quick: Quick | None, stats: Stats, entities) -> tuple[list[list], dict[str, list]]:
    """The rows and the table of entities the reading keeps for the next build (``kg.build.reading``)."""
    rows = quick.rows if quick is not None else [None] * len(paths)
    for i, read in enumerate(files):
        if read is not None:
            rows[i] = row_of(read, names[i], stats.facts[i], data_dir / "sources",
                             stats, keys[i], results[i])
    return rows, quick.entities.table if quick is not None else table_of(entities, files, paths)


class _Declarations:
    """``GraphBuilder.declare_all`` a file at a time, as the files are read (so that no outline need keep its
    entities): the same checks, and the same first error, raised by ``entities`` once every file is read.
    Each entity keeps its first place and its last (which tells a second declaration in one file)."""

    def __init__(self, contract: Contract):
        self.builder, self.clash = GraphBuilder(contract), None

    def __call__(self, facts: FactsFile) -> None:
        if self.clash is not None:
            return
        try:
            self.builder.declare(facts)
        except FactError as exc:
            self.clash = exc
            return
        for decl in facts.entities:
            places = self.builder.entities[decl.id].declared_in
            del places[1:-1]

    def entities(self, files: list[ReadFile]) -> dict[str, DeclaredEntity]:
        self.builder.check_sources([f.facts for f in files])
        if self.clash is not None:
            raise self.clash
        return self.builder.entities


def _run_missing(tasks: Iterator[DocumentTask], keys: list[str], results: list["Held | None"], todo: list[int],
                 cache: "_Cache | None", executor: str, folder: Path) -> None:
    """Build the documents at ``todo`` (those the cache did not have; ``tasks``, theirs) into ``results``, and
    cache them; the lines a part brings back (from a cluster) go to its file in ``folder`` here, as it comes."""
    from kg.build.executors import run_tasks

    for i, result in zip(todo, run_tasks(build_part, tasks, executor)):
        from_cluster = result.lines or not part_file(folder, keys[i]).is_file()
        if from_cluster:
            write_lines(part_file(folder, keys[i]), sorted(result.lines, key=line_order))
            result.lines = []
        if cache and from_cluster:
            cache.put(keys[i], result)
        elif cache:
            cache.used.add(keys[i])  # its worker wrote its entry
        results[i] = held_of(result)


def _merge_parts(named: dict[str, tuple[str, Path]], links_part: PartResult | None, inputs: SharedInputs,
                 cache: "_Cache | None", folder: Path) -> Merged:
    """The documents' lines (``named``: path -> (cache key, lines file)) and the links' merged in ``folder``,
    from the last build's merged lines where few parts changed."""
    if links_part:
        links_key = hashlib.sha256(b"\n".join(links_part.lines)).hexdigest()
        write_lines(part_file(folder, links_key), sorted(links_part.lines, key=line_order))
        links_part.lines = []
        named["links"] = (links_key, part_file(folder, links_key))
        if cache:
            cache.put(links_key, links_part)
    previous = read_state(folder) if cache else None
    return merge(named, inputs.digest, folder, previous, lambda key: _part_lines(folder, key))


def _part_lines(folder: Path, key: str) -> Path | None:
    """The lines file of a part the last build made (to take them out of its merged lines), if still there."""
    path = part_file(folder, key)
    return path if path.is_file() else None


def _violations(parts: list[Held], paths: list[Path], merged: Merged, inputs: SharedInputs, cache, executor: str,
                folder: Path) -> list:
    """The corpus's violations: each part's of the nodes it holds alone, and the shared nodes' (those the
    parts' files ``paths`` hold several times), found once on all of their triples together (from the
    merged lines). After an edit, from the last build's (kept in ``merged``'s state) where the holders
    of each subject and the shared nodes' check are known: only the nodes the change touches are checked."""
    state, previous = merged.state, merged.previous
    if state.subject_holders is None:
        state.subject_holders = subject_holders(paths, folder)
    shared = set(state.subject_holders)
    violations = []
    with open(merged.path, "rb") as lines:
        size = lines.seek(0, os.SEEK_END)
        for part in parts:
            for v in part.violations or []:
                # Its own nodes; a node of no part (the ontology's units, say) every part reports alike: the
                # report keeps one.
                focus = _subject_of(v.focus)
                if (focus in part.subjects and focus not in shared) or not holds_subject(lines, size, focus):
                    violations.append(v)
    if previous is not None and previous.shared is not None and merged.removed is not None:
        state.shared = recheck_shared(merged.path, shared, previous.shared, merged.removed, merged.added, inputs,
                                      cache, executor)
    else:
        state.shared = check_shared(merged.path, shared, inputs, cache, executor)
    return violations + state.shared.found()


def _report(violations: list, parts: list[Held], entities: Mapping[str, DeclaredEntity]):
    """The report of ``violations`` in order, each with where its node is written (the entity's first
    declaration, or the observation's line in its facts file), and those places."""
    from kg.build.report import ValidationReport, sort_violations

    foci = {name[1:-1].decode("utf-8") for name in map(_subject_of, (v.focus for v in violations)) if name[:1] == b"<"}
    prefix = str(entity_iri(""))
    named = (entities.get(iri[len(prefix):]) for iri in sorted(foci) if iri.startswith(prefix))
    locations = {e.iri: e.declared_in[0] for e in named if e is not None and str(e.iri) in foci}
    for part in parts:
        locations.update({URIRef(iri): Location(part.path, part.observations[iri])
                          for iri in foci.intersection(part.observations)})
    ordered = sort_violations(violations, locations)
    return ValidationReport(not ordered, ordered), locations


def _named(read: ReadFile, entities: dict[str, DeclaredEntity]) -> dict[str, DeclaredEntity]:
    """The entities a document declares or names (subjects, objects, indicators, areas, publisher)."""
    return {i: entities[i] for i in sorted(i for i in read.names if i in entities)}


def _task(read: ReadFile, name: str, entities: dict[str, DeclaredEntity], contract: Contract, inputs: SharedInputs,
          spool: str | None, cache: "_Cache | None") -> DocumentTask:
    """A document's task: with the entities it names, and the types and labels of those other documents
    declare; its parse whole, or (its lines going to the cache's folder) the key it is read from there."""
    named, own = _named(read, entities), read.own
    context = [line for e in named.values() if e.decl.id not in own for line in _entity_lines(e, contract)]
    if spool is not None and cache is not None and read.key is not None:
        return DocumentTask(read.facts, read.digest, named, context, inputs, spool, read.key, name, str(cache.base))
    return DocumentTask(read.whole(cache), read.digest, named, context, inputs, spool, name=name)


@contextmanager
def _stage(timings: dict[str, float], key: str, name: str) -> Iterator[None]:
    """A stage of the build: shown by whoever listens to kg.progress, its seconds kept in ``timings``."""
    from kg.progress import stage

    start = time.perf_counter()
    with stage(name):
        yield
    timings[key] = time.perf_counter() - start


def _links_part(links, entities, contract: Contract, inputs: SharedInputs) -> PartResult:
    """The links to other knowledge bases: a part of their own, built and validated in this process."""
    builder = GraphBuilder(contract, entities)
    for links_file in links:
        builder.add_links(links_file)
    lines, violations = builder.lines(), None
    if inputs.shapes is not None:
        from kg.build.validate import validate_ntriples

        named = [line for entity_id in sorted({link.entity for f in links for link in f.links})
                 for line in _entity_lines(entities[entity_id], contract)]
        violations = validate_ntriples(lines + named, _shapes(inputs.shapes), ontology=_ontology_lines(inputs.ontology))
    return PartResult.of(lines, {}, violations)


