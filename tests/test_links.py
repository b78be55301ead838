"""Links to Wikidata: only the listed entities and identifiers, each with its reference and confidence."""

from __future__ import annotations

import pytest
from conftest import ONTOLOGY
from helpers import rows

from kg.errors import FactError, SourceError
from kg.facts.folder import build_graph

LINKS = "links/wikidata.yaml"
# The identifiers of shared/wikidata-ids.md that name an entity of the graph.
EXPECTED = {
    ("china", "owl:sameAs", "Q148", "high"),
    ("sichuan", "owl:sameAs", "Q19770", "high"),
    ("yibin", "owl:sameAs", "Q427265", "medium-high"),
    ("battery-cells", "skos:closeMatch", "Q80097", "medium"),
    ("positive-and-negative-materials", "skos:closeMatch", "Q176140", "high"),
    ("positive-and-negative-materials", "skos:narrowMatch", "Q120907518", "high"),
    ("positive-and-negative-materials", "skos:narrowMatch", "Q120907506", "high"),
    ("copper-aluminum-foil", "skos:closeMatch", "Q120907411", "high"),
    ("diaphragm", "skos:closeMatch", "Q1718181", "high"),
    ("electrolyte", "skos:closeMatch", "Q162908", "high"),
}
PREFIX = {"http://www.w3.org/2002/07/owl#": "owl:", "http://www.w3.org/2004/02/skos/core#": "skos:"}


def _curie(iri: str) -> str:
    for ns, prefix in PREFIX.items():
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


def test_links_are_exactly_the_listed_ones(graph):
    found = rows(graph, """SELECT ?e ?p ?q WHERE {
        ?e ?p ?q FILTER(STRSTARTS(STR(?q), "http://www.wikidata.org/") && ?p != rdf:object) }""")
    assert {(e.rsplit("/", 1)[1], _curie(p), q.rsplit("/", 1)[1]) for e, p, q in found} == {x[:3] for x in EXPECTED}


def test_each_link_cites_its_reference_and_confidence_not_an_excerpt(graph):
    found = rows(graph, """SELECT ?e ?p ?q ?confidence ?citation WHERE {
        ?st rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?q ; kgo:confidence ?confidence ;
            prov:wasDerivedFrom ?ref . ?ref a kgo:Reference ; dcterms:bibliographicCitation ?citation .
        FILTER NOT EXISTS { ?st prov:wasDerivedFrom/kgo:quote ?quote } }""")
    assert {(e.rsplit("/", 1)[1], _curie(p), q.rsplit("/", 1)[1], c) for e, p, q, c, _ in found} == EXPECTED
    citations = {e.rsplit("/", 1)[1]: cite for e, _, _, _, cite in found}
    assert "CitiesChi.gf (宜宾市)" in citations["yibin"]
    assert citations["diaphragm"].startswith("emmo-repo/domain-electrochemistry")


def _edit(data, old: str, new: str) -> None:
    path = data / LINKS
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(data, text: str) -> int:
    lines = (data / LINKS).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_link_to_an_unknown_entity_names_file_and_line(scratch_data):
    _edit(scratch_data, "entity: yibin\n", "entity: yibinn\n")
    line = _line_of(scratch_data, "entity: yibinn")
    with pytest.raises(FactError, match=rf"wikidata.yaml:{line} \(entity\): unknown entity 'yibinn'; did you mean 'yibin'"):
        build_graph(scratch_data, ONTOLOGY)


@pytest.mark.parametrize("old,new,message", [
    ("wikidata: Q427265", "wikidata: 427265", r"\(wikidata\): '427265' is not a Wikidata item id"),
    ("match: owl:sameAs\n    confidence: medium-high", "match: owl:sameas\n    confidence: medium-high",
     r"\(match\): 'owl:sameas' is not one of owl:sameAs, skos:exactMatch"),
    ("confidence: medium-high", "confidence: certain", r"\(confidence\): 'certain' is not one of high"),
    ("reference: gf-wikidata-tools-cities", "reference: gf-cities", r"\(reference\): unknown reference 'gf-cities'"),
])
def test_malformed_link_names_file_line_and_field(scratch_data, old, new, message):
    _edit(scratch_data, old, new)
    with pytest.raises(SourceError, match=r"wikidata.yaml:\d+ " + message):
        build_graph(scratch_data, ONTOLOGY)


def test_a_data_folder_without_links_builds_without_them(scratch_data):
    (scratch_data / LINKS).unlink()
    graph = build_graph(scratch_data, ONTOLOGY)
    assert rows(graph, "SELECT ?e WHERE { ?e owl:sameAs|skos:closeMatch ?q }") == []
    assert rows(graph, "SELECT ?r WHERE { ?r a kgo:Reference }") == []
