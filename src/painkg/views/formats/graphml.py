"""GraphML writer (read by Cytoscape, yEd, igraph and Gephi): networkx's, fed the typed
attribute columns of :mod:`painkg.views.formats.attributes`.

networkx writes the ``<key>`` declarations from the values' Python types (``n_claims`` and
``tier_rank`` as ``long``, ``llm_only`` as ``boolean``, ``weight`` as ``double``), numbers
the keys ``d0``, ``d1``... in the order attributes are first met (nodes, then edges; it
declares them last first) and writes edges grouped by source node; every order follows the
view's sorted nodes and edges, so the bytes are the same run after run.
"""

from __future__ import annotations

from painkg.views.build import ViewGraph
from painkg.views.formats.attributes import (
    edge_columns,
    edge_values,
    node_columns,
    node_values,
    typed,
)

__all__ = ["write_graphml"]


def write_graphml(view: ViewGraph) -> bytes:
    """The view as GraphML (directed, parallel edges kept under their painkg ids)."""
    import networkx as nx

    graph = nx.MultiDiGraph(id=view.name)
    ncols, ecols = node_columns(view), edge_columns()
    for node in view.nodes:
        graph.add_node(node.id, **typed(node_values(node), ncols))
    for edge in view.edges:
        graph.add_edge(edge.source, edge.target, key=edge.id,
                       **typed(edge_values(edge), ecols))
    lines = nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n").encode()
