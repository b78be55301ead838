"""Parsing SPARQL: errors with line and column, and what a query would do (update, fetch URLs, read files)
before it runs."""

from __future__ import annotations

import contextvars
import re
import threading

from pyparsing import ParseException, ParserElement
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.errors import QueryError
from kg.facts.namespaces import PREFIXES


def parse_query(text: str, name: str = "query") -> Query:
    """Parse SPARQL with kg's prefixes predeclared.

    Raises QueryError naming the line and column (in ``text``) and the offending text.

    >>> parse_query("SELECT ?c WHERE { ?c a kgo:City }").algebra.name
    'SelectQuery'
    >>> parse_query("SELECT ?c WHERE { ?c a kgo:City . FILTER(?c = ) }")
    Traceback (most recent call last):
    kg.errors.QueryError: query: syntax error at line 1, column 47: unexpected ")" in: SELECT ?c WHERE { ?c a kgo:City . FILTER(?c = ) }
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
    kg.errors.QueryError: query: invalid at line 1, column 30: duplicated variable name in SELECT
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
