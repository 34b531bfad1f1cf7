"""GEXF 1.3 writer (Gephi): the attributes of :mod:`painkg.views.formats.attributes` plus viz
colour, thickness and shape."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from painkg.views.build import ViewGraph
from painkg.views.formats.attributes import edge_columns, edge_values, node_columns, node_values
from painkg.views.formats.style import colour, line_style

__all__ = ["write_gexf"]


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f'r="{r}" g="{g}" b="{b}"'


_GEXF_TYPES = {"string": "string", "int": "integer", "boolean": "boolean", "double": "double"}


def write_gexf(view: ViewGraph) -> bytes:
    """The view as GEXF 1.3 (directed) with attributes and viz colour, thickness and shape."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
           'version="1.3">\n',
           f"  <meta>\n    <creator>painkg</creator>\n"
           f"    <description>{escape(view.title)}</description>\n  </meta>\n",
           '  <graph defaultedgetype="directed" mode="static">\n']
    ncols = [c for c in node_columns(view) if c[0] != "label"]
    ecols = [c for c in edge_columns() if c[0] not in ("label", "weight")]
    out.append('    <attributes class="node">\n')
    for i, (name, typ) in enumerate(ncols):
        out.append(f'      <attribute id="n{i}" title="{name}" type="{_GEXF_TYPES[typ]}"/>\n')
    out.append('    </attributes>\n    <attributes class="edge">\n')
    for i, (name, typ) in enumerate(ecols):
        out.append(f'      <attribute id="e{i}" title="{name}" type="{_GEXF_TYPES[typ]}"/>\n')
    out.append("    </attributes>\n    <nodes>\n")
    for node in view.nodes:
        values = node_values(node)
        out.append(f"      <node id={quoteattr(node.id)} label={quoteattr(node.label)}>\n"
                   "        <attvalues>\n")
        for i, (name, _) in enumerate(ncols):
            if name in values:
                out.append(f'          <attvalue for="n{i}" value={quoteattr(values[name])}/>\n')
        out.append(f"        </attvalues>\n        <viz:color {_rgb(colour(node.cls))}/>\n"
                   "      </node>\n")
    out.append("    </nodes>\n    <edges>\n")
    for edge in view.edges:
        values = edge_values(edge)
        out.append(f"      <edge id={quoteattr(edge.id)} source={quoteattr(edge.source)} "
                   f"target={quoteattr(edge.target)} label={quoteattr(edge.label)} "
                   f'weight="{values["weight"]}">\n        <attvalues>\n')
        for i, (name, _) in enumerate(ecols):
            out.append(f'          <attvalue for="e{i}" value={quoteattr(values[name])}/>\n')
        out.append(f'        </attvalues>\n        <viz:thickness value="{values["weight"]}"/>\n'
                   f'        <viz:shape value="{line_style(edge)}"/>\n      </edge>\n')
    out.append("    </edges>\n  </graph>\n</gexf>\n")
    return "".join(out).encode("utf-8")
