"""SHACL validation: a graph against kg's shapes (ontology/shapes.ttl) and ontology.

The shapes are checked on the graph merged with the ontology, so that
``sh:class schema:Place`` follows the ontology's subclass axioms and shapes can
read the ontology's units and their datatypes. (pySHACL's own ``ont_graph``
mixes in only class and property axioms, not individuals such as units.)

>>> from kg.facts.folder import build_graph
>>> report = validate_graph(build_graph(), ProjectPaths())
>>> report.conforms, len(report.violations)
(True, 0)
"""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from kg.build.explain import _explain, _name
from kg.build.ntriples import ntriples_lines
from kg.build.report import ValidationReport, Violation, sort_violations
from kg.build.sparql_constraints import (
    _graph_labels,
    _run_sparql_constraints,
    _SparqlConstraint,
    _take_sparql_constraints,
    _violation,
)
from kg.errors import SourceError
from kg.facts.namespaces import bind_prefixes
from kg.facts.ontology import load_ontology
from kg.progress import stage
from kg.project import ProjectPaths

SHAPES_FILE = "shapes.ttl"


def shapes_path(project: ProjectPaths = ProjectPaths()) -> Path:
    """The shapes file beside the project's ontology.

    >>> str(shapes_path(ProjectPaths()))
    'ontology/shapes.ttl'
    """
    return project.ontology_path.with_name(SHAPES_FILE)


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


def validate_graph(graph: Graph, project: ProjectPaths = ProjectPaths(), shapes: Path | str | None = None,
                   sparql_constraints: str = "oxigraph", locations: dict | None = None,
                   engine: str = "kg") -> ValidationReport:
    """Validate ``graph`` (with the project's ontology) against the shapes.

    ``engine="kg"`` (the default) checks the SHACL Core constraints with
    ``kg.build.shacl`` in one linear pass, where the shapes use only what it knows,
    and with pySHACL where they do not; ``engine="pyshacl"`` always uses
    pySHACL (the reference: both report the same violations). The SPARQL
    constraints of target-class shapes run once over the whole graph on
    Oxigraph (``sparql_constraints="oxigraph"``, linear in the graph's size),
    or per focus node in pySHACL (``"pyshacl"``, which implies ``engine="pyshacl"``).
    With ``locations`` (from ``kg.facts.folder.build``) each violation names the
    facts file and line of its focus node. Raises SourceError if the ontology
    or the shapes cannot be read.
    """
    if engine == "kg" and sparql_constraints == "oxigraph":
        return validate_lines(ntriples_lines(graph), project, shapes, locations)
    shapes_graph = load_shapes(shapes or shapes_path(project))
    data = bind_prefixes(_PreparedQueries())
    data.addN((s, p, o, data) for s, p, o in graph)  # one copy: the graph and the ontology's triples
    data.addN((s, p, o, data) for s, p, o in load_ontology(project.ontology_path))
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


def validate_lines(lines: list[bytes], project: ProjectPaths = ProjectPaths(), shapes: Path | str | None = None,
                   locations: dict | None = None, store=None) -> ValidationReport:
    """Validate the graph written as N-Triples ``lines`` (sorted, unique, as ``ntriples_lines`` or a store's
    ``kg.store.native.data_lines`` give them) with the project's ontology against the shapes, by
    ``kg.build.shacl``: what ``validate_graph`` does, without making an rdflib term of the graph. ``store``:
    the pyoxigraph Store the lines were read from (with the project's ontology as a named graph), where the
    shapes' SPARQL constraints then run. Raises SourceError if the ontology or the shapes cannot be read."""
    shapes_graph = load_shapes(shapes or shapes_path(project))
    ontology = ntriples_lines(load_ontology(project.ontology_path))
    with stage("validating"):
        violations = validate_ntriples(sorted({*lines, *ontology}), shapes_graph, store=store)
    return ValidationReport(not violations, sort_violations(violations, locations))


def validate_ntriples(lines: list[bytes], shapes: Graph, focus: list | None = None,
                      ontology: tuple[bytes, ...] = (), store=None) -> list[Violation]:
    """The violations of the graph written as ``lines`` and ``ontology`` (N-Triples lines; the ontology's
    are indexed once for every graph validated with them).

    With ``focus``, only those nodes are checked. Core shapes are checked by ``kg.build.shacl`` when it knows
    everything they use, by pySHACL otherwise. ``store``: a pyoxigraph Store already holding the lines, for
    the SPARQL constraints.
    """
    from kg.build import shacl

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
    return violations + _run_sparql_constraints(sparql, lines, _index_labels(index), focus, store)


@functools.lru_cache(maxsize=2)
def _ontology_index(ontology: tuple[bytes, ...]):
    from kg.build.shacl import Index

    return Index(ontology)


def _compiled(core: Graph):
    """The Core shapes compiled by ``kg.build.shacl`` (None: pySHACL checks them), kept on the graph."""
    from kg.build import shacl

    if not hasattr(core, "_kg_compiled"):
        core._kg_compiled = shacl.compile_shapes(core)
    return core._kg_compiled


_LABEL = f"<{RDFS.label}>".encode()


def _index_labels(index):
    from kg.build.shacl import term

    def label_of(node) -> str | None:
        return min((str(term(t)) for t in index.get(node.n3().encode("utf-8"), _LABEL)), default=None)
    return label_of


def _from_result(result, index, shapes: Graph) -> Violation:
    """A ``kg.build.shacl`` result in the words of a pySHACL one (``_violation``)."""
    from kg.build.shacl import term

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
        from kg.runtime import start_worker

        with ProcessPoolExecutor(len(_SHARED[1]), mp_context=multiprocessing.get_context("fork"),
                                 initializer=start_worker, initargs=(os.getpid(),)) as pool:
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
