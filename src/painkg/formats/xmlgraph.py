"""GraphML and GEXF writers (XML graph formats read by Gephi, Cytoscape, yEd and igraph).

Both carry, on every node, its label, class, IRI and view attributes, and on every edge its
predicate and evidence: ``best_tier`` (T1-T3 or none), ``tier_rank`` (1-3, 0 for none),
``n_claims``, ``llm_only`` and the supporting ``claims`` (space-separated ids).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..views import Edge, Node, ViewGraph
from .style import WEIGHT, colour, line_style

__all__ = ["write_graphml", "write_gexf", "node_columns", "edge_columns", "node_values",
           "edge_values"]


def node_columns(view: ViewGraph) -> list[tuple[str, str]]:
    """(name, type) of every node attribute written, in a fixed order."""
    extra = sorted({k for n in view.nodes for k in n.attrs} - {"label", "class", "iri"})
    return [("label", "string"), ("class", "string"), ("iri", "string"),
            ("n_claims", "int")] + [(k, "string") for k in extra]


def edge_columns() -> list[tuple[str, str]]:
    """(name, type) of every edge attribute written, in a fixed order."""
    return [("predicate", "string"), ("label", "string"), ("best_tier", "string"),
            ("tier_rank", "int"), ("n_claims", "int"), ("llm_only", "boolean"),
            ("weight", "double"), ("claims", "string")]


def node_values(node: Node) -> dict[str, str]:
    """A node's attribute values as text, by column name."""
    n_claims = len({c for _, ids in node.evidence for c in ids})
    return {**node.attrs, "label": node.label, "class": node.cls, "iri": node.iri,
            "n_claims": str(n_claims)}


def edge_values(edge: Edge) -> dict[str, str]:
    """An edge's evidence and predicate as text, by column name."""
    return {"predicate": edge.predicate, "label": edge.label, "best_tier": edge.best_tier,
            "tier_rank": str(edge.tier_rank), "n_claims": str(edge.n_claims),
            "llm_only": "true" if edge.llm_only else "false",
            "weight": repr(WEIGHT[edge.best_tier] if not edge.llm_only else WEIGHT["none"]),
            "claims": " ".join(edge.claims)}


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
