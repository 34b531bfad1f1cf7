"""painkg.curation.reviews (issue 13): the review template, its PROV graph, each status's
effect on the stated tier, supersession with history, relations and sources as targets, on a
copy of the shipped checkout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Dataset, URIRef

from painkg.curation.reviews import (
    add_review,
    read_reviews,
    remove_review,
    review_layer_path,
    reviews_path,
    valid_orcid,
)
from painkg.errors import UsageError
from painkg.tiers import REVIEW_STATUSES
from support.reviews import LLM_CLAIM, SLUG, SMART_CLAIM, graded_route

PK = "https://w3id.org/painkg/vocab#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"






def _review_graph(root: Path) -> Dataset:
    data = Dataset(default_union=True)
    data.parse(review_layer_path(root, SLUG), format="trig")
    return data


def test_orcid_check_digit() -> None:
    assert valid_orcid("0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert valid_orcid("https://orcid.org/0000-0002-1694-233X") == "0000-0002-1694-233X"
    assert valid_orcid("0000-0002-1825-0098") is None  # wrong check digit
    assert valid_orcid("0000-0002-1825-009") is None  # wrong shape


def test_add_writes_a_row_and_a_prov_graph(checkout: Path) -> None:
    review = add_review(checkout, SMART_CLAIM, "verified", "A. Reviewer",
                        orcid="0000-0002-1825-0097", note="Source 3 says so.", date="2026-12-01")
    rows = reviews_path(checkout, SLUG).read_text(encoding="utf-8").splitlines()
    assert rows[1].split("\t")[:5] == [SMART_CLAIM, "verified", "A. Reviewer",
                                       "0000-0002-1825-0097", "2026-12-01"]
    graph = _review_graph(checkout)
    node = URIRef(review.iri)
    assert (node, URIRef(PROV + "wasAttributedTo"),
            URIRef("https://orcid.org/0000-0002-1825-0097")) in graph
    stamp = graph.value(node, URIRef(PROV + "generatedAtTime"))
    assert stamp is not None and str(stamp).startswith("2026-12-01T00:00:00")
    status = graph.value(URIRef(review.target), URIRef(PK + "reviewStatus"))
    assert status == URIRef(PK + "Verified")


def test_later_reviews_supersede_and_history_stays(checkout: Path,
                                                   invoke: Callable[..., Result]) -> None:
    first = add_review(checkout, SMART_CLAIM, "verified", "A. Reviewer", date="2026-12-01")
    second = add_review(checkout, SMART_CLAIM, "misattributed", "B. Reviewer",
                        date="2026-12-03")
    # Written later but dated earlier: history, not the current review.
    add_review(checkout, SMART_CLAIM, "disputed", "C. Reviewer", date="2026-11-20")
    graph = _review_graph(checkout)
    target = URIRef(first.target)
    assert graph.value(target, URIRef(PK + "currentReview")) == URIRef(second.iri)
    assert len(set(graph.subjects(URIRef(PK + "reviewTarget"), target))) == 3
    assert (URIRef(first.iri), URIRef(DCT + "isReplacedBy"), URIRef(second.iri)) in graph
    assert graded_route(invoke)["stated_tier"] == "LLM"  # type: ignore[index]
    audit = invoke("audit", "-f", "json")
    reviews = json.loads(audit.stdout)["reviews"]
    assert [(r["status"], r["current"]) for r in reviews] == [
        ("disputed", False), ("verified", False), ("misattributed", True)]
    add_review(checkout, SMART_CLAIM, "verified", "D. Reviewer", date="2026-12-05")
    assert graded_route(invoke)["stated_tier"] == "T1"  # type: ignore[index]


def test_relations_and_sources_are_reviewable_by_name(checkout: Path,
                                                      invoke: Callable[..., Result]) -> None:
    relation = add_review(checkout, "Graded exposure targets kinesiophobia", "needs-source",
                          "A. Reviewer", date="2026-12-03")
    assert relation.kind == "relation"
    assert relation.target.endswith("/statement/graded-exposure--targets--kinesiophobia")
    three = add_review(checkout, "pkr:graded-exposure pk:targets pkr:kinesiophobia", "verified",
                       "A. Reviewer", date="2026-12-04")
    assert three.target == relation.target
    source = add_review(checkout, "Woolf 2011", "retracted", "A. Reviewer", date="2026-12-03")
    assert source.kind == "source" and source.target.endswith("/source/woolf-2011")
    # Every claim citing a retracted source stops counting unless reviewed itself.
    assert graded_route(invoke)["stated_tier"] == "LLM"  # type: ignore[index]
    add_review(checkout, SMART_CLAIM, "verified", "A. Reviewer", date="2026-12-04")
    assert graded_route(invoke)["stated_tier"] == "T1"  # type: ignore[index]
    assert len(read_reviews(checkout, SLUG)) == 4


@pytest.mark.parametrize("status", REVIEW_STATUSES)
def test_each_status_effect_on_the_stated_tier(checkout: Path, invoke: Callable[..., Result],
                                               status: str) -> None:
    add_review(checkout, SMART_CLAIM, status, "A. Reviewer", date="2026-12-03")
    route = graded_route(invoke)
    assert route is not None
    counts = status in ("verified", "needs-source")
    assert route["stated_tier"] == ("T1" if counts else "LLM")
    assert route["review"].endswith(f"{status} by 1")
    # A second discounted stating claim leaves nothing that states it: stated none.
    add_review(checkout, LLM_CLAIM, "disputed", "A. Reviewer", date="2026-12-03")
    route = graded_route(invoke)
    assert route is not None
    assert route["stated_tier"] == ("T1" if counts else "none")


def test_remove_without_a_match_is_a_usage_error(checkout: Path) -> None:
    with pytest.raises(UsageError):
        remove_review(checkout, SMART_CLAIM)
