"""The graph builder writes its triples as N-Triples text (kg.facts.nterms), without rdflib terms: the lines
must be the bytes rdflib's own serializer writes of the same graph, and the graph rdflib's parser reads back."""

from __future__ import annotations

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.serializers.nt import _quoteLiteral

from kg.errors import FactError
from kg.facts import nterms
from kg.facts.folder import facts_files, links_files
from kg.facts.graph import GraphBuilder
from kg.facts.loader import load_facts_file, load_links_file
from kg.facts.namespaces import KGO, KGR
from kg.facts.ontology import Contract, load_ontology
from kg.facts.terms import decimal_literal, statement_iri

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"


def built(data: Path) -> GraphBuilder:
    builder = GraphBuilder(Contract.from_graph(load_ontology(ONTOLOGY)))
    facts = [load_facts_file(path, data / "sources") for path in facts_files(data)]
    builder.add_all(facts, [load_links_file(path) for path in links_files(data)])
    return builder


def rdflib_lines(graph: Graph) -> list[bytes]:
    """What rdflib's N-Triples serializer writes of ``graph``, as sorted unique lines."""
    return sorted(set(graph.serialize(format="nt", encoding="utf-8").splitlines()) - {b""})


def drafts_folder(tmp_path: Path) -> Path:
    """The evaluation set's draft (an extraction with confidences) as the only facts file of a data folder."""
    eval_data = ROOT / "tests" / "data" / "eval"
    shutil.copytree(eval_data / "sources", tmp_path / "sources")
    (tmp_path / "facts").mkdir()
    shutil.copy(eval_data / "drafts" / "lanhe-draft.yaml", tmp_path / "facts")
    return tmp_path


@pytest.mark.parametrize("folder", ["data", "tests/data/eval", "tests/data/relations", "drafts"])
def test_the_lines_are_rdflib_s_bytes_of_the_graph(folder, tmp_path):
    builder = built(drafts_folder(tmp_path) if folder == "drafts" else ROOT / folder)
    lines = builder.lines()
    assert len(lines) > 200
    assert lines == rdflib_lines(builder.graph)
    # and rdflib's N-Triples parser reads the lines as the very graph the builder gives
    parsed = Graph().parse(data=b"\n".join(lines).decode("utf-8"), format="nt")
    assert set(parsed) == set(builder.graph)
    if folder == "drafts":
        assert any(b"extractionConfidence" in line for line in lines)


@pytest.mark.parametrize("text", ["Acme", 'Acme "Bluewave"', "back\\slash \\n", "two\nlines\r\n", "tab\there",
                                  "Riverton’s ünïcode 河", '"', ""])
@pytest.mark.parametrize("lang", [None, "en", "zh-Hans"])
def test_a_literal_is_written_as_rdflib_writes_it(text, lang):
    expected = Literal(text, lang=lang)
    written = nterms.literal(text, lang=lang)
    assert written == _quoteLiteral(expected)
    assert nterms.to_rdflib(written) == expected and nterms.to_rdflib(written).language == lang
    assert nterms.n3(written) == expected.n3()  # statement IRIs are digests of it


# The expected terms are made when the test runs, not when it is collected: pySHACL switches rdflib's literal
# normalisation off and on (rdflib.NORMALIZE_LITERALS) while it validates, and a literal made under one setting keeps
# another Python value than one made under the other: both sides must be made under the same setting.
@pytest.mark.parametrize("written, make_expected", [
    (nterms.integer(-2019), lambda: Literal(-2019)),
    (nterms.integer(10**30), lambda: Literal(10**30)),
    (nterms.decimal("163522000000.0"), lambda: decimal_literal(Decimal("163.522E9"))),
    (nterms.date(datetime.date(5, 1, 2)), lambda: Literal(datetime.date(5, 1, 2), datatype=XSD.date)),
    (nterms.year("0999"), lambda: Literal("0999", datatype=XSD.gYear)),
    (nterms.literal("2024-05", datatype=nterms.iri(XSD.gYearMonth)), lambda: Literal("2024-05", datatype=XSD.gYearMonth)),
    (nterms.iri("https://kg.example.org/id/acme"), lambda: URIRef("https://kg.example.org/id/acme")),
])
def test_typed_terms_are_written_as_rdflib_writes_them(written, make_expected):
    expected = make_expected()
    assert written == nterms.from_rdflib(expected)
    assert nterms.to_rdflib(written) == expected
    assert nterms.to_rdflib(written).toPython() == expected.toPython()


FACTS = """source:
  id: acme-report
  file: acme.txt
  title: Acme report
  language: en
entities:
  - id: acme-inspection
    class: kgo:Inspection
    label: Acme inspection
    quote: "The Acme inspection"
facts:
  - quote: 'found strong demand for "cells"'
    triples:
      - [acme-inspection, kgo:finding, 'strong demand for "cells"']
"""


def test_a_value_across_a_line_break_keeps_its_statement_iri(tmp_path):
    """rdflib writes such a literal in triple quotes in n3(), which statement IRIs digest: the same IRI as
    the statement of rdflib's term."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "facts").mkdir()
    (tmp_path / "sources" / "acme.txt").write_text('The Acme inspection found strong\ndemand for "cells" in Riverton.\n')
    (tmp_path / "facts" / "acme.yaml").write_text(FACTS)
    builder = built(tmp_path)
    value = Literal('strong\ndemand for "cells"', lang="en")
    statement = statement_iri(KGR["acme-inspection"], KGO.finding, value)
    assert f'<{statement}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> {_quoteLiteral(value)} .'.encode() \
        in builder.lines()
    assert builder.lines() == rdflib_lines(builder.graph)


def test_an_extractor_name_that_cannot_be_in_an_iri_is_named(tmp_path):
    data = drafts_folder(tmp_path)
    draft = data / "facts" / "lanhe-draft.yaml"
    draft.write_text(draft.read_text().replace("extractor: test-extractor", "extractor: test extractor"))
    with pytest.raises(FactError, match=r"lanhe-draft.yaml:7 \(extractor\): 'test extractor' names the extractor's IRI"):
        built(data)
