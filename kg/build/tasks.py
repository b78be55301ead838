"""One document's work: what it depends on (``DocumentTask``), what it gives (``PartResult``), and the
function an executor runs for it (``build_part``), in whichever process or machine runs it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from kg.build.cache import CACHE_FORMAT, _Cache, _sha256, cached_parse
from kg.build.entries import cache_entry
from kg.build.lines import SUFFIX, write_lines
from kg.build.ntriples import line_order, ntriples_lines
from kg.facts.graph import DeclaredEntity, GraphBuilder
from kg.facts.model import FactsFile, Location
from kg.facts.namespaces import bind_prefixes
from kg.facts.ontology import Contract
from kg.runtime import fault_point
from kg.version import __version__

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
    facts_digest: str  # sha256 of the file as written: part of the cache key
    entities: dict[str, DeclaredEntity]  # the entities the document declares or names
    context: list[bytes]  # types and labels of the entities it names that other documents declare (N-Triples)
    inputs: SharedInputs
    # The folder its lines go to, a file (kg.build.lines), where the build can read them (not on a cluster:
    # None, and the lines come back in the result). Not an input: not in the key.
    spool: str | None = None
    # With ``spool`` the build's cache: the key of the facts file's parse there, read where the task runs
    # (``facts`` is then its outline), and the part's own entry is written there too. Not in the key either.
    parse: str | None = None
    # The facts file's path in the data folder (in the key, so that a copied project keeps its parts), and the
    # data folder, which the cache's paths are relative to.
    name: str = ""
    base: str | None = None

    def whole(self) -> FactsFile:
        """The facts file's parse whole: carried, or read from the cache."""
        if self.parse is None:
            return self.facts
        return cached_parse(Path(self.spool), self.parse, self.facts.path, Path(self.base) if self.base else None)

    @cached_property
    def key(self) -> str:
        entities = sorted((e.decl.id, str(e.cls), e.decl.label, e.language) for e in self.entities.values())
        return _sha256(self.inputs.digest, self.name or str(self.facts.path), self.facts_digest,
                       self.facts.source.sha256, repr(entities))


@cache_entry
@dataclass
class PartResult:
    """A document's graph as sorted N-Triples lines (in a file, ``part_file``, once the part is built where
    the build can read it; its lines are then empty), where its observations are written, its violations."""

    lines: list[bytes]
    observations: dict[str, Location]
    violations: list | None  # kg.build.validate.Violation, None when not validated
    subjects: list[bytes] = field(default_factory=list)  # the subjects of its lines, once each

    @classmethod
    def of(cls, lines: list[bytes], observations: dict[str, Location], violations: list | None) -> "PartResult":
        """A part with its subjects read from its lines (where it is built, on any core)."""
        return cls(lines, observations, violations, list(dict.fromkeys(line[:line.index(b" ")] for line in lines)))

    # Pickled (to the coordinating process, into the cache) with its lines as one bytes object: a list of
    # 1,600 small ones costs twenty times as much to pickle and unpickle. No line holds a newline.
    def __getstate__(self) -> dict:
        return {**self.__dict__, "lines": b"\n".join(self.lines), "subjects": b"\n".join(self.subjects)}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, lines=state["lines"].split(b"\n") if state["lines"] else [],
                             subjects=state["subjects"].split(b"\n") if state["subjects"] else [])


def build_part(task: DocumentTask) -> PartResult:
    """One document's graph and, if the task has shapes, its violations (run by an executor)."""
    fault_point("documents")
    contract = _contract(task.inputs.ontology)
    builder = GraphBuilder(contract, task.entities)
    builder.add_triples(task.whole())
    lines = builder.lines()
    violations = None
    if task.inputs.shapes is not None:
        from kg.build.validate import validate_ntriples

        violations = validate_ntriples(lines + task.context, _shapes(task.inputs.shapes),
                                       ontology=_ontology_lines(task.inputs.ontology))
    observations = {str(iri): where for iri, where in builder.observation_iris.items()}
    result = PartResult.of(lines, observations, violations)
    if task.spool is not None:
        # The lines go to a file here, on the core that made them: the build merges files, and never holds
        # every document's lines at once.
        write_lines(part_file(Path(task.spool), task.key), sorted(lines, key=line_order))
        result.lines = []
        if task.parse is not None:
            # Its entry too, encoded on this core; what goes back is what the build keeps of a part (its
            # subjects only where it has violations).
            _Cache(Path(task.spool), Path(task.base) if task.base else None).put(task.key, result)
            return PartResult([], observations, violations, result.subjects if violations else [])
    return result


def part_file(folder: Path, key: str) -> Path:
    """Where the part under ``key`` keeps its lines (sorted, kg.build.lines) in the build's ``folder``."""
    return folder / f"{key}{SUFFIX}"


def _entity_lines(entity: DeclaredEntity, contract: Contract) -> list[bytes]:
    """The type and labels another document gives an entity (N-Triples lines): what a document naming it
    needs to be validated."""
    label = Literal(entity.decl.label, lang=entity.language)
    triples = [(entity.iri, RDF.type, entity.cls), (entity.iri, RDFS.label, label)]
    if contract.is_concept_class(entity.cls):
        triples.append((entity.iri, SKOS.prefLabel, label))
    return ntriples_lines(triples)


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
