"""A projection of painkg's RDF graph into a networkx ``MultiDiGraph`` for traversals.

Nodes are entities (concepts, people, organisations) with ``iri``, ``label``, ``class`` and
``alt_labels``; edges are the curated evidenced relations (``pk:targets``, ``pk:nestedIn`` …),
keyed by the property IRI and carrying their evidence: ``claims`` (iri, text, section,
marker), ``sources`` (iri, label, tier), ``evidence`` (claim and source together) and
``stated_tier`` (the best tier among the claims that state the relation, also kept as
``best_tier``) and ``implied_tier`` (the best among those that only imply it), never merged;
each evidence item carries its ``role`` ("states" or "implies"). Claims and sources are edge
attributes, never nodes, so they cannot become hubs.

The projection is built from SPARQL run on the store's engine (``queries/internal/*.rq``),
never from rdflib's every-triple-is-an-edge helper, and can be limited to the properties a
command needs (``ask interventions`` fetches only ``pk:targets`` and ``pk:nestedIn``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from painkg.namespaces import PK_IRI, shorten_iri
from painkg.resources import queries_dir
from painkg.tiers import (
    IMPLIES,
    NO_EVIDENCE,
    STATES,
    TIER_RANK,
    UNREVIEWED,
    best_tier,
    claim_status,
    counts_toward_tier,
    review_summary,
    split_tiers,
    tier_rank,
    weakest_tier,
)

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox
    from rdflib.term import Identifier

    from painkg.store import GraphStore

__all__ = [
    "TIER_RANK", "UNTIERED_RANK", "LLM_MARKER", "SourceRef", "Evidence", "Entity",
    "tier_rank", "best_tier", "weakest_tier", "internal_query", "iri_terms",
    "literal_term", "load_entities", "project", "project_interventions", "project_between",
    "RouteGraph", "project_neighbourhood", "evidenced_edges",
]

#: Rank of a relation or claim with no usable marker (weaker than LLM); see painkg.tiers.
UNTIERED_RANK = TIER_RANK[NO_EVIDENCE]
LLM_MARKER = PK_IRI + "LLM"
TARGETS = PK_IRI + "targets"
NESTED_IN = PK_IRI + "nestedIn"




@dataclass(frozen=True, order=True)
class SourceRef:
    """A source as evidence shows it: IRI, label (e.g. "Woolf 2011"), tier and the kind of
    document its citation shows (journal article, web page, video, book)."""

    iri: str
    label: str
    tier: str | None
    kind: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"iri": self.iri, "label": self.label, "tier": self.tier, "kind": self.kind}


@dataclass(frozen=True)
class Evidence:
    """One claim supporting a relation, with the source its marker names (``None`` for LLM)."""

    claim: str
    text: str
    section: str
    position: int | None
    marker: str
    source: SourceRef | None
    #: "states" when the claim states the relation, "implies" when it only implies it.
    role: str = STATES
    #: The claim's current review status (painkg.tiers.REVIEW_STATUSES), None if unreviewed.
    review: str | None = None

    @property
    def counts(self) -> bool:
        """False once a reviewer disputed, misattributed or retracted the claim."""
        return counts_toward_tier(self.review)

    @property
    def tier(self) -> str | None:
        """T1/T2/T3 from the source, ``LLM`` for an LLM-tagged claim, ``None`` if untiered."""
        if self.marker == LLM_MARKER:
            return "LLM"
        return self.source.tier if self.source is not None else None

    def sort_key(self) -> tuple[int, int, str]:
        """Strongest first, then in article order."""
        return (tier_rank(self.tier), self.position if self.position is not None else 1 << 30,
                self.claim)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``claim`` is the verbatim text, ``claim_iri`` the claim node."""
        return {
            "claim": self.text, "claim_iri": self.claim, "section": self.section,
            "marker": shorten_iri(self.marker), "tier": self.tier, "role": self.role,
            "source": self.source.as_dict() if self.source is not None else None,
            "review": self.review or UNREVIEWED, "counts": self.counts,
        }


@dataclass(frozen=True)
class Entity:
    """A nameable node: IRI, its one label, its synonyms and its classes."""

    iri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """The main class as a CURIE: the first pk: class, else the first class, else ''."""
        own = [c for c in self.classes if c.startswith(PK_IRI)]
        chosen = (own or list(self.classes) or [""])[0]
        return shorten_iri(chosen) if chosen else ""

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"iri": self.iri, "label": self.label, "class": self.kind}


@dataclass
class _EntityDraft:
    labels: set[str] = field(default_factory=set)
    alt_labels: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)


def internal_query(name: str, variables: Sequence[str] = (),
                   rows: Iterable[Sequence[Identifier | ox.NamedNode | ox.Literal]] = ()) -> str:
    """The text of ``queries/internal/<name>.rq`` with ``variables`` bound to ``rows``.

    Each row holds one RDF term per variable (see :func:`iri_terms`, :func:`literal_term`).
    They are bound by :func:`painkg.query.params.bind_rows`: a ``VALUES`` block at the start of the
    outer WHERE group, each value checked to stay one term (architecture.md: parameters are
    bound as terms, never pasted into patterns). Without variables the query runs unbound.
    """
    from painkg.query.params import bind_rows

    text = (queries_dir() / "internal" / f"{name}.rq").read_text(encoding="utf-8")
    return bind_rows(text, variables, rows) if variables else text


def iri_terms(iris: Iterable[str]) -> list[tuple[ox.NamedNode]]:
    """One-term rows of IRIs, sorted and de-duplicated, for :func:`internal_query`
    (pyoxigraph terms, which need no rdflib); a usage error for text that is no IRI."""
    import pyoxigraph as ox

    from painkg.errors import UsageError

    rows = []
    for iri in sorted(set(iris)):
        try:
            rows.append((ox.NamedNode(iri),))
        except ValueError as exc:
            raise UsageError(f"{iri!r} is not a valid IRI ({exc}).") from exc
    return rows


def literal_term(text: str, language: str | None = None) -> ox.Literal:
    """A plain (or ``language``-tagged) literal, for :func:`internal_query`."""
    import pyoxigraph as ox

    return ox.Literal(text, language=language)


def load_entities(store: GraphStore, iris: Iterable[str] | None = None) -> dict[str, Entity]:
    """Entities in the store keyed by IRI (all, or only ``iris``); sorted, deterministic."""
    if iris is None:
        text = internal_query("entities")
    else:
        rows = iri_terms(iris)
        if not rows:
            return {}
        text = internal_query("entities-of", ["entity"], rows)
    drafts: dict[str, _EntityDraft] = defaultdict(_EntityDraft)
    for row in store.select_values(text):
        draft = drafts[str(row["entity"])]
        key, value = str(row["key"]), str(row["value"])
        {"label": draft.labels, "altLabel": draft.alt_labels, "class": draft.classes}[key].add(
            value)
    entities = {}
    for iri in sorted(drafts):
        draft = drafts[iri]
        # The contract says exactly one label; if the data breaks it, pick deterministically
        # and let the shapes report it.
        label = sorted(draft.labels)[0] if draft.labels else shorten_iri(iri)
        entities[iri] = Entity(iri, label, tuple(sorted(draft.alt_labels - {label})),
                               tuple(sorted(draft.classes)))
    return entities


def _evidence_rows(store: GraphStore, edges: Sequence[tuple[str, str, str]] | None
                   ) -> dict[tuple[str, str, str], list[Evidence]]:
    wanted = None if edges is None else set(edges)
    if wanted is None:
        text = internal_query("edge-evidence")
    else:
        if not wanted:
            return {}
        text = internal_query("edge-evidence", ["object"],
                              iri_terms({edge[2] for edge in wanted}))
    by_edge: dict[tuple[str, str, str], dict[str, Evidence]] = defaultdict(dict)
    for row in store.select_values(text):
        edge = (str(row["subject"]), str(row["_property_iri"]), str(row["object"]))
        if wanted is not None and edge not in wanted:
            continue
        claim = str(row["claim"])
        marker = str(row.get("marker", ""))
        source = None
        if marker and marker != LLM_MARKER:
            tier = str(row["tier"]).rsplit("#", 1)[-1] if "tier" in row else None
            kind = str(row["documentKind"]) if "documentKind" in row else None
            source = SourceRef(marker, str(row.get("sourceLabel", shorten_iri(marker))), tier,
                               kind)
        position = row.get("position")
        evidence = Evidence(
            claim=claim, text=str(row.get("text", "")), section=str(row.get("section", "")),
            position=int(position) if position is not None else None,
            marker=marker, source=source,
            role=IMPLIES if str(row.get("supportRole", "")) == IMPLIES else STATES,
            review=claim_status(_text(row, "reviewStatus"), _text(row, "sourceStatus")),
        )
        # Duplicate rows for one claim (e.g. two section labels) keep the smallest, for stability.
        known = by_edge[edge].get(claim)
        if known is None or _evidence_order(evidence) < _evidence_order(known):
            by_edge[edge][claim] = evidence
    return {edge: sorted(claims.values(), key=Evidence.sort_key)
            for edge, claims in by_edge.items()}


def _text(row: dict[str, Any], name: str) -> str | None:
    return str(row[name]) if row.get(name) is not None else None


def _evidence_order(evidence: Evidence) -> tuple[str, str, str, str]:
    source = evidence.source
    return (evidence.section, evidence.text, source.label if source else "",
            (source.tier or "") if source else "")


class RouteGraph:
    """A directed multigraph on plain dicts with the few ``networkx.MultiDiGraph`` calls the
    interventions walk makes (``nodes[n]``, ``edges[u, v, key]``, ``in_edges``,
    ``out_edges``, ``add_node``, ``add_edge``, ``in``, ``number_of_edges``).

    Why: ``ask interventions`` walks a small subgraph in plain Python (a heap over tier
    ranks); networkx was only its container and cost about 0.2 s of imports per cold run.
    """

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._in: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self._out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def add_node(self, node: str, **attrs: Any) -> None:
        """Add ``node`` (or update its attributes)."""
        self.nodes.setdefault(node, {}).update(attrs)

    def add_edge(self, u: str, v: str, key: str, **attrs: Any) -> None:
        """Add the edge ``u -key-> v`` (or update its attributes), and its end nodes."""
        for node in (u, v):
            self.nodes.setdefault(node, {})
        if (u, v, key) not in self.edges:
            self._in[v].append((u, v, key))
            self._out[u].append((u, v, key))
        self.edges.setdefault((u, v, key), {}).update(attrs)

    def number_of_edges(self) -> int:
        """How many edges the graph has."""
        return len(self.edges)

    def in_edges(self, node: str, keys: bool = False, data: bool = False) -> list[Any]:
        """Edges into ``node`` as networkx gives them: ``(u, v[, key][, data])``."""
        return [self._edge(e, keys, data) for e in self._in.get(node, [])]

    def out_edges(self, node: str, keys: bool = False, data: bool = False) -> list[Any]:
        """Edges out of ``node`` as networkx gives them: ``(u, v[, key][, data])``."""
        return [self._edge(e, keys, data) for e in self._out.get(node, [])]

    def _edge(self, edge: tuple[str, str, str], keys: bool, data: bool) -> tuple[Any, ...]:
        return (edge[0], edge[1], *((edge[2],) if keys else ()),
                *((self.edges[edge],) if data else ()))


def _add_node(graph: nx.MultiDiGraph | RouteGraph, iri: str,
              entities: dict[str, Entity]) -> None:
    entity = entities.get(iri) or Entity(iri, shorten_iri(iri))
    graph.add_node(iri, iri=iri, label=entity.label, alt_labels=entity.alt_labels,
                   **{"class": entity.kind})


def _build(store: GraphStore, edges: list[tuple[str, str, str]],
           evidence: dict[tuple[str, str, str], list[Evidence]],
           entities: dict[str, Entity], all_nodes: bool,
           graph: nx.MultiDiGraph | RouteGraph | None = None) -> nx.MultiDiGraph:
    if graph is None:
        import networkx as nx

        graph = nx.MultiDiGraph()
    if all_nodes:
        for iri in sorted(entities):
            _add_node(graph, iri, entities)
    for subject, prop, obj in sorted(edges):
        for node in (subject, obj):
            if node not in graph:
                _add_node(graph, node, entities)
        items = evidence.get((subject, prop, obj), [])
        stated, implied = split_tiers((e.tier, e.role, e.review) for e in items)
        sources = sorted({e.source for e in items if e.source is not None},
                         key=lambda s: (tier_rank(s.tier), s.label, s.iri))
        graph.add_edge(
            subject, obj, key=prop, property=prop, relation=shorten_iri(prop),
            evidence=tuple(items),
            claims=tuple({"iri": e.claim, "text": e.text, "section": e.section,
                          "marker": e.marker} for e in items),
            sources=tuple(sources),
            best_tier=stated, stated_tier=stated, implied_tier=implied,
            review=review_summary(stated, implied, [e.review for e in items if e.role == STATES]),
        )
    return graph


def _edges(store: GraphStore, text: str) -> list[tuple[str, str, str]]:
    return sorted({(str(r["subject"]), str(r["_property_iri"]), str(r["object"]))
                   for r in store.select_values(text)})


def evidenced_edges(store: GraphStore) -> list[tuple[str, str, str]]:
    """Every evidenced relation as a sorted (subject, property, object) triple of IRIs: the
    projection's edges without their evidence or their entities' names."""
    return _edges(store, internal_query("evidenced-edges"))


def project(store: GraphStore, properties: Sequence[str] | None = None,
            entities: dict[str, Entity] | None = None) -> nx.MultiDiGraph:
    """The entity/relation projection of ``store`` as a MultiDiGraph.

    With ``properties`` only edges of those properties (and their end nodes) are fetched;
    without, every evidenced relation and every entity (isolated ones too). Nodes and edges
    are inserted in sorted order so traversals that depend on insertion order stay stable.
    """
    if properties:
        edges = _edges(store, internal_query("evidenced-edges", ["_property_iri"],
                                             iri_terms(properties)))
        evidence = _evidence_rows(store, edges)
        if entities is None:
            entities = load_entities(store, {n for e in edges for n in (e[0], e[2])})
        return _build(store, edges, evidence, entities, all_nodes=False)
    if entities is None:
        entities = load_entities(store)
    edges = _edges(store, internal_query("evidenced-edges"))
    return _build(store, edges, _evidence_rows(store, None), entities, all_nodes=True)


def project_interventions(store: GraphStore, problem: str) -> RouteGraph:
    """Only what ``ask interventions`` walks: the problem, the ``pk:targets`` relations into it
    and the ``pk:nestedIn`` relations above their subjects (transitively), with evidence, as
    a :class:`RouteGraph` (no networkx).

    Bound queries only, one per ``pk:nestedIn`` level: their cost follows the size of the
    problem's subgraph, not of the store.
    """
    targeters = sorted(str(r["subject"]) for r in store.select_values(
        internal_query("problem-targeters", ["_problem_iri"], iri_terms([problem]))))
    edges = {(s, TARGETS, problem) for s in targeters}
    seen, frontier = set(targeters), targeters
    while frontier:
        found = store.select_values(internal_query("nested-in", ["subject"], iri_terms(frontier)))
        level = {(str(r["subject"]), NESTED_IN, str(r["object"])) for r in found}
        edges |= level
        frontier = sorted({o for _, _, o in level} - seen)
        seen.update(frontier)
    graph: RouteGraph = _project_edges(store, sorted(edges), extra_nodes=[problem],
                                       graph=RouteGraph())
    return graph


def project_between(store: GraphStore, start: str, end: str) -> nx.MultiDiGraph:
    """The evidenced relations on every shortest path (by hops, direction ignored) between
    ``start`` and ``end``, with evidence; an empty graph with both nodes if none joins them.

    Grows both ends' neighbourhoods a level at a time, always the smaller one, until they
    meet: every shortest path then lies in the edges fetched (each of its hops leaves a node
    one side had reached before the last level), so the rest of the wiki is never read.
    """
    edges: set[tuple[str, str, str]] = set()
    reached = ({start}, {end})
    frontiers = ([start], [end])
    while frontiers[0] and frontiers[1] and not reached[0] & reached[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        level = _adjacent_edges(store, frontiers[side])
        edges |= level
        nodes = {n for e in level for n in (e[0], e[2])} - reached[side]
        reached[side].update(nodes)
        frontiers = ((sorted(nodes), frontiers[1]) if side == 0 else
                     (frontiers[0], sorted(nodes)))
    kept = _on_shortest_paths(edges, start, end) if reached[0] & reached[1] else []
    return _project_edges(store, kept, extra_nodes=[start, end])


def project_neighbourhood(store: GraphStore, center: str, depth: int,
                          entities: dict[str, Entity] | None = None) -> nx.MultiDiGraph:
    """The evidenced relations with an end fewer than ``depth`` hops from ``center``
    (direction ignored), with evidence: all that ``neighbours_in`` reads at that depth.

    Grown a level at a time with the bound adjacent-edge queries ``project_between`` uses:
    a node within ``depth`` hops is reached along edges that each leave a node nearer than
    ``depth``, so its distance is the same as in the whole projection. ``entities`` labels
    the nodes (default: those the edges reach, read with ``entities-of``).
    """
    edges: set[tuple[str, str, str]] = set()
    reached, frontier = {center}, [center]
    for _ in range(depth):
        if not frontier:
            break
        level = _adjacent_edges(store, frontier)
        edges |= level
        frontier = sorted({n for e in level for n in (e[0], e[2])} - reached)
        reached.update(frontier)
    return _project_edges(store, sorted(edges), extra_nodes=[center], entities=entities)


def _on_shortest_paths(edges: Iterable[tuple[str, str, str]], start: str, end: str
                       ) -> list[tuple[str, str, str]]:
    """The edges on some shortest ``start``-``end`` path (direction ignored), sorted: only
    their evidence is fetched."""
    adjacent: dict[str, set[str]] = defaultdict(set)
    for subject, _, obj in edges:
        adjacent[subject].add(obj)
        adjacent[obj].add(subject)
    from_start, from_end = _hops(adjacent, start), _hops(adjacent, end)
    length = from_start[end]
    far = length + 1
    return sorted(e for e in edges
                  if from_start.get(e[0], far) + 1 + from_end.get(e[2], far) == length
                  or from_start.get(e[2], far) + 1 + from_end.get(e[0], far) == length)


def _hops(adjacent: dict[str, set[str]], origin: str) -> dict[str, int]:
    """Hop count from ``origin`` to every node it reaches (breadth first)."""
    hops, frontier = {origin: 0}, [origin]
    while frontier:
        following = []
        for node in frontier:
            for other in adjacent[node]:
                if other not in hops:
                    hops[other] = hops[node] + 1
                    following.append(other)
        frontier = following
    return hops


def _adjacent_edges(store: GraphStore, nodes: Sequence[str]) -> set[tuple[str, str, str]]:
    """Evidenced relations leaving or arriving at ``nodes``."""
    terms = iri_terms(nodes)
    out = store.select_values(internal_query("edges-from", ["subject"], terms))
    into = store.select_values(internal_query("edges-to", ["object"], terms))
    return {(str(r["subject"]), str(r["_property_iri"]), str(r["object"]))
            for r in [*out, *into]}


def _project_edges(store: GraphStore, edges: list[tuple[str, str, str]],
                   extra_nodes: Sequence[str],
                   graph: nx.MultiDiGraph | RouteGraph | None = None,
                   entities: dict[str, Entity] | None = None) -> Any:
    """``edges`` with their evidence and end nodes, plus ``extra_nodes``, as a projection
    (into ``graph``, else a new networkx MultiDiGraph); ``entities`` when the caller has
    read them already."""
    if entities is None:
        entities = load_entities(store, {n for e in edges for n in (e[0], e[2])}
                                 | set(extra_nodes))
    graph = _build(store, edges, _evidence_rows(store, edges), entities, all_nodes=False,
                   graph=graph)
    for node in extra_nodes:
        if node not in graph:
            _add_node(graph, node, entities)
    return graph
