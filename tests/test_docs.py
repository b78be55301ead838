"""The ontology's HTML page: every term with its label, comment, domain and range; alignments; escaping."""

from __future__ import annotations

from html.parser import HTMLParser

from click.testing import CliRunner
from conftest import ONTOLOGY
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from kg.cli import main
from kg.export.ontology_docs import ontology_html
from kg.facts.namespaces import KGO
from kg.facts.ontology import load_ontology


class _Page(HTMLParser):
    """Section ids with their text, alignment table rows, and any tag that would load something."""

    def __init__(self):
        super().__init__()
        self.sections: dict[str, str] = {}
        self.rows: list[list[str]] = []
        self.loads: list[str] = []
        self._section = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self._section = attrs["id"]
            self.sections[self._section] = ""
        if tag == "tr":
            self.rows.append([])
        if tag == "td":
            self._cell = ""
        if tag in ("script", "link", "img", "iframe") or "src" in attrs:
            self.loads.append(tag)

    def handle_endtag(self, tag):
        if tag == "section":
            self._section = None
        if tag == "td":
            self.rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._section:
            self.sections[self._section] += data
        if self._cell is not None:
            self._cell += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_every_class_and_property_is_documented_with_label_and_comment():
    ontology = load_ontology(ONTOLOGY)
    page = _parse(ontology_html(ontology))
    terms = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, OWL.ObjectProperty)) \
        | set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(terms) > 100
    for term in terms:
        curie = ontology.namespace_manager.normalizeUri(term)
        text = " ".join(page.sections[curie].split())
        assert str(ontology.value(term, RDFS.label)) in text and " ".join(str(ontology.value(term, RDFS.comment)).split()) in text
    recipient = " ".join(page.sections["kgo:recipient"].split())
    assert "domain kgo:TitleConferral" in recipient and "range schema:Thing" in recipient
    assert "subproperty of schema:recipient" in recipient
    assert "instances kgo:AED, kgo:ARS, kgo:AUD, kgo:Acre, kgo:BDT, kgo:BRL, kgo:Barrel, kgo:BarrelPerDay" in " ".join(page.sections["kgo:Unit"].split())
    assert page.loads == []


def test_alignments_to_schema_org_prov_skos_org_and_data_cube():
    rows = {tuple(row) for row in _parse(ontology_html(load_ontology(ONTOLOGY))).rows if row}
    assert ("kgo:City", "rdfs:subClassOf", "schema:City", "schema.org") in rows
    assert ("kgo:quote", "rdfs:subPropertyOf", "prov:value", "PROV-O") in rows
    assert ("kgo:Indicator", "rdfs:subClassOf", "skos:Concept", "SKOS") in rows
    assert ("kgo:Company", "rdfs:subClassOf", "org:FormalOrganization", "W3C ORG") in rows
    assert ("kgo:Reference", "rdfs:subClassOf", "prov:Entity", "PROV-O") in rows
    assert ("kgo:indicator", "rdf:type", "qb:DimensionProperty", "RDF Data Cube") in rows
    assert ("kgo:qualifier", "rdf:type", "qb:AttributeProperty", "RDF Data Cube") in rows


def test_text_from_the_ontology_is_escaped():
    ontology = Graph()
    ontology.add((KGO.Evil, RDF.type, OWL.Class))
    ontology.add((KGO.Evil, RDFS.label, Literal("<script>alert(1)</script>")))
    ontology.add((KGO.Evil, RDFS.comment, Literal('"quoted" & <b>bold</b>')))
    html = ontology_html(ontology)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert _parse(html).loads == []


def test_kg_docs_writes_the_page_and_the_same_bytes_twice(tmp_path):
    pages = []
    for name in ("a.html", "b.html"):
        result = CliRunner().invoke(main, ["docs", "--ontology", str(ONTOLOGY), "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        pages.append((tmp_path / name).read_bytes())
    assert pages[0] == pages[1] and b"<h1>kg ontology</h1>" in pages[0]


def test_kg_docs_refuses_a_missing_ontology(tmp_path):
    result = CliRunner().invoke(main, ["docs", "--ontology", str(tmp_path / "none.ttl"), "--out", str(tmp_path / "o.html")])
    assert result.exit_code == 1 and "ontology file not found" in result.stderr
    assert not (tmp_path / "o.html").exists()
