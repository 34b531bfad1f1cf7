"""Stage: views. CONSTRUCT views of the graph, summarised per edge, written as files.

- ``build``: a view (``queries/views/*.rq``, ``ego:NAME``) as a
  :class:`~painkg.views.build.ViewGraph`;
- ``export``: build and write one view in one format;
- ``formats``: one module per format (GraphML, GEXF, Cytoscape.js, DOT/SVG, Mermaid, CSV, HTML).
"""

__all__ = ["build", "export", "formats"]
