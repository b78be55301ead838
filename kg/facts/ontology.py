"""The ontology as the builder's contract: which classes and properties exist,
whether a property takes an entity or a literal, and of which datatype."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.util import guess_format

from kg.errors import SourceError, one_line
from kg.facts.namespaces import KGO, bind_prefixes
from kg.project import missing_hint


def require_ontology_file(path: Path | str) -> Path:
    """``path`` if it is a file; SourceError naming the option that says where the ontology is, if not."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: ontology file not found; {missing_hint('--ontology')}")
    return path


def load_ontology(path: Path | str) -> Graph:
    """Parse the ontology file (Turtle or any RDF format rdflib reads).

    Raises SourceError if it is missing or does not parse.
    """
    path = require_ontology_file(path)
    graph = bind_prefixes(Graph())
    try:
        graph.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises parser-specific exceptions
        raise SourceError(f"{path}: ontology does not parse: {one_line(exc)}") from None
    return graph


@dataclass
class Contract:
    """What the ontology allows facts to say."""

    graph: Graph
    classes: set[URIRef]
    object_properties: set[URIRef]
    datatype_ranges: dict[URIRef, URIRef]
    unit_datatypes: dict[URIRef, URIRef]
    # Builders ask for every entity, and walking rdfs:subClassOf is dear; the ontology does not change once
    # read, so each class is walked once.
    _concept_classes: dict[URIRef, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_graph(cls, graph: Graph) -> "Contract":
        classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
        object_properties = {p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
        datatype_ranges = {}
        for prop in graph.subjects(RDF.type, OWL.DatatypeProperty):
            datatype_ranges[prop] = graph.value(prop, RDFS.range) or RDFS.Literal
        unit_datatypes = {
            unit: graph.value(unit, KGO.valueDatatype)
            for unit in graph.subjects(RDF.type, KGO.Unit)
        }
        return cls(graph, classes, object_properties, datatype_ranges, unit_datatypes)

    def is_concept_class(self, cls: URIRef) -> bool:
        """True if instances of ``cls`` are SKOS concepts (and get skos:prefLabel)."""
        known = self._concept_classes.get(cls)
        if known is None:
            known = self._concept_classes[cls] = SKOS.Concept in set(self.graph.transitive_objects(cls, RDFS.subClassOf))
        return known

    def instances_of(self, cls: URIRef) -> set[URIRef]:
        """Individuals the ontology itself declares of ``cls`` (units, qualifiers)."""
        return {s for s in self.graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
