"""kg.shacl, the linear SHACL Core checker: the same report as pySHACL, constraint component by component."""

from __future__ import annotations

import pytest
from conftest import ONTOLOGY
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.build import shacl
from kg.build.validate import load_shapes, validate_graph
from kg.facts.namespaces import (
    KGO,
    KGR,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SKOS,
    bind_prefixes,
)
from kg.facts.terms import statement_iri
from kg.project import ProjectPaths

SHAPES = ONTOLOGY.with_name("shapes.ttl")
SOURCE = KGR["source/yibin-power-battery-capital-2023"]
EXCERPT = KGR["excerpt/yibin-power-battery-capital-2023/5689-5760"]
OBSERVATION = KGR["observation/yibin-power-battery-capital-2023/charging-interfaces-yibin-2023"]


def _first_link_statement(g: Graph):
    return next(s for s in g.subjects(KGO.confidence, None))


# One breakage per constraint component the shapes use: (what is broken, the violation a person reads).
BREAKAGES = {
    "min count": (lambda g: g.remove((KGR.catl, RDFS.label, None)),
                  ("kgr:catl", "rdfs:label", "at least 1 value(s)", "0 value(s)")),
    "max count": (lambda g: g.add((OBSERVATION, SDMX_DIMENSION.refArea, KGR.sichuan)),
                  (OBSERVATION, "sdmx-dimension:refArea", "at most 1 value(s)", "2 value(s)")),
    "datatype of a label": (lambda g: g.set((KGR.catl, RDFS.label, Literal("CATL"))),
                            ("kgr:catl", "rdfs:label", "a literal of rdf:langString", '"CATL"')),
    "ill-typed integer": (lambda g: g.set((SOURCE, KGO.characterCount, Literal("many", datatype=XSD.integer))),
                          (SOURCE, "kgo:characterCount", "a literal of xsd:integer", '"many"^^xsd:integer')),
    "class of an object": (lambda g: g.set((OBSERVATION, KGO.indicator, EXCERPT)),
                           (OBSERVATION, "kgo:indicator", "an instance of kgo:Indicator",
                            f"kgr:{EXCERPT[len(KGR):]} (kgo:Excerpt)")),
    "class of a literal": (lambda g: g.set((OBSERVATION, KGO.indicator, Literal("Charging interfaces"))),
                           (OBSERVATION, "kgo:indicator", "an instance of kgo:Indicator",
                            '"Charging interfaces" (no type)')),
    "or of classes": (lambda g: g.set((OBSERVATION, SDMX_DIMENSION.refArea, EXCERPT)),
                      (OBSERVATION, "sdmx-dimension:refArea",
                       "one of: an instance of schema:Place, an instance of schema:Organization",
                       f"kgr:{EXCERPT[len(KGR):]}")),
    "node kind": (lambda g: (g.add((BNode("x"), RDF.type, KGO.Company)),
                             g.add((BNode("x"), RDFS.label, Literal("Nameless", lang="en")))),
                  ("[blank node]", None, "a node of kind IRI", "[blank node]")),
    "unique language": (lambda g: g.add((KGR.catl, RDFS.label, Literal("Contemporary Amperex", lang="en"))),
                        ("kgr:catl", "rdfs:label", "at most one value per language", "nothing")),
    "in": (lambda g: g.set((_first_link_statement(g), KGO.confidence, Literal("certain"))),
           (None, "kgo:confidence", 'one of: "high", "medium-high", "medium", "low"', '"certain"')),
    "min inclusive": (lambda g: g.set((EXCERPT, KGO.startOffset, Literal(-1))),
                      (EXCERPT, "kgo:startOffset", "minInclusive 0", '"-1"^^xsd:integer')),
    "max inclusive": (lambda g: g.add((OBSERVATION, KGO.extractionConfidence, Literal("1.5", datatype=XSD.decimal))),
                      (OBSERVATION, "kgo:extractionConfidence", "maxInclusive 1", '"1.5"^^xsd:decimal')),
    "min length": (lambda g: g.set((EXCERPT, KGO.quote, Literal("", lang="en"))),
                   (EXCERPT, "kgo:quote", "minLength 1", '""@en')),
    "pattern": (lambda g: g.set((SOURCE, KGO.sha256, Literal("not-a-digest"))),
                (SOURCE, "kgo:sha256", "pattern ^[0-9a-f]{64}$", '"not-a-digest"')),
    "less than": (lambda g: g.set((EXCERPT, KGO.endOffset, Literal(3))),
                  (EXCERPT, "kgo:startOffset", "less than its kgo:endOffset", '"5689"^^xsd:integer')),
    "or of datatypes": (lambda g: g.set((OBSERVATION, SDMX_MEASURE.obsValue, Literal("lots"))),
                        (OBSERVATION, "sdmx-measure:obsValue",
                         "one of: a literal of xsd:integer, a literal of xsd:decimal", '"lots"')),
    "concept without a preferred label": (lambda g: g.remove((KGR["battery-cells"], SKOS.prefLabel, None)),
                                          ("kgr:battery-cells", "skos:prefLabel", "at least 1 value(s)",
                                           "0 value(s)")),
}


def _name(node) -> str | None:
    return "kgr:" + node[len(KGR):] if isinstance(node, URIRef) else node


def _broken(graph: Graph, case: str) -> Graph:
    copy = bind_prefixes(Graph())
    copy += graph
    BREAKAGES[case][0](copy)
    return copy


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_same_report_as_pyshacl(case, graph):
    """Each kind of broken constraint: kg.shacl reports what pySHACL reports, word for word."""
    broken = _broken(graph, case)
    project = ProjectPaths(ontology_path=ONTOLOGY)
    fast = validate_graph(broken, project)
    reference = validate_graph(broken, project, engine="pyshacl")
    assert not reference.conforms
    assert fast.violations == reference.violations
    focus, path, expected, found = BREAKAGES[case][1]
    wanted = [v for v in fast.violations if v.path == path and v.expected == expected and v.found == found]
    assert wanted, fast.violations
    if focus is not None:
        assert wanted[0].focus == _name(focus)


def test_target_class_reaches_subclasses():
    """sh:targetClass schema:Place checks a kgo:City (a subclass by the ontology), and sh:class follows it too."""
    ontology = Graph().parse(ONTOLOGY)
    lines = [
        b"<https://kg.example.org/id/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        b"<https://kg.example.org/ontology#City> .",
    ]
    lines += [line for line in ontology.serialize(format="nt", encoding="utf-8").splitlines() if line]
    index = shacl.Index(lines)
    assert b"<https://kg.example.org/id/x>" in index.instances(b"<https://schema.org/Place>")
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <https://schema.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:s> sh:targetClass schema:Place ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .
    """, format="turtle")
    results = shacl.check(index, shacl.compile_shapes(shapes))
    assert [(r.kind, r.focus) for r in results] == [("MinCount", b"<https://kg.example.org/id/x>")]


@pytest.mark.parametrize("shape", [
    "sh:property [ sh:path ( rdfs:label rdfs:label ) ; sh:minCount 1 ]",   # a sequence path
    "sh:property [ sh:path rdfs:label ; sh:node <urn:other> ]",             # a nested shape
    "sh:closed true",                                                       # a closed shape
])
def test_shapes_beyond_the_subset_are_left_to_pyshacl(shape):
    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:s> sh:targetClass rdfs:Resource ; {shape} .
    """, format="turtle")
    assert shacl.compile_shapes(shapes) is None


def test_a_nested_shape_is_still_checked_through_pyshacl(tmp_path, graph):
    """Shapes that use sh:node: validation falls back to pySHACL and still finds the violation."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES.read_text(encoding="utf-8") + """
        kgs:NamedShape a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minLength 100 ] .
        kgs:CompanyNameShape a sh:NodeShape ; sh:targetClass kgo:Company ; sh:node kgs:NamedShape .
    """, encoding="utf-8")
    compiled = shacl.compile_shapes(load_shapes(shapes))
    assert compiled is None
    report = validate_graph(graph, ProjectPaths(ontology_path=ONTOLOGY), shapes=shapes)
    assert any(v.focus == "kgr:catl" and v.expected == "minLength 100" for v in report.violations)


def test_kg_shapes_are_all_checked_by_kg_shacl():
    """Every shape in ontology/shapes.ttl is within the subset: the build never falls back to pySHACL."""
    compiled = shacl.compile_shapes(load_shapes(SHAPES))
    assert compiled is not None
    names = {str(shape.node).rsplit("#", 1)[-1] for shape in compiled.shapes}
    assert {"EntityShape", "ObservationShape", "ExcerptShape", "ReifiedStatementShape"} <= names


def test_terms_round_trip_through_ntriples():
    for node in (URIRef("https://kg.example.org/id/a"), Literal('say "hi"\nthen', lang="en"),
                 Literal("5", datatype=XSD.integer), Literal("tab\there"), Literal("ü")):
        assert shacl.term(shacl.token(node)) == node


def test_a_statement_reifying_a_missing_triple_is_still_reported(graph):
    """The SPARQL constraints run beside kg.shacl, on Oxigraph, over the same lines."""
    broken = bind_prefixes(Graph())
    broken += graph
    statement = statement_iri(KGR.yibin, KGO.holdsTitle, KGR["china-s-power-battery-capital"])
    broken.remove((KGR.yibin, KGO.holdsTitle, KGR["china-s-power-battery-capital"]))
    report = validate_graph(broken, ProjectPaths(ontology_path=ONTOLOGY))
    assert any(v.focus == _name(statement) and v.path == "rdf:object"
               and v.expected == "a reified statement must describe a triple that is in the graph"
               for v in report.violations)


def test_every_sparql_constraint_reports_once_another_has(graph):
    """Two SPARQL constraints broken in one graph (a count given as a string, a statement of a missing triple):
    both reported, as pySHACL reports them."""
    broken = bind_prefixes(Graph())
    broken += graph
    broken.set((OBSERVATION, SDMX_MEASURE.obsValue, Literal("9000", datatype=XSD.string)))
    broken.remove((KGR.yibin, KGO.holdsTitle, KGR["china-s-power-battery-capital"]))
    project = ProjectPaths(ontology_path=ONTOLOGY)
    report = validate_graph(broken, project)
    expected = {v.expected for v in report.violations}
    assert "a value in kgo:Count must be a literal of xsd:integer" in expected
    assert "a reified statement must describe a triple that is in the graph" in expected
    assert report.violations == validate_graph(broken, project, engine="pyshacl").violations


def test_an_index_on_the_ontology_shares_its_class_hierarchy_unless_the_lines_add_to_it():
    """A document's index takes the ontology's subclasses as worked out once, unless its lines add a class
    below another (a new subclass or a parent more): then its own, and the ontology's stays as it was."""
    from kg.build.shacl import Index

    sub = b"<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    base = Index([b"<A> " + sub + b" <B> .", b"<C> " + sub + b" <B> ."])
    assert base.subclasses(b"<B>") == {b"<A>", b"<B>", b"<C>"}
    assert Index([b"<x> <p> <o> ."], base).subclasses(b"<B>") == {b"<A>", b"<B>", b"<C>"}
    assert Index([b"<A> " + sub + b" <D> ."], base).subclasses(b"<D>") == {b"<A>", b"<D>"}
    assert Index([b"<E> " + sub + b" <B> ."], base).subclasses(b"<B>") == {b"<A>", b"<B>", b"<C>", b"<E>"}
    assert base.subclasses(b"<B>") == {b"<A>", b"<B>", b"<C>"} and base.subclasses(b"<D>") == {b"<D>"}
