"""Facts -> a graph with deterministic IRIs and provenance: N-Triples lines for the build, an rdflib Graph
for whoever wants one in memory.

Provenance has one pattern for each kind of fact:
- an observation node links to its excerpt with prov:wasDerivedFrom;
- every other triple is reified as an rdf:Statement (rdf:subject,
  rdf:predicate, rdf:object) that links to its excerpt the same way.
An excerpt (kgo:Excerpt) holds the exact quoted text, its start and end
offsets in the source text and prov:wasQuotedFrom its source document.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import FactError, QuoteNotFound
from kg.facts import nterms as nt
from kg.facts.declared import DeclaredEntity, Declarations, _suggest
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
from kg.facts.terms import decimal_lexical, statement_digest

# The vocabulary as N-Triples IRIs: the builder writes every term as N-Triples text (kg.facts.nterms).
_RDF, _RDFS, _SKOS, _PROV, _DCTERMS = nt.Names(RDF), nt.Names(RDFS), nt.Names(SKOS), nt.Names(PROV), nt.Names(DCTERMS)
_KGO, _KGR, _QB, _SCHEMA, _WD = nt.Names(KGO), nt.Names(KGR), nt.Names(QB), nt.Names(SCHEMA), nt.Names(WD)
_DIMENSION, _MEASURE, _ATTRIBUTE = nt.Names(SDMX_DIMENSION), nt.Names(SDMX_MEASURE), nt.Names(SDMX_ATTRIBUTE)
_GYEAR_MONTH, _GYEAR_END = nt.iri(XSD.gYearMonth), f"^^{nt.iri(XSD.gYear)}"
# What an IRI cannot hold (rdflib's test too): the extractor's name and version are free text in its IRI.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')


class GraphBuilder(Declarations):
    """Accumulates facts files into one graph; entities with one id are one node.

    The builder keeps its triples itself, each term as N-Triples text: the
    build wants a document's graph as N-Triples lines (``lines``), and making
    rdflib terms only to write them out cost more than building the facts.
    ``graph`` gives the triples as an rdflib Graph.
    """

    def __init__(self, contract: Contract, entities: dict[str, DeclaredEntity] | None = None):
        super().__init__(contract, entities)
        self.observation_iris: dict[URIRef, Location] = {}
        # The file being added: its extraction (None if curated) and the confidence of the item being added.
        self._extraction: str | None = None
        self._confidence: Decimal | None = None
        # Every triple added, in order, repeats included: appending is the cheapest way to keep them.
        self._added: list[tuple[str, str, str]] = []
        # A drafted node's kgo:extractionConfidence, the best of its evidence's: one triple that changes.
        self._confidences: dict[str, Decimal] = {}
        self._languages: dict[str, str] = {}  # source id -> its language, for its excerpts' quotes
        self._excerpts: set[Excerpt] = set()  # those written: most are the evidence of several facts
        self._nodes: dict[str, str] = {}  # entity id -> its IRI as N-Triples
        self._properties: dict[str, tuple[URIRef, str]] = {}  # a property's CURIE -> its IRI, and as N-Triples
        # The rdflib Graph, made and filled from _added when asked for.
        self._graph: Graph | None = None
        self._in_graph = 0  # how many of _added the graph holds
        self._confidences_in_graph: dict[str, Decimal] = {}

    # -- public ----------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        """The triples added so far as an rdflib Graph: always the same object, brought up to date when asked for.

        >>> builder = GraphBuilder(Contract.from_graph(Graph()))
        >>> builder.graph is builder.graph, len(builder.graph), builder.lines()
        (True, 0, [])
        """
        if self._graph is None:
            self._graph = bind_prefixes(Graph())
        graph, term = self._graph, nt.to_rdflib
        if self._in_graph < len(self._added):
            graph.addN((term(s), term(p), term(o), graph) for s, p, o in self._added[self._in_graph:])
            self._in_graph = len(self._added)
        if self._confidences != self._confidences_in_graph:
            for node, best in self._confidences.items():
                if self._confidences_in_graph.get(node) != best:
                    graph.remove((term(node), KGO.extractionConfidence, None))
                    graph.add((term(node), KGO.extractionConfidence, term(nt.decimal(decimal_lexical(best)))))
            self._confidences_in_graph = dict(self._confidences)
        return graph

    def lines(self) -> list[bytes]:
        """The triples added so far as sorted, unique N-Triples lines: the bytes ``kg.build.ntriples_lines``
        writes of ``graph``, without making an rdflib term."""
        best = _KGO.extractionConfidence
        text = "".join([*(f"{s} {p} {o} .\n" for s, p, o in self._added),
                        *(f"{node} {best} {nt.decimal(decimal_lexical(value))} .\n"
                          for node, value in self._confidences.items())])
        return sorted(set(text.encode("utf-8").splitlines()))

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

    def add_document(self, facts_file: FactsFile) -> Graph:
        """Add one file's source, entities, facts and observations; every entity it names must be declared
        (``declare_all``, or ``entities`` given to the builder). Returns ``graph``."""
        self.add_triples(facts_file)
        return self.graph

    def add_triples(self, facts_file: FactsFile) -> None:
        """``add_document`` without making the rdflib Graph: for callers that read ``lines``."""
        self._add_file(facts_file)

    def add_links(self, links_file: LinksFile) -> Graph:
        """Add a links file's references and links, reified like facts."""
        self._add_links(links_file)
        return self.graph

    def _node(self, entity_id: str, location: Location, field_name: str) -> str:
        """The entity's IRI as N-Triples; FactError if no file declares it."""
        found = self._nodes.get(entity_id)
        if found is None:
            found = self._nodes[entity_id] = nt.iri(self._entity(entity_id, location, field_name).iri)
        return found

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
                s = self._node(triple.subject, triple.location, "subject")
                p, o = self._predicate_object(triple.prop, triple.obj, triple.location, text, excerpt, source.language)
                self._assert(s, p, o, excerpt)
        self._confidence = None
        if facts_file.observations:
            dataset = _KGR[f"dataset/{source.id}"]
            add = self._added.append
            add((dataset, _RDF.type, _QB.DataSet))
            add((dataset, _RDFS.label, nt.literal(f"Statistics from {source.title}", lang=source.language)))
            add((dataset, _QB.structure, _KGO.observationStructure))
            add((dataset, _PROV.wasDerivedFrom, _source(source.id)))
            for observation in facts_file.observations:
                self._add_observation(observation, source, text, dataset)

    def _add_extraction(self, draft: Extraction, source: Source) -> str:
        """The extraction activity that drafted a file's facts, and the extractor as a software agent."""
        for key, value in (("extractor", draft.extractor), ("version", draft.version)):
            if _NOT_IN_IRI.search(value):
                raise FactError(f"{draft.location.of(key)} ({key}): '{value}' names the extractor's IRI, "
                                "which cannot hold a space or any of <>\"{}|\\^`")
        add, activity = self._added.append, _KGR[f"extraction/{source.id}"]
        agent = _KGR[f"agent/{draft.extractor}/{draft.version}"]
        add((activity, _RDF.type, _KGO.Extraction))
        add((activity, _RDFS.label, nt.literal(f"Extraction of {source.title}", lang=source.language)))
        add((activity, _PROV.used, _source(source.id)))
        add((activity, _PROV.wasAssociatedWith, agent))
        add((agent, _RDF.type, _PROV.SoftwareAgent))
        add((agent, _RDFS.label, nt.literal(f"{draft.extractor} {draft.version}")))
        add((agent, _KGO.extractor, nt.literal(draft.extractor)))
        add((agent, _SCHEMA.softwareVersion, nt.literal(draft.version)))
        return activity

    def _mark_draft(self, node: str) -> None:
        """Tie a drafted statement or observation to its extraction, with the extractor's confidence."""
        if self._extraction is None:
            return
        self._added.append((node, _PROV.wasGeneratedBy, self._extraction))
        if self._confidence is not None:
            # A triple drafted under two quotes is as sure as its surest evidence.
            known = self._confidences.get(node)
            self._confidences[node] = self._confidence if known is None else max(self._confidence, known)

    def _add_source(self, source: Source, text: SourceText) -> None:
        add, iri = self._added.append, _source(source.id)
        title = nt.literal(source.title, lang=source.language)
        add((iri, _RDF.type, _KGO.SourceDocument))
        add((iri, _RDFS.label, title))
        add((iri, _SCHEMA.headline, title))
        add((iri, _SCHEMA.inLanguage, nt.literal(source.language)))
        add((iri, _KGO.fileName, nt.literal(source.path.name)))
        add((iri, _KGO.sha256, nt.literal(source.sha256)))
        add((iri, _KGO.characterCount, nt.integer(len(source.text))))
        self._languages.setdefault(source.id, source.language)
        excerpt = self._excerpt(text, source.quote, source.location) if source.quote else None
        for prop, entity_id in ((SCHEMA.publisher, source.publisher), (KGO.reportsOn, source.reports)):
            if entity_id is None:
                continue
            target = self._node(entity_id, source.location, self._curie(prop))
            if excerpt is None:
                raise FactError(f"{source.location} (quote): the source block needs a quote as evidence for its {self._curie(prop)}")
            self._assert(iri, nt.iri(prop), target, excerpt)

    def _add_entity(self, decl: EntityDecl, text: SourceText) -> None:
        entity = self.entities[decl.id]
        add, iri, lang = self._added.append, self._node(decl.id, decl.location, "id"), entity.language
        excerpt = self._excerpt(text, decl.quote, decl.location)
        self._assert(iri, _RDF.type, nt.iri(entity.cls), excerpt)
        label = nt.literal(decl.label, lang=lang)
        add((iri, _RDFS.label, label))
        if self.contract.is_concept_class(entity.cls):
            add((iri, _SKOS.prefLabel, label))
        for alt in decl.alt_labels:
            add((iri, _SKOS.altLabel, nt.literal(alt, lang=lang)))
        if decl.definition:
            add((iri, _SKOS.definition, nt.literal(decl.definition, lang=lang)))

    # -- triples -------------------------------------------------------------------

    def _predicate_object(
        self, prop: str, obj: str, location: Location, text: SourceText, excerpt: Excerpt, language: str
    ) -> tuple[str, str]:
        found = self._properties.get(prop)
        if found is None:
            expanded = expand_curie(prop)
            p = URIRef(expanded) if expanded else None
            if p not in self.contract.object_properties and p not in self.contract.datatype_ranges:
                known = sorted(self._curie(x) for x in self.contract.object_properties | set(self.contract.datatype_ranges))
                raise FactError(f"{location} (property): unknown property '{prop}'{_suggest(prop, known)}")
            found = self._properties[prop] = (p, nt.iri(p))
        p, name = found
        if p in self.contract.object_properties:
            return name, self._node(obj, location, "object")
        return name, self._literal(obj, self.contract.datatype_ranges[p], location, text, excerpt, language)

    def _literal(self, raw: str, datatype: URIRef, location: Location, text: SourceText, excerpt: Excerpt,
                 language: str) -> str:
        try:
            if datatype == RDF.langString:
                exact = text.find_within(excerpt, raw)
                if exact is None:
                    raise ValueError(f"text \"{raw}\" is not in the fact's quote; text values are quoted verbatim")
                return nt.literal(exact, lang=language)
            if datatype == XSD.integer:
                return nt.integer(int(raw.replace(",", "")))
            if datatype == XSD.decimal:
                return nt.decimal(decimal_lexical(Decimal(raw.replace(",", ""))))
            if datatype == XSD.date:
                return nt.date(datetime.date.fromisoformat(raw))
            if datatype == XSD.gYear:
                if not re.fullmatch(r"\d{4}", raw):
                    raise ValueError(f"'{raw}' is not a year (four digits)")
                return nt.year(raw)
            if datatype in (XSD.string, RDFS.Literal):
                return nt.literal(raw)
            # A datatype kg has no rule for: rdflib's lexical form, as ever.
            return nt.from_rdflib(Literal(raw, datatype=datatype))
        except (ValueError, ArithmeticError) as exc:
            message = str(exc) if "verbatim" in str(exc) or "year" in str(exc) else f"'{raw}' is not a valid {self._curie(datatype)}"
            raise FactError(f"{location} (object): {message}") from None

    def _assert(self, s: str, p: str, o: str, excerpt: Excerpt) -> None:
        """Add a triple and its reified statement pointing at the excerpt."""
        if o.endswith(_GYEAR_END):
            self._added.append((s, _KGO.year, nt.integer(int(o[1:-len(_GYEAR_END) - 1]))))
        self._mark_draft(self._reify(s, p, o, _excerpt_iri(excerpt), self._extraction))

    def _reify(self, s: str, p: str, o: str, evidence: str, extraction: str | None = None) -> str:
        """Add a triple and its rdf:Statement, prov:wasDerivedFrom its evidence; return the statement."""
        add = self._added.append
        add((s, p, o))
        statement = _KGR["statement/" + statement_digest(s[1:-1], p[1:-1], nt.n3(o), extraction and extraction[1:-1])]
        add((statement, _RDF.type, _RDF.Statement))
        add((statement, _RDF.subject, s))
        add((statement, _RDF.predicate, p))
        add((statement, _RDF.object, o))
        add((statement, _PROV.wasDerivedFrom, evidence))
        return statement

    def _excerpt(self, text: SourceText, quote: str, location: Location) -> Excerpt:
        try:
            excerpt = text.locate(quote)
        except QuoteNotFound as exc:
            raise QuoteNotFound(f"{location.of('quote')} (quote): {exc}") from None
        if excerpt in self._excerpts:
            return excerpt
        self._excerpts.add(excerpt)
        add, iri = self._added.append, _excerpt_iri(excerpt)
        add((iri, _RDF.type, _KGO.Excerpt))
        add((iri, _KGO.quote, nt.literal(excerpt.text, lang=self._languages.get(text.source_id, "en"))))
        add((iri, _KGO.startOffset, nt.integer(excerpt.start)))
        add((iri, _KGO.endOffset, nt.integer(excerpt.end)))
        add((iri, _PROV.wasQuotedFrom, _source(excerpt.source_id)))
        return excerpt

    # -- links to other knowledge bases ----------------------------------------------

    def _add_links(self, links_file: LinksFile) -> None:
        """Each link is reified like a fact, but its evidence is a reference, not an excerpt."""
        for reference in links_file.references:
            self._add_reference(reference)
        for link in links_file.links:
            entity = self._node(link.entity, link.location, "entity")
            statement = self._reify(entity, nt.iri(expand_curie(link.match)), _WD[link.wikidata],
                                    _KGR[f"reference/{link.reference.id}"])
            self._added.append((statement, _KGO.confidence, nt.literal(link.confidence)))

    def _add_reference(self, reference: Reference) -> None:
        add, iri, citation = self._added.append, _KGR[f"reference/{reference.id}"], nt.literal(reference.citation)
        add((iri, _RDF.type, _KGO.Reference))
        add((iri, _RDFS.label, citation))
        add((iri, _DCTERMS.bibliographicCitation, citation))

    # -- observations --------------------------------------------------------------

    def _add_observation(self, obs: Observation, source: Source, text: SourceText, dataset: str) -> None:
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
        node = URIRef(f"{KGR}observation/{source.id}/{local}")
        if node in self.observation_iris:
            raise FactError(
                f"{obs.location} (id): observation '{local}' is also at {self.observation_iris[node]}; give one an 'id'"
            )
        self.observation_iris[node] = obs.location
        excerpt = self._excerpt(text, obs.quote, obs.location)
        stated = text.find_within(excerpt, obs.stated_as)
        if stated is None:
            raise FactError(f"{obs.location.of('stated_as')} (stated_as): \"{obs.stated_as}\" is not in the observation's quote")
        if self.contract.unit_datatypes[unit] == XSD.integer:
            if obs.value != obs.value.to_integral_value():
                raise FactError(f"{obs.location.of('value')} (value): {obs.value} is not a whole number, as {obs.unit} needs")
            value = nt.integer(int(obs.value))
        else:
            value = nt.decimal(decimal_lexical(obs.value))
        iri = nt.iri(node)
        add((iri, _RDF.type, _QB.Observation))
        add((iri, _RDFS.label, nt.literal(f"{indicator.decl.label}, {area.decl.label}, {obs.period}", lang=lang)))
        add((iri, _QB.dataSet, dataset))
        add((iri, _KGO.indicator, nt.iri(indicator.iri)))
        add((iri, _DIMENSION.refArea, nt.iri(area.iri)))
        add((iri, _DIMENSION.refPeriod, nt.year(str(obs.period))))
        add((iri, _KGO.year, nt.integer(obs.period)))
        add((iri, _MEASURE.obsValue, value))
        add((iri, _ATTRIBUTE.unitMeasure, nt.iri(unit)))
        add((iri, _KGO.statedAs, nt.literal(stated, lang=lang)))
        add((iri, _PROV.wasDerivedFrom, _excerpt_iri(excerpt)))
        if obs.qualifier:
            add((iri, _KGO.qualifier, nt.iri(expand_curie(obs.qualifier))))
        if obs.compared_with is not None:
            add((iri, _KGO.comparedWith, nt.year(str(obs.compared_with))))
        if obs.since:
            add((iri, _KGO.periodStart, nt.literal(obs.since, datatype=_GYEAR_MONTH)))
        if obs.status == "target":
            add((iri, _KGO.status, _KGO.Target))
        if obs.based_on:
            add((iri, _KGO.basedOn, self._node(obs.based_on, obs.location, "based_on")))
        self._confidence = obs.confidence
        self._mark_draft(iri)


def _source(source_id: str) -> str:
    return _KGR[f"source/{source_id}"]


def _excerpt_iri(excerpt: Excerpt) -> str:
    return _KGR[f"excerpt/{excerpt.source_id}/{excerpt.start}-{excerpt.end}"]


