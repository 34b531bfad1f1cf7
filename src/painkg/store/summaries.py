"""Per-relation evidence summaries, derived in the store and kept in their own named graph.

Each reified relation gets one ``pk:EvidenceSummary`` (claim counts, stated and implied tier,
LLM-only, the effect of reviews), computed by one CONSTRUCT inside Oxigraph
(``queries/internal/evidence-summaries.rq``, the rule itself) into
:data:`EVIDENCE_SUMMARIES_GRAPH`, so ``relations-best-tier`` reads a summary instead of
grouping every claim at query time. Oxigraph stores rebuild the summaries whenever their named
graphs change (:meth:`painkg.store.oxigraph.OxigraphStore.sync_union`, ``painkg load``); the
dump carries the graph, like the SKOS concept scheme, so a store built by another tool from
the dump answers the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from painkg.namespaces import PKR

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["EVIDENCE_SUMMARIES_GRAPH", "evidence_summaries_text", "derive_summaries",
           "summary_quads", "CLEAR_SUMMARIES"]

#: The named graph of the derived summaries (never an article slug).
EVIDENCE_SUMMARIES_GRAPH = str(PKR["graph/evidence-summaries"])
#: Drops the summaries before they are derived again (SILENT: the graph may not exist yet).
CLEAR_SUMMARIES = f"CLEAR SILENT GRAPH <{EVIDENCE_SUMMARIES_GRAPH}>"


def evidence_summaries_text() -> str:
    """The CONSTRUCT that derives the summaries (the rule of painkg.tiers, in SPARQL)."""
    from painkg.resources import queries_dir

    return (queries_dir() / "internal" / "evidence-summaries.rq").read_text(encoding="utf-8")


def derive_summaries(inner: ox.Store, *, union_as_default: bool = False) -> list[ox.Triple]:
    """The summaries of the relations in ``inner``'s default graph (its materialised union;
    ``union_as_default`` for a store whose default graph is empty)."""
    return list(inner.query(evidence_summaries_text(),  # type: ignore[arg-type]
                            use_default_graph_as_union=union_as_default))


def summary_quads(triples: list[ox.Triple]) -> list[ox.Quad]:
    """Each summary triple in :data:`EVIDENCE_SUMMARIES_GRAPH` and in the default graph (the
    materialised union), ready for ``extend`` or ``bulk_extend``."""
    import pyoxigraph as ox

    graph = ox.NamedNode(EVIDENCE_SUMMARIES_GRAPH)
    return [q for t in triples for q in (ox.Quad(t.subject, t.predicate, t.object, graph),
                                         ox.Quad(t.subject, t.predicate, t.object))]
