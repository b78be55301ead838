"""SHACL Core checked on N-Triples lines: the constraint components kg's shapes use, in one linear pass.

pySHACL checks a corpus of 400 articles in about 60 core-seconds: it walks
rdflib's store node by node, shape by shape. The shapes kg writes use a
small part of SHACL Core (class targets, predicate paths, counts, datatypes,
classes, node kinds, value ranges, lengths, patterns, ``sh:in``, ``sh:or`` of
those, ``sh:lessThan``, ``sh:uniqueLang``), and each of those is a lookup in an
index of the data. ``compile_shapes`` turns a shapes graph into checks, or
returns None when a shape uses anything else (``sh:node``, a path that is not
a predicate, a closed shape...): then pySHACL checks it, as before.
``kg.build.validate`` formats both engines' results alike, and the tests compare
them on planted errors of every kind.

The data stays as N-Triples terms (bytes, as rdflib's serializer writes them:
``<iri>``, ``_:b``, ``"lexical"@en``, ``"lexical"^^<datatype>``); only the
values of a violation become rdflib terms, to be shown.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

# What a shape may say besides its constraints: names, documentation, grouping.
_DESCRIPTIVE = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message, SH.order, SH.group,
                SH.severity, SH.deactivated, SH.sparql, SH.declare, SH.prefixes}
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
# The constraint components checked here, by their parameter.
_COMPONENTS = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.uniqueLang, SH["in"],
               SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength,
               SH.pattern, SH.flags, SH.lessThan, SH["or"], SH.hasValue}
_MEMBER_COMPONENTS = {SH.datatype, SH["class"], SH.nodeKind}  # what an sh:or member may say


@dataclass(frozen=True)
class Result:
    """One failed constraint: the component (``MinCount``...), its parameter, where, and the value."""

    kind: str
    shape: object  # the property or node shape, in the shapes graph
    parameter: object
    focus: bytes
    path: bytes | None
    value: bytes | None
    severity: str


@dataclass
class _Constraint:
    kind: str
    parameter: object  # rdflib term (or list of member constraints for Or, terms for In)
    test: object = None  # precomputed form: a token, a set of tokens, a compiled pattern


@dataclass
class _Shape:
    node: object  # the shape in the shapes graph
    path: bytes | None  # None: a node shape's own constraints
    constraints: list[_Constraint]
    severity: str
    targets: list[tuple[object, bytes]] = field(default_factory=list)  # (target predicate, term)
    properties: list["_Shape"] = field(default_factory=list)


@dataclass
class CompiledShapes:
    """The shapes as checks; built once per shapes graph (``compile_shapes``)."""

    shapes: list[_Shape]


def compile_shapes(shapes: Graph) -> CompiledShapes | None:
    """The node shapes with targets of ``shapes`` as checks, or None if any shape says what this module
    does not check (then the caller runs pySHACL). SPARQL constraints are left to the caller."""
    compiled = []
    node_shapes = sorted({s for p in _TARGETS for s in shapes.subjects(p, None)})
    for node in node_shapes:
        if shapes.value(node, SH.deactivated) == Literal(True):
            continue
        shape = _compile(shapes, node, None)
        if shape is None:
            return None
        shape.targets = [(p, token(o)) for p in sorted(_TARGETS) for o in sorted(shapes.objects(node, p))]
        for prop in sorted(shapes.objects(node, SH.property)):
            if shapes.value(prop, SH.deactivated) == Literal(True):
                continue
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef) or len(set(shapes.objects(prop, SH.path))) != 1:
                return None  # sequence, inverse, alternative paths: pySHACL
            checked = _compile(shapes, prop, token(path))
            if checked is None:
                return None
            shape.properties.append(checked)
        compiled.append(shape)
    # A shape that is also a class targets the class's instances (an implicit class target): not ours.
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        if (node, RDF.type, RDFS.Class) in shapes or (node, RDF.type, OWL.Class) in shapes:
            return None
    return CompiledShapes(compiled)


def _compile(shapes: Graph, node, path: bytes | None) -> _Shape | None:
    constraints = []
    allowed = _DESCRIPTIVE | _COMPONENTS | (_TARGETS | {SH.property} if path is None else {SH.path})
    for predicate in set(shapes.predicates(node, None)):
        if predicate not in allowed:
            return None
    for parameter in (SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.minInclusive,
                      SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH.lessThan,
                      SH.hasValue):
        for value in sorted(shapes.objects(node, parameter)):
            kind = str(parameter).rsplit("#", 1)[1]
            counted = parameter in (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength)
            constraints.append(_Constraint(kind[0].upper() + kind[1:], value, int(value) if counted else token(value)))
    if shapes.value(node, SH.uniqueLang) == Literal(True):
        constraints.append(_Constraint("UniqueLang", Literal(True)))
    for pattern in sorted(shapes.objects(node, SH.pattern)):
        flags = str(shapes.value(node, SH.flags) or "")
        bits = sum(flag for letter, flag in (("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL),
                                             ("x", re.VERBOSE)) if letter in flags)
        constraints.append(_Constraint("Pattern", pattern, re.compile(str(pattern), bits)))
    for members in sorted(shapes.objects(node, SH["in"])):
        allowed_values = list(Collection(shapes, members))
        constraints.append(_Constraint("In", members, {token(v) for v in allowed_values}))
    for members in sorted(shapes.objects(node, SH["or"])):
        options = []
        for member in Collection(shapes, members):
            said = set(shapes.predicates(member, None)) - {RDF.type}
            if not said or not said <= _MEMBER_COMPONENTS | {SH.name, SH.description}:
                return None
            option = _compile(shapes, member, path)
            options.append(option.constraints)
        constraints.append(_Constraint("Or", members, options))
    severity = str(shapes.value(node, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
    return _Shape(node, path, constraints, severity)


# -- the data ---------------------------------------------------------------------------------------

_TYPE, _SUBCLASS = f"<{RDF.type}>".encode(), f"<{RDFS.subClassOf}>".encode()


class Index:
    """N-Triples lines indexed by subject and predicate, with the class hierarchy they state."""

    def __init__(self, lines: Iterable[bytes], base: "Index | None" = None):
        """``base``: an index of lines that many indexes share (the ontology), indexed once and copied."""
        values: dict[tuple[bytes, bytes], list[bytes]] = dict(base.values) if base else {}
        subjects_of: dict[bytes, list[bytes]] = {p: list(s) for p, s in base.subjects_of.items()} if base else {}
        for line in dict.fromkeys(lines):  # each triple once, in the order given
            subject, predicate, rest = line.split(b" ", 2)
            obj = rest[:-2]  # less " ."
            found = values.get((subject, predicate))
            if found is None:
                values[(subject, predicate)] = [obj]
                subjects_of.setdefault(predicate, []).append(subject)
            elif base is not None and (subject, predicate) in base.values:
                if obj not in found:  # the base's list is the base's: extended in a copy
                    values[(subject, predicate)] = found + [obj]
            else:
                found.append(obj)
        self.values = values
        self.subjects_of = subjects_of
        self._instances: dict[bytes, list[bytes]] | None = None
        self._subclasses: dict[bytes, set[bytes]] = {}
        below = subjects_of.get(_SUBCLASS, [])
        if base is not None and below == base.subjects_of.get(_SUBCLASS, []) \
                and all(values[(s, _SUBCLASS)] is base.values[(s, _SUBCLASS)] for s in below):
            # Lines that add nothing to the class hierarchy (a document's: a parent more is a copy of the
            # base's list): the base's (the ontology's), worked out once for every index made on it.
            self._subclasses = base._subclasses

    def get(self, subject: bytes, predicate: bytes) -> list[bytes]:
        return self.values.get((subject, predicate), [])

    def instances(self, cls: bytes) -> set[bytes]:
        """The instances of ``cls`` and of its subclasses, as SHACL's class targets and sh:class read them."""
        if self._instances is None:
            self._instances = {}
            for subject in self.subjects_of.get(_TYPE, []):
                for type_ in self.values[(subject, _TYPE)]:
                    self._instances.setdefault(type_, []).append(subject)
        return {s for c in self.subclasses(cls) for s in self._instances.get(c, ())}

    def subclasses(self, cls: bytes) -> set[bytes]:
        """``cls`` and every class below it by rdfs:subClassOf."""
        found = self._subclasses.get(cls)
        if found is None:
            below: dict[bytes, list[bytes]] = {}
            for subject in self.subjects_of.get(_SUBCLASS, []):
                for parent in self.values[(subject, _SUBCLASS)]:
                    below.setdefault(parent, []).append(subject)
            found, todo = {cls}, [cls]
            while todo:
                for child in below.get(todo.pop(), ()):
                    if child not in found:
                        found.add(child)
                        todo.append(child)
            self._subclasses[cls] = found
        return found

    def is_instance(self, node: bytes, cls: bytes) -> bool:
        classes = self.subclasses(cls)
        return any(t in classes for t in self.get(node, _TYPE))

    def subjects_with(self, predicate: bytes) -> list[bytes]:
        return self.subjects_of.get(predicate, [])

    def objects_with(self, predicate: bytes) -> set[bytes]:
        return {o for s in self.subjects_of.get(predicate, []) for o in self.values[(s, predicate)]}


def check(index: Index, compiled: CompiledShapes, focus: set[bytes] | None = None) -> list[Result]:
    """Every failed constraint of the shapes' focus nodes in ``index`` (only those in ``focus`` if given)."""
    results: list[Result] = []
    for shape in compiled.shapes:
        nodes = targets(index, shape)
        if focus is not None:
            nodes &= focus
        for node in sorted(nodes):
            check_node(index, shape, node, results)
    return results


def check_node(index: Index, shape: _Shape, node: bytes, results: list[Result]) -> None:
    """Add to ``results`` the failed constraints of one focus node of ``shape`` (its own and its properties')."""
    _check_values(index, shape, node, [node], results)
    for prop in shape.properties:
        _check_values(index, prop, node, index.get(node, prop.path), results)


def targets(index: Index, shape: _Shape) -> set[bytes]:
    """The focus nodes of ``shape`` in ``index``: its class targets' instances, target nodes, subjects and
    objects of target predicates."""
    nodes: set[bytes] = set()
    for kind, term in shape.targets:
        if kind == SH.targetClass:
            nodes |= index.instances(term)
        elif kind == SH.targetNode:
            nodes.add(term)
        elif kind == SH.targetSubjectsOf:
            nodes |= set(index.subjects_with(term))
        else:
            nodes |= index.objects_with(term)
    return nodes


def _check_values(index: Index, shape: _Shape, focus: bytes, values: list[bytes], results: list[Result]) -> None:
    for constraint in shape.constraints:
        kind = constraint.kind
        failed: list[bytes | None]
        if kind == "MinCount":
            if len(values) >= constraint.test:
                continue
            failed = [None]
        elif kind == "MaxCount":
            if len(values) <= constraint.test:
                continue
            failed = [None]
        elif kind == "HasValue":
            if constraint.test in values:
                continue
            failed = [None]
        elif not values:
            continue  # every other constraint is on the values: none, nothing to fail
        elif kind == "Datatype":
            datatype = constraint.test
            failed = [v for v in values if not _datatype_ok(v, datatype)]
        elif kind == "Class":
            classes = index.subclasses(constraint.test)
            failed = [v for v in values if not any(t in classes for t in index.get(v, _TYPE))]
        elif kind == "UniqueLang":
            languages = [_language(v) for v in values]
            seen = [x for x in languages if x]
            failed = [None] * len({x for x in seen if seen.count(x) > 1})
        elif kind == "LessThan":
            others = index.get(focus, constraint.test)
            failed = [v for v in values if not all(_less_than(v, other) for other in others)]
        else:
            failed = [v for v in values if not _value_ok(index, kind, constraint, v)]
        results.extend(Result(kind, shape.node, constraint.parameter, focus, shape.path, v, shape.severity)
                       for v in failed)


def _value_ok(index: Index, kind: str, constraint: _Constraint, value: bytes) -> bool:
    if kind == "Datatype":
        return _datatype_ok(value, constraint.test)
    if kind == "Class":
        return value[:1] != b'"' and index.is_instance(value, constraint.test)
    if kind == "NodeKind":
        return _kind(value) in _NODE_KINDS[constraint.parameter]
    if kind == "In":
        return value in constraint.test
    if kind == "Or":
        return any(all(_value_ok(index, c.kind, c, value) for c in option) for option in constraint.test)
    if kind in ("MinLength", "MaxLength"):
        if value.startswith(b"_:"):
            return False
        length = len(str(term(value)))
        return length >= constraint.test if kind == "MinLength" else length <= constraint.test
    if kind == "Pattern":
        return not value.startswith(b"_:") and constraint.test.search(str(term(value))) is not None
    # Value ranges, by SPARQL's comparison: numbers as numbers; what cannot be compared fails.
    bound = constraint.test
    try:
        if kind == "MinInclusive":
            return _compare(bound, value) <= 0
        if kind == "MaxInclusive":
            return _compare(value, bound) <= 0
        if kind == "MinExclusive":
            return _compare(bound, value) < 0
        return _compare(value, bound) < 0
    except TypeError:
        return False


_NODE_KINDS = {
    SH.IRI: {"iri"}, SH.BlankNode: {"blank"}, SH.Literal: {"literal"},
    SH.BlankNodeOrIRI: {"blank", "iri"}, SH.BlankNodeOrLiteral: {"blank", "literal"},
    SH.IRIOrLiteral: {"iri", "literal"},
}


def _kind(token: bytes) -> str:
    return "iri" if token[:1] == b"<" else "blank" if token[:1] == b"_" else "literal"


def _language(token: bytes) -> str | None:
    if token[:1] != b'"':
        return None
    tail = token[token.rfind(b'"') + 1:]
    return tail[1:].decode("ascii").lower() if tail[:1] == b"@" else None


_XSD_STRING, _LANG_STRING = f"<{XSD.string}>".encode(), f"<{RDF.langString}>".encode()
_RDFS_LITERAL, _RDFS_DATATYPE = f"<{RDFS.Literal}>".encode(), f"<{RDFS.Datatype}>".encode()
# Lexical forms that are well formed for sure; anything else is decided by rdflib, as pySHACL decides it.
_CANONICAL = {f"<{XSD.integer}>".encode(): re.compile(rb"[+-]?[0-9]+"),
              f"<{XSD.decimal}>".encode(): re.compile(rb"[+-]?[0-9]+(\.[0-9]+)?")}
_WELL_TYPED: dict[tuple[bytes, bytes], bool] = {}


def _datatype_ok(token: bytes, datatype: bytes) -> bool:
    """pySHACL's sh:datatype: a literal of that datatype whose lexical form is well formed for it."""
    if token[:1] != b'"':
        return False
    end = token.rfind(b'"')
    tail = token[end + 1:]
    if tail[:1] == b"@":
        return datatype in (_LANG_STRING, _RDFS_LITERAL)
    if not tail:
        return datatype in (_XSD_STRING, _RDFS_LITERAL)
    own = tail[2:]
    if datatype == _RDFS_LITERAL or datatype == _RDFS_DATATYPE:
        return True
    if own != datatype:
        return False
    if own == _XSD_STRING:
        return True
    canonical = _CANONICAL.get(own)
    lexical = token[1:end]
    if canonical is not None and canonical.fullmatch(lexical):
        return True
    key = (lexical, own)
    if key not in _WELL_TYPED:
        _WELL_TYPED[key] = _rdflib_well_typed(term(token))
    return _WELL_TYPED[key]


def _rdflib_well_typed(literal: Literal) -> bool:
    import datetime

    if getattr(literal, "ill_typed", None) is True:
        return False
    value, datatype = literal.value, literal.datatype
    expected = {XSD.string: (str, bytes), XSD.integer: int, XSD.float: float, XSD.decimal: Decimal,
                XSD.boolean: bool, XSD.date: datetime.date, XSD.time: datetime.time,
                XSD.dateTime: datetime.datetime}.get(datatype)
    return expected is None or isinstance(value, expected)


_NUMERIC = {f"<{XSD[name]}>".encode() for name in (
    "integer", "decimal", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def _compare(a: bytes, b: bytes) -> int:
    """-1, 0 or 1 as SPARQL orders two numbers (raises TypeError for what it cannot compare)."""
    x, y = _number(a), _number(b)
    if x is None or y is None:
        left, right = term(a), term(b)  # rdflib orders what it can: dates, strings
        if not isinstance(left, Literal) or not isinstance(right, Literal):
            raise TypeError("not comparable")
        if left.eq(right):
            return 0
        if left < right:
            return -1
        if right < left:
            return 1
        raise TypeError("not comparable")
    return (x > y) - (x < y)


def _number(token: bytes) -> Decimal | None:
    if token[:1] != b'"':
        return None
    end = token.rfind(b'"')
    if token[end + 1:end + 3] != b"^^" or token[end + 3:] not in _NUMERIC:
        return None
    try:
        return Decimal(token[1:end].decode("ascii"))
    except (InvalidOperation, UnicodeDecodeError):
        return None


def _less_than(value: bytes, other: bytes) -> bool:
    """pySHACL's sh:lessThan: strings (IRIs and plain literals) with strings, other literals by value."""
    x, y = _canonical_number(value), _canonical_number(other)
    if x is not None and y is not None:  # offsets and counts: no rdflib terms to make
        return x < y
    left, right = term(value), term(other)
    if isinstance(left, BNode) or isinstance(right, BNode):
        return False
    left_text = isinstance(left, URIRef) or isinstance(left.value, str)
    right_text = isinstance(right, URIRef) or isinstance(right.value, str)
    if left_text != right_text:
        return False
    try:
        if left_text:
            return str(left) < str(right)
        return bool(left.value < right.value)
    except TypeError:
        return False


def _canonical_number(token: bytes) -> Decimal | None:
    """The value of an xsd:integer or xsd:decimal literal written in a form rdflib reads alike, else None."""
    if token[:1] != b'"':
        return None
    end = token.rfind(b'"')
    pattern = _CANONICAL.get(token[end + 3:]) if token[end + 1:end + 3] == b"^^" else None
    lexical = token[1:end]
    return Decimal(lexical.decode("ascii")) if pattern is not None and pattern.fullmatch(lexical) else None


# -- terms --------------------------------------------------------------------------------------------

_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def term(token: bytes):
    """An N-Triples term as rdflib's (for showing a value, and for rdflib's comparisons)."""
    if token[:1] == b"<":
        return URIRef(_unescape(token[1:-1].decode("utf-8")))
    if token[:2] == b"_:":
        return BNode(token[2:].decode("utf-8"))
    end = token.rfind(b'"')
    lexical, tail = _unescape(token[1:end].decode("utf-8")), token[end + 1:].decode("utf-8")
    if tail.startswith("@"):
        return Literal(lexical, lang=tail[1:])
    if tail.startswith("^^"):
        logging.getLogger("rdflib.term").disabled = True  # an ill-typed value is a result, not a warning
        try:
            return Literal(lexical, datatype=URIRef(tail[3:-1]))
        finally:
            logging.getLogger("rdflib.term").disabled = False
    return Literal(lexical)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None
                       else _ESCAPED.get(m.group(3), m.group(0)), text)


def token(node) -> bytes:
    """An rdflib term as an N-Triples term, as rdflib's serializer writes it."""
    return node.n3().encode("utf-8") if not isinstance(node, Literal) else _literal_token(node)


def _literal_token(literal: Literal) -> bytes:
    from rdflib.plugins.serializers.nt import _quoteLiteral

    return _quoteLiteral(literal).encode("utf-8")
