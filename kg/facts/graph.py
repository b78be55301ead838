"""Facts -> an rdflib Graph with deterministic IRIs and provenance.

Provenance has one pattern for each kind of fact:
- an observation node links to its excerpt with prov:wasDerivedFrom;
- every other triple is reified as an rdf:Statement (rdf:subject,
  rdf:predicate, rdf:object) that links to its excerpt the same way.
An excerpt (kgo:Excerpt) holds the exact quoted text, its start and end
offsets in the source text and prov:wasQuotedFrom its source document.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.errors import FactError, QuoteNotFound
from kg.facts.model import (
    EntityDecl,
    Excerpt,
    Extraction,
    FactsFile,
    LinksFile,
    Location,
    Observation,
    Reference,
    Source,
)
from kg.facts.namespaces import (
    KGO,
    KGR,
    QB,
    SCHEMA,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    WD,
    bind_prefixes,
    expand_curie,
)
from kg.facts.ontology import Contract
from kg.facts.quotes import SourceText
from kg.facts.terms import (
    decimal_literal,
    entity_iri,
    excerpt_iri,
    extraction_iri,
    extractor_iri,
    reference_iri,
    source_iri,
    statement_iri,
)


@dataclass
class DeclaredEntity:
    """An entity as the whole corpus declares it: the first declaration, its IRI, class and language,
    and every place it is declared."""

    decl: EntityDecl
    iri: URIRef
    cls: URIRef
    language: str
    declared_in: list[Location] = field(default_factory=list)


class GraphBuilder:
    """Accumulates facts files into one graph; entities with one id are one node.

    The builder keeps its triples itself: adding to an rdflib store costs more
    than building the facts, and a document built for its N-Triples lines
    (``triples``) needs no store. ``graph`` gives them as an rdflib Graph.
    """

    def __init__(self, contract: Contract, entities: dict[str, DeclaredEntity] | None = None):
        self.contract = contract
        # Entities declared elsewhere (by declare_all of a whole corpus) that one document's facts may name.
        self.entities: dict[str, DeclaredEntity] = dict(entities or {})
        self.observation_iris: dict[URIRef, Location] = {}
        # The file being added: its extraction (None if curated) and the confidence of the item being added.
        self._extraction: URIRef | None = None
        self._confidence: Decimal | None = None
        # Every triple added, in order, repeats included: appending is the cheapest way to keep them.
        self._added: list[tuple[Node, Node, Node]] = []
        # A drafted node's kgo:extractionConfidence, the best of its evidence's: one triple that changes.
        self._confidences: dict[URIRef, Decimal] = {}
        self._languages: dict[str, str] = {}  # source id -> its language, for its excerpts' quotes
        self._excerpts: set[Excerpt] = set()  # those written: most are the evidence of several facts
        # The rdflib Graph, filled from _added when asked for; its namespaces name terms in errors meanwhile.
        self._graph = bind_prefixes(Graph())
        self._in_graph = 0  # how many of _added the graph holds
        self._confidences_in_graph: dict[URIRef, Decimal] = {}

    # -- public ----------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        """The triples added so far as an rdflib Graph: always the same object, brought up to date when asked for.

        >>> builder = GraphBuilder(Contract.from_graph(Graph()))
        >>> builder.graph is builder.graph, len(builder.graph), builder.triples()
        (True, 0, set())
        """
        graph = self._graph
        if self._in_graph < len(self._added):
            graph.addN((s, p, o, graph) for s, p, o in self._added[self._in_graph:])
            self._in_graph = len(self._added)
        if self._confidences != self._confidences_in_graph:
            for node, best in self._confidences.items():
                if self._confidences_in_graph.get(node) != best:
                    graph.remove((node, KGO.extractionConfidence, None))
                    graph.add((node, KGO.extractionConfidence, decimal_literal(best)))
            self._confidences_in_graph = dict(self._confidences)
        return graph

    def triples(self) -> set[tuple[Node, Node, Node]]:
        """The triples added so far, each once, without making an rdflib Graph (``graph`` holds the same)."""
        found = set(self._added)
        found.update((node, KGO.extractionConfidence, decimal_literal(best)) for node, best in self._confidences.items())
        return found

    def locations(self) -> dict[URIRef, Location]:
        """Where each entity was first declared and each observation written: for errors that name a file and line."""
        found = {entity.iri: entity.declared_in[0] for entity in self.entities.values()}
        found.update(self.observation_iris)
        return found

    def add_all(self, files: Iterable[FactsFile], links: Iterable[LinksFile] = ()) -> Graph:
        """Declare every file's entities first, so facts may name entities of any file.

        Links to other knowledge bases come last: they may only name entities the facts declare.
        """
        files = list(files)
        self.declare_all(files)
        for facts_file in files:
            self.add_triples(facts_file)
        for links_file in links:
            self._add_links(links_file)
        return self.graph

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

    def add_document(self, facts_file: FactsFile) -> Graph:
        """Add one file's source, entities, facts and observations; every entity it names must be declared
        (``declare_all``, or ``entities`` given to the builder). Returns ``graph``."""
        self.add_triples(facts_file)
        return self.graph

    def add_triples(self, facts_file: FactsFile) -> None:
        """``add_document`` without making the rdflib Graph: for callers that read ``triples``."""
        self._add_file(facts_file)

    def add_links(self, links_file: LinksFile) -> Graph:
        """Add a links file's references and links, reified like facts."""
        self._add_links(links_file)
        return self.graph

    # -- entities --------------------------------------------------------------

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

    # -- one file ----------------------------------------------------------------

    def _add_file(self, facts_file: FactsFile) -> None:
        source = facts_file.source
        text = SourceText(source.id, source.text)
        self._extraction = self._add_extraction(facts_file.draft, source) if facts_file.draft else None
        self._confidence = source.confidence
        self._add_source(source, text)
        for decl in facts_file.entities:
            self._confidence = decl.confidence
            self._add_entity(decl, text)
        for fact in facts_file.facts:
            self._confidence = fact.confidence
            excerpt = self._excerpt(text, fact.quote, fact.location)
            for triple in fact.triples:
                s = self._entity(triple.subject, triple.location, "subject").iri
                p, o = self._predicate_object(triple.prop, triple.obj, triple.location, text, excerpt, source.language)
                self._assert(s, p, o, excerpt)
        self._confidence = None
        if facts_file.observations:
            dataset = KGR[f"dataset/{source.id}"]
            add = self._added.append
            add((dataset, RDF.type, QB.DataSet))
            add((dataset, RDFS.label, Literal(f"Statistics from {source.title}", lang=source.language)))
            add((dataset, QB.structure, KGO.observationStructure))
            add((dataset, PROV.wasDerivedFrom, source_iri(source.id)))
            for observation in facts_file.observations:
                self._add_observation(observation, source, text, dataset)

    def _add_extraction(self, draft: Extraction, source: Source) -> URIRef:
        """The extraction activity that drafted a file's facts, and the extractor as a software agent."""
        add, activity, agent = self._added.append, extraction_iri(source.id), extractor_iri(draft.extractor, draft.version)
        add((activity, RDF.type, KGO.Extraction))
        add((activity, RDFS.label, Literal(f"Extraction of {source.title}", lang=source.language)))
        add((activity, PROV.used, source_iri(source.id)))
        add((activity, PROV.wasAssociatedWith, agent))
        add((agent, RDF.type, PROV.SoftwareAgent))
        add((agent, RDFS.label, Literal(f"{draft.extractor} {draft.version}")))
        add((agent, KGO.extractor, Literal(draft.extractor)))
        add((agent, SCHEMA.softwareVersion, Literal(draft.version)))
        return activity

    def _mark_draft(self, node: URIRef) -> None:
        """Tie a drafted statement or observation to its extraction, with the extractor's confidence."""
        if self._extraction is None:
            return
        self._added.append((node, PROV.wasGeneratedBy, self._extraction))
        if self._confidence is not None:
            # A triple drafted under two quotes is as sure as its surest evidence.
            known = self._confidences.get(node)
            self._confidences[node] = self._confidence if known is None else max(self._confidence, known)

    def _add_source(self, source: Source, text: SourceText) -> None:
        add, iri = self._added.append, source_iri(source.id)
        add((iri, RDF.type, KGO.SourceDocument))
        add((iri, RDFS.label, Literal(source.title, lang=source.language)))
        add((iri, SCHEMA.headline, Literal(source.title, lang=source.language)))
        add((iri, SCHEMA.inLanguage, Literal(source.language)))
        add((iri, KGO.fileName, Literal(source.path.name)))
        add((iri, KGO.sha256, Literal(source.sha256)))
        add((iri, KGO.characterCount, Literal(len(source.text))))
        self._languages.setdefault(source.id, source.language)
        excerpt = self._excerpt(text, source.quote, source.location) if source.quote else None
        for prop, entity_id in ((SCHEMA.publisher, source.publisher), (KGO.reportsOn, source.reports)):
            if entity_id is None:
                continue
            target = self._entity(entity_id, source.location, self._curie(prop)).iri
            if excerpt is None:
                raise FactError(f"{source.location} (quote): the source block needs a quote as evidence for its {self._curie(prop)}")
            self._assert(iri, prop, target, excerpt)

    def _add_entity(self, decl: EntityDecl, text: SourceText) -> None:
        entity = self.entities[decl.id]
        add, iri, lang = self._added.append, entity.iri, entity.language
        excerpt = self._excerpt(text, decl.quote, decl.location)
        self._assert(iri, RDF.type, entity.cls, excerpt)
        add((iri, RDFS.label, Literal(decl.label, lang=lang)))
        if self.contract.is_concept_class(entity.cls):
            add((iri, SKOS.prefLabel, Literal(decl.label, lang=lang)))
        for alt in decl.alt_labels:
            add((iri, SKOS.altLabel, Literal(alt, lang=lang)))
        if decl.definition:
            add((iri, SKOS.definition, Literal(decl.definition, lang=lang)))

    # -- triples -------------------------------------------------------------------

    def _curie(self, iri: URIRef) -> str:
        return self._graph.namespace_manager.normalizeUri(iri)

    def _predicate_object(
        self, prop: str, obj: str, location: Location, text: SourceText, excerpt: Excerpt, language: str
    ) -> tuple[URIRef, URIRef | Literal]:
        expanded = expand_curie(prop)
        p = URIRef(expanded) if expanded else None
        if p in self.contract.object_properties:
            return p, self._entity(obj, location, "object").iri
        if p in self.contract.datatype_ranges:
            return p, self._literal(obj, self.contract.datatype_ranges[p], location, text, excerpt, language)
        known = sorted(self._curie(x) for x in self.contract.object_properties | set(self.contract.datatype_ranges))
        raise FactError(f"{location} (property): unknown property '{prop}'{_suggest(prop, known)}")

    def _literal(
        self, raw: str, datatype: URIRef, location: Location, text: SourceText, excerpt: Excerpt, language: str
    ) -> Literal:
        try:
            if datatype == RDF.langString:
                exact = text.find_within(excerpt, raw)
                if exact is None:
                    raise ValueError(f"text \"{raw}\" is not in the fact's quote; text values are quoted verbatim")
                return Literal(exact, lang=language)
            if datatype == XSD.integer:
                return Literal(int(raw.replace(",", "")), datatype=XSD.integer)
            if datatype == XSD.decimal:
                return decimal_literal(Decimal(raw.replace(",", "")))
            if datatype == XSD.date:
                return Literal(datetime.date.fromisoformat(raw), datatype=XSD.date)
            if datatype == XSD.gYear:
                if not re.fullmatch(r"\d{4}", raw):
                    raise ValueError(f"'{raw}' is not a year (four digits)")
                return Literal(raw, datatype=XSD.gYear)
            return Literal(raw, datatype=None if datatype in (XSD.string, RDFS.Literal) else datatype)
        except (ValueError, ArithmeticError) as exc:
            message = str(exc) if "verbatim" in str(exc) or "year" in str(exc) else f"'{raw}' is not a valid {self._curie(datatype)}"
            raise FactError(f"{location} (object): {message}") from None

    def _assert(self, s: URIRef, p: URIRef, o: URIRef | Literal, excerpt: Excerpt) -> None:
        """Add a triple and its reified statement pointing at the excerpt."""
        if isinstance(o, Literal) and o.datatype == XSD.gYear:
            self._added.append((s, KGO.year, Literal(int(o), datatype=XSD.integer)))
        self._mark_draft(self._reify(s, p, o, excerpt_iri(excerpt), self._extraction))

    def _reify(self, s: URIRef, p: URIRef, o: URIRef | Literal, evidence: URIRef,
               extraction: URIRef | None = None) -> URIRef:
        """Add a triple and its rdf:Statement, prov:wasDerivedFrom its evidence; return the statement."""
        add = self._added.append
        add((s, p, o))
        statement = statement_iri(s, p, o, extraction)
        add((statement, RDF.type, RDF.Statement))
        add((statement, RDF.subject, s))
        add((statement, RDF.predicate, p))
        add((statement, RDF.object, o))
        add((statement, PROV.wasDerivedFrom, evidence))
        return statement

    def _excerpt(self, text: SourceText, quote: str, location: Location) -> Excerpt:
        try:
            excerpt = text.locate(quote)
        except QuoteNotFound as exc:
            raise QuoteNotFound(f"{location.of('quote')} (quote): {exc}") from None
        if excerpt in self._excerpts:
            return excerpt
        self._excerpts.add(excerpt)
        add, iri = self._added.append, excerpt_iri(excerpt)
        add((iri, RDF.type, KGO.Excerpt))
        add((iri, KGO.quote, Literal(excerpt.text, lang=self._languages.get(text.source_id, "en"))))
        add((iri, KGO.startOffset, Literal(excerpt.start)))
        add((iri, KGO.endOffset, Literal(excerpt.end)))
        add((iri, PROV.wasQuotedFrom, source_iri(excerpt.source_id)))
        return excerpt

    # -- links to other knowledge bases ----------------------------------------------

    def _add_links(self, links_file: LinksFile) -> None:
        """Each link is reified like a fact, but its evidence is a reference, not an excerpt."""
        for reference in links_file.references:
            self._add_reference(reference)
        for link in links_file.links:
            entity = self._entity(link.entity, link.location, "entity")
            statement = self._reify(entity.iri, URIRef(expand_curie(link.match)), WD[link.wikidata],
                                    reference_iri(link.reference.id))
            self._added.append((statement, KGO.confidence, Literal(link.confidence)))

    def _add_reference(self, reference: Reference) -> None:
        add, iri = self._added.append, reference_iri(reference.id)
        add((iri, RDF.type, KGO.Reference))
        add((iri, RDFS.label, Literal(reference.citation)))
        add((iri, DCTERMS.bibliographicCitation, Literal(reference.citation)))

    # -- observations --------------------------------------------------------------

    def _add_observation(self, obs: Observation, source: Source, text: SourceText, dataset: URIRef) -> None:
        add, lang = self._added.append, source.language
        indicator = self._entity(obs.indicator, obs.location, "indicator")
        if indicator.cls != KGO.Indicator:
            raise FactError(f"{obs.location.of('indicator')} (indicator): '{obs.indicator}' is a {self._curie(indicator.cls)}, not a kgo:Indicator")
        area = self._entity(obs.area, obs.location, "area")
        unit_iri = expand_curie(obs.unit)
        unit = URIRef(unit_iri) if unit_iri else None
        if unit not in self.contract.unit_datatypes:
            known = sorted(self._curie(u) for u in self.contract.unit_datatypes)
            raise FactError(f"{obs.location.of('unit')} (unit): unknown unit '{obs.unit}'{_suggest(obs.unit, known)}")
        local = obs.id or f"{obs.indicator}-{obs.area}-{obs.period}"
        iri = KGR[f"observation/{source.id}/{local}"]
        if iri in self.observation_iris:
            raise FactError(
                f"{obs.location} (id): observation '{local}' is also at {self.observation_iris[iri]}; give one an 'id'"
            )
        self.observation_iris[iri] = obs.location
        excerpt = self._excerpt(text, obs.quote, obs.location)
        stated = text.find_within(excerpt, obs.stated_as)
        if stated is None:
            raise FactError(f"{obs.location.of('stated_as')} (stated_as): \"{obs.stated_as}\" is not in the observation's quote")
        if self.contract.unit_datatypes[unit] == XSD.integer:
            if obs.value != obs.value.to_integral_value():
                raise FactError(f"{obs.location.of('value')} (value): {obs.value} is not a whole number, as {obs.unit} needs")
            value = Literal(int(obs.value), datatype=XSD.integer)
        else:
            value = decimal_literal(obs.value)
        add((iri, RDF.type, QB.Observation))
        add((iri, RDFS.label, Literal(f"{indicator.decl.label}, {area.decl.label}, {obs.period}", lang=lang)))
        add((iri, QB.dataSet, dataset))
        add((iri, KGO.indicator, indicator.iri))
        add((iri, SDMX_DIMENSION.refArea, area.iri))
        add((iri, SDMX_DIMENSION.refPeriod, Literal(str(obs.period), datatype=XSD.gYear)))
        add((iri, KGO.year, Literal(obs.period, datatype=XSD.integer)))
        add((iri, SDMX_MEASURE.obsValue, value))
        add((iri, SDMX_ATTRIBUTE.unitMeasure, unit))
        add((iri, KGO.statedAs, Literal(stated, lang=lang)))
        add((iri, PROV.wasDerivedFrom, excerpt_iri(excerpt)))
        if obs.qualifier:
            add((iri, KGO.qualifier, URIRef(expand_curie(obs.qualifier))))
        if obs.compared_with is not None:
            add((iri, KGO.comparedWith, Literal(str(obs.compared_with), datatype=XSD.gYear)))
        if obs.since:
            add((iri, KGO.periodStart, Literal(obs.since, datatype=XSD.gYearMonth)))
        if obs.status == "target":
            add((iri, KGO.status, KGO.Target))
        if obs.based_on:
            add((iri, KGO.basedOn, self._entity(obs.based_on, obs.location, "based_on").iri))
        self._confidence = obs.confidence
        self._mark_draft(iri)


def _suggest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
