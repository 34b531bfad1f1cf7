"""painkg.tiers: one tier order, one "no evidence" value, roles never merged."""

from __future__ import annotations

from painkg.tiers import (
    IMPLIES,
    NO_EVIDENCE,
    STATES,
    best_tier,
    is_tier,
    split_tiers,
    tier_rank,
    weakest_tier,
)


def test_order_is_t1_t2_t3_llm_then_no_evidence() -> None:
    assert sorted(["LLM", NO_EVIDENCE, "T3", None, "T1", "T2"], key=tier_rank)[:4] == [
        "T1", "T2", "T3", "LLM"]
    assert tier_rank(None) == tier_rank(NO_EVIDENCE) == tier_rank("bogus")


def test_best_and_weakest_share_the_no_evidence_value() -> None:
    assert best_tier(["T3", "LLM", "T2"]) == "T2"
    assert best_tier([]) == best_tier([None]) == NO_EVIDENCE
    assert weakest_tier(["T1", "T3"]) == "T3"
    assert weakest_tier(["T1", None]) == weakest_tier([]) == NO_EVIDENCE
    assert is_tier("T2") and not is_tier("LLM") and not is_tier(NO_EVIDENCE)


def test_stated_and_implied_are_never_merged() -> None:
    assert split_tiers([("T1", IMPLIES)]) == (NO_EVIDENCE, "T1")
    assert split_tiers([("T1", IMPLIES), ("LLM", STATES)]) == ("LLM", "T1")


def test_discounted_reviews_count_toward_no_tier() -> None:
    from painkg.tiers import (
        DISCOUNTING,
        REVIEW_STATUSES,
        claim_status,
        counts_toward_tier,
        review_summary,
    )

    for status in REVIEW_STATUSES:
        supports = [("T1", STATES, status), ("T2", IMPLIES, status), ("LLM", STATES, None)]
        expected = ("LLM", NO_EVIDENCE) if status in DISCOUNTING else ("T1", "T2")
        assert split_tiers(supports) == expected, status
        assert counts_toward_tier(status) is (status not in DISCOUNTING)
    assert counts_toward_tier(None)
    # The claim's own review decides; its source's only when the claim has none.
    assert claim_status(None, "retracted") == "retracted"
    assert claim_status("verified", "retracted") == "verified"
    assert claim_status(None, "verified") is None
    assert review_summary("T1", NO_EVIDENCE, ["verified", None]) == "T1 stated, verified by 1"
    assert review_summary("LLM", NO_EVIDENCE, [None]) == "LLM only, unreviewed"
    assert review_summary(NO_EVIDENCE, "LLM", ["disputed", "misattributed"]) == \
        "implied only (LLM), disputed by 1, misattributed by 1"
