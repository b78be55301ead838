"""JSON-LD whose @context a web developer reads: each property the graph uses as a short term, with its kind.

``"containedInPlace": "kgr:sichuan"`` rather than ``"schema:containedInPlace": {"@id": "kgr:sichuan"}``: a
term per property (its local name; ``prefix_name`` where two vocabularies share one), coerced to ``@id``
when every value is a node, to its datatype when every value has the same one, to its language when every
value is text in the same language; ``id`` and ``type`` for ``@id`` and ``@type``; kg's prefixes for the rest.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.facts.namespaces import PREFIXES


def readable_context(triples: Iterable[tuple]) -> dict:
    """The @context for ``triples``: kg's prefixes, ``id``/``type``, and a term per property used.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='@prefix schema: <https://schema.org/> . <https://kg.example.org/id/a> '
    ...                   'schema:containedInPlace <https://kg.example.org/id/b> .', format="turtle")
    >>> readable_context(g)["containedInPlace"]
    {'@id': 'schema:containedInPlace', '@type': '@id'}
    """
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    values: dict[URIRef, list] = {}
    for _, predicate, value in triples:
        if predicate != RDF.type:  # "type" is @type's own term
            values.setdefault(predicate, []).append(value)
    named: dict[str, list[tuple[str, URIRef]]] = {}
    for predicate in sorted(values):
        prefix, local = _curie(predicate, prefixes)
        if prefix is not None and local.replace("_", "").replace("-", "").isalnum():
            named.setdefault(local, []).append((prefix, predicate))
    context: dict = {**prefixes, "id": "@id", "type": "@type"}
    for local, uses in sorted(named.items()):
        for prefix, predicate in uses:
            term = local if len(uses) == 1 and local not in context else f"{prefix}_{local}"
            context[term] = {"@id": f"{prefix}:{local}", **_coercion(values[predicate], prefixes)}
    return context


def _coercion(values: list, prefixes: dict[str, str]) -> dict:
    if all(isinstance(v, URIRef) for v in values):
        return {"@type": "@id"}
    if all(isinstance(v, Literal) for v in values):
        datatypes = {v.datatype for v in values}
        languages = {v.language for v in values}
        if len(datatypes) == 1 and None not in datatypes:
            prefix, local = _curie(next(iter(datatypes)), prefixes)
            return {"@type": f"{prefix}:{local}" if prefix else str(next(iter(datatypes)))}
        if len(languages) == 1 and None not in languages:
            return {"@language": next(iter(languages))}
    return {}


def _curie(iri: URIRef, prefixes: dict[str, str]) -> tuple[str | None, str]:
    """The prefix and local name of ``iri`` under the longest matching namespace, or (None, the IRI)."""
    text = str(iri)
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0])):
        if text.startswith(namespace) and len(text) > len(namespace):
            return prefix, text[len(namespace):]
    return None, text
