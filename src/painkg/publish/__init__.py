"""Stage: publishing. What other sites import.

- ``dump``: the dump in Turtle, N-Triples, JSON-LD and TriG, with its description and checksums;
- ``description``: the VoID/DCAT description of the dataset;
- ``serialize``: the dump's formats: Turtle, TriG and N-Triples through
  :mod:`painkg.rdfwrite` (the one deterministic writer, shared with ingest), JSON-LD here;
- ``union_lines``: the union of the named graphs as sorted N-Triples lines;
- ``mappings``: the SSSOM links from ``data/crosswalk.tsv``.
"""

__all__ = ["dump", "description", "serialize", "union_lines", "mappings"]
