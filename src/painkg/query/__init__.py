"""Stage: querying. The SPARQL library of ``queries/`` and everything that runs a query.

SPARQL text is tokenised once per run by the foundation module :mod:`painkg.sparql_tokens`
(the endpoint store reads a query's form with it too, so it sits below ``store``).

- ``catalog``: the query files and their grlc-style headers (summary, parameters, tags);
- ``params``: parameters bound as RDF terms in a VALUES block, never pasted;
- ``screen``: refuses updates, ``SERVICE``, ``LOAD`` and ``FROM <...>`` before any engine
  sees a query;
- ``worker``: a forked worker process with a kill timer and a row limit (user queries, traversals);
- ``results``: rows as a :class:`~painkg.query.results.Table` and its writers;
- ``run``: run a library or user query on a store.
"""

__all__ = ["catalog", "params", "screen", "worker", "results", "run"]
