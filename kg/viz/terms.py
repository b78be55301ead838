"""The terms a view reads, as plain Python values (``kg.store.plain``, the model the exports share): an IRI is a
``str``, a literal a ``Lit``, a blank node ``_:id``. Kept under this name for the views' modules."""

from kg.store.plain import (
    DECIMAL,
    LANG_STRING,
    STRING,
    Lit,
    Term,
    Triple,
    as_written,
    from_oxigraph,
    from_rdflib,
    from_rdflib_triples,
    is_iri,
    literal,
    number,
    parse_turtle,
)

__all__ = ["DECIMAL", "LANG_STRING", "STRING", "Lit", "Term", "Triple", "as_written", "from_oxigraph", "from_rdflib",
           "from_rdflib_triples", "is_iri", "literal", "number", "parse_turtle"]
