"""GraphML written straight from the property-graph view, a line per element, in the layout networkx writes.

networkx builds an ElementTree of the whole network first, which at
corpus scale costs more than reading the graph; this writes the same
document (the same keys, types and values, which ``networkx.read_graphml``
reads back as the same network) as text, in the view's order.

>>> from kg.export.property_graph import Column, Edge, Node, PropertyGraph
>>> view = PropertyGraph([Node("a", "A", ["City"], {"population": 5})], [], [Column("population", "long", False)])
>>> print(graphml_bytes(view).decode())  # doctest: +ELLIPSIS
<?xml version='1.0' encoding='utf-8'?>
<graphml ...>
  <key id="d0" for="node" attr.name="label" attr.type="string" />
  <key id="d1" for="node" attr.name="class" attr.type="string" />
  <key id="d2" for="node" attr.name="population" attr.type="long" />
  <graph edgedefault="directed">
    <node id="a">
      <data key="d0">A</data>
      <data key="d1">City</data>
      <data key="d2">5</data>
    </node>
  </graph>
</graphml>
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from kg.export.property_graph import PropertyGraph

_HEADER = ("<?xml version='1.0' encoding='utf-8'?>\n"
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
# A column's kind -> the GraphML type of its values (lists and dates are written as text).
_TYPES = {"long": "long", "double": "double", "date": "string", "string": "string"}
_EDGE_KEYS = ("label", "property", "relationship")


def graphml_bytes(view: PropertyGraph) -> bytes:
    """The view as GraphML (``graphml_text``), encoded."""
    return "".join(graphml_text(view)).encode("utf-8")


def graphml_text(view: PropertyGraph) -> Iterator[str]:
    """The view as GraphML, a piece at a time: nodes with label, class and the columns' values; edges with
    label, property and relationship (the Neo4j-style type), ids e0, e1, ... in the view's order."""
    columns = view.columns
    node_keys = [("label", "string"), ("class", "string")] + [
        (c.name, "string" if c.is_list else _TYPES[c.kind]) for c in columns]
    ids = {name: f"d{i}" for i, (name, _) in enumerate(node_keys)}
    edge_ids = {name: f"d{len(node_keys) + i}" for i, name in enumerate(_EDGE_KEYS)}
    yield _HEADER
    for name, kind in node_keys:
        yield f'  <key id="{ids[name]}" for="node" attr.name={quoteattr(name)} attr.type="{kind}" />\n'
    if view.edges:
        for name in _EDGE_KEYS:
            yield f'  <key id="{edge_ids[name]}" for="edge" attr.name="{name}" attr.type="string" />\n'
    yield '  <graph edgedefault="directed">\n'
    yield from _node_lines(view, columns, ids)
    yield from _edge_lines(view, edge_ids)
    yield "  </graph>\n</graphml>\n"


def _node_lines(view: PropertyGraph, columns: list, ids: dict[str, str]) -> Iterator[str]:
    """Each node's element, its values in the order of the columns (a node has a few of the many)."""
    position = {c.name: i for i, c in enumerate(columns)}
    keys = [ids[c.name] for c in columns]
    lists = [c.is_list for c in columns]
    dates = [c.kind == "date" for c in columns]
    classes: dict[tuple[str, ...], str] = {}  # a few dozen sets of classes among thousands of nodes
    for node in view.nodes:
        found = classes.get(tuple(node.classes))
        if found is None:
            found = classes[tuple(node.classes)] = _data(ids["class"], "; ".join(node.classes))
        out = [f"    <node id={quoteattr(node.id)}>\n{_data(ids['label'], node.label)}{found}"]
        for i, value in sorted((position[name], value) for name, value in node.attributes.items()
                               if value is not None):
            if lists[i]:
                value = "; ".join(map(str, value))
            elif dates[i]:
                value = value.isoformat()
            out.append(_data(keys[i], str(value)))
        out.append("    </node>\n")
        yield "".join(out)


def _edge_lines(view: PropertyGraph, edge_ids: dict[str, str]) -> Iterator[str]:
    """Each edge's element; its property's values (label, IRI, type) written once for all its edges."""
    quoted: dict[str, str] = {}  # a node's id, as an attribute, for each of its edges
    values: dict[tuple[str, str, str], str] = {}
    for index, edge in enumerate(view.edges):
        source = quoted.get(edge.source) or quoted.setdefault(edge.source, quoteattr(edge.source))
        target = quoted.get(edge.target) or quoted.setdefault(edge.target, quoteattr(edge.target))
        named = (edge.label, edge.property, edge.type)
        data = values.get(named)
        if data is None:
            data = values[named] = "".join(_data(edge_ids[name], value) for name, value in zip(_EDGE_KEYS, named))
        yield f'    <edge source={source} target={target} id="e{index}">\n{data}    </edge>\n'


def _data(key: str, text: str) -> str:
    if "&" in text or "<" in text or ">" in text:  # most values need no escape: a test is cheaper than three replaces
        text = escape(text)
    return f'      <data key="{key}">{text}</data>\n'
