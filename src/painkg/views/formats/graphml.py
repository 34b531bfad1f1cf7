"""GraphML writer (read by Cytoscape, yEd, igraph and Gephi), with typed attribute keys
(:mod:`painkg.views.formats.attributes`)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from painkg.views.build import ViewGraph
from painkg.views.formats.attributes import edge_columns, edge_values, node_columns, node_values

__all__ = ["write_graphml"]


def write_graphml(view: ViewGraph) -> bytes:
    """The view as GraphML 1.0 (directed), with typed ``<key>`` declarations."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n']
    ncols, ecols = node_columns(view), edge_columns()
    for i, (name, typ) in enumerate(ncols):
        out.append(f'  <key id="n{i}" for="node" attr.name="{name}" attr.type="{typ}"/>\n')
    for i, (name, typ) in enumerate(ecols):
        out.append(f'  <key id="e{i}" for="edge" attr.name="{name}" attr.type="{typ}"/>\n')
    out.append(f'  <graph id={quoteattr(view.name)} edgedefault="directed">\n')
    for node in view.nodes:
        values = node_values(node)
        out.append(f"    <node id={quoteattr(node.id)}>\n")
        for i, (name, _) in enumerate(ncols):
            if name in values:
                out.append(f'      <data key="n{i}">{escape(values[name])}</data>\n')
        out.append("    </node>\n")
    for edge in view.edges:
        values = edge_values(edge)
        out.append(f"    <edge id={quoteattr(edge.id)} source={quoteattr(edge.source)} "
                   f"target={quoteattr(edge.target)}>\n")
        for i, (name, _) in enumerate(ecols):
            out.append(f'      <data key="e{i}">{escape(values[name])}</data>\n')
        out.append("    </edge>\n")
    out.append("  </graph>\n</graphml>\n")
    return "".join(out).encode("utf-8")
