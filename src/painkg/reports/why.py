"""Why is this the answer? ``painkg why SUBJECT PREDICATE OBJECT`` and ``--why`` on ``ask``
and ``path``.

For one relation it gives the stating and implying sentences (section, line, marker, source,
tier, evidence kind), how the stated and implied tiers were chosen, and a SPARQL query, with
the IRIs filled in, that reproduces the sentences on any copy of the graph (``painkg query run
FILE.rq`` or a SPARQL endpoint). The sentences come from the evidence card
(:mod:`painkg.reports.evidence_card`), the query text from
``queries/research/why-relation.rq``; names resolve through :mod:`painkg.traversal.names`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from painkg.errors import UsageError
from painkg.namespaces import PK, expand_curie, shorten_iri
from painkg.tiers import IMPLIES, LLM, NO_EVIDENCE, STATES, best_tier

if TYPE_CHECKING:
    from painkg.reports.card import CardRelation
    from painkg.store import GraphStore

__all__ = ["Why", "why", "why_relation", "why_triples", "route_triples", "path_triples",
           "resolve_predicate", "tier_reason",
           "reproducing_query", "format_why_text", "format_why_json"]

_QUERY = "research/why-relation"


@dataclass(frozen=True)
class Why:
    """One relation explained."""

    subject_iri: str
    subject_label: str
    predicate_iri: str
    predicate_label: str
    object_iri: str
    object_label: str
    relation: CardRelation
    query: str  # SPARQL text with the IRIs filled in

    @property
    def tier_reasons(self) -> tuple[str, str]:
        """How the stated and the implied tier were chosen, in words."""
        sentences = self.relation.sentences
        return (tier_reason("stated", [s.tier for s in sentences if s.support == STATES]),
                tier_reason("implied", [s.tier for s in sentences if s.support == IMPLIES]))

    def as_dict(self) -> dict[str, Any]:
        return {"subject": {"iri": self.subject_iri, "label": self.subject_label},
                "predicate": {"iri": self.predicate_iri, "label": self.predicate_label},
                "object": {"iri": self.object_iri, "label": self.object_label},
                "stated_tier": self.relation.stated_tier,
                "implied_tier": self.relation.implied_tier,
                "tier_reasons": list(self.tier_reasons),
                "review_status": self.relation.review_status,
                "sentences": [s.as_dict() for s in self.relation.sentences],
                "query": self.query}


def tier_reason(role: str, tiers: list[str]) -> str:
    """``stated tier T1: best of the 2 stating claims (T1, LLM)`` and the like.

    >>> tier_reason("implied", [])
    'implied tier none: no implying claim'
    """
    verb = "stating" if role == "stated" else "implying"
    if not tiers:
        return f"{role} tier {NO_EVIDENCE}: no {verb} claim"
    chosen = best_tier(tiers)
    plural = "claim" if len(tiers) == 1 else "claims"
    listed = ", ".join(sorted(tiers, key=lambda t: (t == LLM, t)))
    return f"{role} tier {chosen}: best of the {len(tiers)} {verb} {plural} ({listed})"


def resolve_predicate(name: str) -> str:
    """A predicate written as a CURIE (``pk:targets``), an IRI or a bare local name or label
    (``targets``, ``nested in``); UsageError when painkg's vocabulary has no such relation."""
    from painkg.traversal.names import written_iri

    iri = written_iri(name) or expand_curie(name)
    if iri is None:
        words = name.strip().split()
        local = words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:]) if words \
            else ""
        iri = str(PK) + local
    return iri


def reproducing_query(subject: str, predicate: str, obj: str) -> str:
    """The text of ``queries/research/why-relation.rq`` with the three IRIs filled in (as a
    VALUES block, the library's way of binding terms): a query anyone can run elsewhere."""
    from painkg.query.catalog import find_query
    from painkg.query.params import prepare_query

    text = prepare_query(find_query(_QUERY),
                         {"subject": subject, "predicate": predicate, "object": obj})
    # The library's #+ header is for the catalogue; the reader gets the query itself. Its
    # ?_name_iri variables would read as parameters still to fill in `painkg query run`:
    # once bound, they become plain variables.
    body = "\n".join(line for line in text.split("\n") if not line.startswith("#+")).lstrip()
    return re.sub(r"\?_(subject|predicate|object)_iri\b", r"?\1", body)


def why_relation(store: GraphStore, subject: str, predicate: str, obj: str) -> Why:
    """The explanation of the relation ``subject predicate obj`` (names, CURIEs or IRIs)."""
    from painkg.reports.card import card_relation, source_links
    from painkg.reports.evidence_card import evidence_card
    from painkg.traversal.names import resolve_in_store

    first = resolve_in_store(subject, store)
    second = resolve_in_store(obj, store)
    predicate_iri = resolve_predicate(predicate)
    for relation in evidence_card(store, first.iri).relations:
        if (relation.role, relation.predicate, relation.other) == \
                ("subject", predicate_iri, second.iri):
            return Why(first.iri, first.label, predicate_iri, relation.predicate_label,
                       second.iri, second.label, card_relation(relation, source_links(store)),
                       reproducing_query(first.iri, predicate_iri, second.iri))
    wanted = shorten_iri(predicate_iri)
    raise UsageError(
        f"The graph holds no curated relation {first.label!r} {wanted} {second.label!r} "
        f"({shorten_iri(first.iri)} {wanted} {shorten_iri(second.iri)}). "
        f"'painkg card {shorten_iri(first.iri)}' lists the relations it has.")


def why(store: GraphStore, subject: str, predicate: str, obj: str) -> list[Why]:
    """``painkg why``: the relation explained (a list, as ``--why`` answers several)."""
    return [why_relation(store, subject, predicate, obj)]


def why_triples(store: GraphStore, triples: list[tuple[str, str, str]]) -> list[Why]:
    """Each distinct relation (IRIs) of an answer explained, in the answer's order."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            out.append(why_relation(store, *triple))
    return out


def route_triples(problem: str, routes: list[Any]) -> list[tuple[str, str, str]]:
    """The relations behind ``ask interventions`` routes: each nesting link of a route's
    chain (inner ``pk:nestedIn`` outer), then the innermost intervention ``pk:targets`` the
    problem."""
    triples = []
    for route in routes:
        chain = list(route.chain)
        links = zip(chain, chain[1:], strict=False)
        triples += [(inner, str(PK.nestedIn), outer) for outer, inner in links]
        triples.append((chain[-1], str(PK.targets), problem))
    return triples


def path_triples(paths: list[Any]) -> list[tuple[str, str, str]]:
    """The relations on ``path`` answers, in their true direction."""
    return [(r.subject, r.predicate, r.object) for p in paths for hop in p.hops
            for r in hop.relations]


def _sentence_lines(s: Any) -> list[str]:
    where = f"{s.section}, line {s.line}" if s.line else s.section
    if s.tier == LLM:
        evidence = "marker LLM: no cited source (tier LLM)"
    else:
        kind = f", {s.document_kind}" if s.document_kind else ""
        links = f" {' '.join(s.links)}" if s.links else ""
        evidence = (f"marker source {s.citation_number}: {s.citation or s.marker} "
                    f"(tier {s.tier}{kind}){links}")
    return [f"  • {s.support}: “{s.text}”", f"      [{where}] {evidence}"]


def format_why_text(answers: list[Why]) -> str:
    """Each relation: the statement, its sentences, how its tiers were chosen, the query."""
    blocks = []
    for item in answers:
        relation = item.relation
        lines = [f"{item.subject_label} —{item.predicate_label}→ {item.object_label}",
                 f"  ({shorten_iri(item.subject_iri)} {shorten_iri(item.predicate_iri)} "
                 f"{shorten_iri(item.object_iri)})",
                 f"  stated tier {relation.stated_tier}, implied tier {relation.implied_tier}"
                 + (f", review: {relation.review_status}" if relation.review_status else ""),
                 "", "Sentences:"]
        for role in (STATES, IMPLIES):
            for sentence in relation.sentences:
                if sentence.support == role:
                    lines += _sentence_lines(sentence)
        lines += ["", "How the tiers were chosen:", *(f"  {r}" for r in item.tier_reasons),
                  "", "SPARQL that reproduces it (painkg query run FILE.rq, or any endpoint):",
                  *(f"  {line}" if line else "" for line in item.query.rstrip("\n").split("\n"))]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def format_why_json(answers: list[Why]) -> str:
    """The explanations as JSON (snake_case, sorted keys)."""
    return json.dumps([a.as_dict() for a in answers], ensure_ascii=False, indent=2,
                      sort_keys=True) + "\n"
