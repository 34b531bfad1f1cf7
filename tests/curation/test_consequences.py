"""painkg.curation.consequences (issue 13): every claim and source change kind and what it
breaks (relations that lost a stating claim, broken references), and stale reviews.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from painkg.curation.reviews import add_review
from support.reviews import (
    ACCEPTANCE_EDITS,
    ARTICLE,
    revise,
)

# Edits for the change kinds the acceptance revision does not make.
THRESHOLD = ("A third is a reduction in pain threshold, such that stimuli normally insufficient "
             "to be painful now trigger pain 3.",
             "A third is a lowering of the pain threshold, such that stimuli normally "
             "insufficient to be painful now trigger pain 3.")
DROPPED = ("Hyperalgesia is an exaggerated pain response to a stimulus that is normally only "
           "mildly painful 7.",
           "Hyperalgesia is an exaggerated pain response to a stimulus that is normally only "
           "mildly painful LLM.")
RENUMBERED = ("central sensitization decouples pain from injury 3.",
              "central sensitization decouples pain from injury 2.")
ADDED = ("The neurophysiological evidence base is mature and well-established LLM.",
         "The neurophysiological evidence base is mature and well-established LLM. "
         "This sentence was added for a revision test LLM.")
VIDEO = ("Video: What is Central Sensitization? | Jo Nijs Explains (Physiotutors). YouTube.",
         "Video: What is Central Sensitization? Jo Nijs explains it (Physiotutors). YouTube.")




def _kinds(result: Result) -> dict[str, int]:
    """The counts by change kind (JSON keys are the kinds in snake_case)."""
    return {k.replace("_", "-"): n for k, n in json.loads(result.stdout)["counts"].items()}


def test_every_claim_and_source_change_kind(tmp_path: Path, checkout: Path,
                                            invoke: Callable[..., Result]) -> None:
    revised = revise(tmp_path / "revised.txt", THRESHOLD, DROPPED, RENUMBERED, ADDED, VIDEO)
    result = invoke("diff", str(ARTICLE), str(revised), "-f", "json")
    assert result.exit_code == 1, result.output
    counts = _kinds(result)
    for kind in ("claim-reworded", "source-dropped", "renumbered", "claim-added",
                 "source-added", "source-removed"):
        assert counts.get(kind) == 1, (kind, counts)
    changes = json.loads(result.stdout)["changes"]
    renumbered = next(c for c in changes if c["kind"] == "renumbered")
    assert renumbered["detail"] == "[3] (T1) -> [2] (T1)"
    dropped = next(c for c in changes if c["kind"] == "source-dropped")
    assert dropped["detail"] == "[7] (T3) -> LLM"
    # "A third is a reduction in pain threshold" states a principle of central sensitization.
    lost = [c for c in changes if c["kind"] == "relation-lost-claim"]
    assert any("pk:hasPrinciple pkr:lowered-pain-threshold" in c["detail"] for c in lost)


def test_reviews_of_changed_claims_are_stale(tmp_path: Path, checkout: Path,
                                             invoke: Callable[..., Result]) -> None:
    reworded = add_review(checkout, '"the relationship between an incoming stimulus"',
                          "verified", "A. Reviewer", date="2026-12-01")
    remarked = add_review(checkout, '"rather than a therapy, a diagnosis, or a discrete"',
                          "needs-source", "A. Reviewer", date="2026-12-01")
    add_review(checkout, "pkc:core-principles-6299cb4a", "verified", "A. Reviewer",
               date="2026-12-01")  # unchanged: not stale
    revised = revise(tmp_path / "revised.txt", *ACCEPTANCE_EDITS)
    changes = json.loads(invoke("diff", str(ARTICLE), str(revised), "-f", "json").stdout)
    stale = sorted(c["old"] for c in changes["changes"] if c["kind"] == "stale-review")
    assert stale == sorted([reworded.target, remarked.target])
