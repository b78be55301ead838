"""The endpoint: the HTTP app over the SPARQL protocol, with its query page and graph page.

May import: kg.viz, kg.sparql, kg.store and the stages below them.
"""
