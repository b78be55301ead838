"""SHACL validation: a graph against kg's shapes (ontology/shapes.ttl) and ontology.

The shapes are checked on the graph merged with the ontology, so that
``sh:class schema:Place`` follows the ontology's subclass axioms and shapes can
read the ontology's units and their datatypes. (pySHACL's own ``ont_graph``
mixes in only class and property axioms, not individuals such as units.)

>>> from kg.build import build_graph
>>> report = validate_graph(build_graph(), Project())
>>> report.conforms, len(report.violations)
(True, 0)
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from kg.build import ntriples_lines
from kg.errors import SourceError
from kg.namespaces import PREFIXES, bind_prefixes
from kg.ontology import load_ontology
from kg.progress import stage
from kg.store import Project, with_ontology

SHAPES_FILE = "shapes.ttl"


def shapes_path(project: Project = Project()) -> Path:
    """The shapes file beside the project's ontology.

    >>> str(shapes_path(Project()))
    'ontology/shapes.ttl'
    """
    return project.ontology_path.with_name(SHAPES_FILE)


@dataclass(frozen=True)
class Violation:
    """One failed check, in terms a person can act on."""

    focus: str
    label: str | None
    path: str | None
    expected: str
    found: str
    severity: str
    where: str | None = None  # the facts file and line that declares the focus node, when known


@dataclass
class ValidationReport:
    """The outcome of validating a graph."""

    conforms: bool
    violations: list[Violation]

    def by_focus(self) -> dict[str, list[Violation]]:
        """Violations grouped by focus node, in a stable order."""
        groups: dict[str, list[Violation]] = {}
        for violation in self.violations:
            groups.setdefault(violation.focus, []).append(violation)
        return groups

    def as_data(self) -> dict:
        """A JSON-ready form: conforms, and the violations grouped by focus node."""
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "nodes": [
                {"focus": focus, "label": items[0].label, "where": items[0].where,
                 "results": [{k: v for k, v in asdict(i).items() if k not in ("focus", "label", "where")} for i in items]}
                for focus, items in self.by_focus().items()
            ],
        }


def load_shapes(path: Path | str) -> Graph:
    """Parse a shapes file. Raises SourceError if it is missing or does not parse."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: shapes file not found")
    try:
        return bind_prefixes(Graph().parse(path, format="turtle"))
    except Exception as exc:  # rdflib's parsers raise their own exception types
        raise SourceError(f"{path}: shapes do not parse: {' '.join(str(exc).split())[:300]}") from None


class _PreparedQueries(Graph):
    """A Graph that parses each SPARQL text once.

    pySHACL runs a SPARQL constraint once per focus node, passing its text each
    time; rdflib would parse it again each time, which costs more than running it.
    """

    _prepared: dict[tuple, object] = {}

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            from rdflib.plugins.sparql import prepareQuery

            init_ns = kwargs.pop("initNs", None) or {}
            key = (query_object, tuple(sorted(init_ns.items())))
            if key not in self._prepared:
                self._prepared[key] = prepareQuery(query_object, initNs=init_ns)
            query_object = self._prepared[key]
        return super().query(query_object, *args, **kwargs)


def validate_graph(graph: Graph, project: Project = Project(), shapes: Path | str | None = None,
                   sparql_constraints: str = "oxigraph", locations: dict | None = None,
                   engine: str = "kg") -> ValidationReport:
    """Validate ``graph`` (with the project's ontology) against the shapes.

    ``engine="kg"`` (the default) checks the SHACL Core constraints with
    ``kg.shacl`` in one linear pass, where the shapes use only what it knows,
    and with pySHACL where they do not; ``engine="pyshacl"`` always uses
    pySHACL (the reference: both report the same violations). The SPARQL
    constraints of target-class shapes run once over the whole graph on
    Oxigraph (``sparql_constraints="oxigraph"``, linear in the graph's size),
    or per focus node in pySHACL (``"pyshacl"``, which implies ``engine="pyshacl"``).
    With ``locations`` (from ``kg.build.build``) each violation names the
    facts file and line of its focus node. Raises SourceError if the ontology
    or the shapes cannot be read.
    """
    shapes_graph = load_shapes(shapes or shapes_path(project))
    if engine == "kg" and sparql_constraints == "oxigraph":
        lines = ntriples_lines(itertools.chain(graph, load_ontology(project.ontology_path)))
        with stage("validating"):
            violations = validate_ntriples(lines, shapes_graph)
        return ValidationReport(not violations, sort_violations(violations, locations))
    data = bind_prefixes(_PreparedQueries())
    if type(graph.store).__name__ == "Memory":  # one copy: the graph and the ontology's triples
        data.addN((s, p, o, data) for s, p, o in graph)
        data.addN((s, p, o, data) for s, p, o in load_ontology(project.ontology_path))
    else:
        data.addN((s, p, o, data) for s, p, o in with_ontology(graph, project))
    sparql = _take_sparql_constraints(shapes_graph) if sparql_constraints == "oxigraph" else []
    with stage("validating (SHACL Core)"):
        violations = _core_violations(data, shapes_graph)
    conforms = not violations
    if sparql:
        with stage("validating (SPARQL constraints)"):
            found = _run_sparql_constraints(sparql, ntriples_lines(data), _graph_labels(data))
        violations += found
        conforms = conforms and not found
    return ValidationReport(bool(conforms), sort_violations(violations, locations))


def validate_ntriples(lines: list[bytes], shapes: Graph, focus: list | None = None,
                      ontology: tuple[bytes, ...] = ()) -> list[Violation]:
    """The violations of the graph written as ``lines`` and ``ontology`` (N-Triples lines; the ontology's
    are indexed once for every graph validated with them).

    With ``focus``, only those nodes are checked. Core shapes are checked by ``kg.shacl`` when it knows
    everything they use, by pySHACL otherwise.
    """
    from kg import shacl

    core, sparql = _split_shapes(shapes)
    index = shacl.Index(lines, _ontology_index(ontology) if ontology else None)
    compiled = _compiled(core)
    lines = [*lines, *ontology]
    if compiled is None:
        data = bind_prefixes(_PreparedQueries())
        data.parse(data=b"\n".join(lines).decode("utf-8"), format="nt")
        violations = _validate_with(data, core, focus)
    else:
        tokens = {shacl.token(node) for node in focus} if focus is not None else None
        violations = [_from_result(result, index, core) for result in shacl.check(index, compiled, tokens)]
    return violations + _run_sparql_constraints(sparql, lines, _index_labels(index), focus)


@functools.lru_cache(maxsize=2)
def _ontology_index(ontology: tuple[bytes, ...]):
    from kg.shacl import Index

    return Index(ontology)


def _compiled(core: Graph):
    """The Core shapes compiled by ``kg.shacl`` (None: pySHACL checks them), kept on the graph."""
    from kg import shacl

    if not hasattr(core, "_kg_compiled"):
        core._kg_compiled = shacl.compile_shapes(core)
    return core._kg_compiled


_LABEL = f"<{RDFS.label}>".encode()


def _index_labels(index):
    from kg.shacl import term

    def label_of(node) -> str | None:
        return min((str(term(t)) for t in index.get(node.n3().encode("utf-8"), _LABEL)), default=None)
    return label_of


def _graph_labels(data: Graph):
    return lambda node: min((str(label) for label in data.objects(node, RDFS.label)), default=None)


def _from_result(result, index, shapes: Graph) -> Violation:
    """A ``kg.shacl`` result in the words of a pySHACL one (``_violation``)."""
    from kg.shacl import term

    focus, value = term(result.focus), term(result.value) if result.value is not None else None
    count = len(index.get(result.focus, result.path)) if result.path is not None else None
    types = index.get(result.value, f"<{RDF.type}>".encode()) if result.value is not None else []
    expected, found = _explain(shapes, result.kind, result.parameter, count, value, [term(t) for t in types], "")
    return Violation(
        focus=_name(None, focus), label=_index_labels(index)(focus),
        path=_name(None, term(result.path)) if result.path is not None else None,
        expected=expected, found=found, severity=result.severity,
    )


def _split_shapes(shapes: Graph) -> tuple[Graph, list["_SparqlConstraint"]]:
    """The Core shapes and the SPARQL constraints of ``shapes``, split once and kept on the shapes graph."""
    split = getattr(shapes, "_kg_split", None)
    if split is None:
        core = _copy(shapes)
        split = shapes._kg_split = (core, _take_sparql_constraints(core))
    return split


def sort_violations(violations, locations: dict | None = None) -> list[Violation]:
    """Violations in report order (by focus node, path, expectation), each with the file and line of its
    focus node where ``locations`` (IRI -> Location) knows it."""
    if locations and violations:
        named = {node_name(iri): str(location) for iri, location in locations.items()}
        violations = [replace(v, where=named.get(v.focus)) for v in violations]
    return sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.expected, v.found))


def node_name(node) -> str:
    """How a report names a node: a prefixed name where kg knows the namespace.

    >>> node_name(URIRef("https://kg.example.org/id/observation/a/b"))
    'kgr:observation/a/b'
    """
    return _name(None, node)


def _copy(graph: Graph) -> Graph:
    copy = bind_prefixes(Graph())
    copy += graph
    return copy


# A graph this large is validated by several processes, each for a share of the shapes.
PARALLEL_FROM_TRIPLES = 40_000
_SHARED: tuple[Graph, list[Graph]] | None = None  # the data and the shapes that forked workers inherit


def _core_violations(data: Graph, shapes: Graph) -> list[Violation]:
    """The SHACL Core violations (pySHACL), on all cores for a large graph.

    Each shape's results depend only on the graph, so the shapes are dealt out
    among forked processes that share the built graph (copy-on-write), each
    validating with its share of the shapes (the others' targets removed),
    the largest shares (by focus nodes) first; the union is the whole report.
    (pySHACL's ``focus_nodes`` was tried: it is slower than one process.)
    """
    global _SHARED
    import multiprocessing
    import os

    workers = min(os.cpu_count() or 1, 8)
    if len(data) < PARALLEL_FROM_TRIPLES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods() \
            or multiprocessing.current_process().daemon:
        return _validate_with(data, shapes)
    from concurrent.futures import ProcessPoolExecutor

    targeted = sorted(set(shapes.subjects(SH.targetClass, None)))
    weight = {shape: sum(1 for cls in shapes.objects(shape, SH.targetClass) for _ in data.subjects(RDF.type, cls))
              for shape in targeted}
    shares: list[list] = [[] for _ in range(workers)]
    for shape in sorted(targeted, key=lambda s: (-weight[s], s)):
        min(shares, key=lambda share: sum(weight[s] for s in share)).append(shape)
    _SHARED = (data, [_only(shapes, share, targeted) for share in shares if share])
    try:
        with ProcessPoolExecutor(len(_SHARED[1]), mp_context=multiprocessing.get_context("fork")) as pool:
            return [v for part in pool.map(_validate_share, range(len(_SHARED[1]))) for v in part]
    finally:
        _SHARED = None


def _only(shapes: Graph, keep: list, targeted: list) -> Graph:
    """A copy of the shapes in which only ``keep`` have targets."""
    copy = bind_prefixes(Graph())
    for triple in shapes:
        if triple[1] != SH.targetClass or triple[0] in keep:
            copy.add(triple)
    return copy


def _validate_share(index: int) -> list[Violation]:
    data, shares = _SHARED
    return _validate_with(data, shares[index])


def _validate_with(data: Graph, shapes: Graph, focus: list | None = None) -> list[Violation]:
    import pyshacl

    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", inplace=True,
                                     **({"focus_nodes": focus} if focus is not None else {}))
    return [_violation(results, result, data, shapes) for result in results.subjects(RDF.type, SH.ValidationResult)]


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
                            focus: list | None = None) -> list[Violation]:
    """The rows of each constraint's query over the graph of ``lines``; ``label_of(node)``: a focus node's label.
    With ``focus``, only those nodes are checked (those that are IRIs)."""
    import pyoxigraph as ox

    if not constraints or focus is not None and not any(isinstance(node, URIRef) for node in focus):
        return []
    only = "".join(f" <{node}>" for node in focus or () if isinstance(node, URIRef))
    store = ox.Store()
    # A document's few thousand lines load a tenth faster without the bulk loader's threads; a graph, with them.
    load = store.bulk_load if len(lines) > 100_000 else store.load
    load(b"\n".join(lines), ox.RdfFormat.N_TRIPLES)
    violations: set[Violation] = set()
    for constraint in constraints:
        targets = " ".join(f"<{t}>" for t in constraint.targets)
        body = _not_exists_as_minus(constraint.select.replace("$this", "?this"))
        # The focus nodes: instances of a target class or of its subclasses, as SHACL defines targets.
        target = (f" VALUES ?kgTargetClass {{ {targets} }} ?this a/<{RDFS.subClassOf}>* ?kgTargetClass . ")
        if focus is not None:
            target = f" VALUES ?this {{{only} }}" + target
        where = re.search(r"\bWHERE\s*\{", body, re.IGNORECASE)
        query = constraint.prologue + body[: where.end()] + target + body[where.end():]
        for row in store.query(query):
            values = {name: _rdflib(row[name]) for name in _variables(body) if row[name] is not None}
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
    is left as it is.
    """
    def rewrite(match: re.Match) -> str:
        inner, outer = match.group("inner"), select[: match.start()]
        if re.search(r"\b(?:FILTER|OPTIONAL|UNION|BIND|VALUES|GRAPH|SERVICE)\b", inner, re.IGNORECASE):
            return match.group(0)
        patterns = "\n".join(line for line in outer.splitlines() if not re.match(r"\s*(?:FILTER|BIND|SELECT)", line, re.I))
        shared = set(re.findall(r"\?\w+", inner)) & set(re.findall(r"\?\w+", outer))
        if not shared or any(v not in set(re.findall(r"\?\w+", patterns)) for v in shared):
            return match.group(0)
        return "MINUS {" + inner + "}"

    return re.sub(r"FILTER\s+NOT\s+EXISTS\s*\{(?P<inner>[^{}]*)\}", rewrite, select, flags=re.IGNORECASE)


def _variables(select: str) -> list[str]:
    head = re.search(r"SELECT(.*?)WHERE", select, re.IGNORECASE | re.DOTALL)
    return [v.lstrip("?$").replace("this", "this") for v in re.findall(r"[?$]\w+", head.group(1))] if head else []


def _rdflib(term):
    """An Oxigraph term as rdflib's."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


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


def _explain(shapes: Graph, kind: str, parameter, count: int | None, value, types: list,
             message: str) -> tuple[str, str]:
    """What a failed constraint expected and what it found, in words: ``kind`` is its component
    (``MinCount``...), ``count`` the number of values of its path, ``types`` the value's rdf:types."""
    shown = _term(None, value) if value is not None else "nothing"
    if kind == "MinCount":
        return f"at least {parameter} value(s)", f"{count} value(s)"
    if kind == "MaxCount":
        return f"at most {parameter} value(s)", f"{count} value(s)"
    if kind == "Datatype":
        return f"a literal of {_name(None, parameter)}", shown
    if kind == "Class":
        names = sorted(_name(None, t) for t in types)
        return f"an instance of {_name(None, parameter)}", f"{shown} ({', '.join(names) or 'no type'})"
    if kind == "NodeKind":
        return f"a node of kind {str(parameter).rsplit('#', 1)[-1]}", shown
    if kind == "LessThan":
        return f"less than its {_name(None, parameter)}", shown
    if kind == "UniqueLang":
        return "at most one value per language", shown
    if kind in ("MinInclusive", "MaxInclusive", "MinExclusive", "MaxExclusive", "MinLength", "MaxLength", "Pattern"):
        return f"{kind[0].lower() + kind[1:]} {parameter}", shown
    if kind == "In" and parameter is not None:
        return "one of: " + ", ".join(_term(None, member) for member in Collection(shapes, parameter)), shown
    if kind == "HasValue":
        return f"the value {_term(None, parameter)}", shown
    if kind == "Or" and parameter is not None:
        options = [_describe(shapes, member) for member in Collection(shapes, parameter)]
        return "one of: " + ", ".join(options), shown
    # SPARQL constraints: their message, with the IRIs pySHACL substituted into it shortened.
    return re.sub(r"https?://[^\s,;]+", lambda m: _name(None, URIRef(m.group())), message or kind), shown


def _describe(shapes: Graph, shape) -> str:
    datatype, cls = shapes.value(shape, SH.datatype), shapes.value(shape, SH["class"])
    if datatype is not None:
        return f"a literal of {_name(shapes, datatype)}"
    return f"an instance of {_name(shapes, cls)}" if cls is not None else "a shape"


def _name(graph: Graph, node) -> str:
    """A prefixed name, even where the local part has a slash (kgr:observation/...)."""
    if isinstance(node, URIRef):
        matches = [(len(str(ns)), prefix) for prefix, ns in PREFIXES.items() if str(node).startswith(str(ns))]
        if matches:
            length, prefix = max(matches)
            return f"{prefix}:{str(node)[length:]}"
        return f"<{node}>"
    if isinstance(node, BNode):
        return "[blank node]"
    return str(node)


def _term(graph: Graph, node) -> str:
    if isinstance(node, Literal):
        text = str(node) if len(str(node)) <= 60 else str(node)[:57] + "..."
        if node.language:
            return f'"{text}"@{node.language}'
        return f'"{text}"^^{_name(graph, node.datatype)}' if node.datatype else f'"{text}"'
    return _name(graph, node)
