"""A failed SHACL constraint in words: what it expected and what it found, with nodes named as kg names them."""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.facts.namespaces import PREFIXES


def _explain(shapes: Graph, kind: str, parameter, count: int | None, value, types: list,
             message: str) -> tuple[str, str]:
    """What a failed constraint expected and what it found, in words: ``kind`` is its component
    (``MinCount``...), ``count`` the number of values of its path, ``types`` the value's rdf:types."""
    shown = _term(None, value) if value is not None else "nothing"
    if kind == "MinCount":
        return f"at least {parameter} value(s)", f"{count} value(s)"
    if kind == "MaxCount":
        return f"at most {parameter} value(s)", f"{count} value(s)"
    if kind == "Datatype":
        return f"a literal of {_name(None, parameter)}", shown
    if kind == "Class":
        names = sorted(_name(None, t) for t in types)
        return f"an instance of {_name(None, parameter)}", f"{shown} ({', '.join(names) or 'no type'})"
    if kind == "NodeKind":
        return f"a node of kind {str(parameter).rsplit('#', 1)[-1]}", shown
    if kind == "LessThan":
        return f"less than its {_name(None, parameter)}", shown
    if kind == "UniqueLang":
        return "at most one value per language", shown
    if kind in ("MinInclusive", "MaxInclusive", "MinExclusive", "MaxExclusive", "MinLength", "MaxLength", "Pattern"):
        return f"{kind[0].lower() + kind[1:]} {parameter}", shown
    if kind == "In" and parameter is not None:
        return "one of: " + ", ".join(_term(None, member) for member in Collection(shapes, parameter)), shown
    if kind == "HasValue":
        return f"the value {_term(None, parameter)}", shown
    if kind == "Or" and parameter is not None:
        options = [_describe(shapes, member) for member in Collection(shapes, parameter)]
        return "one of: " + ", ".join(options), shown
    # SPARQL constraints: their message, with the IRIs pySHACL substituted into it shortened.
    return re.sub(r"https?://[^\s,;]+", lambda m: _name(None, URIRef(m.group())), message or kind), shown


def _describe(shapes: Graph, shape) -> str:
    datatype, cls = shapes.value(shape, SH.datatype), shapes.value(shape, SH["class"])
    if datatype is not None:
        return f"a literal of {_name(shapes, datatype)}"
    return f"an instance of {_name(shapes, cls)}" if cls is not None else "a shape"


def _name(graph: Graph, node) -> str:
    """A prefixed name, even where the local part has a slash (kgr:observation/...)."""
    if isinstance(node, URIRef):
        matches = [(len(str(ns)), prefix) for prefix, ns in PREFIXES.items() if str(node).startswith(str(ns))]
        if matches:
            length, prefix = max(matches)
            return f"{prefix}:{str(node)[length:]}"
        return f"<{node}>"
    if isinstance(node, BNode):
        return "[blank node]"
    return str(node)


def _term(graph: Graph, node) -> str:
    if isinstance(node, Literal):
        text = str(node) if len(str(node)) <= 60 else str(node)[:57] + "..."
        if node.language:
            return f'"{text}"@{node.language}'
        return f'"{text}"^^{_name(graph, node.datatype)}' if node.datatype else f'"{text}"'
    return _name(graph, node)
