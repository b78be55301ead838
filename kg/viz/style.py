"""How classes look on the page: a few families a reader recognises, each with its colour; a shape per class.

A class's family comes from its standard superclass (schema.org, W3C ORG,
SKOS, PROV), so a new class of a known kind joins its kin without code
changes. Within a family, the classes in IRI order take the shapes in turn
(then, after every shape is used, a lighter and a darker tint of the
family's colour), so a class looks the same on every page: its look depends
on the ontology, not on what one view happens to draw.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from rdflib.namespace import FOAF, OWL, PROV, RDF, RDFS, SKOS

from kg.facts.namespaces import KGO, ORG, QB, SCHEMA
from kg.store.plain import is_iri
from kg.viz.triples import TripleIndex

SERIES_CLASS = "kg:series"  # the class of folded (indicator, area) nodes; not an ontology term
SERIES_CLASS_LABEL = "Statistic (time series)"


@dataclass(frozen=True)
class Family:
    """A group of classes shown, coloured and toggled together in the legend."""

    key: str
    label: str
    color: str
    first_shape: str
    members: tuple[str, ...]  # a class belongs to the first family one of whose members it is, or is under

    def __post_init__(self) -> None:  # IRIs as plain strings, as the view reads them (kg.store.plain)
        object.__setattr__(self, "members", tuple(str(m) for m in self.members))


# Order matters where a class sits under two: research organisations before organisations, indicators
# (SKOS concepts) before the industry's concepts. schema.org's own hierarchy is not in the ontology,
# so its place and organisation types are listed.
FAMILIES: tuple[Family, ...] = (
    Family("places", "Places", "#4e79a7", "dot",
           (SCHEMA.Place, SCHEMA.City, SCHEMA.Country, SCHEMA.AdministrativeArea)),
    Family("research", "Research and innovation", "#9467bd", "star",
           (SCHEMA.ResearchOrganization, KGO.ResearchTopic, KGO.ResearchPlatform, KGO.ResearchInstitution)),
    Family("statistics", "Statistics", "#e8b410", "diamond",
           (QB.DataSet, QB.Observation, KGO.Indicator, KGO.ObservationStatus, KGO.Unit, KGO.ValueQualifier)),
    Family("organisations", "Organisations and people", "#f28e2b", "square",
           (SCHEMA.Organization, ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit,
            SCHEMA.Corporation, SCHEMA.GovernmentOrganization, SCHEMA.NewsMediaOrganization,
            SCHEMA.Person, FOAF.Person, ORG.Post, ORG.Role)),
    Family("events", "Events and titles", "#e15759", "triangle", (SCHEMA.Event, KGO.HonoraryTitle)),
    Family("documents", "Documents", "#8c6d31", "triangleDown",
           (SCHEMA.CreativeWork, SCHEMA.Quotation, SCHEMA.Report, KGO.Excerpt, KGO.SourceDocument, PROV.Plan)),
    Family("industry", "Industry and chain", "#59a14f", "hexagon",
           (SKOS.Concept, SKOS.ConceptScheme, SKOS.Collection, SCHEMA.Intangible)),
)
OTHER = Family("other", "Other", "#7f7f7f", "dot", ())
# What a reader does not look for on a map of a corpus: the records behind the entities (statistics,
# quotations, reports, collections of concepts, posts). A large page folds them into the panels and charts of
# the entities they are about; they appear when an entity is expanded, a community opened or one searched for.
FOLDED = frozenset(str(c) for c in {QB.DataSet, QB.Observation, KGO.Indicator, KGO.ObservationStatus, KGO.Unit, KGO.ValueQualifier,
                    SCHEMA.Quotation, SCHEMA.Report, KGO.Excerpt, KGO.SourceDocument, SKOS.Collection,
                    SKOS.ConceptScheme, ORG.Post, ORG.Role})
# Shapes whose label is drawn outside them (a box or an ellipse would grow with its label).
SHAPES = ("dot", "square", "diamond", "triangle", "star", "hexagon", "triangleDown")
TINTS = (0.0, 0.45, -0.35)  # the family colour, then lighter, then darker, once every shape is taken


@dataclass(frozen=True)
class ClassStyle:
    """How one class looks, its family, and how many of its nodes are drawn (for the legend)."""

    cls: str
    label: str
    color: str
    shape: str
    count: int
    family: str = OTHER.key
    folded: bool = False   # a record behind the entities (``FOLDED``): never in a large page's first view


def family_of(cls: str, superclasses: dict[str, set[str]]) -> Family:
    """The family of a class, from the class itself and its superclasses (IRIs as strings).

    >>> family_of(str(KGO.City), {str(KGO.City): {str(SCHEMA.City)}}).label
    'Places'
    >>> family_of(SERIES_CLASS, {}).key
    'statistics'
    """
    if cls == SERIES_CLASS:
        return FAMILIES[2]
    lineage = {str(cls)} | superclasses.get(str(cls), set())
    return next((f for f in FAMILIES if not lineage.isdisjoint(f.members)), OTHER)


def is_folded(cls: str, superclasses: dict[str, set[str]]) -> bool:
    """Whether a class is one of the records behind the entities (``FOLDED``), statistics' series included.

    >>> is_folded(SERIES_CLASS, {}), is_folded(str(KGO.Statement), {str(KGO.Statement): {str(SCHEMA.Quotation)}})
    (True, True)
    >>> is_folded(str(KGO.City), {str(KGO.City): {str(SCHEMA.City)}})
    False
    """
    if cls == SERIES_CLASS:
        return True
    return not ({str(cls)} | superclasses.get(str(cls), set())).isdisjoint(FOLDED)


def class_looks(graph) -> dict[str, tuple[str, str, str]]:
    """(colour, shape, family key) of every class of the ontology in ``graph`` (a ``TripleIndex`` or an
    rdflib graph), and of the series nodes.

    >>> from kg.facts.ontology import load_ontology
    >>> looks = class_looks(load_ontology("ontology/kg.ttl"))
    >>> looks[str(KGO.City)], looks[str(KGO.Country)]
    (('#4e79a7', 'dot', 'places'), ('#4e79a7', 'square', 'places'))
    """
    graph = TripleIndex.of(graph)
    superclasses = superclass_closure(graph)
    members: dict[str, list[str]] = defaultdict(list)
    members[FAMILIES[2].key].append(SERIES_CLASS)  # first of its family: the statistics' own look
    for cls in sorted({c for c in graph.subjects(str(RDF.type), str(OWL.Class)) if is_iri(c)}):
        members[family_of(cls, superclasses).key].append(cls)
    looks = {}
    for family in (*FAMILIES, OTHER):
        start = SHAPES.index(family.first_shape)
        for index, cls in enumerate(members.get(family.key, ())):
            tint = TINTS[(index // len(SHAPES)) % len(TINTS)]
            looks[cls] = (_tinted(family.color, tint), SHAPES[(start + index) % len(SHAPES)], family.key)
    return looks


def class_styles(nodes, graph) -> list[ClassStyle]:
    """One style per class drawn (``nodes`` have ``cls`` and ``class_label``), in legend order.

    Legend order: by family (``FAMILIES``), then by class label. A class that
    is not in the ontology takes its family's colour and a shape from its IRI.
    """
    graph = TripleIndex.of(graph)  # an rdflib graph: read once, for both questions below
    looks = class_looks(graph)
    counts: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for node in nodes:
        counts[node.cls] += 1
        labels[node.cls] = node.class_label
    superclasses = superclass_closure(graph)
    order = {f.key: i for i, f in enumerate((*FAMILIES, OTHER))}
    styles = []
    for cls in counts:
        if cls not in looks:
            family = family_of(cls, superclasses)
            digest = int(hashlib.sha256(cls.encode("utf-8")).hexdigest()[:8], 16)
            looks[cls] = (family.color, SHAPES[digest % len(SHAPES)], family.key)
        color, shape, family_key = looks[cls]
        styles.append(ClassStyle(cls, labels[cls], color, shape, counts[cls], family_key, is_folded(cls, superclasses)))
    return sorted(styles, key=lambda s: (order[s.family], s.label.casefold(), s.cls))


def legend(styles: list[ClassStyle]) -> list[tuple[Family, list[ClassStyle]]]:
    """The families that have classes drawn, each with its classes, in legend order.

    >>> [(f.key, [s.label for s in members]) for f, members in legend([ClassStyle("c", "City", "#000", "dot", 1, "places")])]
    [('places', ['City'])]
    """
    by_family: dict[str, list[ClassStyle]] = defaultdict(list)
    for style in styles:
        by_family[style.family].append(style)
    return [(f, by_family[f.key]) for f in (*FAMILIES, OTHER) if f.key in by_family]


def class_triples(graph) -> TripleIndex:
    """The triples classes' looks are read from (``class_styles``): the classes declared and their subclass
    axioms, apart from the rest of the graph, so that a page being rendered need not keep a corpus' triples."""
    graph = TripleIndex.of(graph)
    return TripleIndex(graph.triples((None, str(RDF.type), str(OWL.Class))),
                       graph.triples((None, str(RDFS.subClassOf), None)))


def superclass_closure(graph: TripleIndex) -> dict[str, set[str]]:
    """Every class's superclasses, direct or not, from ``rdfs:subClassOf``."""
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.subject_objects(str(RDFS.subClassOf)):
        direct[sub].add(sup)
    closure: dict[str, set[str]] = {}
    for cls in list(direct):
        seen, todo = set(), [cls]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        closure[cls] = seen
    return closure


def _tinted(color: str, amount: float) -> str:
    """``color`` mixed with white (``amount`` > 0) or black (< 0).

    >>> _tinted("#4e79a7", 0.0), _tinted("#000000", 0.5), _tinted("#ffffff", -0.5)
    ('#4e79a7', '#808080', '#808080')
    """
    channels = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    target = 255 if amount > 0 else 0
    mixed = [round(c + (target - c) * abs(amount)) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)
