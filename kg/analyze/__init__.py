"""The network of entities: rankings, components, communities, shortest paths.

May import: kg.sparql, kg.store and the stages below; not its siblings kg.viz, kg.export, kg.extract.
"""
