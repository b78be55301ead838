"""Inference: what the ontology entails about the graph, kept apart from what was asserted.

``infer`` runs an owlrl closure (RDFS or OWL 2 RL) on the graph merged with
the ontology and returns only the new triples about the graph's own nodes:
``kgr:catl a schema:Corporation, schema:Organization`` (through the subclass
axioms), ``kgr:...conferral schema:recipient kgr:yibin`` (through a
subproperty). ``kg build --reason`` writes them to ``out/inferred.ttl``;
``with_inferences`` gives a graph with both for queries.

>>> from kg.facts.folder import build_graph
>>> from kg.facts.namespaces import KGR, RDF, SCHEMA
>>> inferred = infer(build_graph(), ProjectPaths(), "rdfs")
>>> (KGR.catl, RDF.type, SCHEMA.Organization) in inferred
True
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.build.turtle import to_turtle
from kg.errors import KgError
from kg.facts.namespaces import bind_prefixes
from kg.facts.ontology import load_ontology
from kg.files import write_atomic
from kg.progress import stage
from kg.project import ProjectPaths

PROFILES = ("rdfs", "owlrl")
# Types every node has under these semantics; they tell a reader nothing.
_VOCABULARIES = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD))


def infer(graph: Graph, project: ProjectPaths = ProjectPaths(), profile: str = "rdfs") -> Graph:
    """The triples that ``graph`` and the ontology entail and ``graph`` does not assert.

    Kept: statements about the graph's own subjects (not about the ontology's
    terms), without the closure's noise (``owl:sameAs`` with itself, facts
    copied onto ``owl:sameAs`` aliases, types such as ``rdfs:Resource`` or
    ``owl:Thing``, literals re-spelled in canonical form). Raises KgError for
    an unknown profile.
    """
    import owlrl

    semantics = {"rdfs": owlrl.RDFS_Semantics, "owlrl": owlrl.OWLRL_Semantics}.get(profile)
    if semantics is None:
        raise KgError(f"unknown reasoning profile '{profile}'; use one of: {', '.join(PROFILES)}")
    ontology = load_ontology(project.ontology_path)
    closure = Graph()
    for triple in graph:
        closure.add(triple)
    for triple in ontology:
        closure.add(triple)
    with stage(f"reasoning ({profile})"):  # OWL 2 RL takes seconds: the CLI shows it on a terminal
        owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)

    own_subjects = set(graph.subjects()) - set(ontology.subjects())
    # OWL RL copies every fact about a node onto its owl:sameAs aliases (Wikidata
    # items): true, but a second copy of each fact, which would give an
    # observation two areas. The links themselves stay as asserted.
    aliases = set(graph.objects(None, OWL.sameAs))
    inferred = bind_prefixes(Graph())
    for s, p, o in closure:
        if s not in own_subjects or (s, p, o) in graph or p == OWL.sameAs or o in aliases:
            continue
        if p == RDF.type and str(o).startswith(_VOCABULARIES):
            continue
        # A literal for a property the subject already has is that value re-spelled by the closure.
        if isinstance(o, Literal) and (s, p, None) in graph:
            continue
        inferred.add((s, p, o))
    return inferred


def write_inferred(inferred: Graph, project: ProjectPaths = ProjectPaths()) -> Path:
    """Write the inferred triples as sorted Turtle to ``project.inferred_path``."""
    write_atomic(project.inferred_path, to_turtle(inferred))
    return project.inferred_path


def remove_inferred(project: ProjectPaths = ProjectPaths()) -> bool:
    """Delete a stale inferred file, so that it never disagrees with a new build. True if one was there."""
    path = project.inferred_path
    if path.is_file():
        path.unlink()
        return True
    return False
