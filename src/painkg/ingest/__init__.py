"""Stage: ingest. The wiki's plain-text article exports into the document layer.

- ``article``: the article reader (sections, sentences with their markers, tables, key terms);
- ``citations``: one entry of the Sources list, parsed;
- ``sourceids``: one IRI per work across articles (shared keys, stable suffixes);
- ``document``: an article as RDF (claims, sections, sources, key terms) in its named graph;
- ``wiki``: a folder of articles, read whole before anything is written.
"""

__all__ = ["article", "citations", "sourceids", "document", "wiki"]
