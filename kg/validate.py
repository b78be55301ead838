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

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from kg.errors import SourceError
from kg.namespaces import PREFIXES, bind_prefixes
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
                {"focus": focus, "label": items[0].label,
                 "results": [{k: v for k, v in asdict(i).items() if k not in ("focus", "label")} for i in items]}
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


def validate_graph(graph: Graph, project: Project = Project(), shapes: Path | str | None = None) -> ValidationReport:
    """Validate ``graph`` (with the project's ontology) against the shapes.

    Raises SourceError if the ontology or the shapes cannot be read.
    """
    import pyshacl

    shapes_graph = load_shapes(shapes or shapes_path(project))
    data = bind_prefixes(_PreparedQueries())
    for triple in with_ontology(graph, project):
        data.add(triple)
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", inplace=True)
    violations = [_violation(results, result, data, shapes_graph) for result in results.subjects(RDF.type, SH.ValidationResult)]
    violations.sort(key=lambda v: (v.focus, v.path or "", v.expected, v.found))
    return ValidationReport(bool(conforms), violations)


def _violation(results: Graph, result, data: Graph, shapes: Graph) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    component = results.value(result, SH.sourceConstraintComponent)
    shape = results.value(result, SH.sourceShape)
    message = str(results.value(result, SH.resultMessage) or "")
    severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
    label = data.value(focus, RDFS.label)
    expected, found = _expected_found(data, shapes, component, shape, focus, path, value, message)
    return Violation(
        focus=_name(data, focus),
        label=str(label) if label is not None else None,
        path=_name(data, path) if isinstance(path, URIRef) else None,
        expected=expected,
        found=found,
        severity=severity,
    )


def _expected_found(data, shapes, component, shape, focus, path, value, message) -> tuple[str, str]:
    kind = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    parameter = shapes.value(shape, URIRef(str(SH) + kind[0].lower() + kind[1:])) if shape is not None else None
    count = len(list(data.objects(focus, path))) if isinstance(path, URIRef) else None
    shown = _term(data, value) if value is not None else "nothing"
    if kind == "MinCount":
        return f"at least {parameter} value(s)", f"{count} value(s)"
    if kind == "MaxCount":
        return f"at most {parameter} value(s)", f"{count} value(s)"
    if kind == "Datatype":
        return f"a literal of {_name(data, parameter)}", shown
    if kind == "Class":
        types = sorted(_name(data, t) for t in data.objects(value, RDF.type)) if value is not None else []
        return f"an instance of {_name(data, parameter)}", f"{shown} ({', '.join(types) or 'no type'})"
    if kind == "NodeKind":
        return f"a node of kind {_name(data, parameter).removeprefix('sh:')}", shown
    if kind == "LessThan":
        return f"less than its {_name(data, parameter)}", shown
    if kind == "UniqueLang":
        return "at most one value per language", shown
    if kind in ("MinInclusive", "MaxInclusive", "MinLength", "Pattern"):
        return f"{kind[0].lower() + kind[1:]} {parameter}", shown
    if kind == "Or" and parameter is not None:
        options = [_describe(shapes, member) for member in Collection(shapes, parameter)]
        return "one of: " + ", ".join(options), shown
    # SPARQL constraints: their message, with the IRIs pySHACL substituted into it shortened.
    return re.sub(r"https?://[^\s,;]+", lambda m: _name(data, URIRef(m.group())), message or kind), shown


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
