"""What validation found: violations in terms a person can act on, and the report that lists them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from kg.build.entries import cache_entry
from kg.build.explain import _name


@cache_entry
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


def sort_violations(violations, locations: dict | None = None) -> list[Violation]:
    """Violations in report order (by focus node, path, expectation), each with the file and line of its
    focus node where ``locations`` (IRI -> Location) knows it."""
    if locations and violations:
        named = {node_name(iri): str(location) for iri, location in locations.items()}
        violations = [replace(v, where=named.get(v.focus)) for v in violations]
    return sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.expected, v.found))


def node_name(node) -> str:
    """How a report names a node: a prefixed name where kg knows the namespace.

    >>> from rdflib import URIRef
    >>> node_name(URIRef("https://kg.example.org/id/observation/a/b"))
    'kgr:observation/a/b'
    """
    return _name(None, node)


