"""Stage: reports people read. Evidence cards, the publisher's audit, statistics.

- ``evidence_card``: an entity's relations with their sentences, sources and tiers;
- ``audit``: claims by marker and section, uncited sources, LLM-only relations;
- ``stats``: triples, instances per class, uses per property.
"""

__all__ = ["evidence_card", "audit", "stats"]
