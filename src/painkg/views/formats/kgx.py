"""KGX TSV (``nodes.tsv`` and ``edges.tsv``) with Biolink categories and predicates, for the
Biolink/Translator tool chain (``kgx validate``, ``kgx transform``).

Mappings are given only where they are clear; everything else is ``biolink:NamedThing`` or
``biolink:related_to``, with painkg's own predicate kept in ``original_predicate``.

The evidence of each edge becomes Biolink's provenance slots, chosen as honestly as the
evidence allows (Biolink 4 enums ``KnowledgeLevelEnum`` and ``AgentTypeEnum``):

- ``agent_type`` is ``automated_agent`` for every edge a claim supports: each supporting
  sentence was written by a language model (the article says so), and painkg's curators drew
  the relation from that text without checking it against the cited source; ``not_provided``
  for an edge no claim supports.
- ``knowledge_level`` is ``knowledge_assertion`` when at least one supporting sentence cites a
  numbered source (T1-T3): the text asserts it with a reference. When every sentence is
  LLM-tagged it is ``not_provided``: an unsourced model statement is neither an assertion
  traceable to the literature nor a prediction in Biolink's sense. ``llm_only``,
  ``best_tier`` and ``n_claims`` keep painkg's own, sharper account beside them.
- ``primary_knowledge_source`` is the source article(s) of the view (painkg IRIs as
  CURIEs): painkg has no registered ``infores:`` identifier and does not invent one.

Checked with the KGX validator (kgx 2.6, Biolink 4.4.6, run offline): no errors but two
kinds it reports for any graph with identifiers of its own: the ``pkr:`` prefix is not in
Biolink's prefix map, and CURIEs whose local part holds a ``/`` (``pkr:person/...``) are not
"proper CURIEs" to it. Both are painkg's published IRIs and stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painkg.views.build import ViewGraph

__all__ = ["CATEGORIES", "PREDICATES", "NODE_COLUMNS", "EDGE_COLUMNS", "kgx_files"]

#: painkg class (local name) -> Biolink category, where the mapping is clear.
CATEGORIES: dict[str, str] = {
    "Condition": "biolink:DiseaseOrPhenotypicFeature",
    "ClinicalSign": "biolink:PhenotypicFeature",
    "ProblemForWork": "biolink:PhenotypicFeature",
    "Intervention": "biolink:Treatment",
    "Mechanism": "biolink:BiologicalProcess",
    "Person": "biolink:Agent",
    "Organization": "biolink:Agent",
    "Resource": "biolink:InformationContentEntity",
}
#: painkg predicate -> Biolink predicate, where the mapping is clear.
PREDICATES: dict[str, str] = {
    "pk:targets": "biolink:treats_or_applied_or_studied_to_treat",
    "pk:hasHallmark": "biolink:has_phenotype",
    "pk:nestedIn": "biolink:part_of",
}
NODE_COLUMNS = ("id", "category", "name", "xref", "iri", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "original_predicate",
                "knowledge_level", "agent_type", "primary_knowledge_source", "best_tier",
                "n_claims", "llm_only")


def _cell(value: str) -> str:
    # KGX TSV has no quoting: tabs and newlines inside a value would break the row
    return " ".join(value.split())


def _single(value: str) -> str:
    """A single-valued field: KGX reads "|" as a list separator and TSV has no escape, so a
    "|" in a label ("What is Central Sensitization? | Jo Nijs Explains") becomes "¦"."""
    return value.replace("|", "\u00a6")


def _table(columns: Sequence[str], rows: list[dict[str, str]]) -> bytes:
    lines = ["\t".join(columns)]
    lines += ["\t".join(_cell(row.get(c, "")) for c in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _levels(n_claims: int, llm_only: bool) -> tuple[str, str]:
    if n_claims == 0:
        return "not_provided", "not_provided"
    return ("not_provided" if llm_only else "knowledge_assertion"), "automated_agent"


def kgx_files(view: ViewGraph, xrefs: Mapping[str, Sequence[str]],
              sources: Sequence[str]) -> dict[str, bytes]:
    """``nodes.tsv`` and ``edges.tsv`` of ``view``; ``xrefs`` maps a node IRI to the CURIEs
    of its exact matches, ``sources`` are the view's source articles (CURIEs)."""
    provided = "|".join(sources)
    nodes = [{"id": n.id, "category": CATEGORIES.get(n.cls, "biolink:NamedThing"),
              "name": _single(n.label), "xref": "|".join(sorted(xrefs.get(n.iri, ()))),
              "iri": n.iri,
              "provided_by": provided} for n in view.nodes]
    edges = []
    for e in view.edges:
        level, agent = _levels(e.n_claims, e.llm_only)
        edges.append({"id": e.id, "subject": e.source, "object": e.target,
                      "predicate": PREDICATES.get(e.predicate, "biolink:related_to"),
                      "original_predicate": e.predicate, "knowledge_level": level,
                      "agent_type": agent, "primary_knowledge_source": provided,
                      "best_tier": e.best_tier, "n_claims": str(e.n_claims),
                      "llm_only": "true" if e.llm_only else "false"})
    return {"nodes.tsv": _table(NODE_COLUMNS, nodes), "edges.tsv": _table(EDGE_COLUMNS, edges)}
