"""Facts files and sources in, triples out: the model, YAML, quotes, stated values, the ontology contract, IRIs.

May import: the base modules (kg.errors, kg.project, kg.files, kg.runtime, kg.version) only.
"""
