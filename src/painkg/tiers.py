"""Evidence tiers and support roles: the one home of their order and their "no evidence" value.

A source is tiered T1 (peer-reviewed, strongest), T2 (professional body) or T3 (tertiary); a
claim tagged ``LLM`` cites no source and ranks below every tier. A relation's tier is the best
tier among the claims that support it; when no claim supports it at all, its tier is
:data:`NO_EVIDENCE`. Every module that ranks, picks or prints tiers uses these functions, so
the order and the "no evidence" value cannot drift apart again.

A claim supports a relation in one of two roles: it **states** the relation, or it only
**implies** it (gives a rationale, context or a vaguer wording). A relation's *stated* tier is
the best tier among its stating claims, its *implied* tier the best among its implying ones;
the two are reported side by side and never merged.

>>> best_tier(["T3", "LLM", "T1"])
'T1'
>>> best_tier([])
'none'
>>> weakest_tier(["T1", "T3"])
'T3'
>>> split_tiers([("T1", IMPLIES), ("T3", STATES)])
('T3', 'T1')
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "TIERS", "LLM", "NO_EVIDENCE", "TIER_RANK", "STATES", "IMPLIES", "ROLES",
    "tier_rank", "best_tier", "weakest_tier", "split_tiers", "is_tier",
]

#: The tiers of a cited source, strongest first.
TIERS: tuple[str, ...] = ("T1", "T2", "T3")
#: The marker of a claim that cites no source (the article's ``LLM`` tag).
LLM = "LLM"
#: The tier of a relation no claim supports (in the role asked for).
NO_EVIDENCE = "none"
#: Sort rank of every tier value: lower is stronger; NO_EVIDENCE sorts last.
TIER_RANK: dict[str, int] = {"T1": 1, "T2": 2, "T3": 3, LLM: 4, NO_EVIDENCE: 9}
#: Support roles, as the curation templates spell them.
STATES = "states"
IMPLIES = "implies"
ROLES: tuple[str, ...] = (STATES, IMPLIES)


def is_tier(value: str | None) -> bool:
    """True for T1, T2 or T3 (a cited source's tier), false for LLM, none or anything else."""
    return value in TIERS


def tier_rank(tier: str | None) -> int:
    """The sort rank of a tier value; ``None``, unknown values and NO_EVIDENCE sort last."""
    return TIER_RANK.get(tier or NO_EVIDENCE, TIER_RANK[NO_EVIDENCE])


def best_tier(tiers: Iterable[str | None]) -> str:
    """The strongest of some tiers (T1 best, then T2, T3, LLM), or NO_EVIDENCE if none."""
    known = [t for t in tiers if t is not None and t in TIER_RANK and t != NO_EVIDENCE]
    return min(known, key=tier_rank) if known else NO_EVIDENCE


def weakest_tier(tiers: Iterable[str | None]) -> str:
    """The weakest of some tiers: a chain of relations is only as strong as its weakest link.

    A link without evidence makes the whole chain NO_EVIDENCE, as does an empty chain.
    """
    listed = [t or NO_EVIDENCE for t in tiers]
    if not listed:
        return NO_EVIDENCE
    return max(listed, key=tier_rank)


def split_tiers(supports: Iterable[tuple[str | None, str]]) -> tuple[str, str]:
    """``(stated tier, implied tier)`` of a relation from its ``(tier, role)`` supports."""
    listed = list(supports)
    return (best_tier(t for t, role in listed if role == STATES),
            best_tier(t for t, role in listed if role == IMPLIES))
