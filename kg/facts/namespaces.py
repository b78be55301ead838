"""The namespaces and prefixes of the graph, declared once for every module."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD


class _KeptTerms(Namespace):
    """A Namespace that keeps the terms named as attributes (``KGO.quote``): rdflib's makes a new URIRef at
    each use, and building a graph names a few for every triple."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found by plain attribute lookup from now on
        return term


KGO = _KeptTerms("https://kg.example.org/ontology#")
KGR = _KeptTerms("https://kg.example.org/id/")
SCHEMA = _KeptTerms("https://schema.org/")
ORG = _KeptTerms("http://www.w3.org/ns/org#")
QB = _KeptTerms("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = _KeptTerms("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = _KeptTerms("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = _KeptTerms("http://purl.org/linked-data/sdmx/2009/attribute#")
WD = _KeptTerms("http://www.wikidata.org/entity/")

# Named graphs, where a quad format or store keeps asserted and entailed triples apart.
ASSERTED_GRAPH = URIRef("https://kg.example.org/graph/asserted")
INFERRED_GRAPH = URIRef("https://kg.example.org/graph/inferred")
ONTOLOGY_GRAPH = URIRef("https://kg.example.org/graph/ontology")

# Prefix -> namespace, in the order they are written in Turtle and predeclared
# in queries. Facts files name classes and properties with these prefixes.
PREFIXES: dict[str, Namespace] = {
    "kgo": KGO,
    "kgr": KGR,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "schema": SCHEMA,
    "org": ORG,
    "qb": QB,
    "sdmx-dimension": SDMX_DIMENSION,
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "wd": WD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every kg prefix, to put before a user's query.

    >>> "PREFIX kgo: <https://kg.example.org/ontology#>" in sparql_prologue()
    True
    """
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def expand_curie(curie: str) -> str | None:
    """'schema:City' -> its full IRI, or None if the prefix is unknown.

    >>> expand_curie("kgo:City")
    'https://kg.example.org/ontology#City'
    """
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES:
        return None
    return str(PREFIXES[prefix]) + local
