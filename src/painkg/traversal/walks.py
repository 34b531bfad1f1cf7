"""Questions answered by walking the projection: interventions, paths, neighbours, rank.

Each public function takes a store and names as a user types them, resolves the names
(:mod:`painkg.traversal.names`), projects only what it needs
(:mod:`painkg.traversal.projection`) and returns plain dataclasses with an ``as_dict()`` for
JSON. The ``*_in`` variants work on a projection already built, so tests and other modules can
reuse them. Every result is sorted with a total order (tier, then label, then IRI), so output is
byte-identical across runs.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from painkg.errors import UsageError
from painkg.namespaces import PK_IRI, shorten_iri
from painkg.tiers import (
    NO_EVIDENCE,
    STATES,
    VERIFIED,
    best_tier,
    review_summary,
    tier_rank,
    weakest_tier,
)
from painkg.traversal.names import resolve_in_store
from painkg.traversal.projection import (
    Entity,
    Evidence,
    evidenced_edges,
    load_entities,
    project,
    project_between,
    project_interventions,
    project_neighbourhood,
)

if TYPE_CHECKING:
    import networkx as nx

    from painkg.store import GraphStore
    from painkg.traversal.projection import RouteGraph

__all__ = [
    "EVIDENCE_WEIGHT", "UNTIERED_WEIGHT", "MAX_PATHS", "InterventionRoute", "Relation", "Hop",
    "Path", "Neighbourhood", "Ranked", "ask_interventions", "interventions_in", "paths",
    "paths_in", "neighbours", "neighbours_in", "rank", "rank_in", "rank_by_degree",
]

TARGETS = PK_IRI + "targets"
NESTED_IN = PK_IRI + "nestedIn"
PROBLEM_CLASS = PK_IRI + "ProblemForWork"

#: Edge weights for ``path --by evidence``: a hop on LLM-only evidence costs five T1 hops.
EVIDENCE_WEIGHT: dict[str, int] = {"T1": 1, "T2": 2, "T3": 3, "LLM": 5}
#: Weight of a relation with no supporting claim at all.
UNTIERED_WEIGHT = 8
#: Most shortest paths enumerated before sorting (their number can grow exponentially).
MAX_PATHS = 1000


def _node(graph: nx.MultiDiGraph, iri: str) -> dict[str, str]:
    data = graph.nodes[iri]
    return {"iri": iri, "label": data["label"], "class": data["class"]}


def _dedupe(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    seen: dict[str, Evidence] = {}
    for item in evidence:
        seen.setdefault(item.claim, item)
    return tuple(sorted(seen.values(), key=Evidence.sort_key))


# --- ask interventions ------------------------------------------------------------------


@dataclass(frozen=True)
class InterventionRoute:
    """An intervention that reaches a problem, directly or through one nested intervention.

    ``via`` is ``"direct"`` or the label of the intervention delivered within this one that
    reaches the problem; ``evidence`` covers every relation of the route (the nesting and the
    targeting), strongest first; ``best_tier`` is the best tier of a direct relation, and for
    a route through nesting the weaker of the nesting's and the nested route's best tiers
    (a chain is only as strong as its weakest link). ``best_tier`` is the *stated* tier (claims
    that state the relations); ``implied_tier`` is the same chain counted with the claims that
    only imply a link, shown beside it and never merged into it.
    """

    iri: str
    label: str
    via: str
    via_iri: str | None
    best_tier: str
    evidence: tuple[Evidence, ...]
    chain: tuple[str, ...]
    implied_tier: str = NO_EVIDENCE

    @property
    def stated_tier(self) -> str:
        """The route's tier from stating claims only (the same as ``best_tier``)."""
        return self.best_tier

    @property
    def review(self) -> str:
        """The route's tier and review in words: "T1 stated, verified by 1"."""
        return review_summary(self.best_tier, self.implied_tier,
                              [e.review for e in self.evidence if e.role == STATES])

    @property
    def reviewed(self) -> bool:
        """At least one claim that states a link of the route was verified."""
        return any(e.review == VERIFIED for e in self.evidence if e.role == STATES)

    def sort_key(self) -> tuple[int, str, int, str, str]:
        """Strongest evidence first, then label, direct before nested routes."""
        return (tier_rank(self.best_tier), self.label.casefold(), 0 if self.via_iri is None
                else 1, self.via.casefold(), self.iri)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (see the README for the fields)."""
        return {"iri": self.iri, "label": self.label, "via": self.via, "via_iri": self.via_iri,
                "best_tier": self.best_tier, "stated_tier": self.best_tier,
                "implied_tier": self.implied_tier, "review": self.review,
                "evidence": [e.as_dict() for e in self.evidence]}


def interventions_in(graph: nx.MultiDiGraph | RouteGraph, problem: str
                     ) -> list[InterventionRoute]:
    """Routes to ``problem`` in a projection: direct ``pk:targets``, then up ``pk:nestedIn``.

    ``X pk:nestedIn Y`` means X is delivered within Y, so Y reaches the problem via X;
    nesting is followed transitively. Each intervention's best route (a widest-path search
    over tier ranks) is what its containers' routes build on.
    """
    direct = {u: data for u, _, key, data in graph.in_edges(problem, keys=True, data=True)
              if key == TARGETS}
    best: dict[str, InterventionRoute] = {}

    def label(iri: str) -> str:
        return str(graph.nodes[iri]["label"])

    heap: list[tuple[int, int, str, str, str]] = [
        (tier_rank(d["best_tier"]), 0, label(u).casefold(), u, "") for u, d in direct.items()]
    heapq.heapify(heap)
    while heap:
        _, _, _, iri, via = heapq.heappop(heap)
        if iri in best:
            continue
        best[iri] = route = _route(graph, iri, via or None, direct, best)
        for _, container, key, data in sorted(graph.out_edges(iri, keys=True, data=True)):
            if key == NESTED_IN and container not in best:
                tier = weakest_tier([data["best_tier"], route.best_tier])
                heapq.heappush(heap, (tier_rank(tier), 1, label(container).casefold(),
                                      container, iri))
    routes = []
    for iri in sorted(best):
        if iri in direct:
            routes.append(_route(graph, iri, None, direct, best))
        for nested, _, key in sorted(graph.in_edges(iri, keys=True)):
            if key == NESTED_IN and nested in best and iri not in best[nested].chain:
                routes.append(_route(graph, iri, nested, direct, best))
    return sorted(routes, key=InterventionRoute.sort_key)


def _route(graph: nx.MultiDiGraph | RouteGraph, iri: str, via: str | None,
           direct: dict[str, dict[str, Any]], best: dict[str, InterventionRoute]
           ) -> InterventionRoute:
    data = graph.nodes[iri]
    if via is None:
        edge = direct[iri]
        return InterventionRoute(iri, data["label"], "direct", None, edge["stated_tier"],
                                 _dedupe(edge["evidence"]), (iri,), edge["implied_tier"])
    edge = graph.edges[via, iri, NESTED_IN]
    inner = best[via]
    # A link only implied still links the chain for the implied tier: take each link's best
    # over both roles, then the weakest link.
    link_any = best_tier([edge["stated_tier"], edge["implied_tier"]])
    inner_any = best_tier([inner.best_tier, inner.implied_tier])
    return InterventionRoute(
        iri, data["label"], graph.nodes[via]["label"], via,
        weakest_tier([edge["stated_tier"], inner.best_tier]),
        _dedupe([*edge["evidence"], *inner.evidence]), (iri, *inner.chain),
        weakest_tier([link_any, inner_any]),
    )


def ask_interventions(store: GraphStore, problem: str) -> tuple[Entity, list[InterventionRoute]]:
    """The problem ``problem`` names, and the interventions that reach it with their evidence.

    Only the problem's ``pk:targets``/``pk:nestedIn`` subgraph is projected. A name that is
    not a problem for work (and that nothing targets) is a usage error listing the problems.
    """
    entity = resolve_in_store(problem, store)
    graph = project_interventions(store, entity.iri)
    targeted = any(k == TARGETS for _, _, k in graph.in_edges(entity.iri, keys=True))
    if PROBLEM_CLASS not in entity.classes and not targeted:
        entities = load_entities(store)
        problems = sorted(e.label for e in entities.values() if PROBLEM_CLASS in e.classes)
        raise UsageError(
            f"{entity.label!r} ({shorten_iri(entity.iri)}) is a {entity.kind or 'resource'}, not a "
            f"problem for work. Problems in the graph: {', '.join(problems) or 'none'}."
        )
    return entity, interventions_in(graph, entity.iri)


# --- path --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """One curated relation on a hop, in its true direction, with its evidence."""

    subject: str
    predicate: str
    object: str
    direction: str  # "forward" if subject is the hop's start, else "backward"
    best_tier: str  # the stated tier
    evidence: tuple[Evidence, ...]
    implied_tier: str = NO_EVIDENCE

    @property
    def review(self) -> str:
        """The relation's tier and review in words: "T1 stated, verified by 1"."""
        return review_summary(self.best_tier, self.implied_tier,
                              [e.review for e in self.evidence if e.role == STATES])

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"subject": self.subject, "predicate": shorten_iri(self.predicate),
                "object": self.object, "direction": self.direction,
                "best_tier": self.best_tier, "stated_tier": self.best_tier,
                "implied_tier": self.implied_tier, "review": self.review,
                "evidence": [e.as_dict() for e in self.evidence]}


@dataclass(frozen=True)
class Hop:
    """A step between two adjacent entities: every relation joining them, best first."""

    start: dict[str, str]
    end: dict[str, str]
    relations: tuple[Relation, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"from": self.start, "to": self.end,
                "relations": [r.as_dict() for r in self.relations]}


@dataclass(frozen=True)
class Path:
    """A shortest explanatory path: its hops, its length and its evidence weight."""

    hops: tuple[Hop, ...]
    weight: int

    @property
    def length(self) -> int:
        """Number of hops."""
        return len(self.hops)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"length": self.length, "weight": self.weight,
                "hops": [h.as_dict() for h in self.hops]}


def _edge_weight(data: dict[str, Any]) -> int:
    return EVIDENCE_WEIGHT.get(data["best_tier"], UNTIERED_WEIGHT)


def _undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """Adjacency ignoring direction; a pair's weight is its best-evidenced relation's."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for u, v, _, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        weight = _edge_weight(data)
        if not simple.has_edge(u, v) or simple.edges[u, v]["weight"] > weight:
            simple.add_edge(u, v, weight=weight)
    return simple


def _relations(graph: nx.MultiDiGraph, start: str, end: str) -> tuple[Relation, ...]:
    found = []
    for u, v, direction in ((start, end, "forward"), (end, start, "backward")):
        for key, data in (graph.get_edge_data(u, v) or {}).items():
            found.append(Relation(u, key, v, direction, data["stated_tier"],
                                  tuple(data["evidence"]), data["implied_tier"]))
    return tuple(sorted(found, key=lambda r: (tier_rank(r.best_tier), r.predicate,
                                              r.direction)))


def paths_in(graph: nx.MultiDiGraph, source: str, target: str, by: str = "length",
             limit: int = 5) -> list[Path]:
    """The shortest paths from ``source`` to ``target`` (edges undirected for reachability).

    ``by="evidence"`` weighs each hop by its best tier (:data:`EVIDENCE_WEIGHT`), so a
    better-evidenced path beats a shorter one. Paths are sorted by weight, length, then the
    labels along them; at most ``limit`` are returned. No path gives an empty list.
    """
    import networkx as nx

    if by not in ("length", "evidence"):
        raise UsageError(f"Unknown path weighting {by!r}: use 'length' or 'evidence'.")
    simple = _undirected(graph)
    try:
        found = list(itertools.islice(nx.all_shortest_paths(
            simple, source, target, weight="weight" if by == "evidence" else None), MAX_PATHS))
    except nx.NetworkXNoPath:
        return []
    result = []
    for nodes in found:
        hops = tuple(Hop(_node(graph, a), _node(graph, b), _relations(graph, a, b))
                     for a, b in itertools.pairwise(nodes))
        weight = sum(simple.edges[a, b]["weight"] for a, b in itertools.pairwise(nodes))
        result.append(Path(hops, weight))
    result.sort(key=lambda p: (p.weight, p.length,
                               [graph.nodes[h.end["iri"]]["label"].casefold() for h in p.hops],
                               [h.end["iri"] for h in p.hops]))
    return result[:limit]


def paths(store: GraphStore, start: str, end: str, by: str = "length", limit: int = 5
          ) -> tuple[Entity, Entity, list[Path]]:
    """Resolve two names and find the shortest explanatory paths between them.

    By length only the relations on shortest paths are projected (both ends' neighbourhoods
    grow until they meet); by evidence a lighter-tiered detour may beat any shortest path,
    so the whole evidenced graph is projected.
    """
    if by not in ("length", "evidence"):
        raise UsageError(f"Unknown path weighting {by!r}: use 'length' or 'evidence'.")
    first, second = resolve_in_store(start, store), resolve_in_store(end, store)
    if first.iri == second.iri:
        raise UsageError(f"FROM and TO both name {first.label!r}; give two different concepts.")
    graph = (project_between(store, first.iri, second.iri) if by == "length"
             else project(store))
    return first, second, paths_in(graph, first.iri, second.iri, by, limit)


# --- neighbours --------------------------------------------------------------------------


@dataclass(frozen=True)
class Neighbourhood:
    """The entities within ``depth`` hops of ``center`` and the relations that reach them."""

    center: dict[str, str]
    depth: int
    nodes: tuple[dict[str, Any], ...]
    relations: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"center": self.center, "depth": self.depth, "neighbours": list(self.nodes),
                "relations": list(self.relations)}


def neighbours_in(graph: nx.MultiDiGraph, center: str, depth: int = 1) -> Neighbourhood:
    """Entities within ``depth`` hops (either direction) and every relation leading to them."""
    import networkx as nx

    if depth < 1:
        raise UsageError(f"--depth must be at least 1 (got {depth}).")
    distance = nx.single_source_shortest_path_length(
        graph.to_undirected(as_view=True), center, cutoff=depth)

    def label(iri: str) -> str:
        return str(graph.nodes[iri]["label"]).casefold()

    nodes = tuple(
        {**_node(graph, iri), "distance": d}
        for iri, d in sorted(distance.items(), key=lambda kv: (kv[1], label(kv[0]), kv[0]))
        if iri != center)
    relations = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u in distance and v in distance and min(distance[u], distance[v]) < depth:
            relations.append({
                "distance": max(distance[u], distance[v]), "subject": _node(graph, u),
                "predicate": shorten_iri(key), "object": _node(graph, v),
                "best_tier": data["stated_tier"], "stated_tier": data["stated_tier"],
                "implied_tier": data["implied_tier"],
                "evidence": [e.as_dict() for e in data["evidence"]]})
    relations.sort(key=lambda r: (r["distance"], r["subject"]["label"].casefold(),
                                  r["predicate"], r["object"]["label"].casefold(),
                                  r["subject"]["iri"], r["object"]["iri"]))
    return Neighbourhood(_node(graph, center), depth, nodes, tuple(relations))


def neighbours(store: GraphStore, name: str, depth: int = 1) -> Neighbourhood:
    """Resolve ``name`` and return its neighbourhood, read hop by hop from the store (only
    the relations within ``depth`` hops are projected, not the whole graph)."""
    if depth < 1:
        raise UsageError(f"--depth must be at least 1 (got {depth}).")
    entity = resolve_in_store(name, store)  # the one resolver: mapped IDs too
    # Only the reached nodes are labelled (entities-of.rq): entities.rq lists the same
    # classes, so the answer is the full projection's.
    return neighbours_in(project_neighbourhood(store, entity.iri, depth), entity.iri, depth)


# --- rank --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """A concept's place in the centrality ranking."""

    position: int
    entity: dict[str, str]
    score: float
    degree: int
    relations: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"rank": self.position, **self.entity, "score": self.score,
                "degree": self.degree, "relations": self.relations}


MEASURES = ("degree", "betweenness")


def rank_in(graph: nx.MultiDiGraph, top: int = 10, measure: str = "degree") -> list[Ranked]:
    """The ``top`` most central entities.

    ``degree``: number of distinct related entities (direction ignored), the measure a
    clinician can check by hand; ``betweenness``: normalised betweenness centrality on the
    same undirected graph. Scores are rounded to 6 places so float noise cannot reorder
    them; ties break by label, then IRI. Claims and sources are edge attributes, never nodes,
    so they are never ranked.
    """
    import networkx as nx

    if top < 1:
        raise UsageError(f"--top must be at least 1 (got {top}).")
    if measure not in MEASURES:
        raise UsageError(f"Unknown measure {measure!r}: use {' or '.join(MEASURES)}.")
    simple = _undirected(graph)
    scores: dict[str, float]
    if measure == "degree":
        scores = {n: float(simple.degree(n)) for n in simple.nodes}
    else:
        scores = nx.betweenness_centrality(simple, normalized=True)
    ordered = sorted(simple.nodes, key=lambda n: (-round(scores[n], 6),
                                                  graph.nodes[n]["label"].casefold(), n))
    return [Ranked(i, _node(graph, n), round(scores[n], 6), simple.degree(n),
                   graph.in_degree(n) + graph.out_degree(n))
            for i, n in enumerate(ordered[:top], 1)]


def rank(store: GraphStore, top: int = 10, measure: str = "degree") -> list[Ranked]:
    """Centrality ranking of the concepts: by degree from the edge list alone (see
    :func:`rank_by_degree`); betweenness needs the whole projection."""
    if measure == "degree":
        return rank_by_degree(store, top)
    return rank_in(project(store), top, measure)


def rank_by_degree(store: GraphStore, top: int = 10) -> list[Ranked]:
    """:func:`rank_in` by degree, the same answer without projecting the whole graph.

    Degree needs only the evidenced edges, not their claims and sources (the bulk of a
    projection at 1,000 articles); names are looked up only for the entities that can
    reach the top, i.e. those scoring at least the ``top``-th score, whose order then breaks
    ties by label. Only when fewer than ``top`` entities have a relation are the isolated
    ones (degree 0) needed, and then every entity is read. A self-loop counts twice, as in
    networkx.
    """
    if top < 1:
        raise UsageError(f"--top must be at least 1 (got {top}).")
    neighbours: dict[str, set[str]] = {}
    relations: dict[str, int] = {}
    for subject, _, obj in evidenced_edges(store):
        for node, other in ((subject, obj), (obj, subject)):
            neighbours.setdefault(node, set()).add(other)
            relations[node] = relations.get(node, 0) + 1
    degree = {n: len(nb) + (n in nb) for n, nb in neighbours.items()}
    scores = sorted(degree.values(), reverse=True)
    if len(scores) >= top:
        candidates = sorted(n for n, d in degree.items() if d >= scores[top - 1])
        entities = load_entities(store, candidates)
    else:
        entities = load_entities(store)
        candidates = sorted(set(degree) | set(entities))
    named = {n: entities.get(n) or Entity(n, shorten_iri(n)) for n in candidates}
    ordered = sorted(candidates, key=lambda n: (-degree.get(n, 0), named[n].label.casefold(), n))
    return [Ranked(i, named[n].as_dict(), float(degree.get(n, 0)), degree.get(n, 0),
                   relations.get(n, 0))
            for i, n in enumerate(ordered[:top], 1)]

