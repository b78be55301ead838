"""SHACL SPARQL constraints run once over the whole graph on Oxigraph, instead of once per focus node."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.build.explain import _explain, _name, _term
from kg.build.report import Violation
from kg.build.sparql_joins import hash_joined
from kg.facts.terms import from_oxigraph


@dataclass(frozen=True)
class _SparqlConstraint:
    """A shape's SPARQL constraint, to be run once over the whole graph instead of once per focus node."""

    select: str
    message: str
    prologue: str
    targets: tuple[URIRef, ...]


def _take_sparql_constraints(shapes: Graph) -> list[_SparqlConstraint]:
    """Remove the SPARQL constraints of target-class shapes from ``shapes`` and return them.

    pySHACL runs a SPARQL constraint once for each focus node, which makes
    validation grow with the square of the graph (every fact of every entity
    checked against every statement). Run once with ``$this`` free and the
    shape's targets as a pattern, Oxigraph finds the same rows in one pass.
    """
    taken = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        targets = tuple(sorted(shapes.objects(shape, SH.targetClass)))
        select = shapes.value(constraint, SH.select)
        if not targets or select is None or shapes.value(constraint, SH.deactivated) is not None:
            continue
        declared = shapes.value(constraint, SH.prefixes)
        prologue = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for d in shapes.objects(declared, SH.declare)) if declared is not None else ""
        taken.append(_SparqlConstraint(str(select), str(shapes.value(constraint, SH.message) or ""), prologue, targets))
        shapes.remove((shape, SH.sparql, constraint))
    return taken


def _run_sparql_constraints(constraints: list[_SparqlConstraint], lines: list[bytes], label_of,
                            focus: list | None = None, store=None) -> list[Violation]:
    """The rows of each constraint's query over the graph of ``lines``; ``label_of(node)``: a focus node's label.
    With ``focus``, only those nodes are checked (those that are IRIs). ``store``: a pyoxigraph Store that
    already holds those lines (the data in its default graph, the ontology in a named graph), queried as
    it is rather than loaded again."""
    import pyoxigraph as ox

    if not constraints or focus is not None and not any(isinstance(node, URIRef) for node in focus):
        return []
    only = "".join(f" <{node}>" for node in focus or () if isinstance(node, URIRef))
    union = store is not None
    if store is None:
        store = ox.Store()
        # A document's few thousand lines load a tenth faster without the bulk loader's threads; a graph, with them.
        load = store.bulk_load if len(lines) > 100_000 else store.load
        load(b"\n".join(lines), ox.RdfFormat.N_TRIPLES)
    violations: set[Violation] = set()
    for constraint in constraints:
        targets = " ".join(f"<{t}>" for t in constraint.targets)
        body = _not_exists_as_minus(constraint.select.replace("$this", "?this"))
        if focus is None:  # over the whole graph, scans joined by hashing (a few focus nodes: their lookups)
            body = hash_joined(body)
        # The focus nodes: instances of a target class or of its subclasses, as SHACL defines targets.
        target = (f" VALUES ?kgTargetClass {{ {targets} }} ?this a/<{RDFS.subClassOf}>* ?kgTargetClass . ")
        if focus is not None:
            target = f" VALUES ?this {{{only} }}" + target
        where = re.search(r"\bWHERE\s*\{", body, re.IGNORECASE)
        query = constraint.prologue + body[: where.end()] + target + body[where.end():]
        for row in store.query(query, use_default_graph_as_union=union):
            values = {name: from_oxigraph(row[name]) for name in _variables(body) if row[name] is not None}
            node, path, value = values.get("this"), values.get("path"), values.get("value", values.get("this"))
            message = re.sub(r"\{[?$](\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), constraint.message)
            violations.add(Violation(
                focus=_name(None, node), label=label_of(node),
                path=_name(None, path) if isinstance(path, URIRef) else None,
                expected=re.sub(r"https?://[^\s,;]+", lambda m: _name(None, URIRef(m.group())), message),
                found=_term(None, value) if value is not None else "nothing", severity="Violation",
            ))
    return list(violations)


def _not_exists_as_minus(select: str) -> str:
    """Rewrite ``FILTER NOT EXISTS { P }`` as ``MINUS { P }`` where the two mean the same.

    Oxigraph evaluates a NOT EXISTS once per solution but a MINUS as one join:
    on 100,000 triples, 40 s against 0.05 s. They agree when P is a plain group
    of triple patterns whose variables shared with the rest of the query are
    bound there by triple patterns: then every solution is removed exactly when
    P has a match compatible with it. A shape's query that is not of that kind
    is left as it is; so is one whose P is a single triple pattern all of whose
    variables the rest binds: Oxigraph then looks each solution's triple up,
    where a MINUS would first gather every triple of the store (at 400
    documents 370 MB).

    >>> print(_not_exists_as_minus("SELECT ?s WHERE {\\n ?s ?p ?o .\\n FILTER NOT EXISTS { ?x ?p ?o ; a ?s } }"))
    SELECT ?s WHERE {
     ?s ?p ?o .
     MINUS { ?x ?p ?o ; a ?s } }
    >>> print(_not_exists_as_minus("SELECT ?s WHERE {\\n ?s ?p ?o .\\n FILTER NOT EXISTS { ?o ?p ?s } }"))
    SELECT ?s WHERE {
     ?s ?p ?o .
     FILTER NOT EXISTS { ?o ?p ?s } }
    """
    def rewrite(match: re.Match) -> str:
        inner, outer = match.group("inner"), select[: match.start()]
        if re.search(r"\b(?:FILTER|OPTIONAL|UNION|BIND|VALUES|GRAPH|SERVICE)\b", inner, re.IGNORECASE):
            return match.group(0)
        patterns = "\n".join(line for line in outer.splitlines() if not re.match(r"\s*(?:FILTER|BIND|SELECT)", line, re.I))
        bound = set(re.findall(r"\?\w+", patterns))
        shared = set(re.findall(r"\?\w+", inner)) & set(re.findall(r"\?\w+", outer))
        if not shared or any(v not in bound for v in shared) or _bound_lookup(inner, bound):
            return match.group(0)
        return "MINUS {" + inner + "}"

    return re.sub(r"FILTER\s+NOT\s+EXISTS\s*\{(?P<inner>[^{}]*)\}", rewrite, select, flags=re.IGNORECASE)


_TERM = r"(?:\?\w+|<[^<>\s]*>|[A-Za-z][\w-]*:[\w.-]*|:[\w.-]*)"  # a variable, an IRI or a prefixed name
_ONE_PATTERN = re.compile(rf"\s*{_TERM}\s+(?:{_TERM}|a)\s+{_TERM}\s*\.?\s*")


def _bound_lookup(inner: str, bound: set[str]) -> bool:
    """Whether ``inner`` is one triple pattern (no path) whose variables are all in ``bound``."""
    return _ONE_PATTERN.fullmatch(inner) is not None and set(re.findall(r"\?\w+", inner)) <= bound


def _variables(select: str) -> list[str]:
    head = re.search(r"SELECT(.*?)WHERE", select, re.IGNORECASE | re.DOTALL)
    return [v.lstrip("?$").replace("this", "this") for v in re.findall(r"[?$]\w+", head.group(1))] if head else []


def _violation(results: Graph, result, data: Graph, shapes: Graph) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    component = results.value(result, SH.sourceConstraintComponent)
    shape = results.value(result, SH.sourceShape)
    message = str(results.value(result, SH.resultMessage) or "")
    severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
    kind = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    parameter = shapes.value(shape, URIRef(str(SH) + kind[0].lower() + kind[1:])) if shape is not None else None
    count = len(set(data.objects(focus, path))) if isinstance(path, URIRef) else None
    types = list(data.objects(value, RDF.type)) if value is not None else []
    expected, found = _explain(shapes, kind, parameter, count, value, types, message)
    return Violation(
        focus=_name(data, focus),
        label=_graph_labels(data)(focus),
        path=_name(data, path) if isinstance(path, URIRef) else None,
        expected=expected,
        found=found,
        severity=severity,
    )


def _graph_labels(data: Graph):
    return lambda node: min((str(label) for label in data.objects(node, RDFS.label)), default=None)
