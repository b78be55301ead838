"""A SHACL SPARQL constraint's query rewritten so that Oxigraph joins its triple patterns by hashing, not by a
lookup a row.

Oxigraph joins the triple patterns of a group one row at a time: for each
solution of the patterns so far, the next pattern is looked up in the store
with the solution's values bound (a seek in its indexes). Over the whole
graph that is a seek for every statement, observation or fact the constraint
reads, and a seek costs more the larger the store is (at 4,000 documents
about three times what it costs at 400: fewer of the indexes' blocks are at
hand), so the constraints grew 26 times for 10 times the data. Written as
subqueries of one triple pattern each (``{ SELECT * WHERE { ?s rdf:subject ?o
} }``), the same group is evaluated as scans of the store's indexes, one a
pattern, joined in memory by hashing: linear in what the patterns match, and
at 400 documents several times cheaper as well.

The rewrite changes no answer: a group of triple patterns matches exactly the
rows of the join of its patterns (SPARQL's definition of a basic graph
pattern), FILTERs and BINDs keep their place in the group, and a ``MINUS``
group is rewritten the same way. A query it does not understand (property
paths, blank nodes, OPTIONAL, UNION, VALUES, nested groups, subqueries, a
pattern the store answers with a lookup of its own: ``FILTER NOT EXISTS``) is
left as it is: that part keeps Oxigraph's plan.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A token of the query's text: comments and whitespace skipped, strings and IRIs whole.
_TOKEN = re.compile(r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z_0-9]\w*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<name>(?:[A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?:[\w%-]+(?:[.:][\w%-]+)*)?|[A-Za-z_]\w*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].;,/|^*+?!=<>-])
""", re.VERBOSE)



class _Token(NamedTuple):
    kind: str
    text: str
    start: int  # where it stands in the query's text
    end: int


_PLAIN = {"iri", "var", "name", "string", "number"}  # what a triple pattern's term may be here
_SIMPLE_NAMES = {"a", "true", "false"}


def hash_joined(select: str) -> str:
    """``select`` with each group of triple patterns in its WHERE clause (and in a ``MINUS`` there) written as
    subqueries of one pattern each; ``select`` itself where it holds anything else.

    >>> print(hash_joined("SELECT ?s WHERE { ?s a ?c ; <p> 'x' . FILTER (?c != <d>) }"))
    SELECT ?s WHERE { { SELECT * WHERE { ?s a ?c } } { SELECT * WHERE { ?s <p> 'x' } } FILTER (?c != <d>) }
    >>> print(hash_joined("SELECT ?s WHERE { ?s <p>/<q> ?o }"))
    SELECT ?s WHERE { ?s <p>/<q> ?o }
    """
    tokens = _tokens(select)
    if tokens is None:
        return select
    where = next((i for i, token in enumerate(tokens) if token.kind == "name" and token.text.upper() == "WHERE"), None)
    if where is None or where + 1 >= len(tokens) or tokens[where + 1].text != "{":
        return select
    end = _closing(tokens, where + 1)
    if end < 0:  # what follows (GROUP BY, ORDER BY, LIMIT...) takes the same rows
        return select
    body = _group(select, tokens[where + 2:end])
    if body is None:
        return select
    return select[:tokens[where + 1].start] + "{ " + body + " }" + select[tokens[end].end:]


def _tokens(text: str) -> list[_Token] | None:
    found, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            return None  # something this reader does not know: the query is left as it is
        position = match.end()
        if match.lastgroup != "space":
            found.append(_Token(match.lastgroup, match.group(), match.start(), match.end()))
    return found


def _closing(tokens: list[_Token], start: int) -> int:
    """The index of the bracket closing the one at ``start``, or -1."""
    depth = 0
    for i in range(start, len(tokens)):
        text = tokens[i][1]
        if tokens[i][0] == "punct" and text in "{([":
            depth += 1
        elif tokens[i][0] == "punct" and text in "})]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _group(text: str, tokens: list[_Token]) -> str | None:
    """The group's elements (``tokens`` of the query ``text``) rewritten, or None if it holds something other
    than triple patterns, FILTER, BIND and MINUS."""
    parts, i = [], 0
    while i < len(tokens):
        kind, word = tokens[i].kind, tokens[i].text
        keyword = word.upper() if kind == "name" else ""
        if keyword in {"FILTER", "BIND"}:
            end = _expression_end(tokens, i + 1)
            if end < 0:
                return None
            parts.append(text[tokens[i].start:tokens[end].end])  # as written
            i = end + 1
        elif keyword == "MINUS" and i + 1 < len(tokens) and tokens[i + 1].text == "{":
            end = _closing(tokens, i + 1)
            inner = _group(text, tokens[i + 2:end]) if end > 0 else None
            if inner is None:
                return None
            parts.append("MINUS { " + inner + " }")
            i = end + 1
        elif kind == "punct" and word == ".":
            i += 1
        else:
            end = _triples_end(tokens, i)
            patterns = _patterns(tokens[i:end])
            if patterns is None:
                return None
            # A pattern whose predicate is a variable would be a scan of the whole store: it stays a lookup a row.
            parts += [" ".join(pattern) + " ." if pattern[1][:1] in "?$" else "{ SELECT * WHERE { " + " ".join(pattern)
                      + " } }" for pattern in patterns]
            i = end
    return " ".join(parts)


def _expression_end(tokens: list[_Token], start: int) -> int:
    """The last token of a FILTER's or BIND's expression from ``start``: a bracketed one, or a call (a name then
    brackets), or NOT EXISTS / EXISTS and a group."""
    i = start
    while i < len(tokens) and tokens[i][0] == "name" and tokens[i][1].upper() in {"NOT", "EXISTS"}:
        i += 1
    if i < len(tokens) and tokens[i][0] == "name" and i + 1 < len(tokens) and tokens[i + 1][1] == "(":
        i += 1
    if i >= len(tokens) or tokens[i][1] not in {"(", "{"}:
        return -1
    return _closing(tokens, i)


def _triples_end(tokens: list[_Token], start: int) -> int:
    """Where the triples from ``start`` end: at a '.' or a keyword at the top of the group, or the group's end."""
    depth = 0
    for i in range(start, len(tokens)):
        kind, text = tokens[i].kind, tokens[i].text
        if kind == "punct" and text in "{([":
            depth += 1
        elif kind == "punct" and text in "})]":
            depth -= 1
        elif depth == 0 and (text == "." and kind == "punct" or kind == "name" and text.upper() in {
                "FILTER", "BIND", "MINUS", "OPTIONAL", "UNION", "VALUES", "GRAPH", "SERVICE", "SELECT"}):
            return i
    return len(tokens)


def _patterns(tokens: list[_Token]) -> list[list[str]] | None:
    """The triple patterns of ``s p o ; p o , o`` (plain terms only), or None."""
    terms, i = [], 0
    while i < len(tokens):  # a term: one token, or a literal with its language or datatype
        kind, text = tokens[i].kind, tokens[i].text
        if kind not in _PLAIN or kind == "name" and ":" not in text and text not in _SIMPLE_NAMES:
            if kind == "punct" and text in {";", ","}:
                terms.append(text)
                i += 1
                continue
            return None
        if text.startswith("_:"):
            return None  # a blank node's label may not be shared between subqueries
        if kind == "string" and i + 1 < len(tokens) and (tokens[i + 1][0] == "lang" or tokens[i + 1][1] == "^^"):
            step = 2 if tokens[i + 1][0] == "lang" else 3
            if i + step > len(tokens):
                return None
            text = "".join(t.text for t in tokens[i:i + step])
            i += step
        else:
            i += 1
        terms.append(text)
    patterns: list[list[str]] = []
    subject, predicate, expect = None, None, "subject"
    for term in terms:
        if expect == "subject" and term not in {";", ","}:
            subject, expect = term, "predicate"
        elif expect == "predicate" and term not in {";", ","}:
            predicate, expect = term, "object"
        elif expect == "object" and term not in {";", ","}:
            patterns.append([subject, predicate, term])
            expect = "after"
        elif expect == "after" and term == ";":
            expect = "predicate"
        elif expect == "after" and term == ",":
            expect = "object"
        else:
            return None
    return patterns if expect == "after" and patterns else None
