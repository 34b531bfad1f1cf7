"""Stage: reports people read. Evidence cards, the publisher's audit, statistics.

- ``evidence_card``: an entity's relations with their sentences, sources and tiers;
- ``audit``: claims by marker and section, uncited sources, LLM-only relations;
- ``stats``: triples, instances per class, uses per property;
- ``card``: the entity card (Markdown, HTML, JSON) from templates in ``painkg/templates``;
- ``why``: why one relation holds, with the SPARQL that reproduces it.
"""

__all__ = ["evidence_card", "audit", "stats", "card", "why"]
