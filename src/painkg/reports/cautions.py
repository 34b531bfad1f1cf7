"""The cautions of the graph with their evidence: ``painkg ask cautions``.

Each caution (``pk:Caution``) carries the sentences that raise it (``pk:supportedBy``), each
with its source, tier and document kind or the LLM marker, and - where the article says so -
what it limits or guards (``pk:limits``). Rows come from ``queries/research/cautions.rq``;
this module only groups and formats them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painkg.store import GraphStore

__all__ = ["CautionClaim", "CautionLink", "Caution", "list_cautions", "format_cautions_text",
           "format_cautions_json"]

_QUERY = "research/cautions"


@dataclass(frozen=True)
class CautionClaim:
    """A sentence raising a caution, with its source (or ``LLM``), tier and document kind."""

    iri: str
    text: str
    section: str
    line: int | None
    position: int | None
    citation_number: int | None
    source: str  # the source's label, or "LLM"
    tier: str  # T1-T3 or LLM
    document_kind: str  # "" for an LLM-tagged sentence


@dataclass(frozen=True, order=True)
class CautionLink:
    """What a caution limits or safeguards, and whether a sentence states or implies it."""

    relation: str  # "limits" | "safeguards"
    label: str
    iri: str
    role: str  # "states" | "implies"


@dataclass
class Caution:
    """One caution: its label, its text, its sentences and what it limits or safeguards."""

    iri: str
    label: str
    text: str = ""
    claims: list[CautionClaim] = field(default_factory=list)
    links: set[CautionLink] = field(default_factory=set)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form (snake_case keys)."""
        return {"iri": self.iri, "label": self.label, "text": self.text,
                "links": [asdict(k) for k in sorted(self.links)],
                "claims": [asdict(c) for c in self.claims]}


def _int(value: object) -> int | None:
    return None if value in (None, "") else int(str(value))


def list_cautions(store: GraphStore, intervention: str | None = None) -> list[Caution]:
    """Every caution with its evidence, or only those that limit ``intervention`` (a name,
    resolved like ``painkg evidence`` resolves it; unknown names exit 2 with suggestions)."""
    from painkg.query.catalog import find_query
    from painkg.query.run import run_query
    from painkg.traversal.names import resolve_in_store

    values = {}
    if intervention is not None:
        values["limits"] = resolve_in_store(intervention, store).iri
    table = run_query(store, find_query(_QUERY), values)
    found: dict[str, Caution] = {}
    seen: set[tuple[str, str]] = set()
    for row in table.text_records():
        caution = found.setdefault(row["caution"], Caution(
            row["caution"], row["cautionLabel"], row.get("cautionText", "")))
        if row.get("limits"):
            caution.links.add(CautionLink(row["link"].rsplit("#", 1)[-1],
                                          row.get("limitsLabel") or row["limits"],
                                          row["limits"], row.get("linkRole", "states")))
        if (row["caution"], row["claim"]) in seen:
            continue
        seen.add((row["caution"], row["claim"]))
        caution.claims.append(CautionClaim(
            iri=row["claim"], text=row["text"], section=row.get("section", ""),
            line=_int(row.get("line")), position=_int(row.get("position")),
            citation_number=_int(row.get("number")),
            source=row["source"], tier=row["tier"], document_kind=row.get("documentKind", "")))
    for caution in found.values():
        caution.claims.sort(key=lambda c: (c.position or 0, c.iri))
    return sorted(found.values(), key=lambda c: (c.label.casefold(), c.iri))


def _claim_lines(claim: CautionClaim) -> list[str]:
    where = f"{claim.section}, line {claim.line}" if claim.line else claim.section
    if claim.tier == "LLM":
        evidence = "LLM only (no cited source)"
    else:
        kind = f", {claim.document_kind}" if claim.document_kind else ""
        evidence = f"source {claim.citation_number}: {claim.source} ({claim.tier}{kind})"
    return [f"  • “{claim.text}”", f"      [{where}] {evidence}"]


def format_cautions_text(cautions: list[Caution]) -> str:
    """One block per caution: what it limits, then each sentence with its evidence."""
    blocks = []
    for caution in cautions:
        head = [caution.label]
        if caution.text:
            head.append(f"  {caution.text}")
        head += [f"  {link.relation} {link.label} "
                 f"({'stated' if link.role == 'states' else 'implied'})"
                 for link in sorted(caution.links)]
        blocks.append("\n".join(head + [line for c in caution.claims
                                         for line in _claim_lines(c)]))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def format_cautions_json(cautions: list[Caution]) -> str:
    """The cautions as JSON (sorted keys, stable order)."""
    return json.dumps([c.as_dict() for c in cautions], ensure_ascii=False, indent=2,
                      sort_keys=True) + "\n"
