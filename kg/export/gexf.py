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
    """The view as GEXF: nodes with label, class and the columns' values; edges with label, property,
    relationship (the Neo4j-style type) and their key in the view (e0, e1, ...)."""
    columns = {c.name: c for c in view.columns}
    position = {name: i for i, name in enumerate(columns)}
    values = [[("class", "; ".join(node.classes))] + [
        (name, _text(value, columns[name].kind, columns[name].is_list))
        for name, value in sorted(((n, v) for n, v in node.attributes.items() if v is not None),
                                  key=lambda item: position[item[0]])] for node in view.nodes]
    ids: dict[str, str] = {}  # titles numbered as met: node by node, each node's in the columns' order
    kinds = {"class": "string"} | {c.name: "string" if c.is_list else _TYPES[c.kind] for c in view.columns}
    for found in values:
        for name, _ in found:
            if name not in ids:
                ids[name] = str(len(ids))
    edge_ids = {title: str(len(ids) + i) for i, title in enumerate(_EDGE_TITLES)}
    out = [_HEADER]
    if view.edges:
        out.append('    <attributes mode="static" class="edge">\n')
        out += [f'      <attribute id="{edge_ids[t]}" title="{t}" type="string" />\n' for t in _EDGE_TITLES]
        out.append("    </attributes>\n")
    if ids:
        out.append('    <attributes mode="static" class="node">\n')
        out += [f'      <attribute id="{i}" title="{_escape(name)}" type="{kinds[name]}" />\n' for name, i in ids.items()]
        out.append("    </attributes>\n")
    out.append("    <nodes>\n" if view.nodes else "    <nodes />\n")
    for node, found in zip(view.nodes, values):
        out.append(f'      <node id="{_escape(node.id)}" label="{_escape(node.label)}">\n        <attvalues>\n')
        out += [f'          <attvalue for="{ids[name]}" value="{_escape(text)}" />\n' for name, text in found]
        out.append("        </attvalues>\n      </node>\n")
    if view.nodes:
        out.append("    </nodes>\n")
    out += _edge_lines(view.edges, [node.id for node in view.nodes], edge_ids)
    out.append("  </graph>\n</gexf>\n\n")  # networkx's indent leaves a line after the root too
    return "".join(out).encode("utf-8")


def _edge_lines(edges: list[Edge], sources: list[str], ids: dict[str, str]) -> list[str]:
    """The edges element: numbered in the order a networkx MultiDiGraph yields them (by source in the nodes'
    order, then by target in the order the source's edges first reach it), each keeping its key in the view."""
    if not edges:
        return ["    <edges />\n"]
    grouped: dict[str, dict[str, list[int]]] = {}
    for index, edge in enumerate(edges):
        grouped.setdefault(edge.source, {}).setdefault(edge.target, []).append(index)
    out = ["    <edges>\n"]
    number = 0
    for node_id in sources:
        for indexes in grouped.get(node_id, {}).values():
            for index in indexes:
                edge = edges[index]
                out.append(
                    f'      <edge source="{_escape(edge.source)}" target="{_escape(edge.target)}" id="{number}" '
                    f'label="{_escape(edge.label)}">\n        <attvalues>\n'
                    f'          <attvalue for="{ids["property"]}" value="{_escape(edge.property)}" />\n'
                    f'          <attvalue for="{ids["relationship"]}" value="{_escape(edge.type)}" />\n'
                    f'          <attvalue for="{ids["networkx_key"]}" value="e{index}" />\n'
                    "        </attvalues>\n      </edge>\n")
                number += 1
    out.append("    </edges>\n")
    return out


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
