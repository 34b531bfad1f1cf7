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

A reviewer may mark a claim ``verified``, ``disputed``, ``misattributed`` (the cited source
does not say this), ``retracted`` or ``needs-source``. A disputed, misattributed or retracted
claim no longer counts toward any tier: it is still shown, with its status, but it lends the
relation no strength. This is the one place that rule lives.

>>> split_tiers([("T1", STATES, MISATTRIBUTED), ("LLM", STATES, None)])
('LLM', 'none')
>>> review_summary("T1", "LLM", [VERIFIED, None])
'T1 stated, verified by 1'
>>> review_summary("LLM", "none", [None])
'LLM only, unreviewed'
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "TIERS", "LLM", "NO_EVIDENCE", "TIER_RANK", "STATES", "IMPLIES", "ROLES",
    "tier_rank", "best_tier", "weakest_tier", "split_tiers", "is_tier",
    "VERIFIED", "DISPUTED", "MISATTRIBUTED", "RETRACTED", "NEEDS_SOURCE", "REVIEW_STATUSES",
    "DISCOUNTING", "UNREVIEWED", "counts_toward_tier", "review_summary", "status_rank",
    "claim_status", "status_local", "status_from_local",
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

#: Review statuses, as ``painkg review add --status`` spells them.
VERIFIED = "verified"
DISPUTED = "disputed"
MISATTRIBUTED = "misattributed"
RETRACTED = "retracted"
NEEDS_SOURCE = "needs-source"
REVIEW_STATUSES: tuple[str, ...] = (VERIFIED, DISPUTED, MISATTRIBUTED, RETRACTED, NEEDS_SOURCE)
#: Statuses after which a claim lends a relation no strength ("disputed or worse").
DISCOUNTING: frozenset[str] = frozenset({DISPUTED, MISATTRIBUTED, RETRACTED})
#: What is shown for a claim, relation or source no review has reached.
UNREVIEWED = "unreviewed"
#: Severity order of review statuses for display and sorting: worst first.
_STATUS_RANK: dict[str, int] = {RETRACTED: 0, MISATTRIBUTED: 1, DISPUTED: 2, NEEDS_SOURCE: 3,
                                VERIFIED: 4, UNREVIEWED: 5}


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


def counts_toward_tier(status: str | None) -> bool:
    """False for a claim a reviewer marked disputed, misattributed or retracted."""
    return status not in DISCOUNTING


def claim_status(own: str | None, source: str | None = None) -> str | None:
    """A claim's effective review status: its own review's, else its source's when the source
    was disputed, misattributed or retracted (every claim citing it then stops counting)."""
    if own:
        return own
    return source if source in DISCOUNTING else None


def status_local(status: str) -> str:
    """The local name of a status's individual: ``needs-source`` -> ``NeedsSource``."""
    return "".join(part.capitalize() for part in status.split("-"))


def status_from_local(local: str) -> str | None:
    """The status an individual's local name stands for (``Misattributed`` ->
    ``misattributed``), None for anything else."""
    return next((s for s in REVIEW_STATUSES if status_local(s) == local), None)


def status_rank(status: str | None) -> int:
    """Sort rank of a review status: retracted first, unreviewed last."""
    return _STATUS_RANK.get(status or UNREVIEWED, _STATUS_RANK[UNREVIEWED])


def split_tiers(supports: Iterable[tuple[str | None, str] | tuple[str | None, str, str | None]]
                ) -> tuple[str, str]:
    """``(stated tier, implied tier)`` of a relation from its ``(tier, role)`` or
    ``(tier, role, review status)`` supports; discounted claims (disputed or worse) count
    toward neither."""
    listed = [(s[0], s[1]) for s in supports if len(s) < 3 or counts_toward_tier(s[2])]
    return (best_tier(t for t, role in listed if role == STATES),
            best_tier(t for t, role in listed if role == IMPLIES))


def review_summary(stated: str, implied: str, stating_statuses: Iterable[str | None]) -> str:
    """A relation's tier and review in words: ``"T1 stated, verified by 1"``,
    ``"LLM only, unreviewed"``, ``"implied only (T2), disputed by 2"``.

    ``stating_statuses`` are the review statuses of the claims that state the relation
    (``None`` for an unreviewed one)."""
    statuses = list(stating_statuses)
    if stated == LLM:
        tier = "LLM only"
    elif stated == NO_EVIDENCE:
        tier = f"implied only ({implied})" if implied != NO_EVIDENCE else "no evidence"
    else:
        tier = f"{stated} stated"
    counts = {s: statuses.count(s) for s in REVIEW_STATUSES if s in statuses}
    if not counts:
        return f"{tier}, {UNREVIEWED}"
    said = ", ".join(f"{status} by {n}" for status, n in
                     sorted(counts.items(), key=lambda kv: status_rank(kv[0]) * -1))
    return f"{tier}, {said}"
