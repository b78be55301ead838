"""The IRIs and literals kg mints: entities, sources, excerpts, statements, extractions; canonical terms for
sorting; the label a reader sees of a node."""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.facts.model import Excerpt
from kg.facts.namespaces import KGO, KGR, QB

# Classes whose instances are records about facts (their evidence, their
# sources, the statistics' data sets, the extractions that drafted them)
# rather than entities the sources name.
RECORD_CLASSES = frozenset(
    {QB.Observation, QB.DataSet, KGO.Excerpt, KGO.SourceDocument, KGO.Reference, RDF.Statement,
     KGO.Extraction, PROV.SoftwareAgent}
)


def entity_iri(entity_id: str) -> URIRef:
    """The IRI of an entity: readable and stable across builds.

    >>> str(entity_iri("yibin"))
    'https://kg.example.org/id/yibin'
    """
    return KGR[entity_id]


def preferred_label(graph: Graph, node: URIRef) -> str | None:
    """The name to show for ``node``: skos:prefLabel, else rdfs:label; English first; None if it has none.

    >>> from rdflib import Graph
    >>> g = Graph()
    >>> g.add((KGR.x, RDFS.label, Literal("Yibin", lang="en")))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> preferred_label(g, KGR.x), preferred_label(g, KGR.y)
    ('Yibin', None)
    """
    for prop in (SKOS.prefLabel, RDFS.label):
        labels = sorted(graph.objects(node, prop), key=lambda label: (getattr(label, "language", None) != "en", str(label)))
        if labels:
            return str(labels[0])
    return None


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal in canonical form ("163522000000.0"), so that it equals itself after a round trip.

    >>> decimal_literal(Decimal("163.522E9"))
    rdflib.term.Literal('163522000000.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    return Literal(decimal_lexical(value), datatype=XSD.decimal)


def decimal_lexical(value: Decimal) -> str:
    """The canonical lexical form of an xsd:decimal, as ``decimal_literal`` writes it.

    >>> decimal_lexical(Decimal("5")), decimal_lexical(Decimal("0.50"))
    ('5.0', '0.5')
    """
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def canonical_term(term: Node | None) -> Node | None:
    """A term as every store writes it: an xsd:decimal in ``decimal_literal``'s spelling, anything else unchanged.

    Oxigraph keeps decimals in its own canonical form (``163522000000``), rdflib
    keeps the text it read (``163522000000.0``); this makes all stores agree.

    >>> canonical_term(Literal("163522000000", datatype=XSD.decimal))
    rdflib.term.Literal('163522000000.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        try:
            return decimal_literal(Decimal(str(term)))
        except InvalidOperation:  # an ill-typed literal stays as written
            return term
    return term


def from_oxigraph(term):
    """An Oxigraph term (``pyoxigraph.NamedNode``, ``BlankNode`` or ``Literal``) as rdflib's, as oxrdflib makes it.

    >>> import pyoxigraph as ox
    >>> from_oxigraph(ox.Literal("2", datatype=ox.NamedNode(str(XSD.integer)))).toPython()
    2
    """
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def source_iri(source_id: str) -> URIRef:
    return KGR[f"source/{source_id}"]


def excerpt_iri(excerpt: Excerpt) -> URIRef:
    return KGR[f"excerpt/{excerpt.source_id}/{excerpt.start}-{excerpt.end}"]


def reference_iri(reference_id: str) -> URIRef:
    return KGR[f"reference/{reference_id}"]


def statement_iri(s: URIRef, p: URIRef, o: URIRef | Literal, extraction: URIRef | None = None) -> URIRef:
    """One IRI per distinct triple, so evidence from several quotes meets on one node.

    A drafted triple gets a statement of its own extraction, so that a curated
    statement of the same triple never appears to be a draft, nor the reverse.
    """
    return KGR[f"statement/{statement_digest(s, p, o.n3(), extraction)}"]


def statement_digest(s: str, p: str, o: str, extraction: str | None = None) -> str:
    """The local part of ``statement_iri``: ``s``, ``p`` and ``extraction`` as plain IRIs, ``o`` as
    rdflib's ``n3()`` writes the object."""
    key = f"{s} {p} {o}" + (f" {extraction}" if extraction is not None else "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def extraction_iri(source_id: str) -> URIRef:
    return KGR[f"extraction/{source_id}"]


def extractor_iri(name: str, version: str) -> URIRef:
    return KGR[f"agent/{name}/{version}"]
