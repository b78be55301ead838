"""The graph for other tools: RDF formats, property graphs (GraphML, GEXF, Neo4j CSV), ontology docs.

May import: kg.sparql, kg.store and the stages below; not its siblings kg.viz, kg.analyze, kg.extract.
"""
