"""GEXF 1.2 written straight from the property-graph view, a line per element, in the layout networkx writes.

networkx's ``GEXFWriter`` builds an ElementTree of the whole network (at
corpus scale more memory than the store it came from, and most of the
export's time); this writes the document that writer makes of
``kg.export.formats.network(view)`` as text: the same attribute ids and
types, the same order of nodes and edges (a source's edges grouped by
target, as a networkx MultiDiGraph holds them), the same escapes. Only the
creator names kg.

>>> from kg.export.property_graph import Column, Node, PropertyGraph
>>> view = PropertyGraph([Node("a", "A & B", ["City"], {"population": 5})], [], [Column("population", "long", False)])
>>> print(gexf_bytes(view).decode())  # doctest: +ELLIPSIS
<?xml version="1.0" encoding="utf-8"?>
<gexf ...>
  <meta>
    <creator>kg ...</creator>
  </meta>
  <graph defaultedgetype="directed" mode="static" name="">
    <attributes mode="static" class="node">
      <attribute id="0" title="class" type="string" />
      <attribute id="1" title="population" type="long" />
    </attributes>
    <nodes>
      <node id="a" label="A &amp; B">
        <attvalues>
          <attvalue for="0" value="City" />
          <attvalue for="1" value="5" />
        </attvalues>
      </node>
    </nodes>
    <edges />
  </graph>
</gexf>
<BLANKLINE>
<BLANKLINE>
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from kg.export.property_graph import Edge, PropertyGraph
from kg.version import __version__

_HEADER = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
           f"  <meta>\n    <creator>kg {__version__}</creator>\n  </meta>\n"
           '  <graph defaultedgetype="directed" mode="static" name="">\n')
# A column's kind -> the GEXF type of its values (lists and dates are written as text).
_TYPES = {"long": "long", "double": "double", "date": "string", "string": "string"}
# ElementTree's escapes in an attribute's value.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
                          "\t": "&#09;"})
_FLOATS = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}
_EDGE_TITLES = ("property", "relationship", "networkx_key")


def gexf_bytes(view: PropertyGraph) -> bytes:
    """The view as GEXF (``gexf_text``), encoded."""
    return "".join(gexf_text(view)).encode("utf-8")


def gexf_text(view: PropertyGraph) -> Iterator[str]:
    """The view as GEXF, a piece at a time: nodes with label, class and the columns' values; edges with
    label, property, relationship (the Neo4j-style type) and their key in the view (e0, e1, ...)."""
    columns = {c.name: c for c in view.columns}
    position = {name: i for i, name in enumerate(columns)}
    ids: dict[str, str] = {}  # titles numbered as met: node by node, each node's in the columns' order
    for name in ["class"] * bool(view.nodes) + view.attribute_order():
        if name not in ids:
            ids[name] = str(len(ids))
    kinds = {"class": "string"} | {c.name: "string" if c.is_list else _TYPES[c.kind] for c in view.columns}
    edge_ids = {title: str(len(ids) + i) for i, title in enumerate(_EDGE_TITLES)}
    yield _HEADER
    if view.edges:
        yield '    <attributes mode="static" class="edge">\n'
        for t in _EDGE_TITLES:
            yield f'      <attribute id="{edge_ids[t]}" title="{t}" type="string" />\n'
        yield "    </attributes>\n"
    if ids:
        yield '    <attributes mode="static" class="node">\n'
        for name, i in ids.items():
            yield f'      <attribute id="{i}" title="{_escape(name)}" type="{kinds[name]}" />\n'
        yield "    </attributes>\n"
    yield "    <nodes>\n" if view.nodes else "    <nodes />\n"
    for node in view.nodes:
        out = [f'      <node id="{_escape(node.id)}" label="{_escape(node.label)}">\n        <attvalues>\n'
               f'          <attvalue for="{ids["class"]}" value="{_escape("; ".join(node.classes))}" />\n']
        for name, value in sorted(((n, v) for n, v in node.attributes.items() if v is not None),
                                  key=lambda item: position[item[0]]):
            text = _text(value, columns[name].kind, columns[name].is_list)
            out.append(f'          <attvalue for="{ids[name]}" value="{_escape(text)}" />\n')
        out.append("        </attvalues>\n      </node>\n")
        yield "".join(out)
    if view.nodes:
        yield "    </nodes>\n"
    yield from _edge_lines(view, edge_ids)
    yield "  </graph>\n</gexf>\n\n"  # networkx's indent leaves a line after the root too


def _by_source(view: PropertyGraph) -> Iterator[list[tuple[int, Edge]]]:
    """The edges with their index in the view, a node's together, in the nodes' order (edges from no node
    left out). A corpus' view (not lists) has them so already: (source, property, target) order."""
    if not isinstance(view.edges, list):
        yield from (list(group) for _, group in itertools.groupby(enumerate(view.edges), key=lambda e: e[1].source))
        return
    grouped: dict[str, list[tuple[int, Edge]]] = {}
    for index, edge in enumerate(view.edges):
        grouped.setdefault(edge.source, []).append((index, edge))
    yield from (grouped[node.id] for node in view.nodes if node.id in grouped)


def _edge_lines(view: PropertyGraph, ids: dict[str, str]) -> Iterator[str]:
    """The edges element: numbered in the order a networkx MultiDiGraph yields them (by source in the nodes'
    order, then by target in the order the source's edges first reach it), each keeping its key in the view."""
    if not view.edges:
        yield "    <edges />\n"
        return
    yield "    <edges>\n"
    number = 0
    for edges in _by_source(view):
        by_target: dict[str, list[tuple[int, Edge]]] = {}
        for index, edge in edges:
            by_target.setdefault(edge.target, []).append((index, edge))
        for index, edge in itertools.chain.from_iterable(by_target.values()):
            yield (f'      <edge source="{_escape(edge.source)}" target="{_escape(edge.target)}" id="{number}" '
                   f'label="{_escape(edge.label)}">\n        <attvalues>\n'
                   f'          <attvalue for="{ids["property"]}" value="{_escape(edge.property)}" />\n'
                   f'          <attvalue for="{ids["relationship"]}" value="{_escape(edge.type)}" />\n'
                   f'          <attvalue for="{ids["networkx_key"]}" value="e{index}" />\n'
                   "        </attvalues>\n      </edge>\n")
            number += 1
    yield "    </edges>\n"


def _text(value, kind: str, is_list: bool) -> str:
    """A value as networkx writes it: lists joined with "; ", dates in ISO form, infinities in capitals."""
    if is_list:
        return "; ".join(map(str, value))
    if kind == "date":
        return value.isoformat()
    text = str(value)
    return _FLOATS.get(text, text) if value.__class__ is float else text


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)
