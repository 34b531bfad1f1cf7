"""GEXF 1.3 writer (Gephi): networkx's, fed the attributes of
:mod:`painkg.views.formats.attributes` plus viz colour, thickness and shape.

Three things networkx does are undone: it stamps ``<meta lastmodifieddate>`` with today's
date (painkg drops it, optional in GEXF, so the same view gives the same bytes on any day, and
names itself the creator with the view's title as the description); it adds a
``networkx_key`` attribute repeating each edge's id (dropped); and its GEXF 1.3 header spells
the XML Schema instance namespace ``http://w3.org/...`` instead of ``http://www.w3.org/...``
(corrected, so schema validators find ``xsi:schemaLocation``).
"""

from __future__ import annotations

from typing import Any

from painkg.views.build import ViewGraph
from painkg.views.formats.attributes import (
    edge_columns,
    edge_values,
    node_columns,
    node_values,
    typed,
)
from painkg.views.formats.style import colour, line_style

__all__ = ["write_gexf"]

#: Data keys networkx's GEXF writer turns into XML attributes or viz elements rather than
#: ``<attvalue>``s; a view attribute of such a name is written as ``attr_NAME``.
_XSI = "http://www.w3.org/2001/XMLSchema-instance"

_RESERVED = frozenset({"id", "label", "pid", "start", "end", "viz", "spells", "parents",
                       "slices", "type", "weight", "key"})


def _rgb(hex_colour: str) -> dict[str, int]:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return {"r": r, "g": g, "b": b}


def _safe(values: dict[str, Any]) -> dict[str, Any]:
    return {f"attr_{k}" if k in _RESERVED else k: v for k, v in values.items()}


def write_gexf(view: ViewGraph) -> bytes:
    """The view as GEXF 1.3 (directed) with attributes and viz colour, thickness and shape."""
    import networkx as nx
    from networkx.readwrite.gexf import GEXFWriter

    graph = nx.MultiDiGraph()
    ncols = [c for c in node_columns(view) if c[0] != "label"]
    ecols = [c for c in edge_columns() if c[0] not in ("label", "weight")]
    for node in view.nodes:
        graph.add_node(node.id, label=node.label, viz={"color": _rgb(colour(node.cls))},
                       **_safe(typed(node_values(node), ncols)))
    for edge in view.edges:
        weight = float(edge_values(edge)["weight"])
        graph.add_edge(edge.source, edge.target, key=edge.id, id=edge.id, label=edge.label,
                       weight=weight, viz={"thickness": weight, "shape": line_style(edge)},
                       **_safe(typed(edge_values(edge), ecols)))
    writer = GEXFWriter(version="1.3", encoding="utf-8", prettyprint=True)
    meta = writer.xml.find("meta")
    assert meta is not None  # GEXFWriter always starts with <meta>
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "painkg"
    meta.append(_description(view.title))
    writer.add_graph(graph)
    writer.xml.set("xmlns:xsi", _XSI)
    _drop_multigraph_keys(writer.xml)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + str(writer)).encode("utf-8")


def _drop_multigraph_keys(root: Any) -> None:
    """Remove networkx's ``networkx_key`` edge attribute (the edge id again)."""
    for attributes in root.iter("attributes"):
        for attribute in list(attributes):
            if attribute.get("title") == "networkx_key":
                attributes.remove(attribute)
                for attvalues in root.iter("attvalues"):
                    for value in list(attvalues):
                        if value.get("for") == attribute.get("id"):
                            attvalues.remove(value)


def _description(title: str) -> Any:
    from xml.etree.ElementTree import Element

    element = Element("description")
    element.text = title
    return element
