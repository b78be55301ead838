"""kg: turn source documents into a trustworthy RDF knowledge graph.

Data flows one way: sources -> facts -> graph -> query / visualize / export / serve.

Example, from the project folder::

    from kg.facts.folder import build_graph
    graph = build_graph("data", "ontology/kg.ttl")
"""

__version__ = "0.1.0"
