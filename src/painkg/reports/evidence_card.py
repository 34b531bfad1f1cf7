"""The evidence card of one entity: each relation it takes part in, the claims that state the
relation, the sources behind those claims (or "LLM only"), and the best tier per relation.

Rows come from ``queries/research/evidence-for-entity.rq`` run on the store's engine; this
module only groups and formats them. Names resolve through :mod:`painkg.traversal.names` (label,
``skos:altLabel``, IRI or CURIE, case-insensitive; unknown names raise UnknownNameError with
the closest matches).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from painkg.namespaces import PK
from painkg.tiers import (
    IMPLIES,
    LLM,
    STATES,
    UNREVIEWED,
    claim_status,
    review_summary,
    split_tiers,
)

if TYPE_CHECKING:
    from painkg.store import GraphStore

__all__ = ["CardClaim", "CardRelation", "EvidenceCard", "evidence_card",
           "format_card_text", "format_card_json"]

_QUERY = "research/evidence-for-entity"


@dataclass(frozen=True)
class CardClaim:
    """A supporting claim with its marker: a source (citation, tier) or the LLM tag."""

    iri: str
    text: str
    section: str
    line: int | None
    kind: str
    marker: str  # the source's label, or "LLM"
    citation_number: int | None = None
    source: str | None = None  # source IRI
    citation: str | None = None
    tier: str | None = None
    #: "states" or "implies": whether the sentence states the relation or only implies it.
    support: str = STATES
    #: The source's document kind (journal article, web page, video, book); None for LLM.
    document_kind: str | None = None
    #: The claim's current review status (verified, disputed ...); None when unreviewed.
    review_status: str | None = None

    @property
    def evidence_tier(self) -> str:
        """T1-T3 for a cited source, LLM for an LLM-tagged claim."""
        return self.tier or LLM


@dataclass
class CardRelation:
    """One relation (reified statement) or n-ary node about the entity, with its claims."""

    role: str  # "subject" | "object" | "node" | "self" (a caution's own sentences)
    node: str
    predicate: str
    predicate_label: str
    other: str
    other_label: str
    claims: list[CardClaim] = field(default_factory=list)

    @property
    def stated_tier(self) -> str:
        """The best tier among the claims that state the relation (T1 best, then T2, T3,
        LLM), or "none" when no claim states it (painkg.tiers)."""
        return self.tiers[0]

    @property
    def implied_tier(self) -> str:
        """The best tier among the claims that only imply the relation, or "none"."""
        return self.tiers[1]

    @property
    def tiers(self) -> tuple[str, str]:
        """(stated tier, implied tier), never merged; claims disputed or worse do not count."""
        return split_tiers((c.evidence_tier, c.support, c.review_status) for c in self.claims)

    @property
    def review(self) -> str:
        """Tier and review in words: "T1 stated, verified by 1", "LLM only, unreviewed"."""
        return review_summary(*self.tiers, [c.review_status for c in self.claims
                                            if c.support == STATES])


@dataclass
class EvidenceCard:
    """Everything ``painkg evidence`` shows for one entity."""

    iri: str
    label: str
    kind: str
    relations: list[CardRelation]

    def as_dict(self) -> dict[str, object]:
        return {
            "entity": {"iri": self.iri, "label": self.label, "class": self.kind},
            "relations": [
                {"role": r.role, "node": r.node, "predicate": r.predicate,
                 "predicate_label": r.predicate_label, "other": r.other,
                 "other_label": r.other_label, "stated_tier": r.stated_tier,
                 "implied_tier": r.implied_tier, "review": r.review,
                 "claims": [asdict(c) for c in r.claims]}
                for r in self.relations
            ],
        }


def _text(row: Mapping[str, object], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def evidence_card(store: GraphStore, name: str) -> EvidenceCard:
    """The evidence card of the entity ``name`` denotes (UnknownNameError if none)."""
    from painkg.query.catalog import find_query
    from painkg.query.run import run_query
    from painkg.traversal.names import resolve_in_store

    entity = resolve_in_store(name, store)
    table = run_query(store, find_query(_QUERY), {"entity": entity.iri})
    relations: dict[tuple[str, str, str], CardRelation] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for row in table.records():
        role, node = str(row["role"]), str(row["node"])
        predicate = str(row["predicate"])
        key = (role, node, predicate)
        if key not in relations:
            other = str(row["other"])
            relations[key] = CardRelation(
                role=role, node=node, predicate=predicate,
                predicate_label=_text(row, "predicateLabel") or predicate.rsplit("#", 1)[-1],
                other=other,
                other_label=_text(row, "otherLabel") or _text(row, "nodeLabel") or other,
            )
        claim_iri = str(row["claim"])
        if (*key, claim_iri) in seen:  # a source with two tiers or labels: keep the first
            continue
        seen.add((*key, claim_iri))
        marker = str(row["marker"])
        is_llm = marker == str(PK.LLM)
        number = _text(row, "citationNumber")
        line = _text(row, "line")
        relations[key].claims.append(CardClaim(
            iri=claim_iri, text=str(row["text"]), section=_text(row, "section") or "",
            line=int(line) if line else None, kind=_text(row, "kind") or "",
            marker="LLM" if is_llm else (_text(row, "markerLabel") or marker),
            citation_number=int(number) if number else None,
            source=None if is_llm else marker, citation=_text(row, "citation"),
            tier=None if is_llm else _text(row, "tier"),
            support=IMPLIES if _text(row, "supportRole") == IMPLIES else STATES,
            document_kind=None if is_llm else _text(row, "documentKind"),
            review_status=claim_status(_text(row, "reviewStatus"), _text(row, "sourceStatus")),
        ))
    order = {"self": -1, "subject": 0, "object": 1, "node": 2}
    ordered = sorted(relations.values(),
                     key=lambda r: (order.get(r.role, 3), r.predicate_label.casefold(),
                                    r.other_label.casefold(), r.node))
    for relation in ordered:
        relation.claims.sort(key=lambda c: (c.line or 0, c.iri))
    return EvidenceCard(iri=entity.iri, label=entity.label, kind=entity.kind or "",
                        relations=ordered)


def _heading(card: EvidenceCard, relation: CardRelation) -> str:
    if relation.role == "subject":
        return f"{card.label} —{relation.predicate_label}→ {relation.other_label}"
    if relation.role == "self":
        return f"{card.label}: the sentences that raise it"
    if relation.role == "object":
        return f"{relation.other_label} —{relation.predicate_label}→ {card.label}"
    return f"{relation.other_label} ({relation.predicate_label} {card.label})"


def format_card_text(card: EvidenceCard) -> str:
    """The card for people: one block per relation, claims with their sources and tiers."""
    from painkg.namespaces import shorten_iri

    lines = [f"{card.label}  ({shorten_iri(card.iri)}{', ' + card.kind if card.kind else ''})"]
    if not card.relations:
        lines.append("  No curated relation or evidence node refers to this entity.")
    for relation in card.relations:
        lines += ["", f"{_heading(card, relation)}    stated: {relation.stated_tier}"
                      f"    implied: {relation.implied_tier}    ({relation.review})"]
        for claim in relation.claims:
            where = f"{claim.section}, line {claim.line}" if claim.line else claim.section
            kind = f", {claim.kind}" if claim.kind and claim.kind != "sentence" else ""
            lines.append(f"  • {claim.support} ({claim.review_status or UNREVIEWED}): "
                         f"“{claim.text}”")
            if claim.tier:
                document = f", {claim.document_kind}" if claim.document_kind else ""
                lines.append(f"      [{where}{kind}] source {claim.citation_number}: "
                             f"{claim.citation or claim.marker} ({claim.tier}{document})")
            else:
                lines.append(f"      [{where}{kind}] LLM only (no cited source)")
    return "\n".join(lines) + "\n"


def format_card_json(card: EvidenceCard) -> str:
    """The card as JSON (sorted keys, stable order)."""
    return json.dumps(card.as_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
