"""Where graphs live: RDF files, the embedded Oxigraph store, remote SPARQL stores; reads, never builds.

May import: kg.build (what it wrote), kg.facts and the base modules.
"""
