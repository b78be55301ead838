"""Answers from an Oxigraph store written by Oxigraph's own serialisers, without rdflib terms in between.

A SELECT's rows come out of the engine as TSV (one row a line, every term in
its N-Triples spelling); when the query gives no ORDER BY the lines are
sorted as bytes, which is a stable order whatever the store's layout, and
the sorted rows are handed back to Oxigraph's writers for CSV, JSON or XML.
A CONSTRUCT's triples come out as N-Triples, sorted and without repeats, and
go to the Turtle, RDF/XML or JSON-LD writer from there. kg's extras stay:
its prefixes are predeclared, SERVICE and FROM are refused, the row cap is
counted on the lines, and parameters are bound in a VALUES block.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> answer = run_native(store, 'SELECT ?n WHERE { VALUES ?n { 2 1 } }')
>>> answer.kind, answer.write("csv")
('SELECT', b'n\\r\\n1\\r\\n2\\r\\n')
"""

from __future__ import annotations

import io
import re
from typing import IO, Any, Mapping

import pyoxigraph as ox
from rdflib.term import Node

from kg.errors import KgError, QueryError, TooManyTriples, one_line
from kg.facts.namespaces import PREFIXES
from kg.sparql.params import _SKIP, query_variables, with_values

_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
_TABULAR = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
            "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
_GRAPH = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "rdf": ox.RdfFormat.RDF_XML,
          "jsonld": ox.RdfFormat.JSON_LD}
# SERVICE (another endpoint queried) and FROM / FROM NAMED, as keywords: not inside a name, string or IRI.
_FETCH = re.compile(r"(?<![\w?$:.@\-])(SERVICE|FROM)(?![\w:\-])", re.IGNORECASE)
_SELECT_ALL = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def blanked(text: str) -> str:
    """``text`` with strings, IRIs and comments turned to spaces of the same length (offsets kept).

    >>> blanked('SELECT * { ?s ?p "FROM" } # SERVICE')
    'SELECT * { ?s ?p        }          '
    """
    return _SKIP.sub(lambda match: " " * len(match.group()), text)


def what_it_fetches(text: str) -> str | None:
    """"SERVICE" or "FROM and FROM NAMED" if the query's text holds that keyword; None if it only reads.

    Found in the text, not a parse: it is what lets a small query reach the
    engine without rdflib's parser. A name or string holding the word does
    not count.

    >>> what_it_fetches("SELECT * FROM <file:///etc/hostname> { ?s ?p ?o }"), what_it_fetches('SELECT ?from { ?from ex:from "FROM" }')
    ('FROM and FROM NAMED', None)
    >>> what_it_fetches('SELECT * { ?s ?p "x"@from } # SERVICE'), what_it_fetches("SELECT * { service <http://x> {} }")
    (None, 'SERVICE')
    """
    found = {m.group(1).upper() for m in _FETCH.finditer(blanked(text))}
    return "SERVICE" if "SERVICE" in found else "FROM and FROM NAMED" if found else None


def check_reads_only(text: str, name: str = "query", allow_fetch: bool = False) -> None:
    """Refuse, with one line, SERVICE and FROM / FROM NAMED unless ``allow_fetch`` (as
    ``kg.sparql.parse.check_reads_only`` does for rdflib's engine); updates are refused when the engine parses.

    >>> check_reads_only("SELECT * { SERVICE <http://x> { ?s ?p ?o } }")
    Traceback (most recent call last):
    kg.errors.QueryError: query: SERVICE refused: it would fetch a URL or a file; pass --allow-fetch to let it
    """
    fetches = what_it_fetches(text)
    if fetches and not allow_fetch:
        raise QueryError(f"{name}: {fetches} refused: it would fetch a URL or a file; pass --allow-fetch to let it")


def is_ordered(text: str) -> bool:
    """True if the query's own solution modifiers hold ORDER BY (one in a subquery does not count).

    >>> is_ordered("SELECT ?x { { SELECT ?x { ?x ?p ?o } ORDER BY ?x LIMIT 2 } }"), is_ordered("SELECT ?x { ?x ?p ?o } order by ?x")
    (False, True)
    """
    plain, depth = blanked(text), 0
    outside = []
    for char in plain:
        depth += char == "{"
        outside.append(char if depth == 0 else " ")
        depth -= char == "}"
    return bool(_ORDER_BY.search("".join(outside)))


class NativeAnswer:
    """A query's answer from an Oxigraph store: ``kind``, ``variables``, and ``write(fmt)`` in Oxigraph's
    serialisations. The query runs again for each write (pyoxigraph's answers are read once)."""

    def __init__(self, store: ox.Store, text: str, union: bool, name: str) -> None:
        self.store, self.text, self.union, self.name = store, text, union, name
        self._found: Any = self._run()
        self.kind = ("ASK" if isinstance(self._found, ox.QueryBoolean) else
                     "SELECT" if isinstance(self._found, ox.QuerySolutions) else _graph_kind(text))
        self.variables = [v.value for v in self._found.variables] if self.kind == "SELECT" else []
        self.ordered = self.kind == "SELECT" and is_ordered(text)

    def _run(self) -> Any:
        try:
            return self.store.query(self.text, prefixes=_PREFIXES, use_default_graph_as_union=self.union)
        except SyntaxError as exc:
            from kg.sparql.parse import is_update, parse_query

            if is_update(self.text):
                raise QueryError(f"{self.name}: updates are not supported: kg only reads the graph (build it from "
                                 f"data/)") from None
            parse_query(self.text, self.name)  # kg's message (line, column, what was expected) where rdflib has one
            raise QueryError(f"{self.name}: {one_line(exc)}") from None
        except OSError as exc:
            raise QueryError(f"{self.name}: cannot evaluate: {one_line(exc)}") from None

    def found(self) -> Any:
        """The engine's answer, read once: the first call gets the one run when the answer was made."""
        found, self._found = self._found, None
        return found if found is not None else self._run()

    def rows_tsv(self, max_rows: int | None = None) -> bytes:
        """The SELECT rows as TSV (header line, then a line a row), sorted unless the query orders them."""
        buffer = _Capped(None if max_rows is None else max_rows + 1)  # the header line, then the rows
        _evaluating(self.name, lambda: self.found().serialize(buffer, ox.QueryResultsFormat.TSV), buffer)
        head, _, body = buffer.getvalue().partition(b"\n")
        lines = body.split(b"\n")[:-1]  # every row ends in a newline (a row of unbound values is an empty line)
        if not self.ordered:
            lines.sort()
        return head + b"\n" + b"".join(line + b"\n" for line in lines)

    def rows_csv(self) -> bytes:
        """The SELECT rows as CSV, sorted as records (text) unless the query orders them."""
        buffer = io.BytesIO()
        _evaluating(self.name, lambda: self.found().serialize(buffer, ox.QueryResultsFormat.CSV))
        body = buffer.getvalue()
        if self.ordered:
            return body
        head, _, rows = body.partition(b"\r\n")
        records = rows.split(b"\r\n")[:-1]
        if any(record.count(b'"') % 2 for record in records):
            records = _whole_records(records)
        records.sort()
        return head + b"\r\n" + b"".join(record + b"\r\n" for record in records)

    def triples_nt(self, max_rows: int | None = None) -> bytes:
        """The CONSTRUCT or DESCRIBE triples as sorted N-Triples, each once."""
        buffer = _Capped(max_rows)
        _evaluating(self.name, lambda: self.found().serialize(buffer, ox.RdfFormat.N_TRIPLES), buffer)
        lines = set(buffer.getvalue().split(b"\n"))
        lines.discard(b"")
        return b"".join(line + b"\n" for line in sorted(lines))

    def write(self, fmt: str, out: IO[bytes] | None = None, max_rows: int | None = None) -> bytes | None:
        """The answer in ``fmt`` (csv, tsv, json, xml; nt, ttl, rdf, jsonld), into ``out`` or returned.

        ASK answers and the aligned table are kg's own (``kg.sparql.results``); use ``as_result`` for them.
        Raises TooManyTriples past ``max_rows`` rows or triples.
        """
        buffer = io.BytesIO() if out is None else None
        target = _Ending(out if out is not None else buffer)
        if self.kind == "SELECT":
            if self.ordered and max_rows is None and fmt != "tsv":
                # The engine's order is the answer's: stream it straight from the engine's writer.
                _evaluating(self.name, lambda: self.found().serialize(target, _TABULAR[fmt]))
            elif fmt == "csv" and max_rows is None:
                target.write(self.rows_csv())  # sorted as CSV records: no second pass through TSV
            else:
                rows = self.rows_tsv(max_rows)
                if fmt == "tsv":
                    target.write(rows)
                else:
                    ox.parse_query_results(rows, ox.QueryResultsFormat.TSV).serialize(target, _TABULAR[fmt])
        else:
            triples = self.triples_nt(max_rows)
            if fmt == "nt":
                target.write(triples)
            else:
                ox.serialize(ox.parse(triples, ox.RdfFormat.N_TRIPLES), target, _GRAPH[fmt], prefixes=_PREFIXES)
        if target.last not in (b"", b"\n"):
            target.write(b"\n")  # a file, or a terminal's prompt, after it (JSON, XML and JSON-LD end without one)
        return buffer.getvalue() if buffer is not None else None

    def as_result(self, max_rows: int | None = None):
        """The answer as rdflib's Result (kg's literal spellings), for the table, ASK and Python callers."""
        from oxrdflib._converter import from_ox
        from rdflib import Graph
        from rdflib.query import Result
        from rdflib.term import Variable

        from kg.store.oxigraph import _simple

        result = Result(self.kind)
        if self.kind == "ASK":
            result.askAnswer = bool(self.found())
        elif self.kind == "SELECT":
            solutions = ox.parse_query_results(self.rows_tsv(max_rows), ox.QueryResultsFormat.TSV)
            result.vars = [Variable(v) for v in self.variables]
            result.bindings = [{var: _simple(from_ox(value)) for var, value in zip(result.vars, row)
                                if value is not None} for row in solutions]
        else:
            result.graph = Graph()
            for quad in ox.parse(self.triples_nt(max_rows), ox.RdfFormat.N_TRIPLES):  # quads of the default graph
                result.graph.add(tuple(_simple(from_ox(term)) for term in (quad.subject, quad.predicate, quad.object)))
        return result


def _whole_records(pieces: list[bytes]) -> list[bytes]:
    """CSV split at every CRLF, joined again where a CRLF was inside a quoted value (an odd count of quotes
    so far).

    >>> _whole_records([b'a,"x', b'y"', b'b,c'])
    [b'a,"x\\r\\ny"', b'b,c']
    """
    records: list[bytes] = []
    open_quotes = False
    for piece in pieces:
        if open_quotes:
            records[-1] += b"\r\n" + piece
        else:
            records.append(piece)
        open_quotes ^= piece.count(b'"') % 2 == 1
    return records


class _Ending:
    """A binary stream that remembers the last byte written through it."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out, self.last = out, b""

    def write(self, data: bytes) -> int:
        if data:
            self.last = data[-1:]
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def _graph_kind(text: str) -> str:
    return "DESCRIBE" if re.search(r"\bDESCRIBE\b", blanked(text), re.IGNORECASE) else "CONSTRUCT"


class _Capped(io.BytesIO):
    """A buffer that stops the engine's writer once more than ``limit`` lines came (None: no limit), so a
    huge answer is refused at the cap, not after it was made whole."""

    def __init__(self, limit: int | None) -> None:
        super().__init__()
        self.limit, self.lines, self.over = limit, 0, False

    def write(self, data: Any) -> int:
        if self.limit is not None:
            self.lines += bytes(data).count(b"\n")
            if self.lines > self.limit:
                self.over = True
                raise TooManyTriples(f"the answer has more than {self.limit} lines")
        return super().write(data)


def _evaluating(name: str, write: Any, buffer: _Capped | None = None) -> None:
    """Run ``write``; the engine evaluates while it writes, so its errors are the query's."""
    try:
        write()
    except (KgError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 (the engine's errors, and ours raised inside its writer)
        if buffer is not None and buffer.over:
            raise TooManyTriples(f"{name}: the answer has more than {buffer.limit} lines") from None
        raise QueryError(f"{name}: cannot evaluate: {one_line(exc)}") from None


def run_native(store: ox.Store, text: str, bindings: Mapping[str, Node] | None = None, name: str = "query",
               union: bool = False) -> NativeAnswer:
    """The answer to ``text`` on ``store`` (``union``: the data and the ontology's graph as one).

    ``bindings`` bind variables in a VALUES block; an unknown one is a
    QueryError, as is a syntax error. ``SELECT *`` lists its columns in the
    order they first appear in the query, as kg always has.
    """
    unknown = sorted(set(bindings or {}) - query_variables(text))
    if unknown:
        known = ", ".join(f"?{v}" for v in sorted(query_variables(text))) or "none"
        raise QueryError(f"{name}: unknown parameter ?{unknown[0]}: the query has no such variable (its variables: {known})")
    text = with_values(text, dict(bindings or {}))
    answer = NativeAnswer(store, text, union, name)
    star = _SELECT_ALL.search(blanked(text))
    if answer.kind == "SELECT" and star:
        seen = list(dict.fromkeys(re.findall(r"[?$](\w+)", blanked(text))))
        wanted = [v for v in seen if v in answer.variables] + [v for v in answer.variables if v not in seen]
        if wanted != answer.variables and wanted:
            # The engine lists SELECT * in its own order: name the columns in kg's.
            listed = text[:star.end() - 1] + " ".join(f"?{v}" for v in wanted) + text[star.end():]
            answer = NativeAnswer(store, listed, union, name)
    return answer
