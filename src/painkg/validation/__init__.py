"""Stage: validation. SHACL shapes and QC queries over the graph, one report.

- ``report``: the findings (:class:`~painkg.validation.report.ValidationResult`) and their order;
- ``validate``: pyshacl for the core constraints, the whole run over files or a store;
- ``shacl_sparql``: SHACL-SPARQL constraints run once each on Oxigraph;
- ``prebinding``: when joining a shape's targets equals SHACL's pre-binding of ``$this``;
- ``qc``: the QC queries of ``queries/qc/`` as findings;
- ``render``: a report as text, JSON or Turtle;
- ``wiki`` and ``wiki_render``: per-article, cached, parallel validation of a wiki, and its report.
"""

__all__ = ["report", "validate", "shacl_sparql", "prebinding", "qc", "render", "wiki",
           "wiki_render"]
