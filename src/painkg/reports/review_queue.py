"""The review queue: what a reviewer should verify next, most consequential first.

The order (documented in docs/evidence.md, "The review queue"):

1. **Unreviewed weak relations.** Curated relations that no review has reached (neither the
   relation nor any claim behind it) and that are *LLM only* (every claim stating them is
   LLM-tagged) or *implied only* (no claim states them). Each is scored by how many answers it
   enters: ``ask`` answers (routes of ``ask interventions`` over every problem for work whose
   chain uses the relation), ``paths`` (pairs of entities whose shortest path in the relation
   graph runs through it: its unnormalised edge betweenness, rounded) and ``views`` (the
   views of ``queries/views/`` that draw it). Most ``ask`` answers first (a clinician's
   question rests on them), then the highest score (ask + paths + views); ties by stated
   tier (LLM only before implied only), then by label.
2. **Unreviewed claims behind T1 answers.** Claims nobody reviewed that state a relation
   whose stated tier is T1 (so the T1 answer rests on them). Each claim's counts are the sums
   over the relations it states; ordered as above, then by claim IRI.

Relations and claims already reviewed (any status) are not queued; a review carried over by
``painkg curate migrate`` (needs re-review) is not a review for this purpose.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from painkg.namespaces import PK
from painkg.tiers import LLM, NO_EVIDENCE, STATES, tier_rank

if TYPE_CHECKING:
    import networkx as nx

    from painkg.store import GraphStore
    from painkg.traversal.projection import Evidence

__all__ = ["QueueItem", "review_queue", "format_queue", "relation_scores"]

_TARGETS = str(PK.targets)
_PROBLEM = str(PK.ProblemForWork)
Edge = tuple[str, str, str]


@dataclass(frozen=True)
class QueueItem:
    """One thing to review: a relation or a claim, why it is queued and how much rides on it."""

    rank: int
    kind: str  # "relation" | "claim"
    target: str  # statement IRI or claim IRI
    label: str
    reason: str  # "LLM only" | "implied only" | "behind a T1 answer"
    ask: int
    paths: int
    views: int
    text: str = ""

    @property
    def score(self) -> int:
        """How many answers ride on it: ask answers + paths + views."""
        return self.ask + self.paths + self.views

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"rank": self.rank, "kind": self.kind, "target": self.target,
                "label": self.label, "reason": self.reason, "score": self.score,
                "ask": self.ask, "paths": self.paths, "views": self.views, "text": self.text}


def _statement(edge: Edge) -> str:
    from painkg.curation.build import statement_iri

    return statement_iri(*edge)


def _ask_counts(graph: nx.MultiDiGraph) -> dict[Edge, int]:
    """How many ``ask interventions`` routes (over every problem for work) use each edge."""
    from painkg.traversal.projection import NESTED_IN
    from painkg.traversal.walks import interventions_in

    counts: dict[Edge, int] = {}
    problems = sorted({v for _, v, k in graph.edges(keys=True) if k == _TARGETS})
    for problem in problems:
        for route in interventions_in(graph, problem):
            chain = route.chain
            used = [(chain[-1], _TARGETS, problem)]
            used += [(inner, NESTED_IN, outer) for outer, inner in zip(chain, chain[1:],
                                                                       strict=False)]
            for edge in used:
                counts[edge] = counts.get(edge, 0) + 1
    return counts


def _path_counts(graph: nx.MultiDiGraph) -> dict[Edge, int]:
    """Entity pairs whose shortest path runs through each edge (edge betweenness)."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in graph.edges()}))
    between = nx.edge_betweenness_centrality(simple, normalized=False)
    counts: dict[Edge, int] = {}
    for u, v, key in graph.edges(keys=True):
        pair = tuple(sorted((u, v)))
        counts[(u, key, v)] = round(between.get(pair, between.get(pair[::-1], 0.0)))
    return counts


def _view_counts(store: GraphStore, edges: list[Edge]) -> dict[Edge, int]:
    """How many views of ``queries/views/`` draw each edge."""
    from rdflib import URIRef

    from painkg.resources import queries_dir

    counts: dict[Edge, int] = {}
    for path in sorted((queries_dir() / "views").glob("*.rq")):
        drawn = store.construct(path.read_text(encoding="utf-8"))
        for s, p, o in edges:
            if (URIRef(s), URIRef(p), URIRef(o)) in drawn:
                counts[(s, p, o)] = counts.get((s, p, o), 0) + 1
    return counts


def relation_scores(store: GraphStore, graph: nx.MultiDiGraph
                    ) -> dict[Edge, tuple[int, int, int]]:
    """(ask answers, paths, views) of every relation of the projection."""
    edges = sorted((u, k, v) for u, v, k in graph.edges(keys=True))
    ask, paths, views = _ask_counts(graph), _path_counts(graph), _view_counts(store, edges)
    return {e: (ask.get(e, 0), paths.get(e, 0), views.get(e, 0)) for e in edges}


def _reviewed_targets(store: GraphStore) -> set[str]:
    """Claims, relations and sources with a current review that is not awaiting re-review."""
    rows = store.select("""
        PREFIX pk: <https://w3id.org/painkg/vocab#>
        SELECT ?target WHERE {
          ?target pk:currentReview ?review .
          FILTER NOT EXISTS { ?review pk:needsReReview true }
        }""")
    return {str(r["target"]) for r in rows}


def _weakness(stated: str, implied: str, evidence: tuple[Evidence, ...]) -> str | None:
    if stated == LLM and all(e.tier == LLM for e in evidence):
        return "LLM only"
    if stated == NO_EVIDENCE and evidence:
        return "implied only"
    return None


def review_queue(store: GraphStore) -> list[QueueItem]:
    """Every unreviewed weak relation, then every unreviewed claim behind a T1 answer."""
    from painkg.traversal.projection import project

    graph = project(store)
    scores = relation_scores(store, graph)
    reviewed = _reviewed_targets(store)
    labels = {str(r["statement"]): str(r["label"]) for r in store.select("""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?statement ?label WHERE { ?statement a rdf:Statement ; rdfs:label ?label }""")}
    relations: list[tuple[tuple[Any, ...], QueueItem]] = []
    claims: dict[str, list[Any]] = {}
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        edge = (u, key, v)
        evidence = data["evidence"]
        statement = _statement(edge)
        ask, paths, views = scores[edge]
        label = labels.get(statement) or (f"{graph.nodes[u]['label']} {data['relation']} "
                                          f"{graph.nodes[v]['label']}")
        untouched = statement not in reviewed and not any(e.claim in reviewed for e in evidence)
        weakness = _weakness(data["stated_tier"], data["implied_tier"], evidence)
        if weakness and untouched:
            item = QueueItem(0, "relation", statement, label, weakness, ask, paths, views)
            relations.append(((-item.ask, -item.score, tier_rank(data["stated_tier"]),
                               label.casefold(), statement), item))
        if data["stated_tier"] == "T1":
            for e in evidence:
                if e.role == STATES and e.tier == "T1" and e.claim not in reviewed:
                    entry = claims.setdefault(e.claim, [0, 0, 0, e.text, []])
                    entry[0] += ask
                    entry[1] += paths
                    entry[2] += views
                    entry[4].append(label)
    ordered = [item for _, item in sorted(relations, key=lambda pair: pair[0])]
    claim_items = sorted(
        (QueueItem(0, "claim", iri, "; ".join(sorted(set(e[4]))), "behind a T1 answer",
                   e[0], e[1], e[2], e[3]) for iri, e in claims.items()),
        key=lambda i: (-i.ask, -i.score, i.target))
    return [QueueItem(n, i.kind, i.target, i.label, i.reason, i.ask, i.paths, i.views, i.text)
            for n, i in enumerate([*ordered, *claim_items], 1)]


_COLUMNS = ("rank", "kind", "reason", "score", "ask", "paths", "views", "target", "label")


def format_queue(items: list[QueueItem], fmt: str) -> str:
    """The queue as text (a table), JSON or TSV."""
    from painkg.namespaces import shorten_iri as curie

    if fmt == "json":
        return json.dumps([i.as_dict() for i in items], indent=2, ensure_ascii=False,
                          sort_keys=True) + "\n"
    rows = [[str(i.rank), i.kind, i.reason, str(i.score), str(i.ask), str(i.paths),
             str(i.views), curie(i.target), i.label] for i in items]
    if fmt == "tsv":
        return "\n".join("\t".join(r) for r in [list(_COLUMNS), *rows]) + "\n"
    widths = [max(len(r[k]) for r in [list(_COLUMNS), *rows]) for k in range(len(_COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
             for r in [list(_COLUMNS), *rows]]
    return "\n".join(lines) + "\n"
