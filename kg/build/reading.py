"""The reading a rebuild skips: every facts file as the last build read it, kept in one state file.

A rebuild after one edit of 4,000 documents spent most of its time reading
what had not changed: every facts file hashed, its cached parse decoded (a
JSON object hook per tagged value), every document's cached part decoded to
keep what the build needs of it. ``out/.cache/read.state`` keeps, for each
facts file (by its path in the data folder: a copied project reads it too),
its size, time and digest, its source document's, the keys of its parse and
its part, the ids it names, and what the build keeps of its part
(``Held``); and every entity as the files declare it (first place, class,
label, language, how many files declare it).

A file whose size and modification time are those recorded is taken as
unchanged, its parse and part neither read nor decoded (their cache entries
stay in use). A file changed less than ``_RACY_NS`` before the state's
stats were taken is hashed again anyway, as git does with its racy-clean
entries: a change within one tick of the clock keeps the time. A file
rewritten later with its size and time set back as they were is not seen
(as by git); touch it, or delete ``out/.cache``.

The quick reading parses only the changed files and changes the entities by
their declarations. Whatever it cannot decide alone (a file added or
removed, a declaration that may clash, a document named first elsewhere
that is no longer declared, too many changed files) it leaves to the whole
reading, which gives the same files, entities and first error as ever.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from kg.build.cache import ReadFile, _Cache, _read_all
from kg.build.inputs import _RACY_NS
from kg.errors import KgError
from kg.facts.bounds import Bounds
from kg.facts.graph import DeclaredEntity
from kg.facts.model import EntityDecl, FactsFile, Location
from kg.facts.namespaces import expand_curie
from kg.facts.ontology import Contract
from kg.facts.terms import entity_iri

STATE_FILE = "read.state"  # in the build's cache folder
FORMAT = 1
# Above this share of changed files the whole reading is as quick.
QUICK_SHARE = 0.2

# A file's row: its name in the data folder, size, time, digest; its source's name in the sources folder,
# size, time, digest; its parse's and its part's cache keys; its source's language and id; how many entities
# it declares; the ids it names (space-separated: ids are slugs); its part's observations (IRI, line, ...),
# violations (kg.build.entries' tagged JSON, "" if none) and, with violations, its subjects.
NAME, SIZE, MTIME, DIGEST, SOURCE, SSIZE, SMTIME, SDIGEST, PARSE, PART, LANGUAGE, SOURCE_ID, COUNT, NAMES, \
    OBSERVATIONS, VIOLATIONS, SUBJECTS = range(17)
# An entity's row: class (a CURIE), label, language, the index of the file that declares it first, the line
# and the key lines there, how many files declare it.
CLS, LABEL, LANG, FIRST, LINE, KEY_LINES, DECLARERS = range(7)


@dataclass
class Held:
    """What the build keeps of a part once its lines are in their file: the line of each observation it
    writes (in its facts file, ``path``: to say where a violation's node is), its violations and, only where
    it has some, its subjects (a part's subjects and statements, kept for 4,000 parts, were most of the
    build's memory: the shared nodes are found from the parts' files instead)."""

    path: Path | None
    observations: dict[str, int]
    violations: list | None
    subjects: set[bytes] = field(default_factory=set)


@dataclass
class Stats:
    """The facts files' and the sources' sizes and times, taken (at ``taken``, ns) before any is read."""

    taken: int
    facts: list[tuple[int, int]]
    sources: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, paths: list[Path], sources_dir: Path) -> "Stats":
        taken, facts = time.time_ns(), []
        for path in paths:
            try:
                info = os.stat(path)
                facts.append((info.st_size, info.st_mtime_ns))
            except OSError:
                facts.append((-1, -1))  # the reading says what is wrong with it
        sources = {}
        try:
            with os.scandir(sources_dir) as found:
                for entry in found:
                    info = entry.stat()
                    sources[entry.name] = (info.st_size, info.st_mtime_ns)
        except OSError:
            pass
        return cls(taken, facts, sources)


@dataclass
class Quick:
    """What the quick reading gives the build: each file's ReadFile where its document is built again (None
    where its part is kept), each part's key (None: to be worked out from its ReadFile), what the build
    keeps of each kept part, the entities, and the state to write once the build is done."""

    files: list[ReadFile | None]
    keys: list[str | None]
    held: list[Held | None]
    entities: "Entities"
    rows: list[list]


class Entities(Mapping):
    """The entities of the state's table as the build's tasks take them (``DeclaredEntity``, each with its
    first place only), made as they are asked for: most builds after an edit ask for a few hundred."""

    def __init__(self, table: dict[str, list], paths: list[Path]):
        self.table, self.paths, self.made = table, paths, {}

    def __getitem__(self, entity_id: str) -> DeclaredEntity:
        found = self.made.get(entity_id)
        if found is None:
            row = self.table[entity_id]
            where = Location(self.paths[row[FIRST]], row[LINE], tuple(map(tuple, row[KEY_LINES])))
            # The first declaration as the build's tasks read it: its id, class, label and place (a task's own
            # entities come from its parse).
            decl = EntityDecl(entity_id, row[CLS], row[LABEL], "", where)
            found = self.made[entity_id] = DeclaredEntity(decl, entity_iri(entity_id), URIRef(expand_curie(row[CLS])),
                                                          row[LANG], [where])
        return found

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.table

    def __iter__(self):
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)


def held_of(part, path: Path | None = None) -> Held | None:
    """What the build keeps of ``part`` (a kg.build.tasks.PartResult; None: none)."""
    if part is None:
        return None
    places = list(part.observations.values())
    return Held(places[0].path if places else path, {iri: where.line for iri, where in part.observations.items()},
                part.violations, set(part.subjects) if part.violations else set())


def read_state(folder: Path) -> dict | None:
    """The state in the cache ``folder`` as written by ``write_state``, or None: none, or one of another format,
    or one that does not verify or parse (then dropped, with a warning on the ``kg`` logger, as the merge's
    state is). Only builds read it; it is only ever a shortcut, and the build writes it again."""
    from kg.build.entries import BadEntry, loads_plain

    path = folder / STATE_FILE
    try:
        state = loads_plain(path.read_bytes(), "read-state")
    except OSError:
        return None
    except BadEntry as exc:
        import logging

        path.unlink(missing_ok=True)
        logging.getLogger("kg").warning(f"{path}: dropped from the cache ({exc}); every facts file is read")
        return None
    return state if isinstance(state, dict) and state.get("format") == FORMAT else None


def write_state(folder: Path, inputs: str, stats: Stats, rows: list[list], table: dict[str, list]) -> None:
    """Write the state (``rows`` in the files' order, ``table`` of entities) atomically."""
    from kg.build.entries import dumps_plain
    from kg.files import write_atomic

    write_atomic(folder / STATE_FILE, dumps_plain("read-state", {"format": FORMAT, "inputs": inputs,
                                                                 "taken": stats.taken, "files": rows,
                                                                 "entities": table}))


def row_of(read: ReadFile, name: str, stat: tuple[int, int], sources_dir: Path, stats: Stats, part: str,
           held: Held) -> list:
    """A file's row in the state (``read`` as the build read it; ``stat``: its size and time before)."""
    from kg.build.entries import tagged_text

    source = read.facts.source
    source_name = source.path.name if source.path.parent == sources_dir else ""
    source_stat = stats.sources.get(source_name, (-1, -1)) if source_name else (-1, -1)
    observations = [item for pair in sorted(held.observations.items()) for item in pair]
    return [name, *stat, read.digest, source_name, *source_stat, source.sha256, read.key, part, source.language,
            source.id, len(read.own), " ".join(sorted(read.names)), observations,
            tagged_text(held.violations) if held.violations is not None else "",
            [s.decode("utf-8") for s in sorted(held.subjects)]]


def table_of(entities: Mapping[str, DeclaredEntity], files: list[ReadFile], paths: list[Path]) -> dict[str, list]:
    """The state's table of ``entities`` (as the whole reading declared them, from ``files`` at ``paths``)."""
    index = {str(path): i for i, path in enumerate(paths)}
    declarers = Counter(entity_id for read in files for entity_id in read.own)
    table = {}
    for entity_id, entity in entities.items():
        where = entity.declared_in[0]
        table[entity_id] = [entity.decl.cls, entity.decl.label, entity.language, index[str(where.path)], where.line,
                            [list(pair) for pair in where.key_lines], declarers[entity_id]]
    return table


def held_of_row(row: list, path: Path) -> Held:
    """What the build keeps of a part, from its row."""
    from kg.build.entries import from_tagged_text

    pairs = row[OBSERVATIONS]
    return Held(path, dict(zip(pairs[::2], pairs[1::2])),
                from_tagged_text(row[VIOLATIONS]) if row[VIOLATIONS] else None,
                {s.encode("utf-8") for s in row[SUBJECTS]})


def read_quickly(paths: list[Path], data_dir: Path, state: dict | None, stats: Stats, inputs: str,
                 contract: Contract, cache: _Cache, executor: str, bounds: Bounds) -> Quick | None:
    """The reading from the last build's ``state``: only the changed files parsed, the entities changed by
    their declarations. None where the whole reading must decide (see the module's docstring)."""
    sources_dir = data_dir / "sources"
    if state is None or state["inputs"] != inputs or len(state["files"]) != len(paths):
        return None
    rows = [list(row) for row in state["files"]]
    if [row[NAME] for row in rows] != [_name(path, data_dir) for path in paths]:
        return None
    changed = _changed(paths, rows, stats, state["taken"], sources_dir, bounds)
    if changed is None or len(changed) > max(1, QUICK_SHARE * len(paths)):
        return None
    listed = set(os.listdir(cache.folder))
    if not all(f"{row[PARSE]}{cache.SUFFIX}" in listed for row in rows):
        return None
    olds = [cache.peek(rows[i][PARSE], "facts") for i in changed]
    if any(old is None for old in olds):
        return None
    news = _read_all([paths[i] for i in changed], sources_dir, cache, executor, bounds) if changed else []
    table = dict(state["entities"])
    touched = _declare_change(table, list(zip(changed, olds, news)), rows, contract, bounds)
    if touched is None:
        return None
    files: list[ReadFile | None] = [None] * len(paths)
    for i, read in zip(changed, news):
        read.declared()
        files[i] = read
        rows[i][SIZE], rows[i][MTIME] = stats.facts[i]
    return _kept(paths, rows, files, touched, table, cache, listed)


def _name(path: Path, data_dir: Path) -> str:
    return path.relative_to(data_dir).as_posix()


def _changed(paths: list[Path], rows: list[list], stats: Stats, taken: int, sources_dir: Path,
             bounds: Bounds) -> list[int] | None:
    """The indexes of the files (or their sources) that changed since the rows were written: those whose size or
    time moved, or that were racy then, hashed. A row brought up to date where only the time moved. None if a
    file is past ``bounds`` (the whole reading says which first)."""
    changed = []
    for i, (path, row) in enumerate(zip(paths, rows)):
        stat, source = stats.facts[i], stats.sources.get(row[SOURCE], (-2, -2))
        try:
            bounds.check_size(path, stat[0])
            bounds.check_entities(path, row[COUNT])
        except KgError:
            return None
        if _same(stat, row[SIZE], row[MTIME], taken) and _same(source, row[SSIZE], row[SMTIME], taken):
            continue
        try:
            same = (hashlib.sha256(path.read_bytes()).hexdigest() == row[DIGEST]
                    and source[0] >= 0 and hashlib.sha256((sources_dir / row[SOURCE]).read_bytes()).hexdigest()
                    == row[SDIGEST])
        except OSError:
            return None
        if same:
            row[SIZE], row[MTIME] = stat
            row[SSIZE], row[SMTIME] = source
        else:
            changed.append(i)
    return changed


def _same(stat: tuple[int, int], size: int, mtime: int, taken: int) -> bool:
    """The size and time recorded, and not changed within the clock's granularity of the record."""
    return stat[0] >= 0 and stat == (size, mtime) and mtime < taken - _RACY_NS


def _declare_change(table: dict[str, list], changes: list[tuple[int, FactsFile, ReadFile]], rows: list[list],
                    contract: Contract, bounds: Bounds) -> set[str] | None:
    """Change ``table`` by the declarations of each changed file (its index, its old parse, its new reading);
    the ids whose class, label or being declared changed. None where that may clash or cannot be told here."""
    touched: set[str] = set()
    others = Counter(row[SOURCE_ID] for row in rows)
    for i, old, new in changes:
        ids = [decl.id for decl in new.facts.entities]
        others[rows[i][SOURCE_ID]] -= 1
        if len(set(ids)) != len(ids) or others[new.facts.source.id] > 0 \
                or old.source.language != new.facts.source.language:
            return None  # declared twice in the file, a source id of another file's, the entities' language
        try:
            bounds.check_entities(new.facts.path, len(ids))
        except KgError:
            return None
        before = {decl.id: decl for decl in old.entities}
        after = {decl.id: decl for decl in new.facts.entities}
        for entity_id in sorted(before.keys() | after.keys()):
            if not _declared(table, entity_id, i, before.get(entity_id), after.get(entity_id), new.facts, contract,
                             touched):
                return None
        rows[i][SOURCE_ID] = new.facts.source.id
        others[new.facts.source.id] += 1
    return touched


def _declared(table: dict[str, list], entity_id: str, i: int, before: EntityDecl | None, after: EntityDecl | None,
              facts: FactsFile, contract: Contract, touched: set[str]) -> bool:
    """Change the entity's row by file ``i``'s declaration ``before`` and ``after`` (None: none); False where
    the whole reading must decide."""
    row = table.get(entity_id)
    if after is not None:
        iri = expand_curie(after.cls)
        if iri is None or URIRef(iri) not in contract.classes:
            return False  # an unknown class: the whole reading names it
        mine = [after.cls, after.label, facts.source.language, i, after.location.line,
                [list(pair) for pair in after.location.key_lines]]
    if row is None or (row[FIRST] == i and row[DECLARERS] == 1):  # its own entity, or a new one
        if after is None:
            table.pop(entity_id, None)
        else:
            table[entity_id] = mine + [1]
        if row is None or after is None or row[CLS] != after.cls or row[LABEL] != after.label:
            touched.add(entity_id)
        return True
    if after is not None and (after.cls, after.label) != (row[CLS], row[LABEL]):
        return False  # a clash, or a change the other declarations would clash with
    if row[FIRST] == i:
        if after is None:
            return False  # which file declares it first now: the whole reading finds it
        table[entity_id] = mine + [row[DECLARERS]]
    elif after is None or before is None:
        if row[FIRST] > i:
            return False  # it becomes the first declaration
        table[entity_id] = row[:DECLARERS] + [row[DECLARERS] + (1 if before is None else -1)]
    return True


def _kept(paths: list[Path], rows: list[list], files: list[ReadFile | None], touched: set[str],
          table: dict[str, list], cache: _Cache, listed: set[str]) -> Quick | None:
    """The Quick reading: each unchanged file's part kept (its key, what the build keeps of it), unless it names
    an entity whose declaration changed (its key is worked out again, its parse read for that)."""
    from kg.build.lines import SUFFIX

    keys: list[str | None] = [None] * len(paths)
    held: list[Held | None] = [None] * len(paths)
    for i, row in enumerate(rows):
        cache.used.add(row[PARSE])
        if files[i] is not None:
            continue
        if touched and not touched.isdisjoint(row[NAMES].split(" ")):
            facts = cache.peek(row[PARSE], "facts")
            if facts is None:
                return None
            files[i] = ReadFile.of(facts, row[DIGEST], row[PARSE])
            files[i].declared()
            continue
        if f"{row[PART]}{_Cache.SUFFIX}" not in listed or f"{row[PART]}{SUFFIX}" not in listed:
            return None
        keys[i], held[i] = row[PART], held_of_row(row, paths[i])
        cache.used.add(row[PART])
    return Quick(files, keys, held, Entities(table, paths), rows)
