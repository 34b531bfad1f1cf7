"""Stage: traversal. networkx walks over a projection of the curated graph.

- ``projection``: the typed, evidenced edges as a networkx graph (only the subgraph a
  question needs);
- ``names``: the one name resolver (label, synonym, IRI or CURIE; suggestions when unknown);
- ``walks``: ``ask interventions``, ``path``, ``neighbours``, ``rank``;
- ``bounded_walks``: the same walks run in the query worker with a kill timer.
"""

__all__ = ["projection", "names", "walks", "bounded_walks"]
