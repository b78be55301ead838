"""Query results -> bytes in each output format: an aligned table, CSV, TSV, SPARQL JSON/XML, RDF.

SELECT and ASK results take ``table``, ``csv``, ``tsv``, ``json`` and ``xml``
(the last two are the W3C SPARQL 1.1 results formats); CONSTRUCT and DESCRIBE
results take ``ttl``, ``nt``, ``jsonld`` and ``rdf`` (RDF/XML). Output is deterministic: the same
result gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD, NamespaceManager
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError
from kg.facts.namespaces import PREFIXES, bind_prefixes
from kg.terminal import printable

TABULAR_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld", "rdf")
FORMATS = TABULAR_FORMATS + GRAPH_FORMATS

# The media type of each format, for an HTTP endpoint's Content-Type.
MEDIA_TYPES = {
    "table": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}

# An ASK answer as a table (csv, tsv, table) has one column, named as the W3C JSON format names the answer.
ASK_COLUMN = "boolean"

_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.short,
            XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger}


def default_format(result: Result, terminal: bool = True) -> str:
    """``table`` for SELECT and ASK on a terminal, ``csv`` when piped; ``ttl`` for CONSTRUCT and DESCRIBE.

    >>> from rdflib import Graph
    >>> default_format(Graph().query("ASK {}"), terminal=False)
    'csv'
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return "ttl"
    return "table" if terminal else "csv"


def format_result(result: Result, fmt: str, namespaces: NamespaceManager | None = None,
                  width: int | None = None) -> bytes:
    """Serialize a query result in ``fmt``; ``namespaces`` gives the table's prefixed names.

    ``width`` (a terminal's columns) is what a ``table`` must fit: longer values
    are wrapped within their column. The other formats always hold full values.

    Raises QueryError if ``fmt`` does not suit the kind of query.

    >>> from rdflib import Graph
    >>> import json
    >>> json.loads(format_result(Graph().query("ASK {}"), "json"))
    {'head': {}, 'boolean': True}
    """
    graph_result = check_format(result.type, fmt)
    if graph_result:
        return _graph_bytes(result.graph, fmt)
    if fmt in ("json", "xml"):
        body = result.serialize(format=fmt, encoding="utf-8")
        return body if body.endswith(b"\n") else body + b"\n"  # a file, or a terminal's prompt, after it
    columns, rows = _columns_rows(result)
    if fmt == "csv":
        return _csv(columns, rows)
    if fmt == "tsv":
        return _tsv(columns, rows)
    return render_table(columns, rows, namespaces or bind_prefixes(Graph()).namespace_manager, width).encode("utf-8")


def check_format(kind: str, fmt: str) -> bool:
    """Raise QueryError if ``fmt`` does not suit a ``kind`` (SELECT, ASK, CONSTRUCT, DESCRIBE) query; True
    for a graph's formats.

    >>> check_format("SELECT", "ttl")
    Traceback (most recent call last):
    kg.errors.QueryError: format 'ttl' does not suit a SELECT query; use one of table, csv, tsv, json, xml
    """
    graph_result = kind in ("CONSTRUCT", "DESCRIBE")
    allowed = GRAPH_FORMATS if graph_result else TABULAR_FORMATS
    if fmt not in allowed:
        raise QueryError(f"format '{fmt}' does not suit a {kind} query; use one of {', '.join(allowed)}")
    return graph_result


def _columns_rows(result: Result) -> tuple[list[str], list[list[Node | None]]]:
    if result.type == "ASK":
        return [ASK_COLUMN], [[Literal(bool(result.askAnswer))]]
    columns = [str(v) for v in result.vars or []]
    return columns, [[row[i] for i in range(len(columns))] for row in result]


# -- CSV and TSV (W3C SPARQL 1.1 Query Results CSV and TSV Formats) --------------------------


def _csv(columns: list[str], rows: list[list[Node | None]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _csv_value(value: Node | None) -> str:
    if value is None:
        return ""
    if isinstance(value, BNode):
        return f"_:{value}"
    return str(value)


def _tsv(columns: list[str], rows: list[list[Node | None]]) -> bytes:
    lines = ["\t".join(f"?{c}" for c in columns)]
    for row in rows:
        lines.append("\t".join("" if v is None else _tsv_value(v) for v in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _tsv_value(value: Node) -> str:
    if isinstance(value, Literal) and value.datatype in (XSD.integer, XSD.decimal, XSD.double, XSD.boolean):
        return str(value)  # Turtle's bare numbers and booleans, as the TSV format allows
    # n3() escapes quotes, tabs and newlines, so a value never breaks the row.
    return value.n3().replace("\t", "\\t")


# -- the table for people ---------------------------------------------------------------------


def render_table(columns: list[str], rows: list[list[Node | None]], namespaces: NamespaceManager,
                 width: int | None = None) -> str:
    """Aligned columns: IRIs as prefixed names, text without quotes or language tags, numbers as numbers.

    With ``width``, the widest columns are narrowed until the table fits, and a
    value longer than its column continues on the next lines (at a space where
    there is one). No line ends in spaces.

    >>> from rdflib import Graph, Literal, URIRef
    >>> nm = bind_prefixes(Graph()).namespace_manager
    >>> print(render_table(["city", "patents"], [[URIRef("https://kg.example.org/id/yibin"), Literal(275)]], nm), end="")
    city       patents
    ---------  -------
    kgr:yibin      275
    >>> print(render_table(["city", "note"], [[Literal("Yibin"), Literal("a city in Sichuan Province")]], nm, width=20), end="")
    city   note
    -----  -------------
    Yibin  a city in
           Sichuan
           Province
    """
    cells = [[_cell(v, namespaces) for v in row] for row in rows]
    numeric = [all(v is None or _is_number(v) for v in column) and any(v is not None for v in column)
               for column in zip(*rows)] if rows else [False] * len(columns)
    natural = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    widths = natural if width is None else _fit(natural, [_width(c) for c in columns], width)

    def lines(values: list[str]) -> list[str]:
        wrapped = [_wrap(value, widths[i]) for i, value in enumerate(values)]
        out = []
        for k in range(max(len(w) for w in wrapped)):
            parts = []
            for i, pieces in enumerate(wrapped):
                piece = pieces[k] if k < len(pieces) else ""
                pad = " " * (widths[i] - _width(piece))
                parts.append(pad + piece if numeric[i] else piece + pad)
            out.append("  ".join(parts).rstrip())
        return out

    out = lines(columns) + lines(["-" * w for w in widths])
    for row in cells:
        out.extend(lines(row))
    return "\n".join(out) + "\n"


# A column is narrowed no further than its header or this many columns, whichever is less.
_NARROWEST = 6


def _fit(natural: list[int], headers: list[int], width: int) -> list[int]:
    """Column widths that fit ``width``: the widest columns are capped at one limit, as high as fits.

    >>> _fit([10, 50], [4, 4], 40)
    [10, 28]
    """
    room = width - 2 * (len(natural) - 1)  # two spaces between columns
    if sum(natural) <= room:
        return natural
    floor = [min(n, max(h, _NARROWEST)) for n, h in zip(natural, headers)]

    def capped(limit: int) -> list[int]:
        return [max(f, min(n, limit)) for n, f in zip(natural, floor)]

    low, high = 1, max(natural)  # the highest cap whose widths fit, by bisection
    while low < high:
        middle = (low + high + 1) // 2
        if sum(capped(middle)) <= room:
            low = middle
        else:
            high = middle - 1
    return capped(low)  # too many columns for the terminal: each at its floor, and lines run over


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns, broken at spaces where it can be."""
    if _width(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while _width(word) > width:  # a word longer than the column (an IRI) is cut where the column ends
            cut = _cut(word, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _cut(text: str, width: int) -> int:
    """How many characters of ``text`` fill ``width`` columns (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += _width(char)
        if used > width:
            return max(index, 1)
    return len(text)


def _is_number(value: Node) -> bool:
    return isinstance(value, Literal) and value.datatype in _NUMERIC


def _cell(value: Node | None, namespaces: NamespaceManager) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef):
        try:
            prefix, _, local = namespaces.compute_qname(value, generate=False)
            return printable(f"{prefix}:{local}" if prefix else f"<{value}>")
        except (KeyError, ValueError):
            return printable(f"<{value}>")
    if isinstance(value, BNode):
        return f"_:{value}"
    if value.datatype in (XSD.decimal, XSD.double, XSD.float):
        return _number(value)
    # One line per row, whatever the text holds, and nothing that drives the terminal (kg.terminal).
    return printable(" ".join(str(value).split()))


def _number(value: Literal) -> str:
    number = value.toPython()
    if isinstance(number, Decimal):
        text = format(number, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _width(text: str) -> int:
    """Terminal columns (wcwidth): a wide (CJK) character takes two, a combining accent none.

    >>> _width("Cafe\u0301"), _width("宜宾市"), _width("Yibin")
    (4, 6, 5)
    """
    # Imported here: only the aligned table needs it, and its import costs a cold `kg query` about 50 ms.
    from wcwidth import wcswidth, wcwidth

    columns = wcswidth(text)
    # -1: a character the terminal has no width for (a control, shown escaped): counted as none
    return columns if columns >= 0 else sum(max(wcwidth(ch), 0) for ch in text)


# -- graphs -----------------------------------------------------------------------------------


def _graph_bytes(graph: Graph, fmt: str) -> bytes:
    # A fresh graph filled in sorted order iterates in that order, so N-Triples
    # and JSON-LD come out the same every time (longturtle sorts by itself).
    ordered = bind_prefixes(Graph())
    for triple in sorted(graph):
        ordered.add(triple)
    if fmt == "ttl":
        return ordered.serialize(format="longturtle", encoding="utf-8")
    if fmt == "nt":
        lines = ordered.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(line for line in lines if line.strip()))
    if fmt == "rdf":
        return ordered.serialize(format="xml", encoding="utf-8")
    # kg's prefixes as the @context, as kg export writes JSON-LD: not the 30-odd rdflib binds by default.
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    body = ordered.serialize(format="json-ld", encoding="utf-8", context=context, auto_compact=True, indent=2,
                             sort_keys=True)
    return body if body.endswith(b"\n") else body + b"\n"
