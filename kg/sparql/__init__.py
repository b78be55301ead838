"""Questions: SPARQL parsed and run, parameters, the query library, results formats, the protocol's answers.

May import: kg.store, kg.build, kg.facts and the base modules.
"""
