"""Terms written as N-Triples text, as rdflib's N-Triples serializer writes them: the form the graph builder
keeps its triples in.

The build wants each document's graph as N-Triples lines. Making rdflib terms first (a URIRef and a Literal
for every value, each then asked for its ``n3()``) cost more than all the rest of building a document; a term
written as text once is what both the lines and the SHACL index read. ``to_rdflib`` turns one back into
rdflib's term where an rdflib Graph is wanted (``kg.api``'s graph in memory).

>>> literal("Acme \\"Bluewave\\"", lang="en")
'"Acme \\\\"Bluewave\\\\""@en'
>>> to_rdflib(integer(7)).toPython(), to_rdflib("<https://kg.example.org/id/acme>")
(7, rdflib.term.URIRef('https://kg.example.org/id/acme'))
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

_INTEGER, _DECIMAL, _DATE, _GYEAR = (f"<{XSD[name]}>" for name in ("integer", "decimal", "date", "gYear"))


class Names:
    """A namespace's terms as N-Triples IRIs (``Names(KGO).quote`` is ``<https://...#quote>``), each written
    once and kept: a graph names a few for every triple."""

    def __init__(self, namespace: str):
        self._base = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        term = f"<{self._base}{name}>"
        self.__dict__[name] = term  # found by plain attribute lookup from now on
        return term

    def __getitem__(self, local: str) -> str:
        return f"<{self._base}{local}>"


def iri(value: str) -> str:
    """An IRI as N-Triples writes it.

    >>> iri("https://kg.example.org/id/acme")
    '<https://kg.example.org/id/acme>'
    """
    return f"<{value}>"


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal as rdflib's N-Triples serializer writes it (``_quoteLiteral``): the lexical form quoted and
    escaped, then ``@lang`` or ``^^<datatype>`` (``datatype`` written as ``iri`` writes it)."""
    quoted = '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
    if lang:
        return f"{quoted}@{lang}"
    return f"{quoted}^^{datatype}" if datatype else quoted


def integer(value: int) -> str:
    """An xsd:integer, as ``Literal(value)`` is written.

    >>> integer(-12)
    '"-12"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    return f'"{value}"^^{_INTEGER}'


def decimal(lexical: str) -> str:
    """An xsd:decimal of a lexical form already canonical (``kg.facts.terms.decimal_lexical``)."""
    return f'"{lexical}"^^{_DECIMAL}'


def year(lexical: str) -> str:
    """An xsd:gYear of its lexical form, as rdflib keeps it (unchanged)."""
    return f'"{lexical}"^^{_GYEAR}'


def date(value) -> str:
    """An xsd:date of a ``datetime.date``, as ``Literal(value, datatype=XSD.date)`` is written."""
    return f'"{value.isoformat()}"^^{_DATE}'


def from_rdflib(term: Node) -> str:
    """An rdflib term as N-Triples text (the bytes of rdflib's serializer): for the few values written
    through rdflib, whose rules for a datatype kg does not know are rdflib's."""
    return _quoteLiteral(term) if isinstance(term, Literal) else term.n3()


_ESCAPE = re.compile(r'\\(.)')
_UNESCAPED = {"n": "\n", "r": "\r", '"': '"', "\\": "\\"}


@lru_cache(maxsize=65536)
def to_rdflib(term: str) -> Node:
    """The rdflib term an N-Triples term written by this module stands for (an IRI, a blank node, a
    literal): ``from_rdflib`` backwards."""
    if term[0] == "<":
        return URIRef(term[1:-1])
    if term[0] == "_":
        return BNode(term[2:])
    end = term.rindex('"')  # a language tag or datatype IRI holds no quote
    text = _ESCAPE.sub(lambda match: _UNESCAPED.get(match.group(1), match.group(0)), term[1:end])
    rest = term[end + 1:]
    if rest.startswith("@"):
        return Literal(text, lang=rest[1:])
    return Literal(text, datatype=URIRef(rest[3:-1])) if rest else Literal(text)


def n3(term: str) -> str:
    """rdflib's ``n3()`` of the term: the N-Triples text, but for a literal that holds a line break (rdflib
    writes it in triple quotes). Statement IRIs are digests of it, as they were made from rdflib's terms."""
    return to_rdflib(term).n3() if term[0] == '"' and "\\n" in term else term
