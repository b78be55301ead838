"""The build's cache in ``out/.cache``: each document's parsed facts file and result, kept under the digest
of everything it depends on."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from kg.build.lines import SUFFIX as LINES_SUFFIX
from kg.errors import KgError
from kg.facts.bounds import Bounds
from kg.facts.model import FactsFile
from kg.version import __version__

# Bumped when what a task computes changes, so that old cache entries are not taken for new ones.
# 5: a part's lines in a file beside its entry; 6: no reifications in a part; 7: keys and paths relative to the
# data folder (a copied or moved project keeps its cache)
CACHE_FORMAT = 7


def _sha256(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class ReadFile:
    """A facts file as the build holds it from reading to building its document. With a cache, its outline
    (its source without the text, its entities, no facts) and the key its parse is cached under, loaded
    again when its document's turn comes: every parse of 4,000 documents held at once was gigabytes.
    Without one (small builds, tests), the parse whole."""

    facts: FactsFile  # whole if ``key`` is None, else the outline
    digest: str  # sha256 of the file's bytes
    names: frozenset[str]  # the ids of the entities it declares or names
    key: str | None = None
    own: frozenset[str] = frozenset()  # the ids of those it declares

    def declared(self) -> None:
        """Its entities have been declared (``_read_all``'s ``declare``): an outline keeps only their ids (the
        entities of 4,000 outlines were most of what the build held while reading). Ids are interned: the
        same few thousand in every file."""
        self.names, self.own = frozenset(map(sys.intern, self.names)), frozenset(map(sys.intern, self.own))
        if self.key is not None:
            self.facts = replace(self.facts, entities=[])

    @classmethod
    def of(cls, facts: FactsFile, digest: str, key: str | None) -> "ReadFile":
        ids = {d.id for d in facts.entities} | {facts.source.publisher, facts.source.reports}
        for fact in facts.facts:
            for triple in fact.triples:
                ids |= {triple.subject, triple.obj}
        for obs in facts.observations:
            ids |= {obs.indicator, obs.area, obs.based_on}
        if key is not None:
            facts = replace(facts, source=replace(facts.source, text=""), facts=[], observations=[])
        return cls(facts, digest, frozenset(i for i in ids if i), key, frozenset(d.id for d in facts.entities))

    def whole(self, cache: "_Cache | None") -> FactsFile:
        """The parse whole (from the cache, where the reading put it). Raises KgError if it is gone."""
        if self.key is None:
            return self.facts
        return cached_parse(cache.folder if cache else None, self.key, self.facts.path, cache.base if cache else None)


def cached_parse(folder: Path | None, key: str, path: Path, base: Path | None = None) -> FactsFile:
    """The parse of the facts file ``path`` that the reading put in the cache ``folder`` (of the data folder
    ``base``) under ``key`` (read wherever a document's task runs). Raises KgError if it is gone."""
    found = _Cache(folder, base).peek(key, "facts") if folder is not None else None
    if found is None:
        raise KgError(f"{path}: its parse left the build's cache while the build ran; build again")
    return found


def _read_all(paths: list[Path], sources_dir: Path, cache: "_Cache | None", executor: str,
              bounds: Bounds = Bounds(), declare: Callable[[FactsFile], None] | None = None) -> list[ReadFile]:
    """Every facts file, parsed (``ReadFile``: its outline once it is in the cache). A parse is cached under
    the file's digest and path, and taken from the cache only if its source document is unchanged; the
    others are parsed on every core (here, not on a cluster: its workers need not have the project's
    files). The first bad file in ``paths`` order is the error, as if they were read one after the other.
    ``declare(facts)`` is called with each file (its outline), in ``paths`` order, as it comes: the outline
    then keeps only the ids of its entities (``ReadFile.declared``)."""
    from kg.build.executors import run_tasks

    digests = []
    for path in paths:
        try:
            bounds.check_size(path, path.stat().st_size)  # before reading it
            digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError as exc:
            raise KgError(f"{path}: cannot read: {exc.strerror}") from None
    # By the file's path in the data folder: a copied or moved project finds its parses.
    keys = [_sha256("facts", str(CACHE_FORMAT), __version__, path.relative_to(sources_dir.parent).as_posix(), digest)
            for path, digest in zip(paths, digests)]
    found: list[ReadFile | None] = []
    for key, digest in zip(keys, digests):
        facts = _cached_facts(cache, key, sources_dir) if cache else None
        found.append(ReadFile.of(facts, digest, key) if facts is not None else None)
    todo = [i for i, read in enumerate(found) if read is None]
    folder = str(cache.folder) if cache else None
    parsed = run_tasks(_parse_facts, ((paths[i], sources_dir, bounds, folder, keys[i], digests[i]) for i in todo),
                       "serial" if executor == "serial" else "local")
    too_many = None  # the first file past the bounds, raised once every file is parsed (a parse error first)
    for i, path in enumerate(paths):
        if found[i] is None:
            found[i] = next(parsed)
            if cache:
                cache.used.add(keys[i])
        read = found[i]
        try:
            bounds.check_entities(path, len(read.facts.entities))
        except KgError as exc:
            too_many = too_many or exc
        if declare is not None:
            declare(read.facts)
            read.declared()
    if too_many is not None:
        raise too_many
    return found


def _parse_facts(task: tuple[Path, Path, Bounds, str | None, str, str]) -> ReadFile:
    """A facts file parsed, on whichever core reads it; with a cache ``folder``, its parse goes there from this
    core and only its outline comes back (the build's process neither encodes nor holds the parses)."""
    from kg.facts.loader import load_facts_file
    from kg.runtime import fault_point

    path, sources_dir, bounds, folder, key, digest = task
    fault_point("reading")
    facts = load_facts_file(path, sources_dir, bounds)
    if folder is None:
        return ReadFile.of(facts, digest, None)
    _Cache(Path(folder), sources_dir.parent).put(key, facts)
    return ReadFile.of(facts, digest, key)


def _cached_facts(cache: "_Cache", key: str, sources_dir: Path) -> FactsFile | None:
    """A cached parse, if its source document is still inside ``sources_dir`` and unchanged."""
    from kg.files import outside

    cached = cache.get(key, "facts")
    if cached is not None:
        source = cached.source
        if outside(source.path, sources_dir) is None \
                and hashlib.sha256(source.path.read_bytes()).hexdigest() == source.sha256:
            return cached
    return None


class _Cache:
    """Results in a folder, one entry per digest (kg.build.entries: data, not pickle); entries this build did not
    use are removed. An entry that does not verify, parse or hold the kind asked for is dropped and computed
    again; ``dropped`` names them, for the one warning the build gives."""

    SUFFIX = ".entry"
    KINDS = {"FactsFile": "facts", "PartResult": "part"}

    def __init__(self, folder: Path, base: Path | None = None):
        self.folder = folder
        self.base = base  # the project's data folder: the paths of its entries are kept relative to it
        self.used: set[str] = set()
        self.dropped: list[tuple[Path, str]] = []

    def get(self, key: str, kind: str = "part"):
        found = self.peek(key, kind)
        if found is not None:
            self.used.add(key)
        return found

    def peek(self, key: str, kind: str = "part"):
        """The entry of ``kind`` under ``key`` (None if absent or bad), without keeping it past this build."""
        from kg.build.entries import BadEntry, loads

        path = self.folder / f"{key}{self.SUFFIX}"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            found = loads(data, kind, self.base)
            if type(found).__name__ not in self.KINDS or self.KINDS[type(found).__name__] != kind:
                raise BadEntry(f"it holds a {type(found).__name__}, not a {kind}")
        except BadEntry as exc:
            self.dropped.append((path, str(exc)))
            path.unlink(missing_ok=True)
            return None
        return found

    def put(self, key: str, value, keep: bool = True) -> None:
        from kg.build.entries import dumps
        from kg.files import write_atomic

        write_atomic(self.folder / f"{key}{self.SUFFIX}", dumps(self.KINDS[type(value).__name__], value, self.base))
        if keep:
            self.used.add(key)

    def finish(self, keys: set[str]) -> None:
        """The build is done: keep the entries it used (``keep``), and warn of those it dropped (``warn``)."""
        self.keep(keys)
        self.warn()

    def keep(self, keys: set[str]) -> None:
        """Remove every entry this build neither read nor wrote, with its lines file (kg.build.lines), and the
        pickles older kg versions left."""
        wanted = self.used | keys
        for path in [*self.folder.glob(f"*{self.SUFFIX}"), *self.folder.glob(f"*{LINES_SUFFIX}"),
                     *self.folder.glob("*.pickle")]:
            if path.suffix not in (self.SUFFIX, LINES_SUFFIX) or path.stem not in wanted:
                path.unlink(missing_ok=True)

    def warn(self) -> None:
        """One warning on the ``kg`` logger if entries were dropped."""
        if self.dropped:
            import logging

            path, why = self.dropped[0]
            more = f" and {len(self.dropped) - 1} more" if len(self.dropped) > 1 else ""
            logging.getLogger("kg").warning(f"{path}{more}: dropped from the cache ({why}); computed again")
