"""Query parameters: a value as a user types it (kgr:yibin, <IRI>, 2022, '"text"@en') -> an RDF term, bound
in a VALUES block, never spliced into the query's text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import QueryError
from kg.facts.namespaces import expand_curie

# Tokens that may hold a "{" that is not a group: strings, IRIs, comments.
_SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*')


def query_variables(text: str) -> set[str]:
    """The names of the variables a query mentions (outside strings, IRIs and comments).

    >>> sorted(query_variables('SELECT ?s WHERE { ?s rdfs:label "?not" ; $p ?o } # ?nor'))
    ['o', 'p', 's']
    """
    return set(re.findall(r"[?$]([A-Za-z_0-9\u00B7-\uFFFF]+)", _SKIP.sub(" ", text)))


def with_values(text: str, bindings: Mapping[str, Node]) -> str:
    """``text`` with ``bindings`` as a VALUES block opening its WHERE clause.

    This is how parameters reach a store that runs SPARQL itself (Oxigraph,
    a remote endpoint): as initial bindings they would be rdflib-only, and
    Oxigraph substitutes only projected variables. Values are RDF terms
    written with ``.n3()``, so text stays a literal whatever it holds. Without a WHERE group (a short-form CONSTRUCT) the
    block goes at the end of the query.

    >>> from rdflib import Literal
    >>> with_values('SELECT ?x WHERE { ?x ?p ?name }', {"name": Literal('a" } x')})
    'SELECT ?x WHERE { VALUES (?name) { ("a\\\\" } x") }  ?x ?p ?name }'
    """
    if not bindings:
        return text
    for name, term in bindings.items():
        if isinstance(term, BNode):
            raise QueryError(f"parameter {name}: a blank node cannot be given as a parameter")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    block = f"VALUES ({names}) {{ ({values}) }}"
    at = _where_brace(text)
    if at is None:
        return f"{text}\n{block}\n"
    return f"{text[:at + 1]} {block} {text[at + 1:]}"


def _where_brace(text: str) -> int | None:
    """Offset of the "{" opening the WHERE group (after a CONSTRUCT template), or None."""
    braces = [m.start() for m in _code_braces(text)]
    if not braces:
        return None
    head = text[:braces[0]]
    if not re.search(r"\bCONSTRUCT\b", _strip(head), re.IGNORECASE):
        return braces[0]
    if re.search(r"\bWHERE\s*$", _strip(head), re.IGNORECASE):
        return None  # CONSTRUCT WHERE { ... }: the template is the pattern
    depth = 0
    for match in _code_braces(text):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            rest = [m.start() for m in _code_braces(text) if m.start() > match.start() and m.group() == "{"]
            return rest[0] if rest else None
    return None


def _code_braces(text: str):
    position = 0
    for skip in [*_SKIP.finditer(text), None]:
        end = skip.start() if skip else len(text)
        yield from re.compile(r"[{}]").finditer(text, position, end)
        if skip:
            position = skip.end()


def _strip(text: str) -> str:
    return _SKIP.sub(" ", text)


_IRI = re.compile(r'<([^<>"{}|^`\\\x00-\x20]*)>')
_CURIE = re.compile(r"([A-Za-z][\w.-]*):([\w.:%/-]*)")
_QUOTED = re.compile(r'"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?', re.DOTALL)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_term(value: str, what: str = "value") -> Node:
    """Read a parameter value: an IRI in <>, a prefixed name, a number, a quoted literal, or else plain text.

    The value is never parsed as SPARQL, so text such as ``x" } ...`` stays a literal.

    >>> parse_term("kgr:yibin")
    rdflib.term.URIRef('https://kg.example.org/id/yibin')
    >>> parse_term("2022"), parse_term('"Yibin"@en'), parse_term("Yibin")
    (rdflib.term.Literal('2022', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), rdflib.term.Literal('Yibin', lang='en'), rdflib.term.Literal('Yibin'))
    """
    iri = _IRI.fullmatch(value)
    if iri:
        return URIRef(iri.group(1))
    if value.startswith("<"):
        raise QueryError(f"{what}: {value!r} is not a valid IRI (no spaces, quotes or braces inside <>)")
    curie = _CURIE.fullmatch(value)
    if curie and not value[curie.end(1) + 1:].startswith("//"):
        expanded = expand_curie(value)
        if expanded is None:
            raise QueryError(
                f"{what}: unknown prefix '{curie.group(1)}:' in {value!r}; write a full IRI in <> or a quoted literal"
            )
        return URIRef(expanded)
    if re.fullmatch(r"[+-]?\d+", value):
        return Literal(int(value), datatype=XSD.integer)
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        try:
            return Literal(Decimal(value), datatype=XSD.decimal)
        except InvalidOperation:
            pass
    quoted = _QUOTED.fullmatch(value)
    if quoted:
        text, lang, datatype = quoted.groups()
        if datatype:
            dt = parse_term(datatype, what)
            if not isinstance(dt, URIRef):
                raise QueryError(f"{what}: datatype {datatype!r} is not an IRI")
            return Literal(text, datatype=dt)
        return Literal(text, lang=lang)
    return Literal(value)


def parse_param(text: str) -> tuple[str, Node]:
    """``NAME=VALUE`` (as given to ``--param``) -> the variable name and its value.

    >>> parse_param("entity=kgr:catl")
    ('entity', rdflib.term.URIRef('https://kg.example.org/id/catl'))
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _VARIABLE.fullmatch(name):
        raise QueryError(f"--param {text!r}: expected NAME=VALUE, such as entity=kgr:yibin")
    return name, parse_term(value, f"--param {name}")
