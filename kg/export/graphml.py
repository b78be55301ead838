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
    """The view as GraphML: nodes with label, class and the columns' values; edges with label, property and
    relationship (the Neo4j-style type), ids e0, e1, ... in the view's order."""
    used = {name for node in view.nodes for name, value in node.attributes.items() if value is not None}
    columns = [c for c in view.columns if c.name in used]
    node_keys = [("label", "string"), ("class", "string")] + [
        (c.name, "string" if c.is_list else _TYPES[c.kind]) for c in columns]
    ids = {name: f"d{i}" for i, (name, _) in enumerate(node_keys)}
    edge_ids = {name: f"d{len(node_keys) + i}" for i, name in enumerate(_EDGE_KEYS)}
    out = [_HEADER]
    out += [f'  <key id="{ids[name]}" for="node" attr.name={quoteattr(name)} attr.type="{kind}" />\n'
            for name, kind in node_keys]
    if view.edges:
        out += [f'  <key id="{edge_ids[name]}" for="edge" attr.name="{name}" attr.type="string" />\n'
                for name in _EDGE_KEYS]
    out.append('  <graph edgedefault="directed">\n')
    kinds = {c.name: c for c in columns}
    for node in view.nodes:
        out.append(f"    <node id={quoteattr(node.id)}>\n")
        out.append(_data(ids["label"], node.label))
        out.append(_data(ids["class"], "; ".join(node.classes)))
        for name in kinds:
            value = node.attributes.get(name)
            if value is None:
                continue
            if isinstance(value, list):
                value = "; ".join(map(str, value))
            elif kinds[name].kind == "date":
                value = value.isoformat()
            out.append(_data(ids[name], str(value)))
        out.append("    </node>\n")
    for index, edge in enumerate(view.edges):
        out.append(f"    <edge source={quoteattr(edge.source)} target={quoteattr(edge.target)} id=\"e{index}\">\n")
        for name, value in zip(_EDGE_KEYS, (edge.label, edge.property, edge.type)):
            out.append(_data(edge_ids[name], value))
        out.append("    </edge>\n")
    out.append("  </graph>\n</graphml>\n")
    return "".join(out).encode("utf-8")


def _data(key: str, text: str) -> str:
    if "&" in text or "<" in text or ">" in text:  # most values need no escape: a test is cheaper than three replaces
        text = escape(text)
    return f'      <data key="{key}">{text}</data>\n'
