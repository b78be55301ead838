"""SPARQL over a graph: kg's prefixes predeclared, errors with line and column, the query library.

A library query is a file ``queries/NAME.rq`` whose leading ``#`` comment
states the question it answers; ``# param ?NAME = VALUE`` lines in that
comment give a parameter's default value (bound as an initial binding).
"""

from __future__ import annotations

import contextvars
import difflib
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable, Iterator, Mapping

from pyparsing import ParseException, ParserElement
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError, one_line
from kg.graph import canonical_term
from kg.namespaces import PREFIXES, expand_curie
from kg.project import missing_hint

DEFAULT_QUERIES_DIR = Path("queries")


class QueryError(KgError):
    """A query that does not parse or cannot be evaluated, or an unknown query or parameter."""


# -- parsing, with the position of the error -----------------------------------------------


def parse_query(text: str, name: str = "query") -> Query:
    """Parse SPARQL with kg's prefixes predeclared.

    Raises QueryError naming the line and column (in ``text``) and the offending text.

    >>> parse_query("SELECT ?c WHERE { ?c a kgo:City }").algebra.name
    'SelectQuery'
    >>> parse_query("SELECT ?c WHERE { ?c a kgo:City . FILTER(?c = ) }")
    Traceback (most recent call last):
    kg.query.QueryError: query: syntax error at line 1, column 47: unexpected ")" in: SELECT ?c WHERE { ?c a kgo:City . FILTER(?c = ) }
    """
    try:
        parsed = prepareQuery(text, initNs={p: str(ns) for p, ns in PREFIXES.items()})
    except ParseException:
        raise QueryError(f"{name}: {_syntax_error(text)}") from None
    except Exception as exc:  # rdflib raises plain Exception for e.g. unknown prefixes
        raise QueryError(f"{name}: {_semantic_error(text, exc)}") from None
    if what_it_fetches(parsed) != "SERVICE":  # Oxigraph would call the other endpoint while preparing
        _check_with_oxigraph(text, name)
    return parsed


def _check_with_oxigraph(text: str, name: str) -> None:
    """Refuse what SPARQL forbids and rdflib lets through, as Oxigraph does, so every store refuses alike.

    rdflib runs ``SELECT ?s ?p { ?s ?p ?o } GROUP BY ?s`` (?p is not grouped)
    and ``SELECT (1 AS ?x) (2 AS ?x) {}``; Oxigraph's parser says why not.
    The query is prepared on an empty store, so it reads nothing; a query with
    SERVICE is not checked this way, for Oxigraph would call the service.

    >>> _check_with_oxigraph("SELECT (1 AS ?x) (2 AS ?x) {}", "query")
    Traceback (most recent call last):
    kg.query.QueryError: query: invalid at line 1, column 30: duplicated variable name in SELECT
    """
    import pyoxigraph as ox

    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    try:
        ox.Store().query(prologue + text)
    except SyntaxError as exc:
        message = str(exc)
        where = re.search(r"at (\d+):(\d+)", message)
        line = int(where.group(1)) - prologue.count("\n") if where else None
        listed = re.sub(r"^.*?expected one of\s*", "", message)
        reasons = [r for r in re.split(r",\s*", listed) if re.match(r"[A-Z]\w* \w+ \w+", r)]
        reason = reasons[0][0].lower() + reasons[0][1:] if reasons else "syntax error"
        position = f" at line {line}, column {where.group(2)}" if where and line and line > 0 else ""
        raise QueryError(f"{name}: invalid{position}: {reason}") from None


def _syntax_error(text: str) -> str:
    """Where parsing really failed: the furthest position any grammar rule failed at.

    pyparsing reports where the failing top-level rule began (often the start
    of a FILTER or of the WHERE block); the furthest failure is where a person
    sees the mistake, so the query is parsed once more, recording it.
    """
    loc = _furthest_failure(text)
    line_no = text.count("\n", 0, loc) + 1
    line_start = text.rfind("\n", 0, loc) + 1
    line_end = text.find("\n", loc)
    line = text[line_start: None if line_end < 0 else line_end]
    token = re.match(r"\S{1,30}", text[loc:])
    unexpected = f'"{token.group(0)}"' if token else "end of query"
    return f"syntax error at line {line_no}, column {loc - line_start + 1}: unexpected {unexpected} in: {line.strip()[:120]}"


_recording: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("kg_parse_failures", default=None)
_grammar_lock = threading.Lock()


def _furthest_failure(text: str) -> int:
    from rdflib.plugins.sparql.parser import Query as grammar
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    def record(_string, loc, _expr, _exc):
        furthest = _recording.get()
        if furthest is not None:  # other threads parsing meanwhile record nothing
            furthest[0] = max(furthest[0], loc)

    elements = _elements(grammar)
    furthest = [0]
    with _grammar_lock:
        # Fail actions are set on rdflib's shared grammar only for this one parse.
        saved = [(e, e.failAction) for e in elements]
        token = _recording.set(furthest)
        try:
            for element in elements:
                element.set_fail_action(record)
            grammar.parse_string(expandUnicodeEscapes(text), parse_all=True)
        except ParseException:
            pass
        finally:
            _recording.reset(token)
            for element, action in saved:
                element.failAction = action
    return min(furthest[0], len(text))


def _elements(root: ParserElement) -> list[ParserElement]:
    seen: dict[int, ParserElement] = {}
    stack = [root]
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen[id(element)] = element
        stack.extend(getattr(element, "exprs", None) or [])
        inner = getattr(element, "expr", None)
        if isinstance(inner, ParserElement):
            stack.append(inner)
    return list(seen.values())


def _semantic_error(text: str, exc: Exception) -> str:
    message = " ".join(str(exc).split())
    unknown = re.match(r"Unknown namespace prefix : (\S+)", message)
    if unknown:
        prefix = unknown.group(1)
        at = re.search(rf"(?<![\w:-]){re.escape(prefix)}:", text)
        where = f" at line {text.count(chr(10), 0, at.start()) + 1}, column {at.start() - text.rfind(chr(10), 0, at.start())}" if at else ""
        known = ", ".join(PREFIXES)
        return f"unknown prefix '{prefix}:'{where}; predeclared prefixes are {known}"
    return message


# -- what a query would do beyond reading the graph ----------------------------------------


def is_update(text: str) -> bool:
    """True if ``text`` is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR...), which kg never runs.

    >>> is_update("DELETE WHERE { ?s ?p ?o }"), is_update("SELECT * { ?s ?p ?o }")
    (True, False)
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 (pyparsing's and rdflib's errors alike mean "not an update")
        return False
    return True


def what_it_fetches(parsed: Query) -> str | None:
    """What a parsed query would fetch from elsewhere: "FROM and FROM NAMED" (files or URLs read into its
    dataset) or "SERVICE" (another endpoint queried); None if it only reads the graph.

    >>> what_it_fetches(parse_query("SELECT * FROM <file:///etc/hostname> { ?s ?p ?o }"))
    'FROM and FROM NAMED'
    """
    if parsed.algebra.get("datasetClause"):
        return "FROM and FROM NAMED"
    if any(getattr(part, "name", None) == "ServiceGraphPattern" for part in _parts(parsed.algebra)):
        return "SERVICE"
    return None


def _parts(node):
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def check_reads_only(text: str, name: str = "query", allow_fetch: bool = False) -> Query:
    """Parse ``text`` and refuse, with one line, what would do more than read the graph.

    An update is "not supported"; SERVICE and FROM/FROM NAMED, which make
    rdflib fetch a URL or read a local file, are refused unless ``allow_fetch``
    (a query file from someone else should not reach the network or the disk).
    """
    try:
        parsed = parse_query(text, name)
    except QueryError:
        if is_update(text):
            raise QueryError(f"{name}: updates are not supported: kg only reads the graph (build it from data/)") from None
        raise
    fetches = what_it_fetches(parsed)
    if fetches and not allow_fetch:
        raise QueryError(f"{name}: {fetches} refused: it would fetch a URL or a file; pass --allow-fetch to let it")
    return parsed


def run_query(
    graph: Graph, text: str, bindings: Mapping[str, Node] | None = None, name: str = "query"
) -> Result:
    """Evaluate ``text`` on ``graph``; ``bindings`` are initial bindings (never spliced into text).

    >>> from rdflib import Graph
    >>> list(run_query(Graph(), "ASK { ?s ?p ?o }"))
    [False]
    """
    query = parse_query(text, name)
    unknown = sorted(set(bindings or {}) - query_variables(text))
    if unknown:
        known = ", ".join(f"?{v}" for v in sorted(query_variables(text))) or "none"
        raise QueryError(f"{name}: unknown parameter ?{unknown[0]}: the query has no such variable (its variables: {known})")
    if bindings and query.algebra.name == "DescribeQuery":
        # rdflib ignores initial bindings in DESCRIBE: fail rather than describe nothing.
        raise QueryError(f"{name}: parameters do not apply to DESCRIBE on rdflib; write a CONSTRUCT query instead")
    try:
        if _evaluates_sparql(graph):
            # The store's own engine (Oxigraph, a remote endpoint) takes the text; it was checked above.
            prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
            result = graph.query(with_values(text, dict(bindings or {})), initNs=prefixes)
        else:
            result = graph.query(query, initBindings=dict(bindings or {}))
        # rdflib computes SELECT rows while they are read: errors then are query errors too.
        return _in_stable_order(map_terms(result, canonical_term, name), query, text)
    except (QueryError, KgError, MemoryError):  # out of memory is the caller's to report, not a query error
        raise
    except Exception as exc:  # evaluation errors from rdflib's engine
        raise QueryError(f"{name}: cannot evaluate: {one_line(exc)}") from None


def _in_stable_order(result: Result, query: Query, text: str) -> Result:
    """A SELECT answer whose columns and rows do not depend on the hash seed or the store.

    ``SELECT *`` lists its variables in the order they first appear in the
    query (rdflib takes them from a set); rows of a query without ORDER BY are
    sorted by their values, column by column (stores return them in their own
    order). A query with ORDER BY keeps its order.
    """
    if result.type != "SELECT":
        return result
    variables = list(result.vars or [])
    if _SELECT_ALL.search(_SKIP.sub(" ", text)):
        seen = [Variable(v) for v in dict.fromkeys(re.findall(r"[?$](\w+)", _SKIP.sub(" ", text)))]
        variables = [v for v in seen if v in variables] + [v for v in variables if v not in seen]
    if any(getattr(part, "name", None) == "OrderBy" for part in _parts(query.algebra)):
        rows = result.bindings
    else:
        rows = sorted(result.bindings, key=lambda row: tuple(_term_order(row.get(v)) for v in variables))
    ordered = Result("SELECT")
    ordered.vars = variables
    ordered.bindings = rows
    return ordered


_SELECT_ALL = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)


def _term_order(term: Node | None) -> tuple:
    if term is None:
        return (0, "", "")
    kind = 1 if isinstance(term, URIRef) else 2 if isinstance(term, BNode) else 3
    extra = str(getattr(term, "datatype", None) or getattr(term, "language", None) or "")
    return (kind, str(term), extra)


def map_terms(result: Result, change: Callable[[Node | None], Node | None], name: str = "query") -> Result:
    """``result`` with ``change`` applied to every term; SELECT rows stay lazy.

    An error raised while rows are read (rdflib evaluates as they are asked
    for) becomes a QueryError naming ``name``.

    >>> from rdflib import Graph
    >>> [row[0] for row in map_terms(Graph().query("SELECT ?x WHERE { BIND(1.50 AS ?x) }"), str)]
    ['1.50']
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph(namespace_manager=result.graph.namespace_manager)
        for triple in result.graph:
            graph.add(tuple(change(term) for term in triple))
        result.graph = graph
        return result
    if result.type != "SELECT":
        return result
    variables = list(result.vars or [])

    def rows() -> Iterator[dict[Variable, Node]]:
        try:
            for row in result:
                yield {Variable(v): change(row[i]) for i, v in enumerate(variables) if row[i] is not None}
        except (KgError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 (rdflib's evaluation errors have no common type)
            raise QueryError(f"{name}: cannot evaluate: {one_line(exc)}") from None

    mapped = Result("SELECT")
    mapped.vars = result.vars
    mapped.bindings = rows()
    return mapped


def _evaluates_sparql(graph: Graph) -> bool:
    """True if the graph's store runs SPARQL itself rather than leaving it to rdflib's engine."""
    from rdflib.store import Store

    return type(graph.store).query is not Store.query


# -- parameters as a VALUES block -------------------------------------------------------------

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


# -- parameters ------------------------------------------------------------------------------

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


# -- the query library ---------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryQuery:
    """A SPARQL query with the question it answers and its parameters' defaults."""

    name: str
    path: Path
    text: str
    question: str
    notes: str = ""
    params: dict[str, Node] = field(default_factory=dict)

    def bindings(self, given: Mapping[str, Node] | None = None) -> dict[str, Node]:
        """The defaults overridden by ``given``."""
        return {**self.params, **(given or {})}


_PARAM_LINE = re.compile(r"param\s+\??(\w+)\s*=\s*(\S+)\s*(?:--.*)?")


def read_query_file(path: Path | str) -> LibraryQuery:
    """Read a ``.rq`` file and its leading comment (question, notes, ``param`` defaults).

    Raises QueryError if the file is missing or unreadable.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: query file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read query: {exc}") from None
    comment: list[str] = []
    params: dict[str, Node] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        match = _PARAM_LINE.fullmatch(body)
        if match:
            params[match.group(1)] = parse_term(match.group(2), f"{path}:{number} (param {match.group(1)})")
        else:
            comment.append(body)
    question = comment[0] if comment else ""
    notes = " ".join(line for line in comment[1:] if line)
    return LibraryQuery(path.stem, path, text, question, notes, params)


def load_library(queries_dir: Path | str = DEFAULT_QUERIES_DIR) -> list[LibraryQuery]:
    """Every ``*.rq`` in ``queries_dir``, in name order.

    >>> [q.name for q in load_library("queries")][:2]
    ['approximate-values', 'award']

    Raises QueryError if the folder holds no query.
    """
    paths = sorted(Path(queries_dir).glob("*.rq"))
    if not paths:
        raise QueryError(f"{queries_dir}: no queries (*.rq) found; {missing_hint('--queries')}")
    return [read_query_file(path) for path in paths]


def find_query(ref: str, queries_dir: Path | str = DEFAULT_QUERIES_DIR) -> LibraryQuery:
    """A library query by name (``award``), or a query file by path (``my/query.rq``).

    Raises QueryError for an unknown name, listing close matches.
    """
    if ref.endswith(".rq") or "/" in ref or "\\" in ref:
        return read_query_file(ref)
    path = Path(queries_dir) / f"{ref}.rq"
    if path.is_file():
        return read_query_file(path)
    if not Path(queries_dir).is_dir():
        raise QueryError(f"unknown query '{ref}': {queries_dir} is not a folder; {missing_hint('--queries')}")
    names = [p.stem for p in sorted(Path(queries_dir).glob("*.rq"))]
    close = difflib.get_close_matches(ref, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise QueryError(f"unknown query '{ref}' (no {path}){hint} ('kg query --list' shows them all)")
