"""The terms a view or an export reads, as plain Python values: an IRI is a ``str``, a literal a ``Lit``, a
blank node ``_:id``. One model for ``kg.viz`` (its pages) and ``kg.export`` (the property graphs).

A view of a corpus reads half a million triples and hashes, compares and
sorts their terms millions of times. rdflib's terms do that in Python code
(``URIRef.__eq__``, ``Literal.__hash__``) and cost a Python object each;
plain strings and tuples do it in C. Both readers give the same values: an
rdflib graph (``from_rdflib``) and Oxigraph's parser or store
(``from_oxigraph``), with literals spelled as the built graph spells them
(an xsd:decimal as ``kg.facts.terms.decimal_literal`` writes it, a plain
string without its xsd:string type), so a page drawn from either is the
same, byte for byte. An export keeps a literal as written (``as_written``:
only the xsd:string type dropped).
>>> from rdflib import Literal, URIRef
>>> from_rdflib(URIRef("https://kg.example.org/id/acme")), from_rdflib(Literal("2", datatype=DECIMAL))
('https://kg.example.org/id/acme', Lit(value='2.0', datatype='http://www.w3.org/2001/XMLSchema#decimal', language=''))
>>> number(Lit("163522000000.0", DECIMAL)), number(Lit("Riverton")), str(Lit("Riverton"))
(Decimal('163522000000.0'), None, 'Riverton')
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

XSD = "http://www.w3.org/2001/XMLSchema#"
DECIMAL, STRING, LANG_STRING = XSD + "decimal", XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# The numeric datatypes and how Python reads them (rdflib's toPython, for the ones a statistic carries).
_INTEGERS = {XSD + name for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong",
                                     "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}


class Lit(NamedTuple):
    """A literal: its lexical form, its datatype IRI ("" for a plain or language-tagged string) and language."""

    value: str
    datatype: str = ""
    language: str = ""

    def __str__(self) -> str:  # as rdflib's Literal: the lexical form
        return self.value


Term = str | Lit
Triple = tuple[str, str, Term]


def as_written(value: str, datatype: str, language: str = "") -> Lit:
    """A literal as written: a plain or language-tagged string without its datatype, any other with it.

    >>> as_written("1.50", DECIMAL), as_written("Riverton", STRING), as_written("Riverton", LANG_STRING, "en")
    (Lit(value='1.50', datatype='http://www.w3.org/2001/XMLSchema#decimal', language=''), Lit(value='Riverton', datatype='', language=''), Lit(value='Riverton', datatype='', language='en'))
    """
    if language or datatype in (STRING, LANG_STRING):
        return Lit(value, "", language)
    return Lit(value, datatype)


def literal(value: str, datatype: str, language: str) -> Lit:
    """A literal in the built graph's spelling (an xsd:decimal as ``decimal_literal`` writes it: ``2.0``)."""
    if language or datatype in (STRING, LANG_STRING):
        return Lit(value, "", language)
    if datatype == DECIMAL:
        from kg.facts.terms import decimal_literal

        try:
            return Lit(str(decimal_literal(Decimal(value))), DECIMAL)
        except InvalidOperation:  # an ill-typed literal stays as written
            pass
    return Lit(value, datatype)


def from_rdflib(term) -> Term:
    """An rdflib term as a plain value."""
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        return literal(str(term), str(term.datatype or ""), term.language or "")
    return f"_:{term}" if isinstance(term, BNode) else sys.intern(str(term))


def from_rdflib_triples(triples: Iterable) -> Iterator[Triple]:
    """rdflib's triples as plain values, each distinct term converted once."""
    made: dict = {}
    for triple in triples:
        plain = []
        for term in triple:
            if (found := made.get(term)) is None:
                found = made[term] = from_rdflib(term)
            plain.append(found)
        yield tuple(plain)


def from_oxigraph(quads: Iterable) -> Iterator[Triple]:
    """The triples of Oxigraph's quads or triples (a store's or its parser's) as plain values; every IRI
    interned (one string per IRI however often it recurs: less memory, and comparisons by identity)."""
    import pyoxigraph as ox

    named, intern = ox.NamedNode, sys.intern
    for s, p, o, *_ in quads:
        s = intern(s.value) if type(s) is named else f"_:{s.value}"
        if type(o) is named:
            o = intern(o.value)
        elif isinstance(o, ox.Literal):
            o = literal(o.value, o.datatype.value, o.language or "")
        else:
            o = f"_:{o.value}"
        yield s, intern(p.value), o


# One N-Triples line as Oxigraph writes it (kg.build's merged lines): subject, predicate IRI, object. A line of
# any other shape (a comment, RDF-star) makes ``parse_lines`` hand its block to Oxigraph's parser.
_LINE = re.compile(rb"^(\S+) <([^>]*)> (.*) \.$", re.M)
_LITERAL = re.compile(rb'"(.*)"(?:\^\^<([^>]*)>|@(\S+))?', re.S)
_BLOCK = 1 << 25  # bytes read at a time: a 4,000-document graph (1.2 GB of lines) is never whole in memory


def parse_lines(path: Path) -> Iterator[Triple]:
    """The triples of an N-Triples file as Oxigraph writes it (the build's merged lines), as plain values:
    the same values as ``from_oxigraph`` of Oxigraph's parser gives, read by one regular expression a block
    at a time, each distinct term converted once (at 400 documents 1.2 to 1.4 s of CPU against 1.6 to 1.7 s).

    A line with an escape (``\\``) is handed to Oxigraph's parser, and so is a block with a line of another
    shape. Raises SourceError naming the file if it cannot be read or parsed.
    """
    from kg.errors import SourceError, one_line

    made: dict[bytes, Term] = {}
    try:
        with open(path, "rb") as f:
            pending = b""
            while block := f.read(_BLOCK):
                block = pending + block
                end = block.rfind(b"\n") + 1
                pending = block[end:]
                yield from _block_triples(block[:end], made)
            if pending:
                yield from _block_triples(pending + b"\n", made)
    except (OSError, SyntaxError, ValueError) as exc:
        raise SourceError(f"{path}: cannot read the graph: {one_line(exc)}") from None


def _block_triples(block: bytes, made: dict[bytes, Term]) -> Iterator[Triple]:
    import pyoxigraph as ox

    found = _LINE.findall(block)
    if len(found) != block.count(b"\n"):  # a line this reader does not know: Oxigraph reads the block
        yield from from_oxigraph(ox.parse(block, format=ox.RdfFormat.N_TRIPLES))
        return
    get, last, subject = made.get, None, ""
    for s, p, o in found:
        # Each distinct term is converted once (a subject's triples come together: the lines are sorted); one
        # with an escape (``\\``) is left to Oxigraph's parser, which decodes it.
        if s != last:
            last, subject = s, _term(s)
        if (predicate := get(p)) is None:
            predicate = made[p] = _term(b"<%s>" % p)
        if (value := get(o)) is None:
            value = _term(o)
            if len(o) < 100:  # IRIs, numbers, years and names recur; a long text seldom does
                made[o] = value
        if subject is None or predicate is None or value is None:
            yield from from_oxigraph(ox.parse(b"%s <%s> %s .\n" % (s, p, o), format=ox.RdfFormat.N_TRIPLES))
        else:
            yield subject, predicate, value


def _term(raw: bytes) -> Term | None:
    """A term as N-Triples writes it, as a plain value; None for one with an escape."""
    if b"\\" in raw:
        return None
    if raw[:1] == b"<":
        return sys.intern(raw[1:-1].decode("utf-8"))
    if raw[:1] == b"_":
        return raw.decode("utf-8")
    match = _LITERAL.fullmatch(raw)
    if match is None:
        raise ValueError(f"not an N-Triples term: {raw[:80]!r}")
    value, datatype, language = (x.decode("utf-8") if x else "" for x in match.groups())
    return literal(value, datatype or (LANG_STRING if language else STRING), language)


def number(term: object) -> int | Decimal | float | None:
    """A numeric literal's value (as rdflib's ``toPython``: int, Decimal or float), None for anything else."""
    if not isinstance(term, Lit):
        return None
    try:
        if term.datatype in _INTEGERS:
            return int(term.value)
        if term.datatype == DECIMAL:
            return Decimal(term.value)
        if term.datatype in _FLOATS:
            return float(term.value)
    except (ValueError, InvalidOperation):  # ill-typed: not a number
        return None
    return None


def is_iri(term: object) -> bool:
    """An IRI, not a literal or a blank node."""
    return isinstance(term, str) and not term.startswith("_:")
