"""The README's model table names every term a user needs: every property the data uses (or the ontology
documentation page names it) and every term a library query uses."""

from __future__ import annotations

import re

from conftest import ONTOLOGY, ROOT
from rdflib import URIRef

from kg.export.ontology_docs import ontology_html
from kg.facts.namespaces import PREFIXES
from kg.facts.ontology import load_ontology

README = (ROOT / "README.md").read_text(encoding="utf-8")
MODEL = README[README.index("## The model"):README.index("## Adding a document")]
TERM = re.compile(r"(?<![\w:/#-])((?:kgo|schema|org|skos|prov|qb|sdmx-[a-z]+|rdfs?|dcterms|owl|foaf|xsd):[A-Za-z][\w-]*)")


def _curie(iri: URIRef) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        if str(iri).startswith(str(namespace)):
            return f"{prefix}:{str(iri)[len(str(namespace)):]}"
    return str(iri)


def test_every_property_the_data_uses_is_in_the_model_table_or_the_ontology_page(graph):
    page = ontology_html(load_ontology(ONTOLOGY))
    # rdf:type is every node's class, which the table's rows are about
    used = sorted({_curie(p) for p in graph.predicates()} - {"rdf:type"})
    assert len(used) > 50
    assert [p for p in used if f"`{p}`" not in MODEL and f"<code>{p}</code>" not in page] == []
    assert "`kgo:periodStart`" in MODEL  # a figure accumulated since a month: the table says how


def test_every_term_a_library_query_uses_is_in_the_model_table():
    needed = set()
    for path in sorted((ROOT / "queries").glob("*.rq")):
        body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("#"))
        needed |= set(TERM.findall(body))
    assert {"kgo:status", "kgo:comparedWith", "kgo:holdsTitle", "kgo:researchTopic", "qb:Observation"} <= needed
    assert sorted(t for t in needed - {"rdf:type", "xsd:integer"} if f"`{t}`" not in MODEL) == []
