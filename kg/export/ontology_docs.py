"""The ontology -> one offline HTML page: classes, properties, individuals and alignments.

Every text from the ontology is escaped (Jinja2 autoescape); the page has no
scripts and loads nothing, so it reads the same offline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.facts.namespaces import KGO, PREFIXES

# Vocabularies by prefix, as the alignment table names them.
VOCABULARIES = {
    "kgo": "kg", "schema": "schema.org", "prov": "PROV-O", "skos": "SKOS", "org": "W3C ORG",
    "qb": "RDF Data Cube", "sdmx-dimension": "SDMX", "sdmx-measure": "SDMX", "sdmx-attribute": "SDMX",
    "foaf": "FOAF", "dcterms": "DCMI Terms", "owl": "OWL", "rdf": "RDF", "rdfs": "RDF Schema", "xsd": "XML Schema",
}
PROPERTY_KINDS = {OWL.ObjectProperty: "object property", OWL.DatatypeProperty: "datatype property",
                  OWL.AnnotationProperty: "annotation property"}


@dataclass
class Term:
    """One documented term, with its links already resolved to curies."""

    curie: str
    iri: str
    label: str
    comment: str
    kinds: list[str] = field(default_factory=list)
    facts: list[tuple[str, list[str]]] = field(default_factory=list)


def ontology_html(ontology: Graph) -> str:
    """The HTML page documenting ``ontology``.

    >>> from kg.facts.ontology import load_ontology
    >>> "kgo:City" in ontology_html(load_ontology("ontology/kg.ttl"))
    True
    """
    import jinja2

    page = _Page(ontology)
    environment = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return environment.from_string(TEMPLATE).render(
        title=page.text(page.ontology, RDFS.label) or "Ontology",
        comment=page.text(page.ontology, RDFS.comment),
        iri=str(page.ontology or ""),
        version=page.text(page.ontology, OWL.versionInfo),
        license=page.text(page.ontology, DCTERMS.license),
        sections=[("classes", "Classes", page.classes()), ("properties", "Properties", page.properties()),
                  ("individuals", "Individuals", page.individuals())],
        alignments=page.alignments(),
        documented=page.documented,
    )


class _Page:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.ontology = graph.value(None, RDF.type, OWL.Ontology)
        self.class_iris = sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))
        self.property_iris = sorted({p for kind in PROPERTY_KINDS for p in graph.subjects(RDF.type, kind)})
        skip = {OWL.Class, OWL.Ontology, *PROPERTY_KINDS}
        self.individual_iris = sorted(
            {s for s, o in graph.subject_objects(RDF.type) if isinstance(s, URIRef) and o not in skip}
            - set(self.property_iris) - set(self.class_iris)
        )
        self.documented = {self.curie(i) for i in self.class_iris + self.property_iris + self.individual_iris}

    def curie(self, iri) -> str:
        for prefix, namespace in PREFIXES.items():
            if str(iri).startswith(str(namespace)) and len(str(iri)) > len(str(namespace)):
                return f"{prefix}:{str(iri)[len(str(namespace)):]}"
        return str(iri)

    def text(self, subject, predicate) -> str:
        value = self.graph.value(subject, predicate) if subject is not None else None
        return "" if value is None else str(value)

    def curies(self, subject, predicate) -> list[str]:
        return sorted(self.curie(o) for o in self.graph.objects(subject, predicate))

    def term(self, iri: URIRef, kinds: list[str], facts: list[tuple[str, list[str]]]) -> Term:
        return Term(self.curie(iri), str(iri), self.text(iri, RDFS.label), self.text(iri, RDFS.comment), kinds,
                    [(name, values) for name, values in facts if values])

    def classes(self) -> list[Term]:
        g = self.graph
        return [self.term(c, ["class"], [
            ("subclass of", self.curies(c, RDFS.subClassOf)),
            ("superclass of", sorted(self.curie(s) for s in g.subjects(RDFS.subClassOf, c))),
            ("domain of", sorted(self.curie(p) for p in g.subjects(RDFS.domain, c))),
            ("range of", sorted(self.curie(p) for p in g.subjects(RDFS.range, c))),
            ("instances", sorted(self.curie(i) for i in g.subjects(RDF.type, c) if i in self.individual_iris)),
        ]) for c in self.class_iris]

    def properties(self) -> list[Term]:
        return [self.term(p, sorted(PROPERTY_KINDS.get(k) or self.curie(k) for k in self.graph.objects(p, RDF.type)), [
            ("domain", self.curies(p, RDFS.domain)),
            ("range", self.curies(p, RDFS.range)),
            ("subproperty of", self.curies(p, RDFS.subPropertyOf)),
            ("superproperty of", sorted(self.curie(s) for s in self.graph.subjects(RDFS.subPropertyOf, p))),
        ]) for p in self.property_iris]

    def individuals(self) -> list[Term]:
        return [self.term(i, self.curies(i, RDF.type), [
            ("notation", [str(n) for n in self.graph.objects(i, SKOS.notation)]),
            ("in scheme", self.curies(i, SKOS.inScheme)),
        ]) for i in self.individual_iris]

    def alignments(self) -> list[tuple[str, str, str, str]]:
        """(kg term, relation, standard term, vocabulary) for each axiom tying a kgo: term to a standard one.

        Subclass and subproperty axioms, and the typing of kg's properties as
        RDF Data Cube dimensions, measures and attributes.
        """
        rows = []
        relations = ((RDFS.subClassOf, "rdfs:subClassOf"), (RDFS.subPropertyOf, "rdfs:subPropertyOf"), (RDF.type, "rdf:type"))
        for relation, name in relations:
            for s, o in self.graph.subject_objects(relation):
                target = self.curie(o)
                if relation == RDF.type and not target.startswith("qb:"):
                    continue  # owl:Class and the like say what a term is, not what it aligns to
                if str(s).startswith(str(KGO)) and not str(o).startswith(str(KGO)):
                    rows.append((self.curie(s), name, target, VOCABULARIES.get(target.split(":")[0], "other")))
        return sorted(rows, key=lambda row: (row[3], row[0], row[2]))


TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
section.term { border-top: 1px solid #ccc; padding: .5rem 0; }
code { background: #f4f4f4; padding: 0 .2rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; }
dt { font-weight: 600; float: left; clear: left; width: 9rem; } dd { margin-left: 10rem; }
.kind { color: #555; font-size: .9em; }
</style>
</head>
<body>
{% macro ref(curie) %}{% if curie in documented %}<a href="#{{ curie }}"><code>{{ curie }}</code></a>{% else %}<code>{{ curie }}</code>{% endif %}{% endmacro %}
<h1>{{ title }}</h1>
<p><code>{{ iri }}</code>{% if version %} · version {{ version }}{% endif %}{% if license %} · license <code>{{ license }}</code>{% endif %}</p>
<p>{{ comment }}</p>
<nav><ul>
{% for id, heading, terms in sections %}
<li><a href="#{{ id }}">{{ heading }}</a> ({{ terms|length }})</li>
{% endfor %}
<li><a href="#alignments">Alignments</a> ({{ alignments|length }})</li>
</ul></nav>
{% for id, heading, terms in sections %}
<h2 id="{{ id }}">{{ heading }}</h2>
{% for term in terms %}
<section class="term" id="{{ term.curie }}">
<h3><code>{{ term.curie }}</code> {{ term.label }} <span class="kind">{{ term.kinds|join(", ") }}</span></h3>
<p><code>{{ term.iri }}</code></p>
{% if term.comment %}<p>{{ term.comment }}</p>{% endif %}
{% if term.facts %}
<dl>
{% for name, values in term.facts %}
<dt>{{ name }}</dt>
<dd>{% for value in values %}{{ ref(value) }}{% if not loop.last %}, {% endif %}{% endfor %}</dd>
{% endfor %}
</dl>
{% endif %}
</section>
{% endfor %}
{% endfor %}
<h2 id="alignments">Alignments</h2>
<p>Each kg term and the standard term it specialises.</p>
<table>
<tr><th>kg term</th><th>relation</th><th>standard term</th><th>vocabulary</th></tr>
{% for term, relation, target, vocabulary in alignments %}
<tr><td>{{ ref(term) }}</td><td><code>{{ relation }}</code></td><td>{{ ref(target) }}</td><td>{{ vocabulary }}</td></tr>
{% endfor %}
</table>
</body>
</html>
"""
