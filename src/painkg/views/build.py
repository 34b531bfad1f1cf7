"""Graph views: a CONSTRUCT query from ``queries/views/`` turned into nodes and edges.

A view's query decides *what* is shown; this module projects its graph onto a neutral
model every export format writes (:class:`ViewGraph`):

* a **node** is an IRI the view gives an ``rdf:type`` (its colour class is the first of
  :data:`CLASS_ORDER` it has), labelled by ``rdfs:label``; its other triples become attributes;
* an **edge** is a triple between two nodes; it carries its **evidence**, read from the
  ``evidence`` view: the claims that support it, their best tier, how many there are, and
  whether every one of them is LLM-tagged;
* every node carries the claims about it (for the HTML evidence panel).

``ego:NAME[:DEPTH]`` is the neighbourhood of one entity in the ``full`` view, found by a
breadth-first walk over its edges in both directions (default depth 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from painkg.errors import UnknownNameError, UsageError
from painkg.namespaces import shorten_iri
from painkg.tiers import (
    IMPLIES,
    LLM,
    NO_EVIDENCE,
    STATES,
    TIERS,
    claim_status,
    is_tier,
    review_summary,
    split_tiers,
    status_from_local,
)

if TYPE_CHECKING:
    from rdflib import Graph

    from painkg.store import GraphStore

__all__ = [
    "CLASS_ORDER", "TIERS", "EGO_DEFAULT_DEPTH", "EGO_MAX_DEPTH", "PanelClaim", "Node", "Edge",
    "ViewGraph", "view_names", "view_summary", "view_query", "construct_view", "build_view",
    "parse_ego",
]

#: Colour classes, most specific first: a node's class is the first of these it has.
CLASS_ORDER = (
    "Construct", "Condition", "ClinicalSign", "Mechanism", "Intervention", "ProblemForWork",
    "Resource", "SmartObjective", "Misconception", "Caution", "Person", "Organization",
    "Contribution", "KeyTerm", "ReflectiveQuestion", "IllustrativeExample", "Statement", "Claim",
    "Source", "LLMTag",
)
EGO_DEFAULT_DEPTH = 1
EGO_MAX_DEPTH = 6

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PK = "https://w3id.org/painkg/vocab#"
_TYPE = _RDF + "type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SUPPORTED_BY = _PK + "supportedBy"
_IMPLIED_BY = _PK + "impliedBy"
_MARKER = _PK + "marker"
_LLM = _PK + "LLM"


@dataclass(frozen=True)
class PanelClaim:
    """One supporting claim as the evidence panel shows it."""

    id: str
    text: str
    section: str
    line: int | None
    marker: str  # the source's label, or "LLM"
    tier: str  # "T1" | "T2" | "T3" | "LLM" | "unknown"
    citation: int | None
    #: The document kind of the claim's source ("journal article", "video" ...), "" if none.
    kind: str = ""
    #: The claim's current review status (verified, disputed, ...), "" when unreviewed.
    review: str = ""


@dataclass
class Node:
    """A node of a view: a fixed id (a CURIE), its label, colour class and attributes."""

    id: str
    iri: str
    label: str
    cls: str
    classes: tuple[str, ...]
    attrs: dict[str, str] = field(default_factory=dict)
    #: (what the claims say about the node, claim ids), sorted; the evidence panel.
    evidence: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass
class Edge:
    """A relation between two nodes with its evidence summary."""

    id: str
    source: str
    target: str
    predicate: str  # CURIE
    label: str  # the predicate's local name
    #: The stated tier: the best tier among the claims that state the relation, T1-T3, LLM
    #: or "none" (painkg.tiers.NO_EVIDENCE). Drawing styles and legends use this one.
    best_tier: str
    claims: tuple[str, ...]
    llm_only: bool
    #: The best tier among the claims that only imply the relation, never merged into best_tier.
    implied_tier: str = NO_EVIDENCE
    #: Tier and review in words: "T1 stated, verified by 1", "LLM only, unreviewed".
    review: str = ""

    @property
    def stated_tier(self) -> str:
        """The stated tier (the same as ``best_tier``)."""
        return self.best_tier

    @property
    def implied_only(self) -> bool:
        """True when claims support the edge but none states it: drawn distinctly."""
        return bool(self.claims) and self.best_tier == NO_EVIDENCE

    @property
    def n_claims(self) -> int:
        """How many claims support the edge."""
        return len(self.claims)

    @property
    def tier_rank(self) -> int:
        """1-3 for T1-T3, 0 when no numbered source supports the edge."""
        return TIERS.index(self.best_tier) + 1 if is_tier(self.best_tier) else 0


@dataclass
class ViewGraph:
    """What every export format writes: sorted nodes and edges, and the claims they cite."""

    name: str
    title: str
    nodes: list[Node]
    edges: list[Edge]
    claims: dict[str, PanelClaim]


def _views_dir() -> Path:
    from painkg.resources import queries_dir

    return queries_dir() / "views"


def view_names() -> list[str]:
    """The views ``queries/views/*.rq`` defines, sorted."""
    return sorted(p.stem for p in _views_dir().glob("*.rq"))


def view_query(name: str) -> str:
    """The text of view ``name``; UsageError naming the views when there is no such view."""
    path = _views_dir() / f"{name}.rq"
    if not path.is_file():
        raise UsageError(
            f"No view is named {name!r}. Views: {', '.join(view_names())}, or ego:NAME[:DEPTH]."
        )
    return path.read_text(encoding="utf-8")


def view_summary(name: str) -> str:
    """The ``#+ summary:`` line of a view's header."""
    for line in view_query(name).splitlines():
        match = re.match(r"#\+\s*summary:\s*(.*)", line)
        if match:
            return match.group(1).strip()
    return name


def construct_view(store: GraphStore, name: str) -> Graph:
    """Run view ``name`` on the store's engine; the rdflib Graph it constructs."""
    return store.construct(view_query(name))


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _status(node: object) -> str | None:
    """A review status (``misattributed``) from its individual, None for no node."""
    return status_from_local(_local(str(node))) if node is not None else None


def _tier_code(tier_iri: str | None) -> str:
    if tier_iri is None:
        return "unknown"
    code = _local(tier_iri)
    return code if code in TIERS else "unknown"


class _Evidence:
    """The ``evidence`` view indexed for lookups: statements, claims, direct support."""

    def __init__(self, graph: Graph) -> None:
        from rdflib import RDF, URIRef

        self.statement_claims: dict[tuple[str, str, str], set[str]] = {}
        #: Claims that only imply a relation (pk:impliedBy), per statement IRI.
        self.implied: set[tuple[str, str]] = {
            (str(x), str(c)) for x, c in graph.subject_objects(URIRef(_IMPLIED_BY))}
        self.implied_edges: set[tuple[tuple[str, str, str], str]] = set()
        self.about: dict[str, set[str]] = {}  # entity -> statements whose subject/object it is
        self.by_statement: dict[str, set[str]] = {}
        self.statement_label: dict[str, str] = {}
        self.direct: dict[str, set[str]] = {}
        for st in set(graph.subjects(RDF.type, RDF.Statement)):
            s, p, o = (graph.value(st, RDF[x]) for x in ("subject", "predicate", "object"))
            claims = {str(c) for c in graph.objects(st, URIRef(_SUPPORTED_BY))}
            self.statement_claims[(str(s), str(p), str(o))] = claims
            self.implied_edges |= {((str(s), str(p), str(o)), c) for c in claims
                                   if (str(st), c) in self.implied}
            self.by_statement[str(st)] = claims
            self.statement_label[str(st)] = str(graph.value(st, URIRef(_LABEL)) or _local(str(st)))
            for end in (s, o):
                self.about.setdefault(str(end), set()).add(str(st))
        for x, claim in graph.subject_objects(URIRef(_SUPPORTED_BY)):
            if str(x) not in self.by_statement:
                self.direct.setdefault(str(x), set()).add(str(claim))
        self.claims: dict[str, PanelClaim] = {}
        ns = "https://w3id.org/painkg/vocab#"
        for claim in set(graph.subjects(URIRef(ns + "text"), None)):
            marker = graph.value(claim, URIRef(_MARKER))
            section = graph.value(claim, URIRef(ns + "inSection"))
            line = graph.value(claim, URIRef(ns + "lineNumber"))
            citation = graph.value(claim, URIRef(ns + "citationNumber"))
            kind = ""
            if marker is None or str(marker) == _LLM:
                tier, marker_label = LLM, LLM
            else:
                tier_iri = graph.value(marker, URIRef(ns + "tier"))
                tier = _tier_code(None if tier_iri is None else str(tier_iri))
                marker_label = str(graph.value(marker, URIRef(_LABEL)) or _local(str(marker)))
                kind_iri = graph.value(marker, URIRef(ns + "documentKind"))
                kind = "" if kind_iri is None else str(
                    graph.value(kind_iri, URIRef(_LABEL)) or _local(str(kind_iri)))
            text = " ".join(str(graph.value(claim, URIRef(ns + "text"))).split())
            own = graph.value(claim, URIRef(ns + "reviewStatus"))
            of_source = (None if marker is None
                         else graph.value(marker, URIRef(ns + "reviewStatus")))
            section_label = "" if section is None else str(
                graph.value(section, URIRef(_LABEL)) or _local(str(section)))
            self.claims[str(claim)] = PanelClaim(
                id=shorten_iri(str(claim)), text=text, section=section_label,
                line=None if line is None else int(str(line)), marker=marker_label, tier=tier,
                citation=None if citation is None else int(str(citation)), kind=kind,
                review=claim_status(_status(own), _status(of_source)) or "",
            )

    def for_edge(self, s: str, p: str, o: str) -> set[str]:
        """The claims behind one displayed triple (see the module docstring)."""
        if (s, p, o) in self.statement_claims:
            return self.statement_claims[(s, p, o)]
        if p == _SUPPORTED_BY and o in self.claims:
            return {o}
        if p == _MARKER and s in self.claims:
            return {s}
        if s in self.by_statement:
            return self.by_statement[s]
        return self.direct.get(s, set())

    def for_node(self, iri: str) -> list[tuple[str, set[str]]]:
        """What the claims say about a node: per statement about it, and direct support."""
        found = [(self.statement_label[st], self.by_statement[st])
                 for st in self.about.get(iri, ())]
        if iri in self.direct:
            found.append(("stated by", self.direct[iri]))
        if iri in self.by_statement:
            found.append((self.statement_label[iri], self.by_statement[iri]))
        if iri in self.claims:
            found.append(("the claim itself", {iri}))
        return found


def _summarise(edge: tuple[str, str, str], claims: set[str], evidence: _Evidence
               ) -> tuple[str, str, bool, str]:
    """(stated tier, implied tier, LLM only, review in words) of an edge: T1-T3 or none,
    never merged; claims a reviewer disputed, misattributed or retracted do not count.

    The stated and implied tiers count cited sources only (an LLM-tagged claim gives "none"
    and sets the LLM-only flag instead), as the drawing styles expect.
    """
    known = [c for c in claims if c in evidence.claims]
    tiers = [evidence.claims[c].tier for c in known]
    roles = [IMPLIES if (edge, c) in evidence.implied_edges else STATES for c in known]
    statuses = [evidence.claims[c].review or None for c in known]
    stated, implied = split_tiers(
        (t if is_tier(t) else None, r, v) for t, r, v in zip(tiers, roles, statuses, strict=True))
    llm_only = bool(tiers) and all(t == LLM for t in tiers)
    # In words the LLM tag counts as a tier ("LLM only"), as ask and evidence say it.
    said = split_tiers(zip(tiers, roles, statuses, strict=True))
    review = review_summary(*said, [v for r, v in zip(roles, statuses, strict=True)
                                    if r == STATES])
    return stated, implied, llm_only, review


def _project(name: str, title: str, graph: Graph, evidence: _Evidence) -> ViewGraph:
    from rdflib import URIRef

    typed: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(URIRef(_TYPE)):
        if isinstance(s, URIRef):
            typed.setdefault(str(s), set()).add(_local(str(o)))
    labels = {str(s): str(o) for s, o in graph.subject_objects(URIRef(_LABEL))}
    nodes: dict[str, Node] = {}
    for iri, classes in typed.items():
        cls = next((c for c in CLASS_ORDER if c in classes), sorted(classes)[0])
        nodes[iri] = Node(id=shorten_iri(iri), iri=iri, label=labels.get(iri, _local(iri)), cls=cls,
                          classes=tuple(sorted(classes)))
    edges: list[Edge] = []
    for s, p, o in graph:
        s_, p_, o_ = str(s), str(p), str(o)
        # pk:impliedBy is the role of a pk:supportedBy link, carried on the edge, not an edge.
        if s_ not in nodes or p_ in (_TYPE, _LABEL, _IMPLIED_BY):
            continue
        if isinstance(o, URIRef) and o_ in nodes:
            claims = evidence.for_edge(s_, p_, o_)
            best, implied, llm_only, review = _summarise((s_, p_, o_), claims, evidence)
            source, target, pred = nodes[s_].id, nodes[o_].id, shorten_iri(p_)
            edges.append(Edge(
                id=f"{source}--{_local(p_)}--{target}", source=source, target=target,
                predicate=pred,
                label=_local(p_), best_tier=best, llm_only=llm_only, implied_tier=implied,
                review=review,
                claims=tuple(sorted(evidence.claims[c].id for c in claims if c in evidence.claims)),
            ))
        else:
            key = _local(p_)
            value = labels.get(o_, shorten_iri(o_)) if isinstance(o, URIRef) else o_
            old = nodes[s_].attrs.get(key)
            nodes[s_].attrs[key] = (value if old is None
                                    else " | ".join(sorted({*old.split(" | "), value})))
    used: dict[str, PanelClaim] = {}
    for node in nodes.values():
        groups = []
        for via, claims in evidence.for_node(node.iri):
            ids = tuple(sorted(evidence.claims[c].id for c in claims if c in evidence.claims))
            groups.append((via, ids))
            used.update({evidence.claims[c].id: evidence.claims[c] for c in claims
                         if c in evidence.claims})
        node.evidence = tuple(sorted(set(groups)))
    by_id = {c.id: c for c in evidence.claims.values()}
    for edge in edges:
        used.update({cid: by_id[cid] for cid in edge.claims})
    return ViewGraph(
        name=name, title=title,
        nodes=sorted(nodes.values(), key=lambda n: n.id),
        edges=sorted(edges, key=lambda e: (e.source, e.predicate, e.target)),
        claims=dict(sorted(used.items())),
    )


def parse_ego(spec: str) -> tuple[str, int]:
    """Split ``ego:NAME[:DEPTH]`` into the name and the depth (UsageError when malformed)."""
    body = spec[len("ego:"):]
    from painkg.traversal.names import external_iri

    name, sep, depth_text = body.rpartition(":")
    # ego:HP:4000009 is the HPO term at the default depth, not "HP" at depth 4000009
    whole_id = external_iri(body) is not None and external_iri(name) is None
    if not sep or not depth_text.isdigit() or whole_id:
        name, depth_text = body, str(EGO_DEFAULT_DEPTH)
    depth = int(depth_text)
    if not name.strip():
        raise UsageError(f"{spec!r} names no entity: write ego:NAME or ego:NAME:DEPTH.")
    if not 1 <= depth <= EGO_MAX_DEPTH:
        raise UsageError(f"Ego depth must be between 1 and {EGO_MAX_DEPTH}, got {depth}.")
    return name.strip(), depth


def _resolve(view: ViewGraph, name: str) -> Node:
    """The node a name denotes, matched as everywhere in painkg (:mod:`painkg.traversal.names`:
    CURIE, IRI, label, then synonym), or by the slug of its IRI (``graded-exposure``)."""
    from painkg.traversal.names import resolve
    from painkg.traversal.projection import Entity

    by_iri = {n.iri: n for n in view.nodes}
    entities = {n.iri: Entity(iri=n.iri, label=n.label, classes=tuple(_PK + c for c in n.classes),
                              alt_labels=tuple(a for a in n.attrs.get("altLabel", "").split(" | ")
                                               if a))
                for n in view.nodes}
    try:
        return by_iri[resolve(name, entities).iri]
    except UnknownNameError:
        slugged = [n for n in view.nodes if _local(n.iri) == name.strip()]
        if len(slugged) == 1:
            return slugged[0]
        raise


def _ego(full: ViewGraph, name: str, depth: int) -> ViewGraph:
    centre = _resolve(full, name)
    neighbours: dict[str, set[str]] = {}
    for edge in full.edges:
        neighbours.setdefault(edge.source, set()).add(edge.target)
        neighbours.setdefault(edge.target, set()).add(edge.source)
    keep, frontier = {centre.id}, {centre.id}
    for _ in range(depth):
        frontier = {n for f in frontier for n in neighbours.get(f, ())} - keep
        keep |= frontier
    nodes = [n for n in full.nodes if n.id in keep]
    edges = [e for e in full.edges if e.source in keep and e.target in keep]
    cited = {c for n in nodes for _, ids in n.evidence for c in ids} | {
        c for e in edges for c in e.claims}
    return ViewGraph(
        name=f"ego-{_local(centre.iri)}-{depth}",
        title=f"Neighbourhood of {centre.label} (depth {depth})",
        nodes=nodes, edges=edges,
        claims={k: v for k, v in full.claims.items() if k in cited},
    )


def build_view(store: GraphStore, spec: str) -> ViewGraph:
    """The view a user names (a view name or ``ego:NAME[:DEPTH]``) as nodes and edges."""
    if spec.startswith("ego:"):
        name, depth = parse_ego(spec)
        evidence = _Evidence(construct_view(store, "evidence"))
        full = _project("full", view_summary("full"), construct_view(store, "full"), evidence)
        from painkg.traversal.names import mapped_node

        mapped = mapped_node(name, store)  # a MeSH/HPO/... ID: the node the mappings link it to
        return _ego(full, mapped or name, depth)
    graph = construct_view(store, spec)
    if spec in _WHOLE_EVIDENCE:
        evidence = _Evidence(construct_view(store, "evidence"))
    else:
        evidence = _Evidence(_evidence_about(store, graph))
    return _project(spec, view_summary(spec), graph, evidence)


# Views that show (nearly) every relation read the whole evidence view; the others read only
# the evidence around their own nodes (at 1,000 articles the whole evidence view is 240k
# triples, ~11 s of an interventions export).
_WHOLE_EVIDENCE = frozenset({"full", "evidence"})


def _evidence_about(store: GraphStore, graph: Graph) -> Graph:
    """The evidence view restricted to ``graph``'s typed nodes and the statements about them:
    those statements, the claims behind them or behind the nodes directly, their markers."""
    from rdflib import URIRef

    from painkg.traversal.projection import internal_query, iri_terms

    nodes = {str(s) for s in graph.subjects(URIRef(_TYPE), None) if isinstance(s, URIRef)}
    about = store.select(internal_query("statements-about", ["node"], iri_terms(sorted(nodes))))
    around = sorted(nodes | {str(row["statement"]) for row in about})
    evidence = store.construct(internal_query("evidence-statements", ["x"], iri_terms(around)))
    evidence += store.construct(internal_query("evidence-about", ["x"], iri_terms(around)))
    return evidence
