"""The entities a corpus declares: each file's declarations checked against the others', the first of each
kept (``Declarations``, which ``kg.facts.graph.GraphBuilder`` builds on)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef

from kg.errors import FactError
from kg.facts.model import EntityDecl, FactsFile, Location
from kg.facts.namespaces import bind_prefixes, expand_curie
from kg.facts.ontology import Contract
from kg.facts.terms import entity_iri


@dataclass
class DeclaredEntity:
    """An entity as the whole corpus declares it: the first declaration, its IRI, class and language,
    and every place it is declared."""

    decl: EntityDecl
    iri: URIRef
    cls: URIRef
    language: str
    declared_in: list[Location] = field(default_factory=list)


class Declarations:
    """Entities by id, as the files declare them one after the other; the checks of their clashes."""

    def __init__(self, contract: Contract, entities: dict[str, DeclaredEntity] | None = None):
        self.contract = contract
        # Entities declared elsewhere (by declare_all of a whole corpus) that one document's facts may name.
        self.entities: dict[str, DeclaredEntity] = dict(entities or {})

    def declare_all(self, files: list[FactsFile]) -> dict[str, "DeclaredEntity"]:
        """Check the files' sources and entities against each other and return every entity by id.

        Raises FactError at the first clash (a source id used twice, an entity
        with two classes or labels, an entity declared twice in one file).
        """
        self.check_sources(files)
        for facts_file in files:
            self.declare(facts_file)
        return self.entities

    def declare(self, facts_file: FactsFile) -> None:
        """Declare one file's entities, after those of the files before it (``declare_all`` a file at a time;
        ``check_sources`` checks the sources). Raises FactError at the first clash."""
        for decl in facts_file.entities:
            self._declare(decl, facts_file.source.language)

    def check_sources(self, files: list[FactsFile]) -> None:
        """Raise FactError if two files declare one source id (the first such file in order)."""
        seen: dict[str, Location] = {}
        for facts_file in files:
            source = facts_file.source
            if source.id in seen:
                raise FactError(f"{source.location} (id): source '{source.id}' is also declared at {seen[source.id]}")
            seen[source.id] = source.location

    def _class(self, curie: str, location: Location) -> URIRef:
        iri = expand_curie(curie)
        if iri is None or URIRef(iri) not in self.contract.classes:
            known = sorted(self._curie(c) for c in self.contract.classes)
            raise FactError(f"{location.of('class')} (class): unknown class '{curie}'{_suggest(curie, known)}")
        return URIRef(iri)

    def _declare(self, decl: EntityDecl, language: str) -> None:
        cls = self._class(decl.cls, decl.location)
        known = self.entities.get(decl.id)
        if known is None:
            self.entities[decl.id] = DeclaredEntity(decl, entity_iri(decl.id), cls, language, [decl.location])
            return
        # Files are declared one after the other: a second declaration in this file follows its first.
        twice = known.declared_in[-1] if known.declared_in[-1].path == decl.location.path else None
        if twice is not None:
            raise FactError(f"{decl.location} (id): entity '{decl.id}' is declared twice in this file "
                            f"(also at line {twice.line}); declare it once")
        for what, mine, theirs in (("class", decl.cls, known.decl.cls), ("label", decl.label, known.decl.label)):
            if mine != theirs:
                raise FactError(
                    f"{decl.location.of(what)} ({what}): entity '{decl.id}' has {what} '{mine}' here "
                    f"but '{theirs}' at {known.declared_in[0]}"
                )
        known.declared_in.append(decl.location)

    def _entity(self, entity_id: str, location: Location, field_name: str) -> DeclaredEntity:
        entity = self.entities.get(entity_id)
        if entity is None:
            raise FactError(
                f"{location.of(field_name)} ({field_name}): unknown entity '{entity_id}'{_suggest(entity_id, sorted(self.entities))}"
            )
        return entity

    def _curie(self, iri: URIRef) -> str:
        return _namespaces().normalizeUri(iri)


@lru_cache(maxsize=1)
def _namespaces():
    """kg's prefixes, to name a term in an error by its CURIE (one graph's, bound once)."""
    return bind_prefixes(Graph()).namespace_manager


def _suggest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
