"""Every fact reaches the exact words of its source, with offsets that point at them."""

from __future__ import annotations

from helpers import rows
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.facts.namespaces import KGO, KGR, QB, SCHEMA
from kg.facts.terms import RECORD_CLASSES

# Triples that are names or derived values rather than facts of the source.
UNREIFIED = {RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.definition, KGO.year}


def test_every_excerpt_quotes_its_offsets(graph, source_text):
    excerpts = rows(graph, """SELECT ?quote ?start ?end ?file WHERE {
        ?e a kgo:Excerpt ; kgo:quote ?quote ; kgo:startOffset ?start ; kgo:endOffset ?end ;
           prov:wasQuotedFrom/kgo:fileName ?file }""")
    assert len(excerpts) > 100
    for quote, start, end, file in excerpts:
        assert file == "000_6877afdc895f6c52.txt"
        assert source_text[start:end] == quote


def test_award_relation_traces_to_its_sentence(graph, source_text):
    found = rows(graph, """SELECT ?quote ?start ?end WHERE {
        ?st rdf:subject kgr:power-battery-capital-conferral-2023 ; rdf:predicate kgo:recipient ; rdf:object kgr:yibin ;
            prov:wasDerivedFrom ?e . ?e kgo:quote ?quote ; kgo:startOffset ?start ; kgo:endOffset ?end }""")
    assert len(found) == 1
    quote, start, end = found[0]
    assert start == 0 and quote.startswith("On June 9, Yibin was awarded as China’s Power Battery Capital")
    assert source_text[start:end] == quote


def test_observation_traces_to_its_sentence(graph, source_text):
    (quote, start, end), = rows(graph, """SELECT ?quote ?start ?end WHERE {
        ?o kgo:indicator kgr:authorized-invention-patents ; kgo:year 2022 ; prov:wasDerivedFrom ?e .
        ?e kgo:quote ?quote ; kgo:startOffset ?start ; kgo:endOffset ?end }""")
    assert quote == "In 2022, Yibin obtained 275 authorized invention patents"
    assert source_text.index(quote) == start and end == start + len(quote)


def test_typographic_quotes_are_kept_verbatim(graph):
    quotes = {q for (q,) in rows(graph, "SELECT ?q WHERE { ?e kgo:quote ?q }")}
    assert any("„1+ N“" in q for q in quotes)
    assert any(q.startswith("„At present") for q in quotes)


def test_every_fact_has_evidence(graph):
    observations = set(graph.subjects(RDF.type, QB.Observation))
    assert observations and all(graph.value(o, PROV.wasDerivedFrom) for o in observations)
    reified = {
        (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
        for st in graph.subjects(RDF.type, RDF.Statement)
        if graph.value(st, PROV.wasDerivedFrom) is not None
    }
    assert reified <= set(graph)
    records = {s for cls in RECORD_CLASSES for s in graph.subjects(RDF.type, cls)}
    entity_facts = {
        (s, p, o) for s, p, o in graph
        if str(s).startswith(str(KGR)) and s not in records and p not in UNREIFIED
    }
    source_facts = {(s, p, o) for s, p, o in graph.triples((None, SCHEMA.publisher, None))} | set(
        graph.triples((None, KGO.reportsOn, None)))
    assert len(entity_facts) > 200 and len(source_facts) == 2
    assert (entity_facts | source_facts) - reified == set()


def test_text_literals_are_verbatim(graph, source_text):
    for (text,) in rows(graph, "SELECT ?t WHERE { ?s schema:text|kgo:finding|kgo:aim|kgo:keyTask|kgo:goal ?t }"):
        assert text in source_text, text
